"""One Python project's facts: everything [ADAPT] means for it, computed once and read by every fixer.

One set of facts is what keeps files consistent with each other: the Python floor feeds ruff's target-version,
pyright's pythonVersion and CI's python-version; the pinned ruff feeds the pre-commit rev; the source folders feed
pyright's include. Paths inside a project (`source_dirs`, `test_dirs`, `migration_dirs`) are relative to its folder,
as the tools that read its configuration resolve them; `path()` turns them into repository paths.
"""

from __future__ import annotations

import re
from typing import Any

from msgspec import Struct

from ..snapshot import Snapshot
from . import alembic as alembic_facts
from . import layout
from .alembic import Alembic
from .pins import (
    all_requirements,
    canonical,
    locked_version,
    pinned_version,
    poetry_names,
    requirement_files,
    requirement_name,
    version_floor,
)
from .python import python_floor, setup_cfg_requires, setup_py_requires
from .shape import Shape

RUFF_OLDEST_TARGET = (3, 7)

# Folders that hold no importable source of the project's own, whatever they contain.
NOT_SOURCE = {
    "tests", "test", "testing", "docs", "doc", "examples", "example", "scripts", "benchmarks", "perf", "migrations",
    "alembic", "build", "dist", "site", "fixtures", "tools", "node_modules", "typings", "stubs",
}  # fmt: skip


class Project(Struct, frozen=True):
    """A Python project of the repository: the root's, a uv workspace member's, or a standalone one in a subfolder."""

    dir: str  # relative to the repository root; "" for the root
    kind: str  # "root", "member" or "standalone"
    pyproject: dict[str, Any] | None = None  # its parsed pyproject.toml; None when absent or invalid
    virtual: bool = False  # a pyproject.toml without [project]: a virtual workspace root, or tool settings only
    workspace: str | None = None  # the folder of the uv workspace it belongs to (its own, for a workspace root)
    members: tuple[str, ...] = ()  # for a workspace root: its members' folders (repository paths)
    python_floor: tuple[int, int] | None = None
    python_floor_source: str | None = None  # where the floor was read: "requires-python", "setup.py", ...
    source_dirs: tuple[str, ...] = ()  # what pyright should check, relative to `dir`
    test_dirs: tuple[str, ...] = ()
    migration_dirs: tuple[str, ...] = ()
    lock: str | None = None  # the uv.lock that pins it: its own, else its workspace's (a repository path)
    ruff_version: str | None = None  # the ruff it pins exactly: the lock, else a `ruff==X` requirement
    ruff_floor: str | None = None  # the oldest ruff its requirements admit (`ruff>=0.15`), when not pinned
    installer: str = "pip"  # how it installs: "uv", "poetry", "pdm", "pipenv", "hatch" or "pip"
    requirements: frozenset[str] = frozenset()  # canonical names of every package it requires, dev tools included
    shape_problems: tuple[tuple[str, str], ...] = ()  # (key, expected) in pyproject
    dockerfiles: tuple[str, ...] = ()  # its Dockerfiles (repository paths), nested projects' left out
    alembic: tuple[Alembic, ...] = ()  # its alembic trees (facts/alembic.py)

    def path(self, rel: str) -> str:
        """A path inside the project as a repository path."""
        return f"{self.dir}/{rel}" if self.dir else rel

    def contains(self, path: str) -> bool:
        return not self.dir or path == self.dir or path.startswith(self.dir + "/")

    @property
    def uses_uv(self) -> bool:
        return self.installer == "uv"

    @property
    def floor_text(self) -> str | None:
        return f"{self.python_floor[0]}.{self.python_floor[1]}" if self.python_floor else None

    @property
    def ruff_target(self) -> str | None:
        return ruff_target(self.python_floor)


def floor_origin(projects: tuple[Project, ...]) -> str:
    """Where a shared configuration's floor comes from, for a message: `requires-python`, or `requires-python of
    apps/cli (the oldest of 3 projects)`."""
    with_floor = [p for p in projects if p.python_floor]
    if not with_floor:
        return "requires-python"
    oldest = min(with_floor, key=lambda p: p.python_floor or (0, 0))
    where = f" of {oldest.dir}" if oldest.dir else ""
    more = f" (the oldest of {len(with_floor)} projects)" if len(with_floor) > 1 else ""
    return f"{oldest.python_floor_source}{where}{more}"


