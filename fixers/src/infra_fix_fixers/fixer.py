"""The contract between the engine and a fixer: what a fixer declares, what it is given, what it returns."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .facts import Facts
from .model import Applicability, Finding, Rule
from .settings import Settings
from .snapshot import Snapshot


@dataclass(frozen=True)
class Context:
    """What a fixer may know besides its own file: the project's facts, the settings, the other files."""

    facts: Facts
    settings: Settings
    snapshot: Snapshot

    def enabled(self, rule: Rule) -> bool:
        return self.settings.enabled(rule.code)

    def may_fix(self, rule: Rule) -> bool:
        """Whether the fixer may edit for this rule in this run (a disabled rule's edit could not be undone)."""
        if not self.enabled(rule):
            return False
        if rule.applicability is Applicability.SAFE:
            return True
        return rule.applicability is Applicability.UNSAFE and self.settings.unsafe_fixes

    def finding(
        self,
        rule: Rule,
        path: str,
        message: str,
        *,
        line: int | None = None,
        fixed: bool = False,
        applicability: Applicability | None = None,
    ) -> Finding:
        """A finding of `rule`; `applicability` narrows it for one case (an unsafe rule whose fix here is safe)."""
        kind = applicability or rule.applicability
        return Finding(
            code=rule.code,
            path=path,
            message=message,
            line=line,
            fixed=fixed,
            severity=rule.severity,
            applicability=kind,
        )


@dataclass(frozen=True)
class Outcome:
    """A fixer's answer for one file: the new text (None: leave it as it is, or absent), its findings, and new
    texts for other files of the snapshot (a compose secret moved to example.env), so the engine sees every change."""

    text: str | None
    findings: tuple[Finding, ...] = ()
    others: Mapping[str, str] = field(default_factory=dict)


FixFunction = Callable[[str, "str | None", Context], Outcome]
TargetFunction = Callable[[Snapshot, Facts], tuple[str, ...]]


@dataclass(frozen=True)
class Fixer:
    """One kind of file and its rules.

    `reads` are the patterns of files the driver must load for it (the patterns match as in `Snapshot.glob`);
    `targets` names the files it owns in this project, including ones it may create; `fix` is pure, and imports
    its heavy parsing library only when called, so a repository without that kind of file never imports it.
    """

    name: str
    rules: tuple[Rule, ...]
    reads: tuple[str, ...]
    targets: TargetFunction
    fix: FixFunction
    default_path: str = ""  # where the documentation examples live, when they do not say
