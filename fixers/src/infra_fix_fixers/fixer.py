"""The contract between the engine and a fixer: what a fixer declares, what it is given, what it returns.

A fixer owns one kind of file. Its rules are checked in a fixed order over one parsed document, each check
registered with its rule (`Check`), and every finding goes through one place, `FileRun.report`: whether the rule is
enabled, whether this run may make its fix (safe, or unsafe with `--unsafe-fixes`), the verified edit, and what the
finding says when an edit could not be verified are all decided there, once, for every family.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, Protocol, TypeVar

from msgspec import Struct, field
from msgspec.structs import replace

from .adoptions import Policy
from .facts import Project, Repository
from .facts.formatters import formatter_of, formatting_hooks
from .judgement import human_word
from .model import Adoption, Applicability, Finding, ParseError, Rule, Severity
from .settings import Settings
from .snapshot import Snapshot
from .suppression import suppressing

T = TypeVar("T")
D = TypeVar("D")
Path = tuple[str | int, ...]


class Scope(enum.Enum):
    """When a fixer runs: once per project (pyproject, ruff, pyright...), or once per repository, at its root
    (workflows, pre-commit, Renovate: their tools read them only there)."""

    PROJECT = "project"
    REPOSITORY = "repository"


class Context(Struct, frozen=True):
    """What a fixer may know besides its own file: the repository, the project being fixed (None for a
    repository-level fixer), the settings that apply to it, and analyses shared by several files."""

    repo: Repository
    project: Project | None
    settings: Settings
    cache: dict[Any, Any] = field(default_factory=dict)
    texts: Mapping[str, str | None] = field(default_factory=dict)
    policy: Policy = field(default_factory=Policy)

    @property
    def snapshot(self) -> Snapshot:
        return self.repo.snapshot

    def current(self, path: str) -> str | None:
        """A file's text as this run has fixed it so far (earlier fixers' edits included), so that what one fixer
        writes can rely on what another wrote in the same change."""
        return self.texts[path] if path in self.texts else self.snapshot.text(path)

    def pyproject(self, project: Project) -> dict[str, Any] | None:
        """A project's pyproject.toml data as this run has fixed it so far (its facts are of the file as it was): a
        dev dependency an earlier fixer added counts, so one run converges. Where it no longer parses, as it was."""
        path = project.path("pyproject.toml")
        text = self.current(path)
        if text is None or text == self.snapshot.text(path):
            return project.pyproject
        from .edit.toml_scan import load  # parses each text once

        try:
            return load(text)
        except ParseError:
            return project.pyproject

    def enabled(self, rule: Rule) -> bool:
        return self.settings.enabled(rule.code)

    def allowed(self, applicability: Applicability) -> bool:
        """Whether this run may make a fix of that applicability."""
        if applicability is Applicability.SAFE:
            return True
        return applicability is Applicability.UNSAFE and self.settings.unsafe_fixes

    def may_fix(self, rule: Rule) -> bool:
        return self.enabled(rule) and self.allowed(rule.applicability)

    def shared(self, analysis: Callable[[Repository], T]) -> T:
        """An analysis of the whole repository (every workflow, say), worked out once per run whichever file asks
        first, and handed to every other: no module-level caches, nothing kept between runs."""
        if analysis not in self.cache:
            self.cache[analysis] = analysis(self.repo)
        return self.cache[analysis]


class Outcome(Struct, frozen=True):
    """A fixer's answer for one file: the new text (None: leave it as it is, or absent), its findings, and new
    texts for other files of the snapshot (a compose secret moved to example.env), so the engine sees every change."""

    text: str | None
    findings: tuple[Finding, ...] = ()
    others: Mapping[str, str] = field(default_factory=dict)


FixFunction = Callable[[str, "str | None", Context], Outcome]
TargetFunction = Callable[[Context], tuple[str, ...]]


class Fixer(Struct, frozen=True):
    """One kind of file and its rules.

    `reads` are the patterns of files the driver must load for it (gitignore-style: `*` within a folder, `**/` at
    any depth); a project-level fixer's patterns are relative to each project, and the driver loads them wherever
    projects are. `targets(ctx)` names the files it owns (repository paths), including ones it may create; `fix` is
    pure, and imports its heavy parsing library only when called.
    """

    name: str
    rules: tuple[Rule, ...]
    reads: tuple[str, ...]
    targets: TargetFunction
    fix: FixFunction
    default_path: str = ""  # where the documentation examples live, when they do not say
    scope: Scope = Scope.PROJECT


class Document(Protocol):
    """The editor contract every file kind's editor meets (edit/): reading by path, verified edits that return
    whether they were made, and the line a path is on in the file as it was read."""

    text: str

    def get(self, path: Path, default: object = None) -> Any: ...  # noqa: ANN401 - configuration values are dynamic
    def line_of(self, path: Path) -> int | None: ...


class Check(Struct, Generic[D], frozen=True):
    """A check registered with the rules it reports: it runs when any of them is enabled."""

    rules: tuple[Rule, ...]
    run: Callable[[FileRun[D]], None]


def check(*rules: Rule) -> Callable[[Callable[[FileRun[Any]], None]], Check[Any]]:
    """`@check(RULE)` over a function of a FileRun: the function, registered with its rule."""
    return lambda function: Check(rules, function)


class FileRun(Generic[D]):
    """One fixer's pass over one file: the document being edited, the findings so far, files written besides."""

    def __init__(self, path: str, doc: D, ctx: Context) -> None:
        self.path, self.doc, self.ctx = path, doc, ctx
        self.findings: list[Finding] = []
        self.others: dict[str, str] = {}

    @property
    def project(self) -> Project:
        """The project a project-level fixer is fixing (never None there)."""
        if self.ctx.project is None:
            raise LookupError("a repository-level fixer has no project")
        return self.ctx.project

    def report(  # noqa: PLR0913 - every knob of a finding, each with a default
        self,
        rule: Rule,
        message: str,
        *,
        at: Path | None = None,
        line: int | None = None,
        edit: Callable[[], bool] | None = None,
        applicability: Applicability | None = None,
        severity: Severity | None = None,
        respect: Path | None = None,
        values: Iterable[object] = (),
        file: str | None = None,
        adopts: Adoption | None = None,
    ) -> bool:
        """Record a violation of `rule`, making its fix when this run may; returns whether the file was fixed.

        `at` locates the finding (the line of that key, else of its nearest existing parent, in the file as read);
        `edit` makes the fix and returns whether its verified edit was accepted; `applicability` narrows the
        rule's for this case (an unsafe rule whose fix is safe here). An edit this run may make that could not be
        verified turns the finding into a manual one that says so: a fix is never claimed that is not on disk.
        `respect` names the key whose comments may hold the human's word against the edit (with the `values` the
        edit would write): then the edit is not made, and the finding quotes the comment. `file` reports the finding
        against another file (a pytest section in setup.cfg found while fixing pyproject.toml), at `line`."""
        if not self.ctx.enabled(rule):
            return False
        kind = applicability or rule.applicability
        where = line if line is not None else self.line(at)
        target = file or self.path
        waived = suppressing(self.ctx.current(target), rule.code, where)
        if waived is not None:  # the human's word, inline: no edit, and the finding says why it is left
            shown = Finding(rule.code, target, message, where, False, severity or rule.severity, kind, adopts)
            self.findings.append(replace(shown, suppressed=waived.reason))
            return False
        fixed = False
        word = self._human_word(respect, values) if edit is not None and respect is not None else None
        if word:
            message += f' (left as is: the comment "{word}" says otherwise; change it by hand if it no longer holds)'
            edit = None
        if edit is not None and kind is Applicability.SAFE:
            tool = formatter_of(self.ctx.shared(formatting_hooks), self.path)
            if tool is not None:  # a check the project runs that infra-fix cannot run: safe is no longer a promise
                kind = Applicability.UNSAFE
                message += f" (unsafe here: {tool.advice(self.path)})"
        if edit is not None and self.ctx.allowed(kind) and self.ctx.policy.makes(adopts):
            fixed = edit()
            if not fixed:
                message += " (left as is: the edit could not be made safely in this file's layout; change it by hand)"
                kind = Applicability.MANUAL
        elif edit is None and kind is not Applicability.MANUAL:
            kind = Applicability.MANUAL  # nothing here could fix it: a human must
        self.findings.append(
            Finding(rule.code, file or self.path, message, where, fixed, severity or rule.severity, kind, adopts)
        )
        return fixed

    def _human_word(self, path: Path, values: Iterable[object]) -> str | None:
        comments = getattr(self.doc, "comments", None)
        if comments is None:
            return None
        get = getattr(self.doc, "get", None)
        current = get(path) if get is not None else None
        return human_word(comments(path), str(path[-1]) if path else "", [str(v) for v in values], current)

    def create(
        self,
        rule: Rule,
        message: str,
        text: Callable[[], str],
        applicability: Applicability | None = None,
        adopts: Adoption | None = None,
    ) -> bool:
        """Report that the file is missing, creating it (with `text()`) when this run may. A file for a tool the
        repository does not run yet is a part of its adoption (`adopts`), made only with what runs it."""

        def make() -> bool:
            self.others[self.path] = text()
            return True

        return self.report(rule, message, edit=make, applicability=applicability, adopts=adopts)

    def line(self, at: Path | None) -> int | None:
        """The line of `at` in the file as read, or of its nearest parent that exists there (the document's first
        line at worst): a finding about an existing file always has a line."""
        if at is None or self.doc is None:
            return None
        line_of = getattr(self.doc, "line_of", None)
        if line_of is None:
            return None
        for depth in range(len(at), -1, -1):
            found = line_of(at[:depth])
            if found is not None:
                return found
        return None