def ruff_target(floor: tuple[int, int] | None) -> str | None:
    """ruff's name for a floor, clamped to the oldest version ruff can target (py37), as ruff itself does when it
    infers the target from requires-python: `py36` would be a configuration error."""
    if not floor:
        return None
    major, minor = max(floor, RUFF_OLDEST_TARGET)
    return f"py{major}{minor}"


def read_project(  # noqa: PLR0913 - a project is defined by where it is and what the repository says of it
    snapshot: Snapshot,
    folder: str,
    kind: str,
    pyproject: dict[str, Any] | None,
    workspace: str | None = None,
    members: tuple[str, ...] = (),
    nested: tuple[str, ...] = (),
) -> Project:
    """The facts of the project in `folder`. `nested` are other projects' folders inside it: their files are theirs."""
    shape = Shape()
    base = f"{folder}/" if folder else ""
    floor, source = _floor(snapshot, base, pyproject, shape)
    requirements = all_requirements(pyproject, shape)
    lock = _lock(snapshot, base, workspace)
    names = frozenset({requirement_name(r) for r in requirements} | poetry_names(pyproject, shape)) - {""}
    return Project(
        dir=folder,
        kind=kind,
        pyproject=pyproject,
        virtual=pyproject is not None and not shape.table(pyproject, "project"),
        workspace=workspace,
        members=members,
        python_floor=floor,
        python_floor_source=source,
        source_dirs=source_dirs(snapshot, folder, nested, pyproject),
        test_dirs=tuple(d for d in ("tests", "test") if snapshot.has_dir(base + d)),
        migration_dirs=migration_dirs(snapshot, folder),
        lock=lock,
        ruff_version=locked_version(snapshot.text(lock) if lock else None, "ruff")
        or pinned_version(requirements, "ruff")
        or pinned_version([r for rs in requirement_files(snapshot, folder).values() for r in rs], "ruff"),
        ruff_floor=version_floor(requirements, "ruff"),
        installer=_installer(snapshot, base, pyproject, lock, shape),
        requirements=names,
        shape_problems=tuple(shape.problems),
        dockerfiles=layout.owned(layout.dockerfiles(snapshot), folder, nested),
        alembic=_alembic(snapshot, folder, nested),
    )


def _alembic(snapshot: Snapshot, folder: str, nested: tuple[str, ...]) -> tuple[Alembic, ...]:
    """The project's alembic trees: from its ini files, its `[tool.alembic]` tables, and script folders no
    configuration names (facts/alembic.py)."""
    inis = layout.owned(snapshot.named("alembic.ini"), folder, nested)
    tomls = layout.owned(snapshot.named("pyproject.toml"), folder, nested)
    scripts = layout.owned(tuple(f"{s}/env.py" if s else "env.py" for s in alembic_facts.script_folders(snapshot)),
                           folder, nested)  # fmt: skip
    return tuple(alembic_facts.trees(snapshot, inis, tomls, tuple(p.rpartition("/")[0] for p in scripts)))


def _floor(
    snapshot: Snapshot, base: str, pyproject: dict[str, Any] | None, shape: Shape
) -> tuple[tuple[int, int] | None, str | None]:
    candidates = (
        ("requires-python", shape.string(shape.table(pyproject, "project"), "requires-python")),
        ("Poetry's python dependency", _poetry_python(pyproject, shape)),
        ("setup.py", setup_py_requires(snapshot.text(base + "setup.py"))),
        ("setup.cfg", setup_cfg_requires(snapshot.text(base + "setup.cfg"))),
    )
    for source, spec in candidates:
        floor = python_floor(spec) if spec else None
        if floor:
            return floor, source
    return None, None


def _poetry_python(pyproject: dict[str, Any] | None, shape: Shape) -> str | None:
    value = shape.table(pyproject, "tool", "poetry", "dependencies").get("python")
    return value if isinstance(value, str) else None


