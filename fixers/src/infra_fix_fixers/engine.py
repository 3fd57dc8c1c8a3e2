"""The functional core: `remediate(snapshot, settings, fixers) -> Result`, one call for a whole repository.

Discovery finds the repository's projects; each project-level fixer runs once per selected project, each
repository-level fixer once at the root; a file owned by two fixers (pyproject.toml: ruff, then the pyproject rules)
is edited by each in turn on the previous one's output. Nothing a file does to a fixer stops the run: a parse error,
a recursion too deep, a fixer's bug each become a located `Failed` for that file, and every other file is still
fixed. An adoption is made whole or not at all: a pass that made a part of one without a part it needs is run again
with that part declined (adoptions.py); the analyses of the repository are shared between the passes.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from msgspec.structs import replace

from .adoptions import Policy, incomplete, relabel
from .edit.messages import scrub
from .edit.splice import LineOrigins
from .facts import PARSED, Project, Repository, discover
from .fixer import Context, Fixer, Scope
from .model import Changed, Failed, FileResult, Finding, Location, ParseError, Result, SkipFile, Skipped, Unchanged
from .settings import Settings
from .snapshot import Snapshot, compile_patterns

T = TypeVar("T")
# "Originally generated from `alembic init`" (prefect's env.py) says where a file started, not that a tool owns it.
_GENERATED = re.compile(
    r"(?i)\b(?:auto-?generated|(?<!originally )generated (?:by|from|with)|do not edit|@generated)\b"
)


def remediate(
    snapshot: Snapshot,
    settings: Settings,
    fixers: Sequence[Fixer],
    *,
    repo: Repository | None = None,
    project_settings: Mapping[str, Settings] | None = None,
    policy: Policy | None = None,
) -> Result:
    """Run every enabled fixer over the files it owns, in order; later fixers see earlier fixers' output.

    `settings` are the repository's; `project_settings` a project's own (its `[tool.infra-fix]` over the
    repository's), by project folder; `policy` which repairs and adoptions this run may make (all, by default).
    Never raises for a file."""
    repo = repo or discover(snapshot)
    policy = policy or Policy()
    cache: dict[object, object] = {}
    while True:
        result = _pass(snapshot, settings, fixers, repo, project_settings or {}, policy, cache)
        missing = incomplete(result.findings, unsafe_fixes=settings.unsafe_fixes)
        if not missing:
            return relabel(result, policy)
        if all(key in policy.declined for key in missing):  # pragma: no cover - a declined part is never made
            raise AssertionError(f"declined adoption parts were made: {sorted(missing)}")
        policy = policy.decline(missing)


def _pass(  # noqa: PLR0913 - one pass of remediate, with its arguments
    snapshot: Snapshot,
    settings: Settings,
    fixers: Sequence[Fixer],
    repo: Repository,
    project_settings: Mapping[str, Settings],
    policy: Policy,
    cache: dict[object, object],
) -> Result:
    run = _Run(snapshot, repo, cache)
    for fixer in fixers:
        units: tuple[Project | None, ...] = (None,) if fixer.scope is Scope.REPOSITORY else repo.chosen
        claimed: set[str] = set()
        for project in units:
            own = project_settings.get(project.dir, settings) if project else settings
            if any(own.enabled(rule.code) for rule in fixer.rules):
                run.fixer(fixer, Context(repo, project, own, run.cache, run.texts, policy), claimed)
    return Result(tuple(run.results()))


class _Run:
    """The state of one remediation: texts as fixed so far, findings, failures and skips, by file."""

    def __init__(self, snapshot: Snapshot, repo: Repository, cache: dict[object, object]) -> None:
        self.snapshot = snapshot
        self.cache = cache  # analyses of the repository as it was: the same for every pass
        self.texts: dict[str, str | None] = {}
        self.origins: dict[str, LineOrigins] = {}  # findings name lines of the file on disk, not of a later text
        self.findings: dict[str, list[Finding]] = {}
        self.skipped: dict[str, str] = {}
        # An unreadable file is an error where it matters: one a fixer owns or the facts are made of. One that a
        # fixer only glances at (a script a workflow runs) must not turn the whole run into exit 2.
        facts_input = compile_patterns(PARSED)
        self.failed: dict[str, Location] = dict(repo.unparsable)
        self.failed |= {p: loc for p, loc in snapshot.unreadable.items() if facts_input(p)}

    def fixer(self, fixer: Fixer, ctx: Context, claimed: set[str]) -> None:
        paths = self._guarded(fixer, ctx.project, lambda: fixer.targets(ctx))
        for path in paths or ():
            if path in claimed:
                continue  # one file, one pass per fixer, even when several projects share it (a root ruff config)
            claimed.add(path)
            self.file(fixer, ctx, path)

    def file(self, fixer: Fixer, ctx: Context, path: str) -> None:
        snapshot = self.snapshot
        if path in snapshot.unreadable:
            self.failed[path] = snapshot.unreadable[path]
        if path in self.failed:
            return
        text = self.texts[path] if path in self.texts else snapshot.text(path)
        reason = skip_reason(path, snapshot.text(path), ctx.settings)
        if reason:
            self.skipped[path] = reason
            return
        try:
            outcome = self._guarded(fixer, ctx.project, lambda: fixer.fix(path, text, ctx), path)
        except SkipFile as skip:
            self.skipped[path] = skip.reason
            return
        if outcome is None:
            return
        origin = self.origins.setdefault(path, LineOrigins(snapshot.text(path) or ""))
        found = [
            replace(f, line=origin.original(f.line)) if f.path == path and snapshot.exists(path) else f
            for f in outcome.findings
        ]
        self.findings.setdefault(path, []).extend(f for f in found if ctx.settings.enabled(f.code))
        self.texts[path] = outcome.text if outcome.text is not None else text
        if outcome.text is not None:
            origin.update(outcome.text)
        for other, other_text in outcome.others.items():
            reason = skip_reason(other, snapshot.text(other), ctx.settings)
            if reason:
                self.skipped[other] = reason
            elif other not in self.failed:
                self.texts[other] = other_text
                self.findings.setdefault(other, [])
                self.origins.setdefault(other, LineOrigins(snapshot.text(other) or "")).update(other_text)

    def _guarded(self, fixer: Fixer, project: Project | None, work: Callable[[], T], path: str = "") -> T | None:
        """`work()`, with whatever it raises turned into a located failure of `path` (or of the project's folder
        when the fixer could not even say which files it owns)."""
        where = path or (project.path("pyproject.toml") if project and project.dir else ".")
        try:
            return work()
        except ParseError as err:
            self.failed[where] = err.location
        except SkipFile:
            raise  # the caller records it as Skipped
        except RecursionError:
            self.failed[where] = Location("nested too deeply to be read safely")
        except Exception as err:  # noqa: BLE001 - a fixer pack's bug must not stop the other files
            # the error's text may quote the file (`invalid literal for int(): 'ghp_...'`): its quotes are scrubbed
            detail = scrub(str(err))
            self.failed[where] = Location(f"internal error in fixer {fixer.name}: {type(err).__name__}: {detail}")
        return None

    def results(self) -> list[FileResult]:
        results: list[FileResult] = [Failed(path, loc) for path, loc in sorted(self.failed.items())]
        results += [Skipped(path, why) for path, why in sorted(self.skipped.items()) if path not in self.failed]
        for path in sorted(set(self.texts) | set(self.findings)):
            if path in self.failed or path in self.skipped:
                continue
            before, after = self.snapshot.text(path), self.texts.get(path)
            found = tuple(self.findings.get(path, ()))
            if after is not None and after != before:
                results.append(Changed(path, before, after, found))
            else:
                results.append(Unchanged(path, found))
        return results


def skip_reason(path: str, text: str | None, settings: Settings) -> str | None:
    """Why a file a fixer owns is left alone on purpose, or None."""
    if any(fnmatch.fnmatchcase(path, p) or path.startswith(p.rstrip("/") + "/") for p in settings.exclude):
        return "excluded by the exclude setting"
    if "{{" in path or "{%" in path:
        return "a template: its placeholders are filled in later"
    head = "\n".join((text or "").splitlines()[:5])
    if text is not None and any(
        _GENERATED.search(line) for line in head.splitlines() if line.lstrip().startswith(("#", "//"))
    ):
        return "generated (its header says so): change what generates it"
    return None
