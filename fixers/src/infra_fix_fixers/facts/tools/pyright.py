"""Which pyright configuration checks which project.

pyright (and basedpyright) take one configuration per run: `pyrightconfig.json`, else `[tool.pyright]` (or
`[tool.basedpyright]`) of pyproject.toml, in the folder it runs from or the nearest one above. A project with a
configuration of its own is judged by it; projects without one are checked by the nearest configuration above them
(a workspace root's), which must then include their source folders. A repository with no configuration for a project
gets one: at the workspace root for a workspace member (one configuration whose include lists the members' sources,
with an execution environment per member where their floors differ), else in the project's own folder.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from msgspec import Struct

from ..project import Project
from ..repository import Repository, ancestors, folder_of

JSON_NAME = "pyrightconfig.json"
TABLES = (("tool", "pyright"), ("tool", "basedpyright"))


class PyrightConfig(Struct, frozen=True):
    """A configuration file pyright reads, and the projects it checks."""

    path: str
    governs: tuple[Project, ...]
    table: tuple[str, ...] = ()  # where the settings are: () for pyrightconfig.json, else [tool.pyright] or alike
    created: bool = False

    @property
    def folder(self) -> str:
        return folder_of(self.path)

    @property
    def basedpyright(self) -> bool:
        return self.table == ("tool", "basedpyright")

    def relative(self, project: Project, rel: str) -> str | None:
        """A folder of `project` as this configuration names it (relative to its folder); None when outside."""
        path = project.path(rel).rstrip("/")
        if self.folder and not (path == self.folder or path.startswith(self.folder + "/")):
            return None
        return os.path.relpath(path, self.folder or ".").replace(os.sep, "/")

    def sources(self) -> list[str]:
        return _unique(self.relative(p, d) for p in self.governs for d in p.source_dirs)

    def migrations(self) -> list[str]:
        return _unique(self.relative(p, d) for p in self.governs for d in p.migration_dirs)

    @property
    def floor(self) -> tuple[int, int] | None:
        floors = [p.python_floor for p in self.governs if p.python_floor]
        return min(floors) if floors else None

    def floors_differ(self) -> bool:
        return len({p.python_floor for p in self.governs if p.python_floor}) > 1

    @property
    def uses_uv(self) -> bool:
        return bool(self.governs) and all(p.uses_uv for p in self.governs)

    def venv_path(self) -> str | None:
        """Where `uv sync` puts `.venv`, relative to this configuration: the workspace's root for members (one
        environment for the whole workspace), else the project's own folder; None when the projects disagree."""
        homes = {p.workspace if p.workspace is not None else p.dir for p in self.governs}
        if len(homes) != 1:
            return None
        return os.path.relpath(homes.pop() or ".", self.folder or ".").replace(os.sep, "/")


def settings_table(repo: Repository, folder: str) -> tuple[str, ...] | None:
    """The pyproject table holding pyright's settings in `folder`, if any."""
    data = repo.pyprojects.get(folder)
    tool = data.get("tool") if isinstance(data, dict) else None
    for table in TABLES:
        if isinstance(tool, dict) and isinstance(tool.get(table[1]), dict):
            return table
    return None


def config_in(repo: Repository, folder: str) -> tuple[str, tuple[str, ...]] | None:
    """The configuration in `folder` itself: pyrightconfig.json wins over pyproject.toml, as in pyright."""
    base = f"{folder}/" if folder else ""
    if repo.snapshot.exists(base + JSON_NAME):
        return base + JSON_NAME, ()
    table = settings_table(repo, folder)
    return (base + "pyproject.toml", table) if table else None


def nearest(repo: Repository, folder: str) -> tuple[str, tuple[str, ...]] | None:
    return next((found for each in ancestors(folder) if (found := config_in(repo, each))), None)


def configs(repo: Repository) -> dict[str, PyrightConfig]:
    """Every configuration that checks some project, by path, and the ones to create."""
    governs: dict[str, list[Project]] = {}
    tables: dict[str, tuple[str, ...]] = {}
    created: set[str] = set()
    for project in repo.projects:
        if project.path("pyproject.toml") in repo.unparsable:
            continue  # whether it configures pyright is unknown: its parse error is reported instead
        found = nearest(repo, project.dir)
        if found is None:
            home = project.workspace if project.workspace is not None else project.dir
            found = (f"{home}/{JSON_NAME}" if home else JSON_NAME, ())
            created.add(found[0])
        path, table = found
        governs.setdefault(path, []).append(project)
        tables[path] = table
    found = {
        path: PyrightConfig(path, tuple(projects), tables[path], path in created) for path, projects in governs.items()
    }
    # a configuration is created only where it would check some project's sources
    return {path: config for path, config in found.items() if not config.created or config.sources()}


def _unique(items: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))
