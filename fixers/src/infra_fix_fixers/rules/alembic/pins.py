"""The versions a project pins of the packages its migrations run on: alembic (AL006: `compare_type`'s default)
and SQLAlchemy (AL001/AL002: get_url() builds the URL with `URL.create`, new in SQLAlchemy 1.4)."""

from __future__ import annotations

from ...facts.pins import all_requirements, canonical, locked_version, pinned_version, requirement_lines
from ...fixer import Context


def pinned(ctx: Context, package: str) -> str | None:
    """The version of `package` the project pins: its lock, else a `package==X` requirement (pyproject,
    requirements.txt, requirements.in); None where nothing pins it."""
    project = ctx.project
    if project is None:
        return None
    if project.lock:
        locked = locked_version(ctx.snapshot.text(project.lock), package)
        if locked:
            return locked
    requirements = all_requirements(project.pyproject)
    name = canonical(package)
    for file in ("requirements.txt", "requirements.in"):
        requirements += [r for r in requirement_lines(ctx.snapshot.text(project.path(file))) if name in canonical(r)]
    return pinned_version(requirements, package)


def older(version: str | None, than: tuple[int, int]) -> bool:
    """Whether a pinned version is older than `than` (False where nothing is pinned or it does not parse)."""
    from packaging.version import InvalidVersion, Version

    if version is None:
        return False
    try:
        return Version(version).release[:2] < than
    except InvalidVersion:
        return False