class Parts(Struct, Generic[D], frozen=True):
    """What a document fixer does with one file: `open` parses it (raising ParseError with its position), every check
    of an enabled rule runs in order on that one document, and `create` makes the file when it does not exist."""

    open: Callable[[str, str, Context], D]
    checks: tuple[Check[D], ...]
    create: Check[None] | None = None

    def rules(self, declared: tuple[Rule, ...] = ()) -> tuple[Rule, ...]:
        """`declared`, then every rule `create` and the checks report, each once, in that order: a fixer's rules."""
        every = [*declared, *(self.create.rules if self.create else ()), *(r for c in self.checks for r in c.rules)]
        return tuple({rule.code: rule for rule in every}.values())

    def fix(self, path: str, text: str | None, ctx: Context) -> Outcome:
        """The document's text once every check of an enabled rule ran on it; for a file that does not exist,
        `create` runs with `run.doc` None and makes the file with `run.create`."""
        if text is None:
            if self.create is None or not any(ctx.enabled(r) for r in self.create.rules):
                return Outcome(None)
            blank: FileRun[None] = FileRun(path, None, ctx)
            self.create.run(blank)
            new = blank.others.pop(path, None)
            return Outcome(new, tuple(blank.findings), blank.others)
        doc = self.open(path, text, ctx)
        run = FileRun(path, doc, ctx)
        for each in self.checks:
            if any(ctx.enabled(r) for r in each.rules):
                each.run(run)
        new_text = getattr(doc, "text", text)
        return Outcome(new_text if new_text != text else None, tuple(run.findings), run.others)


