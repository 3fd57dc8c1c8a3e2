"""Which Python versions a workflow job, a tox environment or a nox session runs on, as (3, minor) pairs.

Read from setup actions' literal or matrix values, `--python`, UV_PYTHON, reusable-workflow inputs, tox's `py39`
and nox's `python=[...]`; a version that is an expression infra-fix cannot evaluate adds nothing.
"""

from __future__ import annotations

import re
from typing import Any

from ..commands.scan import Scanner
from ..commands.tox import tox_env_names
from ..repository import Repository
from .data import steps_of

_VERSION = re.compile(r"^(?:cpython-|pypy-?)?3\.(\d+)(?:\.\d+|t|-dev)?$")


def job_versions(job: dict[str, Any]) -> set[tuple[int, int]]:
    """The Python versions a job runs on: setup actions' literal or matrix versions, `--python`, UV_PYTHON."""
    found: set[tuple[int, int]] = set()
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
    for step in steps_of(job):
        with_ = step.get("with")
        value = with_.get("python-version") if isinstance(with_, dict) else None
        if isinstance(value, str | int | float):
            text = str(value)
            reference = re.search(r"matrix\.([\w-]+)", text)
            found |= _matrix_values(matrix, reference.group(1)) if reference else parse_versions(text)
        for match in re.finditer(r"--python[ =]([\w.+-]+)", str(step.get("run", ""))):
            found |= parse_versions(match.group(1))
    env = job.get("env")
    if isinstance(env, dict):
        found |= parse_versions(str(env.get("UV_PYTHON", "")))
    return found


def unread_versions(job: dict[str, Any]) -> bool:
    """Whether a job sets up a Python infra-fix cannot read: an expression it cannot evaluate (a matrix built at
    run time, `fromJSON(needs.x.outputs.pythons)`). Then which versions CI tests is not known."""
    strategy = job.get("strategy")
    matrix = strategy.get("matrix") if isinstance(strategy, dict) else None
    if isinstance(matrix, str):
        return True  # `matrix: ${{ fromJSON(...) }}`
    for step in steps_of(job):
        with_ = step.get("with")
        value = with_.get("python-version") if isinstance(with_, dict) else None
        if isinstance(value, str) and "${{" in value:
            reference = re.search(r"matrix\.([\w-]+)", value)
            if reference is None or not _matrix_values(matrix, reference.group(1)):
                return True
    return False


def _matrix_values(matrix: Any, key: str) -> set[tuple[int, int]]:  # noqa: ANN401
    found: set[tuple[int, int]] = set()
    if not isinstance(matrix, dict):
        return found
    values = matrix.get(key)
    for item in values if isinstance(values, list) else [values]:
        found |= parse_versions(str(item))
    for extra in matrix.get("include") or [] if isinstance(matrix.get("include"), list) else []:
        if isinstance(extra, dict) and key in extra:
            found |= parse_versions(str(extra[key]))
    return found


def input_versions(inputs: Any) -> set[tuple[int, int]]:  # noqa: ANN401
    """Versions passed to a reusable workflow (`with: python-version: "3.9"`, `pythons: '["3.9", "3.12"]'`)."""
    found: set[tuple[int, int]] = set()
    for key, value in inputs.items() if isinstance(inputs, dict) else []:
        if "python" in str(key).lower() or "version" in str(key).lower():
            found |= parse_versions(str(value))
    return found


def parse_versions(text: str) -> set[tuple[int, int]]:
    found = set()
    for word in re.split(r"[\s,\[\]\"']+", text):
        match = _VERSION.match(word.strip())
        if match:
            found.add((3, int(match.group(1))))
    return found


def session_versions(repo: Repository, scanner: Scanner | None = None) -> set[tuple[int, int]]:
    """Versions tox environments (`py39`, `3.12`) and nox sessions (`python=["3.9", ...]`) test."""
    found: set[tuple[int, int]] = set()
    for path in repo.snapshot.named("tox.ini"):
        for match in re.finditer(r"(?<![\w.])py3(\d{1,2})(?![\d])", repo.snapshot.text(path) or ""):
            found.add((3, int(match.group(1))))
    scanner = scanner or Scanner(repo.snapshot)  # the survey's, which has read tox.toml already
    for path in repo.snapshot.named("tox.toml"):  # tox's TOML format names environments `3.12` or `py312`
        for name in tox_env_names(scanner, path):
            for factor in name.split("-"):
                match = re.fullmatch(r"(?:py)?3\.?(\d{1,2})t?", factor)
                found |= {(3, int(match.group(1)))} if match else set()
    for path in repo.snapshot.named("noxfile.py"):
        for match in re.finditer(r"python\s*=\s*(\[[^\]]*\]|\"[^\"]*\"|'[^']*')", repo.snapshot.text(path) or ""):
            found |= parse_versions(match.group(1))
    return found
