"""UV004 in a workspace root's Makefile: `sync-locks` for the members that keep a lock of their own.

uv gives a workspace one lock; a member's own uv.lock is read only where the member is built alone (its folder as
the build context). The blueprint regenerates those in a temporary copy of each member, where uv cannot see the
workspace. Its loop hides a failure (only the last member's status reaches make) and fails on any member with a
workspace source. So the target is written only for members that lock on their own (analysis.not_standalone),
from the member list, under `set -e`, and it starts from the member's current lock so that only what the
pyproject changed moves. A single-lock workspace (no member lock) needs no target and is never told to add one.

An existing `sync-locks` is never rewritten: a loop that can hide a failure, or a member listed that cannot be
locked on its own, is reported.
"""

from __future__ import annotations

import posixpath
import re
import shlex

from ...edit.makefile import Rule, joined
from ...edit.makefile_doc import MakefileDocument, NewRule
from ...facts import Repository
from ...fixer import FileRun, check
from ..make.analysis import project_of
from .analysis import member_locks
from .rules import SYNC_LOCKS

Run = FileRun[MakefileDocument]
TARGET = "sync-locks"


def sync_locks_rule(members: list[str]) -> NewRule:
    """The target, for member folders relative to the Makefile's."""
    listed = " ".join(shlex.quote(m) for m in members)
    lines = (
        f"@set -e; for member in {listed}; do \\",
        "\ttmp=$$(mktemp -d); \\",
        '\tcp "$$member/pyproject.toml" "$$tmp/"; \\',
        '\tif [ -f "$$member/uv.lock" ]; then cp "$$member/uv.lock" "$$tmp/"; fi; \\',
        '\tuv lock --directory "$$tmp" || { rm -rf "$$tmp"; exit 1; }; \\',
        '\tcp "$$tmp/uv.lock" "$$member/uv.lock"; \\',
        '\trm -rf "$$tmp"; \\',
        "done",
    )
    recipe = "\n\t".join(lines)  # one recipe line, continued: its physical lines after the first start with tabs
    return NewRule(TARGET, (), (recipe,), "Regenerate the lock files of the members built on their own")


def standalone_member_locks(repo: Repository, path: str) -> list[str]:
    """The members of the workspace whose root holds the Makefile at `path` that keep a lock of their own and can
    be locked on their own (folders relative to the Makefile's)."""
    project = project_of(repo, path)
    if project is None or not project.members:
        return []
    folder = posixpath.dirname(path) or "."
    return [posixpath.relpath(lock.member.dir, folder) for lock in member_locks(repo, project) if not lock.blocked]


@check(SYNC_LOCKS)
def sync_locks(run: Run) -> None:
    doc = run.doc
    project = project_of(run.ctx.repo, run.path)
    if project is None or not project.members:
        return
    existing = doc.parsed.rules_of(TARGET)
    if existing:
        folder = posixpath.dirname(run.path) or "."
        locks = member_locks(run.ctx.repo, project)
        blocked = {posixpath.relpath(lock.member.dir, folder): lock.blocked for lock in locks if lock.blocked}
        _judge(run, existing[0], blocked)
        return
    standalone = standalone_member_locks(run.ctx.repo, run.path)
    if not standalone:
        return
    rule = sync_locks_rule(standalone)
    run.report(SYNC_LOCKS, f"{', '.join(standalone)} keep locks of their own, which `uv lock` never updates: add "
               f"`{TARGET}`", line=1, edit=lambda: doc.append_rules([rule]))  # fmt: skip


def _judge(run: Run, rule: Rule, blocked: dict[str, str]) -> None:
    """An existing target: a loop that hides failures, or a member that cannot be locked alone."""
    text = "\n".join(joined(x) for x in rule.recipe)
    line = run.doc.origins.original(rule.header.start + 1)
    parsed = run.doc.parsed
    errexit = any(a.name == ".SHELLFLAGS" and re.search(r"-[a-z]*e", a.value) for a in parsed.assignments)
    errexit = errexit or ".POSIX" in parsed.defined  # make runs the shell with -e under .POSIX
    loud = errexit or re.search(r"\bset\s+(?:-[a-z]*e|-o\s+errexit)|\|\|\s*(?:exit|false|return)\b", text)
    if re.search(r"\bfor\b[^\n]*\bdo\b", text) and not loud:
        run.report(SYNC_LOCKS, f"`{TARGET}` loops over members without `set -e` (or `|| exit 1`): a member that "
                   "fails to lock is hidden, and only the last one's status reaches make", line=line)  # fmt: skip
    for member, why in blocked.items():
        if re.search(rf"(?<![\w./-]){re.escape(member)}(?![\w./-])", text):
            run.report(SYNC_LOCKS, f"`{TARGET}` locks {member} on its own, which fails: {why}", line=line)
