"""A GitHub Actions workflow being fixed, shared by the workflow fixers (CI here, Renovate's own workflow).

The edits are edit/yaml.py's (located, spliced, re-parsed and checked); this adds what both need on top: the
workflow's data as one mapping, the comments a human left about a key, and new keys written as people write
workflows (render.py).
"""

from __future__ import annotations

from typing import Any

from ...edit.yaml import Path, YamlDocument
from ...model import ParseError
from . import render
from .words import folder

WORKFLOW_PATTERNS = (".github/workflows/*.yml", ".github/workflows/*.yaml")
# The renovate workflow belongs to the RN fixer; every other workflow to the CI fixer.
RENOVATE_WORKFLOWS = (".github/workflows/renovate.yml", ".github/workflows/renovate.yaml")


class WorkflowDocument(YamlDocument):
    """A workflow file: one YAML mapping (else a located ParseError)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        if len(self.data) != 1 or not isinstance(self.data[0], dict):
            raise ParseError("a workflow must be one YAML mapping", 1, 1)

    @property
    def workflow(self) -> dict[str, Any]:
        return self.data[0]

    def jobs(self) -> dict[str, dict[str, Any]]:
        return jobs_of(self.workflow)

    def add_block_key(
        self, path: Path, key: str, value: dict[str, Any] | None, *, blank_line_before: bool = False
    ) -> bool:
        """Add `key: value` to the block mapping at `path`, right under its last entry, in the file's style
        (`pull_request:` with no value, as people write it). A flow mapping (`on: {push: ...}`) is left alone."""
        node = self.node(path)
        if node is None or node.flow:
            return False
        style = self.style()
        rendered = "" if value is None else render.render(value, style)
        return self.add_key(path, key, value, rendered, blank_line_before=blank_line_before, style=style,
                            after_comments=False)  # fmt: skip


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
