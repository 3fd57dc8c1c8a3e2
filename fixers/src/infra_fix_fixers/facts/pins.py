"""Which versions a project pins, and which packages it requires: read with `packaging`, the way installers read them.

A pin is exact: the version in the lock file, else an `==` requirement. A floor such as `ruff>=0.9` is not a pin:
what it installs is whatever is newest, so no other file can be made to agree with it.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..snapshot import Snapshot
from .shape import Shape


@functools.lru_cache(maxsize=64)
def locked_version(lock_text: str | None, package: str) -> str | None:
    """The version of `package` in a uv.lock. uv writes `name` and `version` as the first lines of each package, so
    a plain text search finds it without parsing a lock that can be megabytes; a full parse (bounded, like every
    TOML infra-fix reads) settles anything unusual.
    Remembered by text: every member of a workspace asks the same lock."""
    if not lock_text or package not in lock_text:
        return None
    needle = f'[[package]]\nname = "{package}"\nversion = "'
    at = lock_text.find(needle)
    while at > 0 and lock_text[at - 1] != "\n":
        at = lock_text.find(needle, at + 1)
    if at >= 0:
        start = at + len(needle)
        end = lock_text.find('"', start)
        if end > start and "\n" not in lock_text[start:end]:
            return lock_text[start:end]
    from ..edit.toml_scan import load  # bounded: a 10,000-part key is refused, not parsed for seconds
    from ..model import ParseError

    try:
        lock = load(lock_text)
    except ParseError:
        return None
    packages = lock.get("package")
    for entry in packages if isinstance(packages, list) else []:
        if isinstance(entry, dict) and entry.get("name") == package and isinstance(entry.get("version"), str):
            return entry["version"]
    return None


def pinned_version(requirements: list[str], package: str) -> str | None:
    """The version of an exact `pkg==X` requirement among `requirements`."""
    for text in requirements:
        requirement = parse_requirement(text)
        if requirement is None or canonical(requirement.name) != canonical(package):
            continue
        exact = [s.version for s in requirement.specifier if s.operator in ("==", "===") and "*" not in s.version]
        if exact:
            return exact[0].removeprefix("v")
    return None


def version_floor(requirements: list[str], package: str) -> str | None:
    """The lowest version of `package` the requirements admit, where one names it (`ruff>=0.15` gives 0.15)."""
    for text in requirements:
        requirement = parse_requirement(text)
        if requirement is None or canonical(requirement.name) != canonical(package):
            continue
        lows = [s.version for s in requirement.specifier if s.operator in (">=", "~=", "==") and "*" not in s.version]
        if lows:
            return lows[0]
    return None


def all_requirements(pyproject: object, shape: Shape | None = None) -> list[str]:
    """Every requirement string of a pyproject: dependencies, extras, dependency groups, uv's dev-dependencies."""
    shape = shape or Shape()
    found = shape.strings(pyproject, "project", "dependencies")
    for name in shape.table(pyproject, "project", "optional-dependencies"):
        found += shape.strings(pyproject, "project", "optional-dependencies", name)
    for name in shape.table(pyproject, "dependency-groups"):
        group = shape.table(pyproject, "dependency-groups").get(name)
        # a group may include another (`{include-group = "test"}`): only strings are requirements
        found += [r for r in group if isinstance(r, str)] if isinstance(group, list) else []
    found += shape.strings(pyproject, "tool", "uv", "dev-dependencies")
    return found


def poetry_names(pyproject: object, shape: Shape | None = None) -> set[str]:
    """Packages Poetry declares (`[tool.poetry.dependencies]`, `dev-dependencies`, `group.*.dependencies`)."""
    shape = shape or Shape()
    poetry = shape.table(pyproject, "tool", "poetry")
    tables = [shape.table(poetry, "dependencies"), shape.table(poetry, "dev-dependencies")]
    tables += [shape.table(group, "dependencies") for group in shape.table(poetry, "group").values()]
    return {canonical(name) for table in tables for name in table}


def parse_requirement(text: str) -> Any:  # noqa: ANN401 - packaging's Requirement, imported lazily
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        return Requirement(text)
    except InvalidRequirement:
        return None


def requirement_name(text: str) -> str:
    """The canonical name a requirement string installs (`Ruff[x]>=1` gives `ruff`), or "" if it is not one."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", text)
    return canonical(match.group(1)) if match else ""


REQUIREMENT_FILES = ("requirements*.txt", "requirements*.in", "*-requirements.txt", "requirements/*.txt",
                     "requirements/*.in")  # fmt: skip
REQUIREMENT_READS = tuple(f"**/{pattern}" for pattern in REQUIREMENT_FILES)  # in every project's folder


def requirement_files(snapshot: Snapshot, folder: str) -> dict[str, list[str]]:
    """The requirements a project's requirements files list (`requirements-dev.txt`, `requirements/test.txt`), by
    file: what it installs for development besides its pyproject. Options and includes (`-r`, `-e`, `--hash`) and a
    line's continuation are no requirement."""
    base = f"{folder}/" if folder else ""
    return {path: requirement_lines(snapshot.text(path)) for p in REQUIREMENT_FILES for path in snapshot.glob(base + p)}


def requirement_lines(text: str | None) -> list[str]:
    """The requirements of a requirements file's text, one a line: options and includes (`-r`, `-e`, `--hash`),
    comments and a line's continuation (`\\`, as `pip-compile --generate-hashes` writes) are no requirement."""
    lines = (line.split(" #", 1)[0].strip().removesuffix("\\").strip() for line in (text or "").splitlines())
    return [line for line in lines if line and not line.startswith(("-", "#"))]


def requirement_file_names(snapshot: Snapshot, folder: str) -> set[str]:
    """The names a project's requirements files install."""
    return {requirement_name(r) for lines in requirement_files(snapshot, folder).values() for r in lines} - {""}


def hatch_env_names(data: object) -> set[str]:
    """What hatch's environments install for development (`dependencies` and `extra-dependencies` of each
    `[tool.hatch.envs.*]` of a pyproject's data)."""
    tool = data.get("tool") if isinstance(data, dict) else None
    hatch = tool.get("hatch") if isinstance(tool, dict) else None
    envs = hatch.get("envs") if isinstance(hatch, dict) else None
    found: set[str] = set()
    for env in envs.values() if isinstance(envs, dict) else ():
        for key in ("dependencies", "extra-dependencies"):
            specs = env.get(key) if isinstance(env, dict) else None
            found |= {requirement_name(str(r)) for r in specs} if isinstance(specs, list) else set()
    return found - {""}


def canonical(name: str) -> str:
    """PEP 503 normalisation (packaging's canonicalize_name), without importing packaging for it."""
    return re.sub(r"[-_.]+", "-", name).lower()
