"""The state of one PP pass over pyproject.toml: the document being edited (replaced after a checked splice) and the
findings so far. Shared by the PP rule modules, which run in a fixed order on one document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..edit.toml import TomlDocument
from ..fixer import Context
from ..model import Applicability, Finding, Rule

SAFE, UNSAFE, MANUAL = Applicability.SAFE, Applicability.UNSAFE, Applicability.MANUAL
Path = tuple[str, ...]
PATH = "pyproject.toml"


@dataclass
class Run:
    """One pass over pyproject.toml: the document being edited (replaced after a checked splice) and findings."""

    doc: TomlDocument
    ctx: Context
    findings: list[Finding] = field(default_factory=list)

    def report(
        self,
        rule: Rule,
        message: str,
        *,
        at: Path | None = None,
        fixed: bool = False,
        kind: Applicability | None = None,
    ) -> None:
        if self.ctx.enabled(rule):
            line = self.doc.line_of(at) if at else None
            self.findings.append(self.ctx.finding(rule, PATH, message, line=line, fixed=fixed, applicability=kind))

    def splice(self, candidates: list[str], expected: dict[str, Any]) -> bool:
        """Take the first candidate text that means exactly `expected` (the document's own check)."""
        return self.doc.accept(expected, candidates)
