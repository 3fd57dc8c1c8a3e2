"""CI004: a gating workflow runs on pull requests and on pushes to the protected branches.

The branches are the setting, else the default branch where it is known (origin/HEAD, or what every workflow's
filters agree on); a default branch is never guessed.
"""

from __future__ import annotations

import fnmatch
from typing import Any

from ...edit.splice import Splice
from ...fixer import Context, check
from .checks import MANUAL, Run, this
from .rules import TRIGGERS
from .survey import Survey, survey


def branches(ctx: Context) -> tuple[str, ...]:
    """The protected branches: the setting, else the default branch where it is known."""
    default = ctx.shared(survey).default_branch
    return ctx.settings.blueprint.branches or ((default,) if default else ())


@check(TRIGGERS)
def trigger(run: Run) -> None:
    workflow = this(run)
    facts: Survey = run.ctx.shared(survey)
    if not workflow.gating or not (workflow.checks() or run.path == facts.primary):
        return
    on = run.doc.workflow.get("on")
    wanted = branches(run.ctx)
    if isinstance(on, str | list):
        events = [on] if isinstance(on, str) else on
        missing = [e for e in ("pull_request", "push") if e not in events]
        if missing:
            run.report(TRIGGERS, f"workflow is not triggered on {' and '.join(missing)}", at=("on",),
                       edit=lambda: _extend_events(run, on, missing), respect=("on",), values=missing)  # fmt: skip
        return
    if not isinstance(on, dict):
        return
    if "pull_request" not in on:
        run.report(TRIGGERS, "workflow is not triggered on pull_request", at=("on",),
                   edit=lambda: run.doc.add_block_key(("on",), "pull_request", None), respect=("on",),
                   values=["pull_request"])  # fmt: skip
    else:
        _pull_request_filter(run, on.get("pull_request"), wanted)
    if "push" not in on:
        if not wanted:
            run.report(TRIGGERS, "workflow is not triggered on push to the default branch, which cannot be told here "
                       "(no origin/HEAD, and the workflows' branch filters do not agree): add `push: branches: "
                       "[<default branch>]`", at=("on",), applicability=MANUAL)  # fmt: skip
            return
        run.report(TRIGGERS, f"workflow is not triggered on push to {', '.join(wanted)}", at=("on",),
                   edit=lambda: run.doc.add_block_key(("on",), "push", {"branches": list(wanted)}), respect=("on",),
                   values=["push"])  # fmt: skip
    elif isinstance(on.get("push"), dict):
        _push_filter(run, on["push"], wanted)


def _covers(patterns: Any, branch: str) -> bool:  # noqa: ANN401
    if isinstance(patterns, str):
        patterns = [patterns]
    return isinstance(patterns, list) and any(isinstance(p, str) and fnmatch.fnmatchcase(branch, p) for p in patterns)


def _pull_request_filter(run: Run, pull: Any, wanted: tuple[str, ...]) -> None:  # noqa: ANN401
    if isinstance(pull, dict) and "branches" in pull:
        lacking = [b for b in wanted if not _covers(pull["branches"], b)]
        if lacking:
            run.report(TRIGGERS, f"pull_request's branch filter leaves out {', '.join(lacking)}: pull requests into "
                       "it are not checked", at=("on", "pull_request"), applicability=MANUAL)  # fmt: skip


def _push_filter(run: Run, push: dict[str, Any], wanted: tuple[str, ...]) -> None:
    where = ("on", "push")
    if "branches" not in push and "tags" in push:
        run.report(TRIGGERS, f"push runs only for tags; {', '.join(wanted) or 'the default branch'} is not checked "
                   "after merging", at=where, applicability=MANUAL)  # fmt: skip
        return
    if "branches-ignore" in push and any(_covers(push["branches-ignore"], b) for b in wanted):
        run.report(TRIGGERS, "push's branches-ignore skips the default branch", at=where, applicability=MANUAL)
    if "branches" not in push:
        return
    for branch in wanted:
        if not _covers(push["branches"], branch):
            edit = (lambda b=branch: run.doc.append(("on", "push", "branches"), b)) if isinstance(
                push["branches"], list) else None  # fmt: skip
            run.report(TRIGGERS, f"push's branch filter leaves out {branch}", at=where, edit=edit,
                       respect=(*where, "branches"), values=[branch])  # fmt: skip


def _extend_events(run: Run, on: str | list[str], missing: list[str]) -> bool:
    if isinstance(on, list):
        return all(run.doc.append(("on",), event) for event in missing)
    node = run.doc.node(("on",))
    if node is None or node.kind != "scalar" or node.style is not None:
        return False
    events = [on, *missing]
    return run.doc.splice([Splice(node.start, node.end, "[" + ", ".join(events) + "]")], ("on",), events)
