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
    pack: tuple[Fixer, ...] = ()  # every fixer of the pack: an example's `together` rules may be other fixers'

    @property
    def id(self) -> str:
        return f"{self.rule.code}-{self.example.id}"

    @property
    def path(self) -> str:
        return self.example.path or self.fixer.default_path

    @property
    def fixers(self) -> list[Fixer]:
        """The case's fixer, and those of the rules it runs together with, in the pack's order."""
        codes = set(self.example.together)
        return [f for f in self.pack if f is self.fixer or any(r.code in codes for r in f.rules)] or [self.fixer]


def example_cases(fixers: Iterable[Fixer]) -> list[Case]:
    every = tuple(fixers)
    return [Case(fixer, rule, example, every) for fixer in every for rule in fixer.rules for example in rule.examples]


def run_case(case: Case) -> tuple[str | None, list[Finding]]:
    """Run the case's rule alone (with its `together` rules) over its example repository; return the file's new text
    and the rule's findings."""
    after, found, _ = _run(case, case.example.before, dict(case.example.files))
    return after, found


def check_example(case: Case) -> None:
    """The example's output byte for byte, its findings, and idempotence: the fixed tree is a fixed point."""
    after, found, tree = _run(case, case.example.before, dict(case.example.files))
    _expect(after == case.example.after, f"{case.id}: got\n{after!r}\nexpected\n{case.example.after!r}")
    _expect(bool(found) == case.example.finds, f"{case.id}: findings {found}")
    again, refound, _ = _run(case, after, tree)
    _expect(again == after, f"{case.id}: not idempotent: second run gave\n{again!r}")
    _expect(not any(f.fixed for f in refound), f"{case.id}: a second run claims fixes it did not make: {refound}")


def _run(case: Case, text: str | None, files: dict[str, str]) -> tuple[str | None, list[Finding], dict[str, str]]:
    """The case's rule (and its `together` rules) over the example repository with `text` (None: absent) at the
    case's path: the file's new text, the rule's findings, and the whole tree afterwards."""
    files = {k: v for k, v in files.items() if k != case.path}
    if text is not None:
        files[case.path] = text
    codes = (case.rule.code, *case.example.together)
    settings = Settings(select=codes, unsafe_fixes=case.example.unsafe_fixes)
    git = case.example.ignored
    snapshot = Snapshot(
        files=files,
        default_branch=case.example.default_branch,
        tracked=frozenset(files) if git is not None else None,
        ignored=git or {},
    )
    result = remediate(snapshot, settings, case.fixers)
    after = text
    found: list[Finding] = []
    tree = dict(files)
    for entry in result.files:
        if isinstance(entry, Failed):
            raise AssertionError(entry.error.render(entry.path))
        if isinstance(entry, Changed):
            tree[entry.path] = entry.after
            if entry.path == case.path:
                after = entry.after
        found += [f for f in entry.findings if f.code == case.rule.code]
    return after, found, tree


def _expect(condition: bool, message: str) -> None:
    """Not `assert`: the kit must check under `python -O` too."""
    if not condition:
        raise AssertionError(message)
