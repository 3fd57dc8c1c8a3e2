"""CI004: a gating workflow runs on pull requests and on pushes to the protected branches.

The branches are the setting, else the default branch where it is known (origin/HEAD, or what every workflow's
filters agree on); a default branch is never guessed.
"""

from __future__ import annotations

import fnmatch
import re
from typing import Any

from ...edit.splice import Splice
from ...facts.workflows.expressions import on_push
from ...facts.workflows.survey import Survey, survey
from ...fixer import Context, check
from .checks import MANUAL, Run, this
from .rules import TRIGGERS
from .workflow import jobs_of, triggers


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
    pull_request_only = _pull_request_context(run.doc.workflow)
    if isinstance(on, str | list):
        events = [on] if isinstance(on, str) else on
        missing = [e for e in ("pull_request", "push") if e not in events]
        if "push" in missing and pull_request_only:
            run.report(TRIGGERS, _not_on_push(wanted, pull_request_only), at=("on",), applicability=MANUAL)
            missing.remove("push")
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
        if _callees_run_on_push(run.doc.workflow, facts):
            return  # a gate over reusable workflows that run on push themselves (mem0's ci-gate.yml)
        if pull_request_only:
            run.report(TRIGGERS, _not_on_push(wanted, pull_request_only), at=("on",), applicability=MANUAL)
            return
        if not wanted:
            run.report(TRIGGERS, "workflow is not triggered on push to the default branch, which cannot be told here "
                       "(no origin/HEAD, and the workflows' branch filters do not agree): add `push: branches: "
                       "[<default branch>]`", at=("on",), applicability=MANUAL)  # fmt: skip
            return
        push = {"branches": list(wanted), **_path_filters(on.get("pull_request"))}
        scope = " (the pull_request trigger's paths filter kept)" if len(push) > 1 else ""
        run.report(TRIGGERS, f"workflow is not triggered on push to {', '.join(wanted)}{scope}", at=("on",),
                   edit=lambda: run.doc.add_block_key(("on",), "push", push), respect=("on",),
                   values=["push"])  # fmt: skip
    elif isinstance(on.get("push"), dict):
        _push_filter(run, on["push"], wanted)


_PR_CONTEXT = re.compile(r"github\.event\.pull_request\b|github\.(?:head|base)_ref\b|GITHUB_(?:HEAD|BASE)_REF\b|"
                         r"github\.event\.number\b")  # fmt: skip


def _pull_request_context(data: Any) -> list[str]:  # noqa: ANN401
    """What a workflow reads that only a pull request run has (`github.head_ref`, `GITHUB_BASE_REF`,
    `github.event.pull_request...`): on a push those are empty, so `prek run --from-ref origin/$GITHUB_BASE_REF`
    fails and a step that pushes fixes to the PR branch goes astray. `concurrency` groups (`github.head_ref ||
    github.run_id`) and whatever an `if:` false on a push guards are fine; a condition on the pull request that is true
    on a push (`github.event.pull_request.draft == false`: null is false there) guards nothing."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "if" in node and on_push(node["if"]) is False:
                return  # a job or step a push does not run (`if: github.event_name == 'pull_request'`)
            for key, value in node.items():
                if key not in ("concurrency", "if"):  # a condition true on push reads nothing that fails
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str):
            found.update(m.group(0) for m in _PR_CONTEXT.finditer(node))

    walk({k: v for k, v in data.items() if k != "on"} if isinstance(data, dict) else data)
    return sorted(found)


def _path_filters(pull: Any) -> dict[str, Any]:  # noqa: ANN401
    """A path-filtered pull_request trigger (a monorepo package's CI, tests that cost money) keeps its scope on push:
    without the filter, every push to main would run it."""
    if not isinstance(pull, dict):
        return {}
    return {k: list(pull[k]) for k in ("paths", "paths-ignore") if isinstance(pull.get(k), list)}


def _callees_run_on_push(data: Any, facts: Survey) -> bool:  # noqa: ANN401
    """Whether the workflow calls local reusable workflows that are triggered on push themselves: then the checks it
    gates run after merging already, and a push trigger here would run them twice."""
    uses = [str(job.get("uses", "")) for job in jobs_of(data).values()]
    called = [u[2:] for u in uses if u.startswith("./.github/workflows/")]
    return any(c in facts.workflows and "push" in triggers(facts.workflows[c].data) for c in called)


def _not_on_push(wanted: tuple[str, ...], context: list[str]) -> str:
    where = ", ".join(wanted) or "the default branch"
    return (
        f"workflow is not triggered on push to {where}; not added: it reads pull-request context a push run "
        f"does not have ({', '.join(context)}), so run the checks on push in another workflow"
    )


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
    if "branches" not in push and "branches-ignore" not in push and "tags" in push:
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
