"""Which type checker a project has chosen. The blueprint's is pyright; a project that runs or configures mypy, ty,
pyrefly or pytype, and shows no sign of pyright, has chosen another one, and a second type checker is not a fix
to make for it: a pyright configuration or job for it is a manual finding that names what it uses.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .commands.scan import OTHER_TYPE_CHECKERS, PYRIGHT
from .project import Project
from .repository import Repository

if TYPE_CHECKING:
    from .workflows.survey import Survey

_CONFIG_FILES = {"mypy.ini": "mypy", ".mypy.ini": "mypy", "ty.toml": "ty", "pyrefly.toml": "pyrefly"}
_PYRIGHT_PACKAGES = {"pyright", "basedpyright"}


def other_type_checker(repo: Repository, facts: Survey, project: Project) -> str | None:
    """The type checker the project uses instead of pyright, with where it shows (`mypy (mypy.ini)`); None when it
    uses pyright too, or none at all."""
    if _uses_pyright(repo, facts, project):
        return None
    ran = sorted(
        {h.check for h in facts.hits | facts.routine if h.check in OTHER_TYPE_CHECKERS and h.covers(project.dir)}
    )
    if ran:
        return f"{ran[0]} (run by the project's checks)"
    for folder in _homes(project):
        for name, checker in _CONFIG_FILES.items():
            path = f"{folder}/{name}" if folder else name
            if repo.snapshot.exists(path):
                return f"{checker} ({path})"
        setup_cfg = repo.snapshot.text(f"{folder}/setup.cfg" if folder else "setup.cfg") or ""
        if re.search(r"(?m)^\[mypy\]", setup_cfg):
            return f"mypy (the [mypy] section of {folder + '/' if folder else ''}setup.cfg)"
        tool = _tool(repo, folder)
        for checker in OTHER_TYPE_CHECKERS:
            if isinstance(tool.get(checker), dict):
                return f"{checker} ([tool.{checker}])"
    required = sorted(project.requirements & set(OTHER_TYPE_CHECKERS))
    return f"{required[0]} (a dependency)" if required else None


def _uses_pyright(repo: Repository, facts: Survey, project: Project) -> bool:
    if any(h.check == PYRIGHT and h.covers(project.dir) for h in facts.hits | facts.routine):
        return True
    if project.requirements & _PYRIGHT_PACKAGES:
        return True
    folder = project.dir
    while True:
        path = f"{folder}/pyrightconfig.json" if folder else "pyrightconfig.json"
        tool = _tool(repo, folder)
        if (
            repo.snapshot.exists(path)
            or isinstance(tool.get("pyright"), dict)
            or isinstance(tool.get("basedpyright"), dict)
        ):
            return True
        if not folder:
            return False
        folder = folder.rpartition("/")[0]


def _homes(project: Project) -> list[str]:
    """Where the project's type-checker settings may live: its folder, and its workspace root's."""
    return list(dict.fromkeys(f for f in (project.dir, project.workspace) if f is not None))


def _tool(repo: Repository, folder: str) -> dict[str, object]:
    data = repo.pyprojects.get(folder)
    tool = data.get("tool") if isinstance(data, dict) else None
    return tool if isinstance(tool, dict) else {}


__all__ = ["other_type_checker"]
