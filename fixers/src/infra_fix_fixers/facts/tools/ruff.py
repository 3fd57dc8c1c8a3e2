"""Which ruff configuration governs which project: the files ruff really reads, judged where they live.

ruff gives each Python file the configuration of the nearest folder above it that has one: `.ruff.toml`, then
`ruff.toml`, then a pyproject.toml with a `[tool.ruff]` table (a pyproject.toml without one is passed over). So in a
uv workspace the members without a ruff table of their own are linted with the root's settings, and a member with
one is linted with its own. A configuration that governs no project's files is never judged, and none is ever added
where it would govern nothing. A file that `extend`s another is judged only for the settings it sets itself: the
ones it inherits are judged in the file that sets them.
"""

from __future__ import annotations

import os
import re

from msgspec import Struct

from ..project import Project, floor_origin, ruff_target
from ..repository import Repository, ancestors, folder_of

NAMES = (".ruff.toml", "ruff.toml", "pyproject.toml")  # ruff's own precedence within a folder
# Folders whose ruff settings are someone else's (fixtures, samples, vendored code): not the project's own.
_FOREIGN = {"tests", "test", "testing", "fixtures", "testdata", "test_data", "examples", "example", "docs", "vendor",
            "_vendor", "third_party", "node_modules", "templates", "template"}  # fmt: skip


class RuffConfig(Struct, frozen=True):
    """A configuration file ruff applies, and the projects whose files it governs."""

    path: str
    governs: tuple[Project, ...]
    created: bool = False  # no configuration governs these projects yet: `[tool.ruff]` is added to this pyproject

    @property
    def folder(self) -> str:
        return folder_of(self.path)

    @property
    def section(self) -> tuple[str, ...]:
        """Where ruff's settings live in the file: the top of a ruff.toml, `[tool.ruff]` of a pyproject.toml."""
        return ("tool", "ruff") if self.path.rpartition("/")[2] == "pyproject.toml" else ()

    @property
    def floor(self) -> tuple[int, int] | None:
        """The oldest Python any governed project supports: their code must all parse and run there."""
        floors = [p.python_floor for p in self.governs if p.python_floor]
        return min(floors) if floors else None

    @property
    def target(self) -> str | None:
        return ruff_target(self.floor)

    def floor_sources(self) -> str:
        return floor_origin(self.governs)

    def inferred_target(self, repo: Repository) -> str | None:
        """The target ruff infers without a target-version: requires-python of the pyproject.toml the settings
        are in, or, for a ruff.toml, of the pyproject.toml beside it (ruff 0.10 and later read it there, whether or
        not it has a `[tool.ruff]` table: `ruff check --show-settings` shows it)."""
        owner = repo.project(self.folder)
        if owner is None or owner.python_floor_source != "requires-python":
            return None
        if not self.section and any(_older(p.ruff_version, (0, 10)) for p in self.governs):
            return None  # a ruff older than 0.10 reads no pyproject.toml beside a ruff.toml
        return owner.ruff_target

    def settings(self, repo: Repository) -> dict[str, object]:
        """ruff's settings in the file, as data ({} where it does not parse: the ruff fixer reports it)."""
        if self.section:
            data = repo.pyprojects.get(self.folder)
            tool = data.get("tool") if isinstance(data, dict) else None
            ruff = tool.get("ruff") if isinstance(tool, dict) else None
            return ruff if isinstance(ruff, dict) else {}
        from ...edit.toml_scan import load
        from ...model import ParseError

        try:
            return load(repo.snapshot.text(self.path) or "")
        except ParseError:
            return {}

    def relative(self, project: Project, rel: str) -> str | None:
        """A folder of `project` (relative to it) as ruff resolves paths in this file: relative to the file's
        folder; None when it lies outside it."""
        path = project.path(rel)
        if self.folder and not (path == self.folder or path.startswith(self.folder + "/")):
            return None
        return os.path.relpath(path, self.folder or ".").replace(os.sep, "/")


def _older(version: str | None, than: tuple[int, int]) -> bool:
    parts = re.findall(r"\d+", version or "")[:2]
    return len(parts) == 2 and (int(parts[0]), int(parts[1])) < than


def has_ruff_settings(repo: Repository, path: str) -> bool:
    name = path.rpartition("/")[2]
    if name != "pyproject.toml":
        return repo.snapshot.exists(path)
    data = repo.pyprojects.get(folder_of(path))
    tool = data.get("tool") if isinstance(data, dict) else None
    return isinstance(tool, dict) and "ruff" in tool


UNKNOWN = "?"  # a pyproject.toml that does not parse stands where the walk would look next


def nearest(repo: Repository, folder: str) -> str | None:
    """The configuration ruff applies to a file directly in `folder` (UNKNOWN where a pyproject.toml on the way
    does not parse: whether it holds ruff's settings cannot be told)."""
    for each in ancestors(folder):
        base = f"{each}/" if each else ""
        for name in NAMES:
            if name == "pyproject.toml" and base + name in repo.unparsable:
                return UNKNOWN
            if has_ruff_settings(repo, base + name):
                return base + name
    return None


def configs(repo: Repository) -> dict[str, RuffConfig]:
    """Every configuration that governs some project, by path; for projects that no configuration governs, the
    pyproject.toml to add `[tool.ruff]` to: the workspace root's for a workspace member (one configuration for the
    whole workspace, as the blueprint has it), else the project's own."""
    governs: dict[str, list[Project]] = {}
    homes: dict[str, list[Project]] = {}
    folders = {p.dir for p in repo.projects}
    for project in repo.projects:
        found = nearest(repo, project.dir)
        if found == UNKNOWN:
            continue  # its parse error is reported instead
        if found:
            governs.setdefault(found, []).append(project)
        elif own_code(repo, project):  # a virtual workspace root holds no code: a config there governs nothing
            home = project.workspace if project.workspace is not None else project.dir
            pyproject = f"{home}/pyproject.toml" if home else "pyproject.toml"
            if repo.snapshot.exists(pyproject):
                homes.setdefault(pyproject, []).append(project)
        for path in _nested(repo, project, folders):
            governs.setdefault(path, []).append(project)
    found_configs = {path: RuffConfig(path, tuple(projects)) for path, projects in governs.items()}
    found_configs |= {path: RuffConfig(path, tuple(ps), created=True) for path, ps in homes.items()}
    return found_configs


def own_code(repo: Repository, project: Project) -> bool:
    """Whether the project has Python files of its own (its packages, tests, modules beside its pyproject.toml), not
    only those of the members or nested projects inside it."""
    return bool(project.source_dirs or project.test_dirs) or any(
        name.endswith(".py") for name in repo.snapshot.children_files(project.dir)
    )


def _nested(repo: Repository, project: Project, folders: set[str]) -> list[str]:
    """Configurations in subfolders of the project (not of a project nested in it, not in fixtures or samples):
    they govern the files below them."""
    base = project.path("")
    found = []
    for name in NAMES:
        for path in repo.snapshot.named(name):
            folder = folder_of(path)
            if folder == project.dir or not path.startswith(base) or not has_ruff_settings(repo, path):
                continue
            inner = folder[len(base) :].split("/")
            if any(part in _FOREIGN or part.startswith(".") for part in inner):
                continue
            if any(f != project.dir and project.contains(f) and (folder + "/").startswith(f + "/") for f in folders):
                continue  # inside a nested project: that project's configuration
            found.append(path)
    return found
