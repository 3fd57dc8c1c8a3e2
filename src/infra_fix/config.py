"""Settings for one repository: `[tool.infra-fix]` in its root pyproject.toml (the repository's), a project's own
table layered on top for that project's files, and the command line's flags over both."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from msgspec import Struct

from infra_fix_fixers import Repository, Settings
from infra_fix_fixers.settings import PackSettings, SettingsError, layer, validate_codes


class Flags(Struct, frozen=True):
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    unsafe_fixes: bool | None = None
    timeout: float | None = None  # seconds for one repository; None or 0: no limit


class Resolved(Struct, frozen=True):
    """The repository's settings and each project's (by folder) that differ from them."""

    repository: Settings
    projects: Mapping[str, Settings]


class BadSettings(SettingsError):
    """A settings table that does not validate, with the file it is in."""

    def __init__(self, path: str, error: SettingsError) -> None:
        super().__init__(str(error))
        self.path = path


def resolve(repo: Repository, flags: Flags, codes: Iterable[str], packs: Iterable[PackSettings] = ()) -> Resolved:
    """Settings for the repository and its projects. Raises BadSettings naming the file with the bad table."""
    known, packs = tuple(codes), tuple(packs)
    folder = home(repo)
    base = _layer(Settings(), repo.pyprojects.get(folder) if folder is not None else None, folder, known, packs)
    projects = {}
    for project in repo.projects:
        if project.dir in (folder, "") or not table(project.pyproject, ""):
            continue
        projects[project.dir] = _flags(_layer(base, project.pyproject, project.dir, known, packs), flags, known)
    return Resolved(_flags(base, flags, known), projects)


def home(repo: Repository) -> str | None:
    """Where the repository's settings live: the root pyproject.toml, or the only project's when there is no root
    one (an app repository with `backend/pyproject.toml`)."""
    if "" in repo.pyprojects:
        return ""
    return repo.projects[0].dir if len(repo.projects) == 1 else None


def table(pyproject: Mapping[str, Any] | None, path: str) -> dict[str, Any]:
    tool = (pyproject or {}).get("tool", {})
    table = tool.get("infra-fix", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise BadSettings(path, SettingsError("[tool.infra-fix] must be a table"))
    return table


def _layer(
    base: Settings,
    pyproject: Mapping[str, Any] | None,
    folder: str | None,
    codes: tuple[str, ...],
    packs: tuple[PackSettings, ...],
) -> Settings:
    path = f"{folder}/pyproject.toml" if folder else "pyproject.toml"
    try:
        return layer(base, table(pyproject, path), codes, packs)
    except BadSettings:
        raise
    except SettingsError as err:
        raise BadSettings(path, err) from None


def _flags(settings: Settings, flags: Flags, codes: tuple[str, ...]) -> Settings:
    """The flags over the files' settings; their codes were checked when the command line was read."""
    if flags.select is not None:
        settings = replace(settings, select=flags.select)
    if flags.ignore is not None:
        settings = replace(settings, ignore=flags.ignore)
    if flags.unsafe_fixes is not None:
        settings = replace(settings, unsafe_fixes=flags.unsafe_fixes)
    return settings


__all__ = ["BadSettings", "Flags", "Resolved", "SettingsError", "resolve", "validate_codes"]
