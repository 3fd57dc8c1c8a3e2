"""The real ruff over a whole tree, in the venv's version and in the versions the project itself pins.

A project's CI runs the ruff its pre-commit config (`astral-sh/ruff-pre-commit` rev) or its uv.lock pins, which may
be older than ours and read the configuration differently, so each pinned version is a channel of its own,
compared before and after with the pin read from the tree of that side (a rev infra-fix moved counts).
"""

from __future__ import annotations

import collections
import functools
import json
import re
import shutil
import subprocess  # noqa: S404 - fixed argument lists, never a shell
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

VENV_RUFF = str(Path(sys.executable).parent / "ruff")
TOOLS = Path.home() / ".cache" / "infra-fix-green"  # pinned ruff versions, one folder each, reused across runs
TIMEOUT = 600
_LOCKED_RUFF = re.compile(r'^\[\[package\]\]\nname = "ruff"\nversion = "([^"]+)"', re.M)
Key = tuple[str, str, int, int]  # file, code, row, column


@dataclass
class RuffResult:
    """One ruff version's verdict on one tree: violations, files `format --check` would reformat, errors."""

    label: str
    violations: collections.Counter[Key] = field(default_factory=collections.Counter)
    reformat: set[str] = field(default_factory=set)
    format_errors: set[str] = field(default_factory=set)
    config_error: str | None = None
    warnings: set[str] = field(default_factory=set)

    def by_code(self) -> collections.Counter[str]:
        """Violations counted by rule code."""
        counts: collections.Counter[str] = collections.Counter()
        for (_file, code, _row, _col), n in self.violations.items():
            counts[code] += n
        return counts


def uv() -> list[str]:
    """How to call uv: the one on PATH, else the module the Makefile installs."""
    found = shutil.which("uv")
    return [found] if found else [sys.executable, "-m", "uv"]


def command(version: str | None) -> list[str]:
    """The venv's ruff, or ruff VERSION installed once into its own folder of TOOLS (`uv pip install --target`)."""
    return [VENV_RUFF] if version is None else [str(TOOLS / f"ruff-{version}" / "bin" / "ruff")]


