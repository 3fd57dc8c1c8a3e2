"""Which workflows infra-fix touched, whether each gates merges, and what zizmor says before and after.

"Gating" follows issue 7's principle 2: triggered by pull requests and running checks. Release, deploy,
nightly, scheduled-only, label-gated, bot, benchmark and reusable (`workflow_call`) workflows are not, and editing
one is a failure. The classification reads the workflow as a maintainer would (triggers, names, what the steps do);
its reasons are printed so a wrong call can be seen.
"""

from __future__ import annotations

import collections
import json
import re
import subprocess  # noqa: S404 - fixed argument lists, never a shell
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ZIZMOR = str(Path(sys.executable).parent / "zizmor")
WORKFLOW = re.compile(r"^\.github/workflows/[^/]+\.ya?ml$")
_NOT_CI_WORDS = re.compile(
    r"release|deploy|publish|nightly|cron|bench|renovate|dependabot|\bbot\b|label|stale|backport|docker|image|pages",
    re.I,
)
_CHECKS = re.compile(  # tools and task runners (poethepoet, just, Task, invoke) and the usual task names
    r"\b(ruff|pytest|pyright|mypy|tox|nox|pre-commit|prek|make|flake8|pylint|unittest|hatch|coverage|poe|just|task"
    r"|invoke|inv|test|tests|lint|check)\b"
)
_LABEL_GATE = re.compile(r"github\.event\.label|pull_request\.labels|contains\(\s*github\.event\.pull_request\.labels")
_DEPLOY_ACTIONS = re.compile(r"pypa/gh-action-pypi-publish|docker/build-push-action|peaceiris/actions-gh-pages")
BOT_CONFIGS = (
    ".github/dependabot.yml",
    ".github/dependabot.yaml",
    "renovate.json",
    "renovate.json5",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".gitlab/renovate.json",
    ".renovaterc",
    ".renovaterc.json",
)


@dataclass(frozen=True)
class Verdict:
    """A workflow's triggers, whether it gates merges, and why not."""

    triggers: tuple[str, ...]
    gating: bool
    reasons: tuple[str, ...]


def load(text: str) -> dict[str, Any]:
    """The workflow as data ({} when it does not parse); YAML 1.1 reads the `on` key as True."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def triggers(data: dict[str, Any]) -> dict[str, Any]:
    """The `on:` mapping, whatever its spelling (string, list or mapping)."""
    on = data.get("on", data.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {str(event): None for event in on}
    return on if isinstance(on, dict) else {}


def classify(path: str, text: str) -> Verdict:
    """Is this workflow the gating CI (pull_request-triggered and running checks)? If not, why."""
    data = load(text)
    events = triggers(data)
    reasons: list[str] = []
    if "pull_request" not in events:
        reasons.append(f"not triggered by pull_request ({', '.join(map(str, events)) or 'no trigger'})")
    if "workflow_call" in events:
        reasons.append("reusable (workflow_call)")
    pull = events.get("pull_request")
    if isinstance(pull, dict) and set(pull.get("types") or []) & {"labeled", "unlabeled"}:
        reasons.append(f"pull_request types {pull.get('types')}")
    jobs = data.get("jobs") if isinstance(data.get("jobs"), dict) else {}
    conditions = " ".join(str(job.get("if", "")) for job in jobs.values() if isinstance(job, dict))
    if _LABEL_GATE.search(conditions):
        reasons.append("label-gated jobs (`if:` on labels)")
    named = f"{Path(path).stem} {data.get('name', '')}"
    word = _NOT_CI_WORDS.search(named)
    if word:
        reasons.append(f"named {named.strip()!r} ({word.group(0)})")
    deploy = _DEPLOY_ACTIONS.search(text)
    if deploy:
        reasons.append(f"deploys/publishes ({deploy.group(0)})")
    runs = " ".join(_runs(jobs))
    if not _CHECKS.search(runs) and "uses: ./" not in text:
        reasons.append("runs no checks")
    return Verdict(tuple(map(str, events)), not reasons, tuple(reasons))


def _runs(jobs: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for job in jobs.values():
        steps = job.get("steps") if isinstance(job, dict) else None
        for step in steps or []:
            if isinstance(step, dict) and "run" in step:
                found.append(str(step["run"]))
    return found


_AGGREGATOR_ACTIONS = re.compile(r"re-actors/alls-green|gha-mergify-ci")
_AGGREGATOR_NAMES = {"alls-green", "all-green", "required-ci", "ci-gate", "required", "all-checks", "ci-success"}


def jobs_outside_aggregator(before: str, after: str) -> tuple[str, list[str]]:
    """(the aggregator job, the jobs added since `before` that it does not wait for): a required aggregator job is
    what branch protection gates on, so a job outside its `needs` gates nothing."""
    old, new = load(before).get("jobs") or {}, load(after).get("jobs") or {}
    if not isinstance(old, dict) or not isinstance(new, dict):
        return "", []
    for name, job in new.items():
        if not isinstance(job, dict) or name not in old:
            continue
        uses = " ".join(str(s.get("uses", "")) for s in job.get("steps") or [] if isinstance(s, dict))
        if _AGGREGATOR_ACTIONS.search(uses) or str(name).lower() in _AGGREGATOR_NAMES:
            needs = job.get("needs") or []
            needs = [needs] if isinstance(needs, str) else needs
            return str(name), [str(j) for j in new if j not in old and j not in needs]
    return "", []


def python_versions_rewritten(patch: str) -> list[str]:
    """`python-version` lines a workflow patch removes (each is a version someone chose: flag it for review)."""
    found: list[str] = []
    path = ""
    for line in patch.splitlines():
        if line.startswith("diff --git "):
            path = line.rsplit(" b/", 1)[-1]
        elif line.startswith("-") and not line.startswith("---") and "python-version" in line:
            found.append(f"{path}: {line[1:].strip()}")
    return found


def zizmor(repo: Path, paths: list[str]) -> tuple[collections.Counter[tuple[str, str]], str | None]:
    """zizmor --offline findings on the given workflows, counted by (file, audit); and an error, if it failed."""
    if not paths:
        return collections.Counter(), None
    argv = [ZIZMOR, "--offline", "--no-exit-codes", "--format", "json", *paths]
    proc = subprocess.run(argv, cwd=repo, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    try:
        items = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError:
        return collections.Counter(), (proc.stderr.strip().splitlines() or ["no output"])[-1][:300]
    found: collections.Counter[tuple[str, str]] = collections.Counter()
    for item in items:
        if item.get("ignored"):
            continue
        where = item["locations"][0]["symbolic"]["key"]["Local"]["verbatim_path"] if item.get("locations") else "?"
        found[where, item["ident"]] += 1
    error = None if proc.returncode == 0 else (proc.stderr.strip().splitlines() or ["failed"])[-1][:300]
    return found, error
