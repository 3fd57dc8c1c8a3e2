"""What the uv rules know of a repository: which projects keep a lock of their own, what git says of each lock,
and which workspace members can be locked on their own.

A workspace shares one lock at its root (uv ignores a member's own uv.lock inside the workspace); a member can have
a lock of its own only when it resolves without the workspace: no `{ workspace = true }` source (uv refuses it
outside the workspace), no relative `path` source (it would point elsewhere from a copy), no dynamic dependencies
(uv would have to build the member, which a lone pyproject.toml cannot). Verified with uv 0.13.9: outside the
workspace a `{ workspace = true }` source fails to parse, and a dynamic version or dependencies make uv build.
"""

from __future__ import annotations

import re
from typing import Any

from msgspec import Struct

from ...facts import Project, Repository, Shape

_IGNORED_BY = re.compile(r"(?P<source>.*?):(?P<line>\d+):\s?(?P<pattern>.*)")


def lock_of(project: Project) -> str:
    """Where the project's own lock is (its workspace root's folder, for a workspace root)."""
    return project.path("uv.lock")


def ignored_by(repo: Repository, project: Project) -> tuple[str, int, str] | None:
    """The (file, line, pattern) of the ignore rule git applies to the project's uv.lock, or None where none does
    or git was not asked (outside git: unknown, never taken for "not ignored" nor for "ignored")."""
    try:
        rule = repo.snapshot.git_ignores(lock_of(project))
    except KeyError:
        return None
    match = _IGNORED_BY.fullmatch(rule) if rule else None
    return (match.group("source"), int(match.group("line")), match.group("pattern")) if match else None


def uses_uv(repo: Repository, project: Project) -> bool:
    """A project uv manages: a lock, `[tool.uv]` settings, a workspace; or a `.gitignore` line naming uv.lock
    (someone had one to ignore). `[tool.uv] managed = false` says uv does not (onyx's Go CLI)."""
    if Shape().table(project.pyproject, "tool", "uv").get("managed") is False:
        return False
    if project.uses_uv or project.members:
        return True
    ignored = ignored_by(repo, project)
    return ignored is not None and "uv.lock" in ignored[2]


def lock_owners(repo: Repository) -> tuple[Project, ...]:
    """The selected projects that keep a lock of their own: the root's, workspace roots, standalone projects (a
    workspace member's lock is its workspace's)."""
    return tuple(p for p in repo.chosen if p.kind != "member" and uses_uv(repo, p))


class MemberLock(Struct, frozen=True):
    """A workspace member with a uv.lock of its own, and why it cannot be locked on its own (None: it can)."""

    member: Project
    blocked: str | None


def member_locks(repo: Repository, root: Project) -> tuple[MemberLock, ...]:
    found = []
    for folder in root.members:
        member = repo.project(folder)
        if member is not None and repo.snapshot.exists(member.path("uv.lock")):
            found.append(MemberLock(member, not_standalone(member.pyproject)))
    return tuple(found)


def not_standalone(pyproject: dict[str, Any] | None) -> str | None:
    """Why a member cannot be locked outside its workspace, or None."""
    shape = Shape()
    for name, source in shape.table(pyproject, "tool", "uv", "sources").items():
        for entry in source if isinstance(source, list) else [source]:
            if isinstance(entry, dict) and entry.get("workspace") is True:
                return f"its dependency `{name}` comes from the workspace (`{{ workspace = true }}`)"
            path = entry.get("path") if isinstance(entry, dict) else None
            if isinstance(path, str) and not path.startswith("/"):
                return f"its dependency `{name}` is a relative path"
    dynamic = shape.strings(pyproject, "project", "dynamic")
    built = [f for f in ("version", "dependencies", "optional-dependencies", "requires-python") if f in dynamic]
    if built:
        return f"its {built[0]} is dynamic (uv would have to build it, from more than its pyproject.toml)"
    return None


def package_name(project: Project) -> str:
    """The name `--package` takes: the project's `name`, else its folder's."""
    name = Shape().string(project.pyproject, "project", "name")
    return name or project.dir.rsplit("/", 1)[-1]


def requires_python(project: Project) -> str | None:
    return Shape().string(project.pyproject, "project", "requires-python")


__all__ = [
    "MemberLock",
    "ignored_by",
    "lock_of",
    "lock_owners",
    "member_locks",
    "not_standalone",
    "package_name",
    "requires_python",
    "uses_uv",
]
