"""UV002 (a uv project without its lock), UV003 (`[tool.uv.workspace]` members that are not projects, values of
the wrong shape), UV004's reports (member locks uv ignores): read from each project's pyproject.toml, never edited.

Members are matched as uv matches them: each glob of `members`, relative to the workspace root, against the folders
of the tree, minus `exclude`; a folder a glob takes in must hold a pyproject.toml (uv refuses the workspace
otherwise), and a glob that takes in nothing is a member that is not there.
"""

from __future__ import annotations

import posixpath
from typing import Any

from ...edit.toml import TomlDocument
from ...facts import Shape
from ...fixer import Context, FileRun, check
from ...model import Severity
from ...snapshot import compile_patterns
from .analysis import ignored_by, member_locks, package_name, uses_uv
from .rules import LOCK_ABSENT, MEMBER_LOCKS, WORKSPACE

Run = FileRun[TomlDocument]
_WORKSPACE = ("tool", "uv", "workspace")


def targets(ctx: Context) -> tuple[str, ...]:
    project = ctx.project
    if project is None or project.kind == "member":
        return ()
    path = project.path("pyproject.toml")
    return (path,) if ctx.snapshot.exists(path) else ()


def open_pyproject(path: str, text: str, ctx: Context) -> TomlDocument:
    return TomlDocument(text)


@check(LOCK_ABSENT)
def lock_absent(run: Run) -> None:
    project = run.project
    if not uses_uv(run.ctx.repo, project):
        return
    if run.ctx.snapshot.exists(project.path("uv.lock")):
        return
    ignored = ignored_by(run.ctx.repo, project)
    why = f" (git ignores it: `{ignored[2]}` in {ignored[0]})" if ignored else ""
    line = next((n for n in map(run.doc.line_of, [("tool", "uv"), ("project",)]) if n is not None), 1)
    run.report(LOCK_ABSENT, f"no uv.lock is committed{why}: run `uv lock` and commit it, so installs and images "
               "use the versions tested", line=line)  # fmt: skip


@check(WORKSPACE)
def workspace_members(run: Run) -> None:
    doc = run.doc
    workspace = doc.get(_WORKSPACE)
    if workspace is None:
        return
    if not isinstance(workspace, dict):
        run.report(WORKSPACE, "`tool.uv.workspace` must be a table (uv refuses the project)", at=_WORKSPACE)
        return
    for key in ("members", "exclude"):
        value = workspace.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            run.report(WORKSPACE, f"`tool.uv.workspace.{key}` must be an array of strings (uv refuses the project)",
                       at=(*_WORKSPACE, key))  # fmt: skip
    members = workspace.get("members")
    if not isinstance(members, list):
        return
    for index, glob in enumerate(members):
        if isinstance(glob, str):
            problem = _member_problem(run, glob, workspace)
            if problem:
                refused = "uv refuses" in problem  # a glob matching nothing is a dead entry uv skips: a warning
                run.report(WORKSPACE, f"workspace member `{glob}` {problem}", at=(*_WORKSPACE, "members", index),
                           severity=None if refused else Severity.WARNING)  # fmt: skip


def _member_problem(run: Run, glob: str, workspace: dict[str, Any]) -> str | None:
    snapshot = run.ctx.snapshot
    root = run.project.dir
    base = f"{root}/" if root else ""
    exclude = Shape().strings(workspace, "exclude")
    excluded = compile_patterns(tuple(base + e.strip("/") for e in exclude))
    matches = compile_patterns((base + glob.strip("/").removeprefix("./"),))
    folders = {posixpath.dirname(p) for p in snapshot.paths}
    folders |= {f for p in list(folders) for f in _parents(p)}
    taken = sorted(f for f in folders if f and matches(f) and not excluded(f))
    if not taken:
        return "matches no folder: uv skips it, so nothing is built from it (remove it, or add the project)"
    bare = [f for f in taken if not snapshot.exists(f"{f}/pyproject.toml")]
    if bare:
        shown = ", ".join(bare[:3]) + (", ..." if len(bare) > 3 else "")
        return f"takes in {shown}, with no pyproject.toml: uv refuses the workspace (add one, or `exclude` it)"
    return None


def _parents(folder: str) -> list[str]:
    parts = folder.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


@check(MEMBER_LOCKS)
def member_lock_reports(run: Run) -> None:
    """A member lock uv ignores that cannot be made on its own either: a leftover that misleads (standalone ones get
    a `sync-locks` target: UV005, in the Makefile)."""
    project = run.project
    if not project.members:
        return
    for lock in member_locks(run.ctx.repo, project):
        if lock.blocked:
            run.report(MEMBER_LOCKS, f"{lock.member.dir}/uv.lock is ignored by uv inside the workspace, and "
                       f"{lock.member.dir} cannot be locked on its own: {lock.blocked}; remove the lock and build "
                       f"with `uv sync --frozen --package {package_name(lock.member)}` from the root lock",
                       at=_WORKSPACE)  # fmt: skip
