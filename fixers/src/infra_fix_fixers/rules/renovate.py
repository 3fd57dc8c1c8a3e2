"""RN: Renovate: its config (renovate.json, or whichever of Renovate's config files exists) and
`.github/workflows/renovate.yml` (this fixer owns that workflow; workflows.py leaves it alone).

The schedule trap: cron ORs day-of-month and day-of-week when both are restricted, so `0 2 1-7 * 1` runs on days
1-7 *and* on every Monday. The first Monday of a month is scheduled as `0 2 1-7 * *` plus a gate job that lets
Mondays (and manual runs) through. An existing workflow with the bug is reported, not rewritten: the fix needs that
gate wired into the user's own jobs (`needs:` and `if:`, which they may already use), and changing the cron line
alone would make it run on seven days a month.
"""

from __future__ import annotations

import re
from typing import Any

from ..edit.jsonc import JsoncDocument, dumps
from ..facts import Facts
from ..fixer import Context, Fixer, Outcome
from ..model import Applicability, Finding, ParseError
from ..snapshot import Snapshot
from . import _ci_scan as scan
from ._gha import RENOVATE_WORKFLOWS, WorkflowRun
from ._renovate_rules import CONFIG_ABSENT, DEFAULTS, DISPATCH, RULES, SCHEDULE, SYNC_LOCKS, TOKEN, WORKFLOW_ABSENT

