"""One invocation over one or more repositories: load, remediate, then diff, apply or check; the exit code."""

from __future__ import annotations

import enum
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from infra_fix_fixers import Changed, Failed, Fixer, Location, remediate
from infra_fix_fixers.facts import READS, compute

from . import apply, report, textfile
from .config import Flags, SettingsError, settings_for
from .diff import unified
from .load import Loaded, load

# Without one of these, the folder is not a Python project's root: fixing it would create CI, pre-commit and pyright
# files in someone's home folder.
PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", "Pipfile", "ruff.toml", ".ruff.toml")


class Mode(enum.Enum):
    DIFF = "diff"
    APPLY = "apply"
    CHECK = "check"


@dataclass(frozen=True)
class Output:
    fmt: str  # "text", "json", "github", "sarif" or "markdown"
    out: TextIO  # the patch in --diff mode, the report otherwise
    err: TextIO  # the report in --diff mode, so `infra-fix --diff > fix.patch` holds the patch alone


@dataclass(frozen=True)
class RootResult:
    """What one repository gave: picklable, so roots can run on a process pool."""

    entries: tuple[report.Entry, ...]
    patch: str
    ignored: tuple[tuple[str, str, str], ...]  # (settings file, code, reason)


def run(roots: list[Path], mode: Mode, flags: Flags, fixers: list[Fixer], output: Output, jobs: int = 1) -> int:
    """Every root on its own (one process each when `jobs` > 1), then one report and one exit code for all."""
    if jobs > 1 and len(roots) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(jobs, len(roots))) as pool:
            results = list(pool.map(_pooled, roots, [mode] * len(roots), [flags] * len(roots)))
    else:
        results = [run_root(root, mode, flags, fixers) for root in roots]
    entries = [entry for r in results for entry in r.entries]
    ignored = [why for r in results for why in r.ignored]
    return _finish(mode, entries, "".join(r.patch for r in results), output, ignored, fixers)


def _pooled(root: Path, mode: Mode, flags: Flags) -> RootResult:
    """A pool worker: fixers are code, so each process loads the registered packs itself."""
    from .plugins import load_fixers

    return run_root(root, mode, flags, load_fixers())


def run_root(root: Path, mode: Mode, flags: Flags, fixers: list[Fixer]) -> RootResult:
    patterns = tuple(dict.fromkeys(p for f in fixers for p in (*READS, *f.reads)))
    codes = tuple(rule.code for f in fixers for rule in f.rules)
    loaded = load(root, patterns)
    shown = _shower(root)
    if not any(loaded.snapshot.exists(marker) for marker in PROJECT_MARKERS):
        problem = Location(f"not a Python project (no {', '.join(PROJECT_MARKERS)}); nothing done here")
        return _only(report.Entry(shown("") or ".", Failed(".", problem)))
    facts = compute(loaded.snapshot)  # once: the settings are read from the pyproject the facts parsed
    try:
        settings = settings_for(facts.pyproject, flags, codes)
    except SettingsError as err:
        return _only(report.Entry(shown("pyproject.toml"), Failed("pyproject.toml", Location(str(err)))))
    result = remediate(loaded.snapshot, settings, fixers, facts)
    entries: list[report.Entry] = []
    patches: list[str] = []
    for item in result.files:
        if isinstance(item, Failed):
            entries.append(report.Entry(shown(item.path), item))
            continue
        findings = item.findings
        if isinstance(item, Changed) and mode is Mode.APPLY:
            refused = _write(loaded, item)
            if refused:
                entries.append(report.Entry(shown(item.path), refused))
                findings = tuple(replace(f, fixed=False) for f in findings)
        elif isinstance(item, Changed) and mode is Mode.DIFF:
            patches.append(_patch(loaded, item, shown(item.path)))
        if mode is Mode.CHECK:
            findings = tuple(replace(f, fixed=False) for f in findings)
        entries += [report.Entry(shown(f.path), f) for f in findings]
    ignored = tuple((shown("pyproject.toml"), code, why) for code, why in settings.ignore_reasons)
    return RootResult(tuple(entries), "".join(patches), ignored)


def _only(entry: report.Entry) -> RootResult:
    """A root that stopped at one error."""
    return RootResult((entry,), "", ())


def _finish(  # noqa: PLR0913 - the hook for the sarif and markdown formats needs the rules
    mode: Mode,
    entries: list[report.Entry],
    patch: str,
    output: Output,
    ignored: list[tuple[str, str, str]],
    fixers: list[Fixer],
) -> int:
    if output.fmt in ("sarif", "markdown"):
        from .formats import render

        output.out.write(render(output.fmt, entries, ignored, fixers))
    elif output.fmt == "json":
        output.out.write(report.as_json(entries, patch if mode is Mode.DIFF else None, ignored))
    elif output.fmt == "github":
        output.out.write(report.github(entries))
    elif mode is Mode.DIFF:
        output.out.write(patch)
        output.err.write(report.text(entries, ignored, fixed="fixed by the patch"))
    else:
        output.out.write(report.text(entries, ignored))
    if any(isinstance(e.item, Failed) for e in entries):
        return 2
    if mode is Mode.APPLY:
        return 1 if any(not e.item.fixed for e in entries if not isinstance(e.item, Failed)) else 0
    return 1 if entries or patch else 0


def _write(loaded: Loaded, change: Changed) -> Failed | None:
    try:
        apply.write(loaded, change)
    except apply.WriteRefused as err:
        return Failed(change.path, Location(f"not written: {err}"))
    except OSError as err:
        return Failed(change.path, Location(f"not written: {err.strerror or err}"))
    return None


def _patch(loaded: Loaded, change: Changed, shown: str) -> str:
    enc = loaded.encoding.get(change.path)
    after = textfile.encode(change.after, enc.bom, enc.crlf) if enc else change.after.encode("utf-8")
    before = loaded.raw.get(change.path)
    return unified(
        shown,
        None if before is None else before.decode("utf-8", "surrogateescape"),
        after.decode("utf-8", "surrogateescape"),
    )


def _shower(root: Path) -> Callable[[str], str]:
    """Paths as the user should see them: relative to the working folder when the root is inside it."""
    rel = os.path.relpath(root.resolve(), Path.cwd().resolve())
    if rel == "." or rel.startswith(".."):
        return lambda path: path
    prefix = rel.replace(os.sep, "/")
    return lambda path: f"{prefix}/{path}"
