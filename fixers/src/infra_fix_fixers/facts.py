"""Facts: everything [ADAPT] means for one project, computed once from the snapshot and read by every fixer.

One set of facts is what keeps files consistent with each other: the Python floor feeds ruff's target-version,
pyright's pythonVersion and CI's python-version; the pinned ruff feeds the pre-commit rev.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import Location, ParseError
from .snapshot import Snapshot

RUFF_OLDEST_TARGET = (3, 7)

# The files facts are computed from: the driver reads them whatever fixers are enabled.
READS = ("pyproject.toml", "uv.lock", ".python-version", ".pre-commit-config.yaml")

# Folders that hold no importable source of the project's own, whatever they contain.
_NOT_SOURCE = {
    "tests", "test", "testing", "docs", "doc", "examples", "example", "scripts", "benchmarks", "perf", "migrations",
    "alembic", "build", "dist", "site", "fixtures", "tools", "node_modules", "typings", "stubs",
}  # fmt: skip


@dataclass(frozen=True)
class Facts:
    python_floor: tuple[int, int] | None  # from requires-python, else .python-version
    python_floor_source: str | None  # "requires-python" or ".python-version"
    source_dirs: tuple[str, ...]  # what pyright should check: src layouts, top-level packages, members' sources
    test_dirs: tuple[str, ...]
    migration_dirs: tuple[str, ...]
    workspace_members: tuple[str, ...]  # member folders that exist, from [tool.uv.workspace] members
    ruff_version: str | None  # the ruff the project pins exactly: uv.lock, else a `ruff==X` requirement
    ruff_hook_version: str | None  # the ruff its pre-commit config runs (ruff-pre-commit's rev), if any
    uses_uv: bool
    default_branch: str
    pyproject: dict[str, Any] | None  # the parsed root pyproject.toml, None if absent or invalid
    unparsable: Mapping[str, Location] = field(default_factory=dict)  # inputs of the facts that do not parse

    @property
    def floor_text(self) -> str | None:
        return f"{self.python_floor[0]}.{self.python_floor[1]}" if self.python_floor else None

    @property
    def ruff_target(self) -> str | None:
        """ruff's name for the floor, clamped to the oldest version ruff can target (py37), as ruff itself does when
        it infers the target from requires-python: `py36` would be a configuration error."""
        if not self.python_floor:
            return None
        major, minor = max(self.python_floor, RUFF_OLDEST_TARGET)
        return f"py{major}{minor}"


def compute(snapshot: Snapshot) -> Facts:
    unparsable: dict[str, Location] = {}
    pyproject = _load_toml(snapshot.text("pyproject.toml"), "pyproject.toml", unparsable)
    project = (pyproject or {}).get("project", {})
    floor, floor_source = None, None
    requires = project.get("requires-python") if isinstance(project, dict) else None
    if isinstance(requires, str):
        floor = python_floor(requires)
        floor_source = "requires-python" if floor else None
    if floor is None:
        floor = version_file_floor(snapshot.text(".python-version"))
        floor_source = ".python-version" if floor else None
    members = workspace_members(pyproject, snapshot)
    tool = (pyproject or {}).get("tool", {})
    return Facts(
        python_floor=floor,
        python_floor_source=floor_source,
        source_dirs=source_dirs(snapshot, members),
        test_dirs=tuple(d for d in ("tests", "test") if snapshot.has_dir(d)),
        migration_dirs=migration_dirs(snapshot),
        workspace_members=members,
        ruff_version=locked_version(snapshot.text("uv.lock"), "ruff") or pinned_version(pyproject, "ruff"),
        ruff_hook_version=hook_version(snapshot.text(".pre-commit-config.yaml"), "ruff-pre-commit"),
        uses_uv=snapshot.exists("uv.lock") or (isinstance(tool, dict) and "uv" in tool),
        default_branch=snapshot.default_branch or "main",
        pyproject=pyproject,
        unparsable=unparsable,
    )


def _load_toml(text: str | None, path: str, unparsable: dict[str, Location]) -> dict[str, Any] | None:
    """Parsed TOML; a syntax error is recorded with its position (the engine reports it even when no enabled
    fixer owns the file, since every fixer's facts depend on it)."""
    if text is None:
        return None
    from .edit.toml_scan import load

    try:
        return load(text)
    except ParseError as err:
        unparsable[path] = err.location
        return None


_CLAUSE = re.compile(r"^\s*(>=|>|~=|==|\^|~)?\s*v?(\d+)(?:\.(\d+|\*))?")


def python_floor(spec: str) -> tuple[int, int] | None:
    """The lowest minor version a PEP 440 (or Poetry-style) `requires-python` admits, e.g. `>=3.9,<4` gives 3.9."""
    floors = []
    for clause in re.split(r"[,|]", spec):
        clause = clause.strip()
        match = _CLAUSE.match(clause)
        if not match or clause.startswith(("<", "!=")):
            continue
        op, major, minor = match.group(1) or "==", int(match.group(2)), match.group(3)
        if major != 3:
            continue
        low = 0 if minor in (None, "*") else int(minor)
        if op == ">" and re.fullmatch(r">\s*3\.\d+", clause):
            low += 1
        floors.append((3, low))
    return min(floors) if floors else None


def version_file_floor(text: str | None) -> tuple[int, int] | None:
    for line in (text or "").splitlines():
        match = re.match(r"\s*(?:cpython-|python)?(3)\.(\d+)", line)
        if match:
            return (3, int(match.group(2)))
    return None


def workspace_members(pyproject: dict[str, Any] | None, snapshot: Snapshot) -> tuple[str, ...]:
    workspace = ((pyproject or {}).get("tool", {}).get("uv", {}) or {}).get("workspace", {})
    members = workspace.get("members", []) if isinstance(workspace, dict) else []
    found: list[str] = []
    for pattern in members if isinstance(members, list) else []:
        if not isinstance(pattern, str):
            continue
        pattern = pattern.strip("/")
        found.extend(p.rsplit("/", 1)[0] for p in snapshot.glob(f"{pattern}/pyproject.toml"))
    return tuple(dict.fromkeys(found))


def source_dirs(snapshot: Snapshot, members: tuple[str, ...]) -> tuple[str, ...]:
    """Folders holding the project's own importable code, at the root and in each workspace member."""
    dirs: list[str] = []
    for base in ("", *(m + "/" for m in members)):
        if snapshot.has_dir(base + "src"):
            dirs.append(base + "src")
            continue
        for path in sorted(snapshot.paths):
            if not path.startswith(base):
                continue
            parts = path[len(base) :].split("/")
            if len(parts) == 2 and parts[1] == "__init__.py" and _is_source_name(parts[0]):
                dirs.append(base + parts[0])
    return tuple(dict.fromkeys(dirs))


def _is_source_name(name: str) -> bool:
    return name.isidentifier() and name not in _NOT_SOURCE and not name.startswith(("_", "."))


def migration_dirs(snapshot: Snapshot) -> tuple[str, ...]:
    """Alembic script folders: a folder holding env.py and a versions/ folder."""
    found = []
    for path in sorted(snapshot.paths):
        if path == "env.py" or path.endswith("/env.py"):
            folder = path.rsplit("/", 1)[0] if "/" in path else ""
            if folder and snapshot.has_dir(folder + "/versions") and not _under_tests(folder):
                found.append(folder)
    return tuple(found)


def _under_tests(folder: str) -> bool:
    return any(part in {"tests", "test", "testing"} for part in folder.split("/"))


def locked_version(lock_text: str | None, package: str) -> str | None:
    """The version of `package` in a uv.lock. uv writes `name` and `version` as the first lines of each package, so
    a text search finds it without parsing a lock that can be megabytes; tomllib settles anything unusual."""
    if not lock_text or package not in lock_text:
        return None
    pattern = rf'^\[\[package\]\]\nname = "{re.escape(package)}"\nversion = "([^"\n]+)"$'
    match = re.search(pattern, lock_text, re.M)
    if match:
        return match.group(1)
    try:
        lock = tomllib.loads(lock_text)
    except tomllib.TOMLDecodeError:
        return None
    for entry in lock.get("package", []):
        if isinstance(entry, dict) and entry.get("name") == package and isinstance(entry.get("version"), str):
            return entry["version"]
    return None


def pinned_version(pyproject: dict[str, Any] | None, package: str) -> str | None:
    """The version of an exact `pkg==X` requirement. A floor such as `pkg>=X` is not a pin: the ruff it installs
    is whatever is newest, so no other file can be made to match it."""
    for requirement in all_requirements(pyproject):
        match = re.match(rf"\s*{re.escape(package)}\s*(?:\[[^\]]*\])?\s*===?\s*v?([\d.]+)\s*(?:;|$)", requirement, re.I)
        if match:
            return match.group(1).rstrip(".")
    return None


def hook_version(config: str | None, repo: str) -> str | None:
    """The rev of a pre-commit repo entry, read by pattern (facts must not import a YAML parser for one value)."""
    match = re.search(
        rf"{re.escape(repo)}(?:\.git)?['\"]?\s*\n(?:[ \t]*#.*\n)*[ \t]*rev:\s*['\"]?v?([\d.]+)", config or ""
    )
    return match.group(1) if match else None


def all_requirements(pyproject: dict[str, Any] | None) -> list[str]:
    """Every requirement string of the project: dependencies, extras, dependency groups, uv's dev-dependencies."""
    data = pyproject or {}
    project = data.get("project", {}) if isinstance(data.get("project"), dict) else {}
    lists: list[Any] = [project.get("dependencies", [])]
    lists += list((project.get("optional-dependencies") or {}).values())
    lists += list((data.get("dependency-groups") or {}).values())
    lists.append(((data.get("tool") or {}).get("uv") or {}).get("dev-dependencies", []))
    return [r for group in lists if isinstance(group, list) for r in group if isinstance(r, str)]


def requirement_name(requirement: str) -> str:
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return re.sub(r"[-_.]+", "-", match.group(1)).lower() if match else ""
