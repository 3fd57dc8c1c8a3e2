"""Value types shared by the engine, the fixers and the driver: the leaf module everything else imports.

Everything here is frozen and picklable so results can cross a process pool unchanged.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping

from msgspec import Struct, field
from msgspec.structs import replace


class Applicability(enum.Enum):
    """How far a rule's fix may go without a human (as in ruff)."""

    SAFE = "safe"  # cannot change what the project does at run time: --apply makes it
    UNSAFE = "unsafe"  # right per the blueprint but may turn the project's CI red: needs --unsafe-fixes
    MANUAL = "manual"  # reported with the exact text to paste, never edited

    @property
    def rank(self) -> int:
        """The order of the tiers: a fix needing a later one needs everything an earlier one needs."""
        return _RANKS[self]


_RANKS = {Applicability.SAFE: 0, Applicability.UNSAFE: 1, Applicability.MANUAL: 2}


def least_safe(*tiers: Applicability) -> Applicability:
    """The tier a fix made of several parts takes: that of its least safe part (SAFE for none)."""
    return max(tiers, key=lambda tier: tier.rank, default=Applicability.SAFE)


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class Example(Struct, frozen=True):
    """One documented case of a rule; the test suite runs every example of every rule of every pack.

    `before is None` means the file is absent; `after is None` means it stays absent.
    `files` are the other files of the example repository (a tests/ folder, a uv.lock, ...). `together` names the
    rules run with this one, whatever their fixer: an adoption's part is made only with the parts it needs.
    """

    id: str
    before: str | None
    after: str | None
    path: str | None = None  # defaults to the fixer's primary path
    files: Mapping[str, str] = field(default_factory=dict)
    unsafe_fixes: bool = False
    default_branch: str | None = None  # what origin/HEAD names in the example repository (None: no remote)
    # git's answers in the example repository (`Snapshot.ignored`: probe -> the `.gitignore` rule, or None); given,
    # the example is a git checkout with every file tracked; None: outside git
    ignored: Mapping[str, str | None] | None = None
    expect_finding: bool | None = None  # None: a finding is expected exactly when the text changes
    together: tuple[str, ...] = ()  # other rules run with this one: the other parts of an adoption (RN001 for RN004)

    @property
    def finds(self) -> bool:
        return self.expect_finding if self.expect_finding is not None else self.before != self.after


def fixes(id: str, before: str | None, after: str | None, **kw: object) -> Example:
    """An example where the rule changes the file."""
    return Example(id, before, after, **kw)  # type: ignore[arg-type]


def noop(id: str, text: str | None, **kw: object) -> Example:
    """Compliant input: must come back byte-identical, with no finding."""
    return Example(id, text, text, expect_finding=False, **kw)  # type: ignore[arg-type]


def reports(id: str, text: str | None, **kw: object) -> Example:
    """Input the rule reports without editing it (manual rules, or an unsafe fix not allowed)."""
    return Example(id, text, text, expect_finding=True, **kw)  # type: ignore[arg-type]


class Rule(Struct, frozen=True):
    """A rule of the blueprint. Its fields are its documentation: --explain and docs/rules.md come from them."""

    code: str
    name: str
    summary: str
    rationale: str
    applicability: Applicability
    severity: Severity = Severity.WARNING
    fix: str = ""  # what the fix does, in one sentence
    examples: tuple[Example, ...] = ()
    options: tuple[str, ...] = ()  # settings the rule reads besides those its texts name as `{placeholders}`
    # every tier its findings can take, when more than the default `applicability` (a rule whose fix is safe in
    # one case and unsafe in another); the examples must show each (tests/unit/test_examples.py checks both ways)
    tiers: tuple[Applicability, ...] = ()

    @property
    def possible_tiers(self) -> tuple[Applicability, ...]:
        """The tiers this rule's findings can take, safest first: what `--list-rules` shows."""
        return tuple(sorted({self.applicability, *self.tiers}, key=lambda tier: tier.rank))

    def render(self, values: Mapping[str, object]) -> Rule:
        """The rule with `{setting}` placeholders in its texts filled in: documentation never copies a blueprint
        value by hand, so it cannot drift from the value the rule applies. Other braces (`${{ secrets.X }}`) stay."""

        def fill(text: str) -> str:
            return _PLACEHOLDER.sub(lambda m: _shown(values[m.group(1)]) if m.group(1) in values else m.group(0), text)

        return replace(self, summary=fill(self.summary), rationale=fill(self.rationale), fix=fill(self.fix))

    def settings_read(self) -> tuple[str, ...]:
        """The settings (`line-length`, ...) this rule's behaviour depends on, for its Options section."""
        named = _PLACEHOLDER.findall(self.summary + self.rationale + self.fix)
        return tuple(dict.fromkeys([*(n.replace("_", "-") for n in named), *self.options]))


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _shown(value: object) -> str:
    """A setting as rule texts show it: lists as space-separated codes."""
    return " ".join(map(str, value)) if isinstance(value, tuple | list) else str(value)