@functools.cache
def venv_version() -> str:
    """The venv's ruff version, for labels."""
    proc = subprocess.run([VENV_RUFF, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return proc.stdout.split()[-1] if proc.stdout else "?"


@functools.cache
def unavailable(version: str) -> str | None:
    """Why ruff `version` cannot be run here (None when it can); installs it from PyPI the first time."""
    binary = Path(command(version)[0])
    with _INSTALLING:  # two projects may pin the same version: one install into its folder
        return _install(version, binary)


_INSTALLING = threading.Lock()


def _install(version: str, binary: Path) -> str | None:
    if not binary.is_file():
        target = binary.parent.parent
        argv = [*uv(), "pip", "install", "--quiet", "--python", sys.executable, "--target", str(target)]
        try:
            proc = subprocess.run([*argv, f"ruff=={version}"], capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            return "timed out installing it"
        if proc.returncode or not binary.is_file():
            return (proc.stderr.strip().splitlines() or ["no ruff binary installed"])[-1][:200]
    proc = subprocess.run([str(binary), "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    return None if proc.returncode == 0 else f"ruff {version} does not start: {proc.stderr.strip()[:200]}"


def pins(repo: Path) -> dict[str, str]:
    """The ruff versions the repository pins: {"pre-commit": rev, "uv.lock": version} (root files only)."""
    found: dict[str, str] = {}
    config = repo / ".pre-commit-config.yaml"
    if config.is_file():
        try:
            data = yaml.safe_load(config.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            data = None
        for entry in (data or {}).get("repos", []) if isinstance(data, dict) else []:
            if isinstance(entry, dict) and "ruff-pre-commit" in str(entry.get("repo", "")) and entry.get("rev"):
                found["pre-commit"] = str(entry["rev"]).removeprefix("v")
    lock = repo / "uv.lock"
    if lock.is_file():
        match = _LOCKED_RUFF.search(lock.read_text(encoding="utf-8", errors="replace"))
        if match:
            found["uv.lock"] = match.group(1)
    return found


def run(repo: Path, version: str | None, label: str) -> RuffResult:
    """`ruff check` (JSON, no fix, no cache) and `ruff format --check` over the whole tree."""
    result = RuffResult(label)
    argv = command(version)
    check = _call(repo, [*argv, "check", "--no-fix", "--no-cache", "--output-format", "json", "--exit-zero", "."])
    if check.returncode:
        result.config_error = _cause(check.stderr)
    else:
        for item in json.loads(check.stdout or "[]"):
            rel = _relative(repo, item.get("filename", ""))
            loc = item.get("location") or {}
            code = item.get("code") or "syntax-error"
            result.violations[rel, code, loc.get("row", 0), loc.get("column", 0)] += 1
    result.warnings = {line.strip() for line in check.stderr.splitlines() if line.startswith("warning")}
    fmt = _call(repo, [*argv, "format", "--check", "--no-cache", "."])
    reformat, errors = format_verdict(fmt.stdout + "\n" + fmt.stderr)
    result.reformat, result.format_errors = reformat, errors
    result.warnings |= {line.strip() for line in fmt.stderr.splitlines() if line.startswith("warning")}
    if fmt.returncode == 2 and not result.format_errors and not result.config_error:
        result.config_error = _cause(fmt.stderr)
    return result


def format_verdict(output: str) -> tuple[set[str], set[str]]:
    """(files `ruff format --check` would reformat, files it could not format) from its output, old or new style.

    Up to ruff 0.15 or so: `Would reformat: PATH` and `error: Failed to parse PATH:...`; newer ruff prints
    diagnostics: a header (`unformatted: File would be reformatted`, `invalid-syntax: ...`) then ` --> PATH:ROW:COL`.
    """
    reformat: set[str] = set()
    errors: set[str] = set()
    header = ""
    for line in output.splitlines():
        stripped = line.strip()
        if stripped.startswith("Would reformat: "):
            reformat.add(stripped.removeprefix("Would reformat: "))
        elif stripped.startswith("error: Failed to "):
            errors.add(stripped)
        elif line and not line[0].isspace() and ": " in line and not stripped.startswith("warning"):
            header = line.split(":", 1)[0]
        elif stripped.startswith("--> ") and header:
            path = stripped.removeprefix("--> ").rsplit(":", 2)[0]
            (reformat if header == "unformatted" else errors).add(
                path if header == "unformatted" else f"{header}: {path}"
            )
            header = ""
    return reformat, errors


def _call(repo: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(argv, cwd=repo, capture_output=True, text=True, timeout=TIMEOUT, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(argv, 2, "", f"ruff failed\n  Cause: timed out after {TIMEOUT}s")


def _relative(repo: Path, filename: str) -> str:
    try:
        return Path(filename).resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        return filename


def _cause(stderr: str) -> str:
    causes = [line.strip() for line in stderr.splitlines() if "Cause:" in line or line.startswith("error:")]
    return " / ".join(causes[-2:]) or stderr.strip()[-300:] or "exit 2"


def regressions(before: RuffResult, after: RuffResult) -> list[str]:
    """What got worse from before to after: a configuration error, new violations by code, newly reformatted files."""
    problems: list[str] = []
    if after.config_error and not before.config_error:
        problems.append(f"ruff ({after.label}) rejects the configuration: {after.config_error}")
        return problems
    if after.config_error:
        return problems  # it could not run before either: nothing to compare
    old, new = before.by_code(), after.by_code()
    grown = {code: (old[code], n) for code, n in new.items() if n > old[code]}
    if grown and not before.config_error:
        listed = ", ".join(f"{code} {a} -> {b}" for code, (a, b) in sorted(grown.items()))
        examples = sorted((after.violations - before.violations).keys())[:3]
        where = "; ".join(f"{f}:{r} {c}" for f, c, r, _ in examples)
        problems.append(f"ruff check ({after.label}): new violations {listed} (e.g. {where})")
    reformat = sorted(after.reformat - before.reformat)
    if reformat and not before.config_error:
        problems.append(
            f"ruff format --check ({after.label}): {len(before.reformat)} -> {len(after.reformat)} files "
            f"would be reformatted, new: {', '.join(reformat[:3])}{' ...' if len(reformat) > 3 else ''}"
        )
    errors = sorted(after.format_errors - before.format_errors)
    if errors:
        problems.append(f"ruff format ({after.label}): new errors: {errors[:2]}")
    return problems
