"""The bot's one seam into the driver: the fixes for a folder, as the `--diff` mode computes them.

Everything the bot needs from `run.py` passes through `compute`, so when the driver's internals change, this is
the only module to adapt.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from pathlib import Path

from infra_fix_fixers import Failed, Finding, Fixer

from ..config import Flags
from ..output.report import Entry
from ..run import Mode, Target, run_root


@dataclass(frozen=True)
class Plan:
    entries: tuple[Entry, ...]
    patch: str  # paths relative to the project's folder
    ignored: tuple[tuple[str, str, str], ...]

    @property
    def failed(self) -> bool:
        return any(isinstance(e.item, Failed) for e in self.entries)

    @property
    def codes(self) -> tuple[str, ...]:
        """The rules whose fixes the patch makes."""
        return tuple(sorted({e.item.code for e in self.entries if isinstance(e.item, Finding) and e.item.fixed}))

    @property
    def fingerprint(self) -> str:
        """The change set, independent of where it lands: which files and which lines go and come, without hunk
        positions or context, so a base that moved elsewhere leaves it unchanged."""
        kept = [
            line
            for line in self.patch.splitlines()
            if line.startswith(("diff --git ", "new file", "\\"))
            or (line.startswith(("+", "-")) and not line.startswith(("+++ ", "--- ")))
        ]
        return hashlib.sha256("\n".join(kept).encode("utf-8", "surrogateescape")).hexdigest()[:20]


def compute(folder: Path, flags: Flags, fixers: list[Fixer]) -> Plan:
    """`--diff` on the folder. Run from inside it, so every path (shown, and in the patch) is relative to it."""
    with contextlib.chdir(folder):
        result = run_root(Target(folder, ("",)), Mode.DIFF, flags, fixers)
    # what an inline `infra-fix: ignore[CODE]` comment suppressed is the repository's own decision: not the PR's
    kept = tuple(e for e in result.entries if not (isinstance(e.item, Finding) and e.item.suppressed is not None))
    return Plan(kept, result.patch, result.ignored)