def _lock(snapshot: Snapshot, base: str, workspace: str | None) -> str | None:
    for folder in (base.rstrip("/"), workspace):
        if folder is not None:
            lock = f"{folder}/uv.lock" if folder else "uv.lock"
            if snapshot.exists(lock):
                return lock
    return None


def _installer(snapshot: Snapshot, base: str, pyproject: dict[str, Any] | None, lock: str | None, shape: Shape) -> str:
    """How the project's own files say it is installed; uv wins where its lock or settings are there."""
    tool = shape.table(pyproject, "tool")
    if lock or "uv" in tool:
        return "uv"
    if snapshot.exists(base + "poetry.lock") or "poetry" in tool:
        return "poetry"
    if snapshot.exists(base + "pdm.lock") or "pdm" in tool:
        return "pdm"
    if snapshot.exists(base + "Pipfile"):
        return "pipenv"
    if "envs" in shape.table(tool, "hatch"):
        return "hatch"
    return "pip"


def source_dirs(
    snapshot: Snapshot, folder: str, nested: tuple[str, ...] = (), pyproject: dict[str, Any] | None = None
) -> tuple[str, ...]:
    """Folders holding the project's own importable code, relative to it: `src`, else its top-level packages (with
    an `__init__.py`, or without one where the packaging metadata names them: namespace packages)."""
    base = f"{folder}/" if folder else ""
    if snapshot.has_dir(base + "src"):
        return ("src",)
    declared = set(declared_packages(pyproject))
    found = []
    for name in snapshot.children(folder):
        path = base + name
        if not _is_source_name(name) or path in nested:
            continue
        if snapshot.exists(path + "/__init__.py") or (name in declared and snapshot.has_dir(path)):
            found.append(name)
    return tuple(found)


def declared_packages(pyproject: dict[str, Any] | None) -> list[str]:
    """The top-level packages the packaging metadata names: hatch's wheel `packages`, setuptools' `packages` (or
    `packages.find` include patterns), Poetry's `packages`, flit's module, else the project's name as a module."""
    if not isinstance(pyproject, dict):
        return []
    shape = Shape()
    tool = shape.table(pyproject, "tool")
    names: list[str] = []
    hatch = shape.table(tool, "hatch", "build")
    for table in (shape.table(hatch, "targets", "wheel"), hatch):
        names += [str(p).strip("/").split("/")[-1] for p in table.get("packages") or [] if isinstance(p, str)]
    setuptools = shape.table(tool, "setuptools")
    packages = setuptools.get("packages")
    if isinstance(packages, list):
        names += [str(p).split(".")[0] for p in packages if isinstance(p, str)]
    elif isinstance(packages, dict):
        find = packages.get("find")
        include = find.get("include") if isinstance(find, dict) else None
        names += [re.split(r"[.*]", str(p))[0] for p in include or [] if isinstance(p, str)]
    for entry in shape.table(tool, "poetry").get("packages") or []:
        if isinstance(entry, dict) and isinstance(entry.get("include"), str) and not entry.get("from"):
            names.append(entry["include"].split("/")[0])
    module = shape.table(tool, "flit", "module").get("name")
    names += [module] if isinstance(module, str) else []
    name = shape.table(pyproject, "project").get("name")
    names += [re.sub(r"[-.]+", "_", name).lower()] if isinstance(name, str) else []
    return [n for n in dict.fromkeys(names) if n]


def _is_source_name(name: str) -> bool:
    return name.isidentifier() and name not in NOT_SOURCE and not name.startswith(("_", "."))


def migration_dirs(snapshot: Snapshot, folder: str) -> tuple[str, ...]:
    """Alembic script folders (env.py beside a versions/ folder), relative to the project, tests left out."""
    base = f"{folder}/" if folder else ""
    found = []
    for path in snapshot.named("env.py"):
        if not path.startswith(base):
            continue
        parent = path[len(base) :].rpartition("/")[0]
        if parent and snapshot.has_dir(base + parent + "/versions") and not _under_tests(parent):
            found.append(parent)
    return tuple(sorted(found))


def _under_tests(folder: str) -> bool:
    return any(part in {"tests", "test", "testing"} for part in folder.split("/"))


__all__ = ["NOT_SOURCE", "Project", "canonical", "floor_origin", "read_project", "ruff_target", "source_dirs"]
