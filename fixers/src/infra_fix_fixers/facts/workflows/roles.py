"""What a workflow is for: only the workflows that gate merges are ours to edit.

A workflow gates merges when pull requests (or pushes to branches) run its checks. Release, deploy, nightly,
scheduled-only, label-gated, bot, benchmark and reusable (`workflow_call`) workflows are read, since they may hold
the checks, but never edited: a `pull_request` trigger added to a nightly job that pushes the production image, or
a `push` trigger added to a label-gated matrix that pages a chat channel, is a change nobody asked for. A workflow
run only by pushes that publishes something or uses secrets (a bors-driven build-test-deploy) is never given a
`pull_request` trigger either: pull requests would deploy, or fail without the secrets.
"""

from __future__ import annotations

import re
from typing import Any

from .data import jobs_of, steps_of, triggers

_GATING_EVENTS = {"pull_request", "push", "merge_group"}
_PURPOSE = re.compile(
    r"(?i)(?<![a-z])(?:release|publish|deploy|pages|docs?\b|documentation|nightly|cron|schedul|bench|perf|codspeed|dependabot|"
    r"renovate|\bbot\b|triage|stale|label|greet|welcome|codeql|zizmor|security|backport|changelog|upgrade|update|"
    r"smoke|downstream|crash|issue|comment|sync|mirror|cache|preview|image|docker|container|build-push|wheels?|"
    r"cibuildwheel|artifact)"
)  # fmt: skip
_DEPLOY_ACTIONS = ("docker/build-push-action", "pypa/gh-action-pypi-publish", "actions/deploy-pages",
                   "peaceiris/actions-gh-pages", "softprops/action-gh-release", "aws-actions/", "azure/",
                   "google-github-actions/")  # fmt: skip
_BENCH_ACTIONS = ("CodSpeedHQ/action", "benchmark-action/")
_SECRETS = re.compile(r"\bsecrets\.(?!GITHUB_TOKEN\b)|'secrets': 'inherit'")


def role(path: str, data: Any) -> str | None:  # noqa: ANN401 - workflow data
    """Why a workflow is not a merge gate ("reusable", "scheduled", "release", "label-gated", ...), or None when it
    is one: triggered by pull requests or branch pushes, and for nothing else."""
    on = triggers(data)
    if "workflow_call" in on:
        return "reusable"
    if not set(on) & _GATING_EVENTS:
        return "scheduled" if "schedule" in on else "manual or event-driven"
    if "pull_request" not in on and "merge_group" not in on:
        push = on.get("push")
        if isinstance(push, dict) and "tags" in push and "branches" not in push:
            return "release"
        if "schedule" in on:
            return "nightly"
        if any(_deploys(job) for job in jobs_of(data).values()) or _SECRETS.search(str(data)):
            return "deploy"  # pushes only, and publishes or holds secrets: pull requests must not run it
    if _label_gated(on, data):
        return "label-gated"
    if "pull_request_target" in on or "issue_comment" in on or "workflow_run" in on:
        return "bot"
    jobs = jobs_of(data)
    if jobs and all(_deploys(job) for job in jobs.values()):
        return "deploy"
    if jobs and all(_benchmarks(name, job) for name, job in jobs.items()):
        return "benchmark"
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    name = str(data.get("name", "")) if isinstance(data, dict) else ""
    match = _PURPOSE.search(stem) or _PURPOSE.search(name)
    return match.group(0).lower() if match else None


def _label_gated(on: dict[str, Any], data: Any) -> bool:  # noqa: ANN401
    pull = on.get("pull_request")
    types = pull.get("types") if isinstance(pull, dict) else None
    if isinstance(types, list) and types and set(types) <= {"labeled", "unlabeled"}:
        return True
    jobs = jobs_of(data)
    return bool(jobs) and all("label" in str(job.get("if", "")) for job in jobs.values())


def _deploys(job: dict[str, Any]) -> bool:
    if job.get("environment"):
        return True
    for step in steps_of(job):
        uses = str(step.get("uses", ""))
        pushes = re.search(r"\b(?:docker|podman)\s+push\b|twine upload", str(step.get("run", "")))
        if uses.startswith(_DEPLOY_ACTIONS) or pushes:
            return True
    return False


def _benchmarks(name: str, job: dict[str, Any]) -> bool:
    if re.search(r"(?i)bench|perf", name):
        return True
    return any(str(s.get("uses", "")).startswith(_BENCH_ACTIONS) for s in steps_of(job))


def benchmark_job(name: str, job: dict[str, Any]) -> bool:
    """A job that measures rather than checks: its interpreter is chosen for the measurement."""
    return _benchmarks(name, job)
