"""The functional core: `remediate(snapshot, settings, fixers) -> Result`, one call for a whole repository."""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import replace

from .edit.splice import LineOrigins
from .facts import READS, Facts, compute
from .fixer import Context, Fixer
from .model import Changed, Failed, FileResult, Finding, Location, ParseError, Result, Unchanged
from .settings import Settings
from .snapshot import Snapshot


def remediate(snapshot: Snapshot, settings: Settings, fixers: Sequence[Fixer], facts: Facts | None = None) -> Result:
    """Run every enabled fixer over the files it owns, in order; later fixers see earlier fixers' output.

    Never raises for a file: a fixer's ParseError becomes a located `Failed`, and that file is left as it was
    while every other file is still fixed. `facts` are computed here unless the caller already has them.
    """
    facts = facts or compute(snapshot)
    ctx = Context(facts, settings, snapshot)
    texts: dict[str, str | None] = {}
    origins: dict[str, LineOrigins] = {}  # findings name lines of the file on disk, not of an earlier fixer's output
    findings: dict[str, list[Finding]] = {}
    # An unreadable file is an error where it matters: one a fixer owns or the facts are made of. One that a fixer
    # only glances at (a script a workflow runs) must not turn the whole run into exit 2.
    failed: dict[str, Location] = dict(facts.unparsable)
    failed |= {path: loc for path, loc in snapshot.unreadable.items() if path in READS}
    for fixer in fixers:
        if not any(settings.enabled(rule.code) for rule in fixer.rules):
            continue
        for path in fixer.targets(snapshot, facts):
            if path in snapshot.unreadable:
                failed[path] = snapshot.unreadable[path]
            if path in failed or _excluded(path, settings.exclude):
                continue
            text = texts[path] if path in texts else snapshot.text(path)
            try:
                outcome = fixer.fix(path, text, ctx)
            except ParseError as err:
                failed[path] = err.location
                continue
            except Exception as err:  # noqa: BLE001 - a fixer pack's bug must not stop the other files
                failed[path] = Location(f"internal error in fixer {fixer.name}: {type(err).__name__}: {err}")
                continue
            origin = origins.setdefault(path, LineOrigins(snapshot.text(path) or ""))
            found = [
                replace(f, line=origin.original(f.line)) if f.path == path and snapshot.exists(path) else f
                for f in outcome.findings
            ]
            findings.setdefault(path, []).extend(f for f in found if settings.enabled(f.code))
            texts[path] = outcome.text if outcome.text is not None else text
            if outcome.text is not None:
                origin.update(outcome.text)
            for other, other_text in outcome.others.items():
                if other not in failed and not _excluded(other, settings.exclude):
                    texts[other] = other_text
                    findings.setdefault(other, [])
    return Result(tuple(_results(snapshot, texts, findings, failed)))


def _results(
    snapshot: Snapshot,
    texts: dict[str, str | None],
    findings: dict[str, list[Finding]],
    failed: dict[str, Location],
) -> list[FileResult]:
    results: list[FileResult] = [Failed(path, loc) for path, loc in sorted(failed.items())]
    for path in sorted(set(texts) | set(findings)):
        if path in failed:
            continue
        before, after = snapshot.text(path), texts.get(path)
        found = tuple(findings.get(path, ()))
        if after is not None and after != before:
            results.append(Changed(path, before, after, found))
        else:
            results.append(Unchanged(path, found))
    return results


def _excluded(path: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(path, p) or path.startswith(p.rstrip("/") + "/") for p in patterns)