class Adoption(Struct, frozen=True):
    """What a fix adopts: a tool or process the repository does not run yet, by the name reports give it
    ("Renovate", "pre-commit", "pyright", "a CI workflow"), and which part of it this fix brings.

    A *repair* changes the configuration of a tool the repository already runs; an *adoption* brings in a new one,
    and is made whole or not at all: a part is made only together with the parts it `needs` (of the same adoption),
    in the same run. Renovate's config needs what runs it (its workflow); the workflow needs the config. The engine
    enforces it over the tagged findings of a whole run (adoptions.py), so a family only names the parts.
    """

    name: str
    part: str = "config"  # what this fix brings: "config", "runner", "dependency", "job:pyright", ...
    needs: tuple[str, ...] = ()  # the parts of this same adoption without which this one must not be made

    def __post_init__(self) -> None:
        if not self.name.strip() or not self.part.strip():
            raise ValueError("an adoption needs a name and a part")

    @property
    def key(self) -> tuple[str, str]:
        return (self.name, self.part)


class Finding(Struct, frozen=True):
    """Something a rule found in one file. `fixed`: this run's output fixes it; `fixable`: a fix exists.
    `adoption`: the tool or process its fix brings in (None: a repair of what the repository already runs)."""

    code: str
    path: str
    message: str
    line: int | None = None
    fixed: bool = False
    severity: Severity = Severity.WARNING
    applicability: Applicability = Applicability.MANUAL
    adoption: Adoption | None = None
    suppressed: str | None = None  # an inline `infra-fix: ignore[CODE]` comment suppressed it: its reason ("" none)

    @property
    def fixable(self) -> bool:
        return self.applicability is not Applicability.MANUAL

    @property
    def kind(self) -> str:
        """ "repair" or "adoption", as every report groups them."""
        return "repair" if self.adoption is None else "adoption"


class Location(Struct, frozen=True):
    """Where a file failed to parse: 1-based line and column, when the parser says."""

    message: str
    line: int | None = None
    column: int | None = None

    def render(self, path: str) -> str:
        where = path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class ParseError(ValueError):
    """Raised by a fixer when its file does not parse; the engine turns it into a `Failed` result."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.location = Location(message, line, column)


class SkipFile(Exception):  # noqa: N818 - a signal, like StopIteration, not an error
    """Raised by a fixer's `open` for a file it must leave alone on purpose, with the reason (a Dockerfile that is a
    Jinja template: its `{{ }}` are filled in before anything builds it); the engine turns it into `Skipped`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# -- the result of the run over one file: a frozen sum type, matched exhaustively by the driver --------------------


class Changed(Struct, frozen=True):
    path: str
    before: str | None  # None: the file is created
    after: str
    findings: tuple[Finding, ...]


class Unchanged(Struct, frozen=True):
    path: str
    findings: tuple[Finding, ...]


class Failed(Struct, frozen=True):
    path: str
    error: Location


class Skipped(Struct, frozen=True):
    """A file a fixer owns but left alone on purpose: excluded by the settings, ignored by git, a template, generated.
    Reports show it, so nothing vanishes without a trace."""

    path: str
    reason: str
    findings: tuple[Finding, ...] = ()


FileResult = Changed | Unchanged | Failed | Skipped


class Result(Struct, frozen=True):
    """The whole run over one repository: one entry per file that a fixer looked at or failed on."""

    files: tuple[FileResult, ...]

    @property
    def changes(self) -> tuple[Changed, ...]:
        return tuple(f for f in self.files if isinstance(f, Changed))

    @property
    def failures(self) -> tuple[Failed, ...]:
        return tuple(f for f in self.files if isinstance(f, Failed))

    @property
    def skipped(self) -> tuple[Skipped, ...]:
        return tuple(f for f in self.files if isinstance(f, Skipped))

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(x for f in self.files if not isinstance(f, Failed) for x in f.findings)