def document_fixer(  # noqa: PLR0913 - a fixer is these parts; each is named at the call
    *,
    name: str,
    reads: tuple[str, ...],
    targets: TargetFunction,
    open: Callable[[str, str, Context], D],  # noqa: A002 - it opens a document, as `open` opens a file
    checks: tuple[Check[D], ...],
    create: Check[None] | None = None,
    rules: tuple[Rule, ...] = (),
    default_path: str = "",
    scope: Scope = Scope.PROJECT,
) -> Fixer:
    """A fixer written the one way (`Parts`): `open` parses the file, every check of an enabled rule runs in order on
    that one document, and the document's text is the new text; `create` makes a file that does not exist."""
    parts = Parts(open, checks, create)
    return Fixer(name, parts.rules(rules), reads, targets, parts.fix, default_path, scope)


class DeferredFix:
    """A document fixer's `fix` whose `Parts` are imported on the first file it fixes (`deferred_fixer`)."""

    def __init__(self, load: Callable[[], Parts[Any]]) -> None:
        self._load = load
        self._parts: Parts[Any] | None = None

    def parts(self) -> Parts[Any]:
        if self._parts is None:
            self._parts = self._load()
        return self._parts

    def __call__(self, path: str, text: str | None, ctx: Context) -> Outcome:
        return self.parts().fix(path, text, ctx)


def deferred_fixer(  # noqa: PLR0913 - a fixer is these parts; each is named at the call
    *,
    name: str,
    reads: tuple[str, ...],
    targets: TargetFunction,
    parts: Callable[[], Parts[Any]],
    rules: tuple[Rule, ...],
    default_path: str = "",
    scope: Scope = Scope.PROJECT,
) -> Fixer:
    """`document_fixer` with its parts imported by `parts()` on the first file it fixes, not with the pack: a
    family's checks, editors and parsers are start-up cost for every run, and most repositories have none of its
    files (no alembic tree). `targets` must be cheap to import. `rules` are declared here, so --list-rules,
    --explain and the docs list them without the import; they must be what `document_fixer` would list with them
    declared (`Parts.rules`: every rule the parts report is among them), which tests/unit/test_examples.py checks
    for every deferred fixer of the pack."""
    return Fixer(name, rules, reads, targets, DeferredFix(parts), default_path, scope)
