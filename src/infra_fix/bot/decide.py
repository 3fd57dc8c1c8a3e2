"""The pull-request state machine: from what the bot sees to the one thing it does. Pure, so every rule of
etiquette is a unit test.

The etiquette, from the complaints users have about Renovate and Dependabot: one pull request per branch, never a
force-push over someone else's commits (say so once, then keep quiet), no rebase storms (rebuild only when the
change set changed or no longer merges, or as `--rebase-when` says), a pull request a human closed stays closed
for that change set (for an adoption, for good: declining to adopt a tool is the decision, whatever the file
becomes), and a pull request that is no longer needed is closed with the reason.
"""

from __future__ import annotations

import enum

from msgspec import Struct


class Do(enum.Enum):
    NOTHING = "nothing"
    OPEN = "open"  # push the branch, open the pull request
    UPDATE = "update"  # push the branch and/or rewrite the body of the open pull request
    CLOSE = "close"  # comment, close the pull request, delete the branch
    DELETE_BRANCH = "delete-branch"  # no pull request, a leftover branch of the bot's own
    STOP = "stop"  # someone else's commits are on the branch


class Branch(Struct, frozen=True):
    sha: str
    foreign: tuple[str, ...]  # commits by anyone other than the bot, as "abc1234 (name)"
    behind: bool  # the base has moved since the branch was made
    conflicts: bool  # the branch no longer merges cleanly into the base


class Seen(Struct, frozen=True):
    has_changes: bool
    fingerprint: str
    body: str
    open_pr: int | None
    open_fingerprint: str | None
    open_body: str
    closed_same: int | None  # a pull request a human closed unmerged, for this same change set
    branch: Branch | None
    warned: bool  # the open pull request already has our comment about someone else's commits
    errors: bool = False  # a file could not be read or parsed: its fixes are unknown
    declined_for_good: bool = False  # an adoption: `closed_same` is any pull request a human closed on its branch


class Decision(Struct, frozen=True):
    do: Do
    why: str
    push: bool = False
    body: bool = False
    comment: bool = False  # STOP: say it on the pull request (once)
    delete_branch: bool = False


def decide(seen: Seen, *, force: bool, rebase_when: str) -> Decision:
    branch = seen.branch
    others = bool(branch and branch.foreign)
    if not seen.has_changes and seen.errors:
        return Decision(Do.NOTHING, "a file could not be read or parsed: nothing is closed or deleted")
    if not seen.has_changes:
        return _compliant(seen, others)
    if others and not force:
        who = ", ".join(branch.foreign) if branch else ""
        why = f"the branch has commits by someone else ({who}); not force-pushing over them (--force would)"
        return Decision(Do.STOP, why, comment=seen.open_pr is not None and not seen.warned)
    if seen.open_pr is None:
        if seen.closed_same is not None and seen.declined_for_good:
            why = f"#{seen.closed_same} was closed unmerged: this adoption was declined, and is not proposed again"
            return Decision(Do.NOTHING, why)
        if seen.closed_same is not None:
            return Decision(Do.NOTHING, f"#{seen.closed_same} was closed unmerged for this same change set")
        return Decision(Do.OPEN, "fixes to propose", push=True)
    push, why = _needs_push(seen, branch, force=force, rebase_when=rebase_when)
    body = seen.body != seen.open_body
    if not push and not body:
        return Decision(Do.NOTHING, f"#{seen.open_pr} is up to date")
    return Decision(Do.UPDATE, why if push else "the description changed", push=push, body=body)


def _compliant(seen: Seen, others: bool) -> Decision:
    if seen.open_pr is not None:
        return Decision(Do.CLOSE, "nothing left to fix", delete_branch=seen.branch is not None)
    if seen.branch is not None and not others:
        return Decision(Do.DELETE_BRANCH, "nothing left to fix; the branch has no pull request", delete_branch=True)
    if seen.branch is not None:
        return Decision(Do.NOTHING, "nothing left to fix; the branch has commits by someone else: kept")
    return Decision(Do.NOTHING, "nothing left to fix")


def _needs_push(seen: Seen, branch: Branch | None, *, force: bool, rebase_when: str) -> tuple[bool, str]:
    if branch is None:
        return True, "the branch is gone"
    if branch.foreign and force:
        return True, "--force: resetting the branch over commits by someone else"
    if seen.open_fingerprint != seen.fingerprint:
        return True, "the change set changed"
    if rebase_when == "behind-base-branch" and branch.behind:
        return True, "the base moved (--rebase-when behind-base-branch)"
    if rebase_when == "conflicted" and branch.conflicts:
        return True, "the branch no longer merges cleanly into the base"
    return False, "up to date"
