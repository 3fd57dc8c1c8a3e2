"""One invocation over one or more repositories: load, remediate, then diff, apply or check; the exit code."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TextIO

from infra_fix_fixers import Changed, Failed, Fixer, Location, remediate
from infra_fix_fixers.facts import READS

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
    fmt: str  # "text", "json" or "github"
    out: TextIO  # the patch in --diff mode, the report otherwise
    err: TextIO  # the report in --diff mode, so `infra-fix --diff > fix.patch` holds the patch alone


def run(roots: list[Path], mode: Mode, flags: Flags, fixers: list[Fixer], output: Output) -> int:
    patterns = tuple(dict.fromkeys(p for f in fixers for p in (*READS, *f.reads)))
    codes = tuple(rule.code for f in fixers for rule in f.rules)
    entries: list[report.Entry] = []
    patches: list[str] = []
    ignored: list[tuple[str, str, str]] = []  # (settings file, code, reason)
    for root in roots:
        loaded = load(root, patterns)
        shown = _shower(root)
        if not any(loaded.snapshot.exists(marker) for marker in PROJECT_MARKERS):
            problem = Location(f"not a Python project (no {', '.join(PROJECT_MARKERS)}); nothing done here")
            entries.append(
                report.Entry(shown("pyproject.toml").removesuffix("pyproject.toml") or ".", Failed(".", problem))
            )
            continue
        try:
            settings = settings_for(loaded.snapshot.text("pyproject.toml"), flags, codes)
        except SettingsError as err:
            entries.append(report.Entry(shown("pyproject.toml"), Failed("pyproject.toml", Location(str(err)))))
            continue
        result = remediate(loaded.snapshot, settings, fixers)
        ignored += [(shown("pyproject.toml"), code, why) for code, why in settings.ignore_reasons]
        for item in result.files:
            if isinstance(item, Failed):
                entries.append(report.Entry(shown(item.path), item))
                continue
            findings = item.findings
            if isinstance(item, Changed):
                if mode is Mode.APPLY:
                    refused = _write(loaded, item)
                    if refused:
                        entries.append(report.Entry(shown(item.path), refused))
                        findings = tuple(replace(f, fixed=False) for f in findings)
                elif mode is Mode.DIFF:
                    patches.append(_patch(loaded, item, shown(item.path)))
            if mode is Mode.CHECK:
                findings = tuple(replace(f, fixed=False) for f in findings)
            entries += [report.Entry(shown(f.path), f) for f in findings]
    return _finish(mode, entries, "".join(patches), output, ignored)


def _finish(
    mode: Mode, entries: list[report.Entry], patch: str, output: Output, ignored: list[tuple[str, str, str]]
) -> int:
    if output.fmt == "json":
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


def _shower(root: Path):  # noqa: ANN202 - a small closure
    """Paths as the user should see them: relative to the working folder when the root is inside it."""
    rel = os.path.relpath(root.resolve(), Path.cwd().resolve())
    if rel == ".":
        return lambda path: path
    if rel.startswith(".."):
        return lambda path: path
    prefix = rel.replace(os.sep, "/")
    return lambda path: f"{prefix}/{path}"