CONFIG_PATHS = (
    "renovate.json",
    "renovate.json5",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".renovaterc",
    ".renovaterc.json",
    ".renovaterc.json5",
)  # Renovate's own search order
WORKFLOW_PATHS = RENOVATE_WORKFLOWS
SCHEMA = "https://docs.renovatebot.com/renovate-schema.json"
SYNC = "make sync-locks"
_SECRET = re.compile(r"^\s*\$\{\{\s*secrets\.RENOVATE_TOKEN\s*\}\}\s*$")
_LITERAL_TOKEN = re.compile(r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{30,}")


def config_path(snapshot: Snapshot) -> str:
    return next((p for p in CONFIG_PATHS if snapshot.exists(p)), CONFIG_PATHS[0])


def workflow_path(snapshot: Snapshot) -> str:
    return next((p for p in WORKFLOW_PATHS if snapshot.exists(p)), WORKFLOW_PATHS[0])


def targets(snapshot: Snapshot, facts: Facts) -> tuple[str, ...]:
    return config_path(snapshot), workflow_path(snapshot)


def has_sync_locks(snapshot: Snapshot) -> bool:
    return "sync-locks" in scan.makefile_targets(snapshot.text("Makefile") or "")


def sync_tasks() -> dict[str, Any]:
    """`make sync-locks` after each upgrade, once per branch, committing the regenerated locks."""
    return {"commands": [SYNC], "fileFilters": ["**/uv.lock"], "executionMode": "branch"}


def config_template(ctx: Context) -> str:
    data: dict[str, Any] = {"$schema": SCHEMA, "extends": ["config:recommended"]}
    if has_sync_locks(ctx.snapshot) and ctx.enabled(SYNC_LOCKS):
        data["postUpgradeTasks"] = sync_tasks()
    return dumps(data, unit="  ")


def workflow_template(ctx: Context) -> str:
    allowed = ""
    if has_sync_locks(ctx.snapshot):
        allowed = "\n          RENOVATE_ALLOWED_POST_UPGRADE_COMMANDS: '[\"^make sync-locks$\"]'"
    return f"""name: Renovate

on:
  schedule:
    # The first Monday of each month at 02:00 UTC. Cron ORs day-of-month and day-of-week, so `0 2 1-7 * 1` would
    # also run on every Monday: run on days 1-7 and let the gate job keep only the Monday.
    - cron: "0 2 1-7 * *"
  workflow_dispatch:

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


def fix(path: str, text: str | None, ctx: Context) -> Outcome:
    if path in WORKFLOW_PATHS:
        return _fix_workflow(path, text, ctx)
    return _fix_config(path, text, ctx)


# -- the config -------------------------------------------------------------------------------------------------------


def _fix_config(path: str, text: str | None, ctx: Context) -> Outcome:
    if text is None:
        if not ctx.enabled(CONFIG_ABSENT):
            return Outcome(None)
        fixed = ctx.may_fix(CONFIG_ABSENT)
        found = ctx.finding(CONFIG_ABSENT, path, f"no Renovate config: create {path}", fixed=fixed)
        return Outcome(config_template(ctx) if fixed else None, (found,))
    doc = JsoncDocument(text)
    if not isinstance(doc.data, dict):
        raise ParseError("a Renovate config must be a JSON object", 1, 1)
    findings: list[Finding] = []
    _defaults(doc, path, ctx, findings)
    if has_sync_locks(ctx.snapshot):
        _sync_locks(doc, path, ctx, findings)
    return Outcome(doc.text if doc.text != text else None, tuple(findings))


def _defaults(doc: JsoncDocument, path: str, ctx: Context, findings: list[Finding]) -> None:
    if not ctx.enabled(DEFAULTS):
        return
    if "$schema" not in doc.data:
        done = doc.set(("$schema",), SCHEMA)
        msg = "no `$schema`: editors cannot validate the config"
        findings.append(ctx.finding(DEFAULTS, path, msg, line=1, fixed=done, applicability=Applicability.SAFE))
    extends = doc.data.get("extends")
    if extends is None:
        done = ctx.may_fix(DEFAULTS) and doc.set(("extends",), ["config:recommended"])
        findings.append(ctx.finding(DEFAULTS, path, 'no `extends`: add ["config:recommended"]', line=1, fixed=done))
    elif isinstance(extends, list) and "config:base" in extends:
        index = extends.index("config:base")
        done = doc.set(("extends", index), "config:recommended")
        msg = "`config:base` is the deprecated name of `config:recommended`"
        findings.append(ctx.finding(DEFAULTS, path, msg, line=doc.line_of(("extends",)), fixed=done,
                                    applicability=Applicability.SAFE))  # fmt: skip


def _sync_locks(doc: JsoncDocument, path: str, ctx: Context, findings: list[Finding]) -> None:
    tasks = doc.data.get("postUpgradeTasks")
    commands = tasks.get("commands") if isinstance(tasks, dict) else None
    if isinstance(commands, list) and SYNC in commands:
        return
    if not ctx.enabled(SYNC_LOCKS):
        return
    if tasks is None:
        done = ctx.may_fix(SYNC_LOCKS) and doc.set(("postUpgradeTasks",), sync_tasks())
    elif isinstance(commands, list):
        done = ctx.may_fix(SYNC_LOCKS) and doc.extend(("postUpgradeTasks", "commands"), [SYNC])
    else:
        done = ctx.may_fix(SYNC_LOCKS) and doc.set(("postUpgradeTasks", "commands"), [SYNC])
    msg = f"the Makefile has a sync-locks target but Renovate does not run `{SYNC}` after upgrades"
    findings.append(ctx.finding(SYNC_LOCKS, path, msg, line=doc.line_of(("postUpgradeTasks",)), fixed=done))


# -- the workflow ------------------------------------------------------------------------------------------------------


def _fix_workflow(path: str, text: str | None, ctx: Context) -> Outcome:
    if text is None:
        if not ctx.enabled(WORKFLOW_ABSENT):
            return Outcome(None)
        fixed = ctx.may_fix(WORKFLOW_ABSENT)
        message = f"no Renovate workflow: create {path} (it needs a RENOVATE_TOKEN repository secret)"
        found = ctx.finding(WORKFLOW_ABSENT, path, message, fixed=fixed)
        return Outcome(workflow_template(ctx) if fixed else None, (found,))
    run = WorkflowRun.open(path, text, ctx)
    _schedule(run)
    if "workflow_dispatch" not in scan.triggers(run.data):
        message = "no `workflow_dispatch`: Renovate cannot be run on demand"
        if isinstance(run.data.get("on"), dict):  # a block of events takes one more key; a list is left to a human
            done = ctx.may_fix(DISPATCH) and run.add_key(("on",), "workflow_dispatch", None)
            run.report(DISPATCH, message, ("on",), fixed=done)
        else:
            run.report(DISPATCH, message, ("on",), applicability=Applicability.MANUAL)
    _tokens(run)
    return Outcome(run.doc.text if run.doc.text != text else None, tuple(run.findings))


def _schedule(run: WorkflowRun) -> None:
    schedule = scan.triggers(run.data).get("schedule")
    crons = [e.get("cron") for e in schedule if isinstance(e, dict)] if isinstance(schedule, list) else []
    if not crons:
        run.report(SCHEDULE, 'no schedule: add `schedule: [{cron: "0 2 1-7 * *"}]` and a Monday gate (see the '
                   "template: infra-fix --diff on a repository without renovate.yml)", ("on",))  # fmt: skip
    for index, cron in enumerate(crons):
        fields = str(cron).split()
        where = ("on", "schedule", index, "cron")
        if len(fields) == 5 and fields[2] != "*" and fields[4] != "*":
            run.report(SCHEDULE, f"cron `{cron}` runs when the day of month OR the weekday matches, not on their "
                       f"intersection; use `{' '.join(fields[:4])} *` and check the weekday in a step: "
                       "`[ \"$(date -u +%u)\" = 1 ]` (let workflow_dispatch bypass it)", where)  # fmt: skip
        elif len(fields) == 5 and fields[2] == "1-7" and not re.search(r"date\b[^\n]*\+%[uwaA]", run.doc.text):
            run.report(SCHEDULE, f"cron `{cron}` runs on each of days 1-7 and nothing checks for Monday: gate the "
                       "job on `[ \"$(date -u +%u)\" = 1 ]`", where)  # fmt: skip


def _tokens(run: WorkflowRun) -> None:
    """`token:` inputs and RENOVATE_TOKEN variables must come from secrets.RENOVATE_TOKEN. A value is never shown."""
    for where, value in _token_values(run.data):
        if not isinstance(value, str) or "${{" not in value:
            run.report(TOKEN, f"a literal token at `{'.'.join(map(str, where))}`: move it to the RENOVATE_TOKEN "
                       "secret, revoke this one, and use ${{ secrets.RENOVATE_TOKEN }}", where)  # fmt: skip
        elif not _SECRET.match(value):
            run.report(TOKEN, f"`{'.'.join(map(str, where))}` should be ${{{{ secrets.RENOVATE_TOKEN }}}}", where,
                       applicability=Applicability.MANUAL)  # fmt: skip
    for match in _LITERAL_TOKEN.finditer(run.doc.text):
        line = run.doc.line_at(match.start())  # the line on disk, as every other finding names it
        run.findings.append(run.ctx.finding(TOKEN, run.path, "a GitHub token is written in the file: revoke it and "
                                            "use ${{ secrets.RENOVATE_TOKEN }}", line=line))  # fmt: skip
    run.findings[:] = _dedupe(run.findings)


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


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per line: a literal `ghp_...` under `token:` is found by both checks."""
    seen: set[tuple[str, int | None]] = set()
    out = []
    for finding in findings:
        key = (finding.code, finding.line)
        if finding.code == TOKEN.code and key in seen:
            continue
        seen.add(key)
        out.append(finding)
    return out


FIXER = Fixer(
    name="renovate",
    rules=RULES,
    reads=(*CONFIG_PATHS, *WORKFLOW_PATHS, "Makefile"),
    targets=targets,
    fix=fix,
    default_path=CONFIG_PATHS[0],
)
