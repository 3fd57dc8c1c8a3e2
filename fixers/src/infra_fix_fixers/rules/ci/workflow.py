"""A GitHub Actions workflow being fixed, shared by the workflow fixers (CI here, Renovate's own workflow).

The edits are edit/yaml.py's (located, spliced, re-parsed and checked); this adds what both need on top: the
workflow's data as one mapping, the comments a human left about a key, and new keys written as people write
workflows (render.py).
"""

from __future__ import annotations

from typing import Any

from ...edit.yaml import Path, YamlDocument
from ...facts.workflows.data import (
    RENOVATE_WORKFLOWS,
    WORKFLOW_PATTERNS,
    default_dir,
    job_folder,
    jobs_of,
    steps_of,
    triggers,
)
from ...model import ParseError
from . import render


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


__all__ = [
    "RENOVATE_WORKFLOWS",
    "WORKFLOW_PATTERNS",
    "WorkflowDocument",
    "default_dir",
    "job_folder",
    "jobs_of",
    "steps_of",
    "triggers",
]
