"""RN004-RN007: `.github/workflows/renovate.yml`, the scheduled workflow that runs Renovate (this fixer owns that
workflow; the CI fixer leaves it alone).

The schedule trap: cron ORs day-of-month and day-of-week when both are restricted, so `0 2 1-7 * 1` runs on days
1-7 *and* on every Monday. The first Monday of a month is scheduled as `0 2 1-7 * *` plus a gate job that lets
Mondays (and manual runs) through. An existing workflow with the bug is reported, not rewritten: the fix needs that
gate wired into the user's own jobs (`needs:` and `if:`, which they may already use), and changing the cron line
alone would make it run on seven days a month.
"""

from __future__ import annotations

import re
from typing import Any

from ...facts.equivalents import renovate_runner
from ...fixer import Context, FileRun, check
from ...model import Adoption, Applicability
from ..ci.workflow import RENOVATE_WORKFLOWS, WorkflowDocument, triggers
from .config import RENOVATE, config_path, configured, has_sync_locks
from .rules import DISPATCH, SCHEDULE, TOKEN, WORKFLOW_ABSENT

WORKFLOW_PATHS = RENOVATE_WORKFLOWS
_SECRET = re.compile(r"^\s*\$\{\{\s*secrets\.RENOVATE_TOKEN\s*\}\}\s*$")
_LITERAL_TOKEN = re.compile(r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{30,}")
Run = FileRun[WorkflowDocument]


def workflow_path(ctx: Context) -> str:
    return next((p for p in WORKFLOW_PATHS if ctx.snapshot.exists(p)), WORKFLOW_PATHS[0])


def workflow_template(ctx: Context) -> str:
    allowed = ""
    if has_sync_locks(ctx):
        allowed = "\n          RENOVATE_ALLOWED_POST_UPGRADE_COMMANDS: '[\"^make sync-locks$\"]'"
    return f"""name: Renovate

on:
  schedule:
    # The first Monday of each month at 02:00 UTC. Cron ORs day-of-month and day-of-week, so `0 2 1-7 * 1` would
    # also run on every Monday: run on days 1-7 and let the gate job keep only the Monday.
    - cron: "0 2 1-7 * *"
  workflow_dispatch:

permissions: {{}}  # Renovate works with its own token

jobs:
  gate:
    runs-on: ubuntu-latest
    outputs:
      run: ${{{{ steps.day.outputs.run }}}}
    steps:
      - id: day
        run: |
          if [ "$GITHUB_EVENT_NAME" = workflow_dispatch ] || [ "$(date -u +%u)" = 1 ]; then
            echo "run=true" >> "$GITHUB_OUTPUT"
          else
            echo "run=false" >> "$GITHUB_OUTPUT"
          fi

  renovate:
    needs: gate
    if: needs.gate.outputs.run == 'true'
    runs-on: ubuntu-latest
    steps:
      - uses: {ctx.settings.blueprint.renovate_action}
        with:
          token: ${{{{ secrets.RENOVATE_TOKEN }}}}
        env:
          RENOVATE_REPOSITORIES: ${{{{ github.repository }}}}{allowed}
"""


def runner(ctx: Context) -> str | None:
    """What already runs Renovate itself: its workflow, or another workflow or task running its action."""
    path = workflow_path(ctx)
    return path if ctx.snapshot.exists(path) else renovate_runner(ctx.snapshot)


def create(run: FileRun[None]) -> None:
    """With no Renovate config either, a part of adopting Renovate, made only with its config. Beside a config that
    holds only the defaults, the workflow is the human's call: that config is what infra-fix writes and what the
    Renovate app's onboarding writes, so it proves neither that the app runs nor that it does not."""
    if configured(run.ctx.snapshot):
        run.report(WORKFLOW_ABSENT, f"nothing here runs Renovate for {config_path(run.ctx.snapshot)}, which holds only "
                   "the defaults: if the Renovate app is installed, ignore RN004 (ignore-reasons says why); otherwise "
                   f"add {run.path} (infra-fix --diff on a repository without a Renovate config shows it)",
                   applicability=Applicability.MANUAL)  # fmt: skip
        return
    message = f"no Renovate workflow: create {run.path} once a RENOVATE_TOKEN repository secret exists (it fails " \
              "every month without one)"  # fmt: skip
    run.create(WORKFLOW_ABSENT, message, lambda: workflow_template(run.ctx),
               adopts=Adoption(RENOVATE, "runner", needs=("config",)))  # fmt: skip


@check(DISPATCH)
def dispatch(run: Run) -> None:
    if "workflow_dispatch" in triggers(run.doc.workflow):
        return
    message = "no `workflow_dispatch`: Renovate cannot be run on demand"
    if isinstance(run.doc.workflow.get("on"), dict):  # a block of events takes one more key; a list is left to a human
        run.report(
            DISPATCH, message, at=("on",), edit=lambda: run.doc.add_block_key(("on",), "workflow_dispatch", None)
        )
    else:
        run.report(DISPATCH, message, at=("on",), applicability=Applicability.MANUAL)


@check(SCHEDULE)
def schedule(run: Run) -> None:
    schedule = triggers(run.doc.workflow).get("schedule")
    crons = [e.get("cron") for e in schedule if isinstance(e, dict)] if isinstance(schedule, list) else []
    if not crons:
        run.report(SCHEDULE, 'no schedule: add `schedule: [{cron: "0 2 1-7 * *"}]` and a Monday gate (see the '
                   "template: infra-fix --diff on a repository without renovate.yml)", at=("on",))  # fmt: skip
    for index, cron in enumerate(crons):
        fields = str(cron).split()
        where = ("on", "schedule", index, "cron")
        if len(fields) == 5 and fields[2] != "*" and fields[4] != "*":
            run.report(SCHEDULE, f"cron `{cron}` runs when the day of month OR the weekday matches, not on their "
                       f"intersection; use `{' '.join(fields[:4])} *` and check the weekday in a step: "
                       "`[ \"$(date -u +%u)\" = 1 ]` (let workflow_dispatch bypass it)", at=where)  # fmt: skip
        elif len(fields) == 5 and fields[2] == "1-7" and not re.search(r"date\b[^\n]*\+%[uwaA]", run.doc.text):
            run.report(SCHEDULE, f"cron `{cron}` runs on each of days 1-7 and nothing checks for Monday: gate the "
                       "job on `[ \"$(date -u +%u)\" = 1 ]`", at=where)  # fmt: skip


@check(TOKEN)
def tokens(run: Run) -> None:
    """`token:` inputs and RENOVATE_TOKEN variables must come from secrets.RENOVATE_TOKEN. A value is never shown."""
    lines: set[int | None] = set()
    for where, value in _token_values(run.doc.workflow):
        lines.add(run.line(where))
        if not isinstance(value, str) or "${{" not in value:
            run.report(TOKEN, f"a literal token at `{'.'.join(map(str, where))}`: move it to the RENOVATE_TOKEN "
                       "secret, revoke this one, and use ${{ secrets.RENOVATE_TOKEN }}", at=where)  # fmt: skip
        elif not _SECRET.match(value):
            run.report(TOKEN, f"`{'.'.join(map(str, where))}` should be ${{{{ secrets.RENOVATE_TOKEN }}}}", at=where,
                       applicability=Applicability.MANUAL)  # fmt: skip
    for match in _LITERAL_TOKEN.finditer(run.doc.text):
        line = run.doc.line_at(match.start())  # the line on disk, as every other finding names it
        if line not in lines:  # a literal `ghp_...` under `token:` is reported once
            lines.add(line)
            run.report(TOKEN, "a GitHub token is written in the file: revoke it and use ${{ secrets.RENOVATE_TOKEN }}",
                       line=line)  # fmt: skip


def _token_values(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], Any]]:
    found: list[tuple[tuple[Any, ...], Any]] = []
    if isinstance(data.get("env"), dict) and "RENOVATE_TOKEN" in data["env"]:
        found.append((("env", "RENOVATE_TOKEN"), data["env"]["RENOVATE_TOKEN"]))
    jobs = data.get("jobs")
    for job_id, job in (jobs if isinstance(jobs, dict) else {}).items():
        if not isinstance(job, dict):
            continue
        if isinstance(job.get("env"), dict) and "RENOVATE_TOKEN" in job["env"]:
            found.append((("jobs", job_id, "env", "RENOVATE_TOKEN"), job["env"]["RENOVATE_TOKEN"]))
        for index, step in enumerate(job.get("steps") or []):
            if not isinstance(step, dict):
                continue
            base = ("jobs", job_id, "steps", index)
            if str(step.get("uses", "")).startswith("renovatebot/") and isinstance(step.get("with"), dict):
                if "token" in step["with"]:
                    found.append(((*base, "with", "token"), step["with"]["token"]))
            if isinstance(step.get("env"), dict) and "RENOVATE_TOKEN" in step["env"]:
                found.append(((*base, "env", "RENOVATE_TOKEN"), step["env"]["RENOVATE_TOKEN"]))
    return found
