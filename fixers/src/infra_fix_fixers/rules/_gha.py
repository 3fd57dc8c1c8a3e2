"""One GitHub Actions workflow file's fix in progress, shared by the workflow fixers (workflows.py, renovate.py).

The edits themselves are edit/yaml.py's (located, spliced, re-parsed and checked); this adds what both fixers need
on top: the findings gathered so far, and new keys written as people write workflows (`_gha_render`).
"""

from __future__ import annotations

from typing import Any

from ..edit.yaml import Path, YamlDocument
from ..fixer import Context
from ..model import Finding, ParseError, Rule
from . import _gha_render

# The renovate workflow belongs to the RN fixer; every other workflow to the CI fixer.
RENOVATE_WORKFLOWS = (".github/workflows/renovate.yml", ".github/workflows/renovate.yaml")


class WorkflowRun:
    """One file's fix in progress: the document and the findings so far."""

    def __init__(self, path: str, doc: YamlDocument, ctx: Context) -> None:
        self.path, self.doc, self.ctx = path, doc, ctx
        self.findings: list[Finding] = []

    @classmethod
    def open(cls, path: str, text: str, ctx: Context) -> WorkflowRun:
        """A workflow file's fix, once its text is known to be one YAML mapping (else a located ParseError)."""
        doc = YamlDocument(text)
        if len(doc.data) != 1 or not isinstance(doc.data[0], dict):
            raise ParseError("a workflow must be one YAML mapping", 1, 1)
        return cls(path, doc, ctx)

    @property
    def data(self) -> dict[str, Any]:
        return self.doc.data[0]

    def report(self, rule: Rule, message: str, where: Path = (), **kw: Any) -> None:  # noqa: ANN401
        if self.ctx.enabled(rule):
            line = self.doc.line_of(where) if where else None
            self.findings.append(self.ctx.finding(rule, self.path, message, line=line, **kw))

    def add_key(self, path: Path, key: str, value: dict[str, Any] | None, *, blank_line_before: bool = False) -> bool:
        """Add `key: value` to the block mapping at `path`, right under its last entry, in the file's style
        (`pull_request:` with no value, as people write it). A flow mapping (`on: {push: ...}`) is left alone."""
        node = self.doc.node(path)
        if node is None or node.flow:
            return False
        style = self.doc.style()
        rendered = "" if value is None else _gha_render.render(value, style)
        return self.doc.add_key(path, key, value, rendered, blank_line_before=blank_line_before, style=style,
                                after_comments=False)  # fmt: skip
