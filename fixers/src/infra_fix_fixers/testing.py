"""The testing kit: every example of every rule of a pack becomes a test case, for built-in and third-party packs.

A pack's test suite needs two lines:

    @pytest.mark.parametrize("case", example_cases(pack()), ids=lambda c: c.id)
    def test_example(case): check_example(case)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .engine import remediate
from .fixer import Fixer
from .model import Changed, Example, Failed, Finding, Rule
from .settings import Settings
from .snapshot import Snapshot


@dataclass(frozen=True)
class Case:
    fixer: Fixer
    rule: Rule
    example: Example

    @property
    def id(self) -> str:
        return f"{self.rule.code}-{self.example.id}"

    @property
    def path(self) -> str:
        return self.example.path or self.fixer.default_path


def example_cases(fixers: Iterable[Fixer]) -> list[Case]:
    return [Case(fixer, rule, example) for fixer in fixers for rule in fixer.rules for example in rule.examples]


def run_case(case: Case) -> tuple[str | None, list[Finding]]:
    """Run the case's rule alone over its example repository; return the file's new text and the rule's findings."""
    return _run(case, case.example.before)


def check_example(case: Case) -> None:
    """The example's output byte for byte, its findings, and idempotence: the fixed text is a fixed point."""
    after, found = run_case(case)
    _expect(after == case.example.after, f"{case.id}: got\n{after!r}\nexpected\n{case.example.after!r}")
    _expect(bool(found) == case.example.finds, f"{case.id}: findings {found}")
    again, refound = _run(case, after)
    _expect(again == after, f"{case.id}: not idempotent: second run gave\n{again!r}")
    _expect(not any(f.fixed for f in refound), f"{case.id}: a second run claims fixes it did not make: {refound}")


def _run(case: Case, text: str | None) -> tuple[str | None, list[Finding]]:
    """The case's rule alone over the example repository with `text` (None: absent) at the case's path."""
    files = dict(case.example.files)
    if text is not None:
        files[case.path] = text
    settings = Settings(select=(case.rule.code,), unsafe_fixes=case.example.unsafe_fixes)
    snapshot = Snapshot(files=files, default_branch=case.example.default_branch, ignored=case.example.ignored)
    result = remediate(snapshot, settings, [case.fixer])
    after = text
    found: list[Finding] = []
    for entry in result.files:
        if isinstance(entry, Failed):
            raise AssertionError(entry.error.render(entry.path))
        if entry.path == case.path and isinstance(entry, Changed):
            after = entry.after
        found += [f for f in entry.findings if f.code == case.rule.code]
    return after, found


def _expect(condition: bool, message: str) -> None:
    """Not `assert`: the kit must check under `python -O` too."""
    if not condition:
        raise AssertionError(message)
