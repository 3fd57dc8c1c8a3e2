"""UV001: a uv.lock that git ignores is un-ignored, in the `.gitignore` whose rule ignores it.

What git ignores is git's answer (`Snapshot.git_ignores`, asked once at load): a commented `#uv.lock` ignores
nothing, `*.lock` does, and a rule in a subfolder's `.gitignore` wins over the root's. The line naming exactly the
lock goes where nothing else in the file would still ignore it (commented out, `#uv.lock`, where a comment above
labels it: the label keeps its line, and the file says the lock was considered). Otherwise (a `*.lock`, a second
rule) a negation `!/uv.lock`, anchored to the lock, goes at the end of that file, after the rule it overrides, so
that git's last-match-wins reading un-ignores it and nothing else. A rule in `.git/info/exclude` or a global
excludes file is no file of the repository: the lock's absence is reported (UV002) with the rule that keeps it out.
"""

from __future__ import annotations

import posixpath

from msgspec import Struct

from ...edit.lines import PatternList
from ...facts import Project, Repository
from ...fixer import Context, FileRun, check
from ...snapshot import compile_patterns
from .analysis import ignored_by, lock_of, lock_owners
from .rules import LOCK_IGNORED

Run = FileRun[PatternList]


class IgnoredLock(Struct, frozen=True):
    project: Project
    source: str  # the file holding the rule
    line: int
    pattern: str


def ignored_locks(repo: Repository) -> tuple[IgnoredLock, ...]:
    found = []
    for project in lock_owners(repo):
        rule = ignored_by(repo, project)
        if rule is not None:
            found.append(IgnoredLock(project, *rule))
    return tuple(found)


def targets(ctx: Context) -> tuple[str, ...]:
    """The `.gitignore`s of the repository whose rules ignore a lock."""
    found = [i.source for i in ctx.shared(ignored_locks) if ctx.snapshot.exists(i.source)]
    return tuple(dict.fromkeys(found))


def open_gitignore(path: str, text: str, ctx: Context) -> PatternList:
    return PatternList(text)


@check(LOCK_IGNORED)
def unignore(run: Run) -> None:
    for lock in run.ctx.shared(ignored_locks):
        relative = posixpath.relpath(lock_of(lock.project), posixpath.dirname(run.path) or ".")
        if lock.source != run.path or lock.pattern not in run.doc.data or f"!/{relative}" in run.doc.data:
            continue  # git's answer is of the file as it was: an edit in this run may have changed it since
        where = lock.project.dir or "the project"
        message = (
            f"git ignores the uv.lock of {where} (`{lock.pattern}`): commit it, so every install resolves the same"
        )
        run.report(LOCK_IGNORED, message, line=lock.line, respect=(lock.pattern,), values=["uv.lock"],
                   edit=lambda r=relative, p=lock.pattern: _unignore(run.doc, r, p))  # fmt: skip


def _unignore(doc: PatternList, relative: str, pattern: str) -> bool:
    others = [p for p in doc.data if p != pattern]
    if _names(pattern, relative) and not any(_matches(p, relative) for p in others):
        return doc.comment_out(pattern) if _labelled(doc.text, pattern) else doc.remove(pattern)
    return doc.append([f"!/{relative}"])


def _labelled(text: str, pattern: str) -> bool:
    """A comment directly above the line (`# uv`): removing the line would leave it labelling the next one."""
    lines = text.split("\n")
    return any(i and lines[i - 1].startswith("#") for i, line in enumerate(lines) if line.rstrip() == pattern)


def _names(pattern: str, relative: str) -> bool:
    """Whether the pattern is a line for exactly this lock (`uv.lock`, `/uv.lock`, `**/uv.lock`, `app/uv.lock`)."""
    bare = pattern.removeprefix("**/").removeprefix("/")
    return bare in ("uv.lock", relative)


def _matches(pattern: str, relative: str) -> bool:
    """Whether another pattern of the file could ignore the lock too (then removing one line is not enough)."""
    if pattern.startswith("!") or pattern.endswith("/"):
        return False  # a negation un-ignores; a folder pattern ignores no file
    if "/" not in pattern:
        return bool(compile_patterns((pattern,))(posixpath.basename(relative)))
    return bool(compile_patterns((pattern.lstrip("/"),))(relative))
