"""A GitHub Actions workflow as data: its jobs, steps, triggers and the folders its steps run in, whichever of
YAML's forms the file uses. Read by the survey and by every fixer that reads workflows."""

from __future__ import annotations

from typing import Any

from ..commands.words import folder

WORKFLOW_PATTERNS = (".github/workflows/*.yml", ".github/workflows/*.yaml")
README_PATTERNS = ("README", "README.md", "README.rst", "README.txt", ".github/README.md")
# The renovate workflow belongs to the RN fixer; every other workflow to the CI fixer.
RENOVATE_WORKFLOWS = (".github/workflows/renovate.yml", ".github/workflows/renovate.yaml")


def jobs_of(data: object) -> dict[str, dict[str, Any]]:
    jobs = data.get("jobs") if isinstance(data, dict) else None
    return {str(k): v for k, v in jobs.items() if isinstance(v, dict)} if isinstance(jobs, dict) else {}


def steps_of(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps = job.get("steps")
    return [s for s in steps if isinstance(s, dict)] if isinstance(steps, list) else []


def default_dir(holder: object) -> str | None:
    """The `defaults: run: working-directory` of a job or workflow, as a repository folder (None: not set, or an
    expression)."""
    defaults = holder.get("defaults") if isinstance(holder, dict) else None
    run = defaults.get("run") if isinstance(defaults, dict) else None
    given = run.get("working-directory") if isinstance(run, dict) else None
    return folder(given) if isinstance(given, str) and "${{" not in given else None


def job_folder(job: dict[str, Any], data: object) -> str:
    """The folder a job's steps run in by default ("" the root)."""
    return default_dir(job) or default_dir(data) or ""


def triggers(data: object) -> dict[str, Any]:
    """The `on:` of a workflow as {event: configuration or None}, whichever of its three forms it uses."""
    on = data.get("on") if isinstance(data, dict) else None
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {e: None for e in on if isinstance(e, str)}
    return dict(on) if isinstance(on, dict) else {}
