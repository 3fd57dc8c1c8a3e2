"""The bot's one seam into the driver: the fixes for a folder, as the `--diff` mode computes them, split into the
proposals the bot makes: one pull request for the repairs, one per adoption.

Everything the bot needs from `run.py` passes through `proposals`, so when the driver's internals change, this is
the only module to adapt. Each proposal is its own run with its own `Policy` (the repairs alone; one adoption
alone, made whole), so each patch applies to the base on its own and each pull request can be merged or closed
without the others. The runs share one reading of the folder (`run.runner`): its files, facts and settings.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import Path

from msgspec import Struct

from infra_fix_fixers import Failed, Finding, Fixer, Policy

from ..config import Flags
from ..output.report import Entry, adoptions
from ..run import Mode, Runner, Target, runner

REPAIRS_TITLE = "infra-fix: bring the infrastructure files up to the blueprint"


class Plan(Struct, frozen=True):
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


class Proposal(Struct, frozen=True):
    """One pull request the bot keeps: the repairs (`adoption` None), or one adoption made whole."""

    adoption: str | None
    branch: str
    plan: Plan

    @property
    def title(self) -> str:
        return REPAIRS_TITLE if self.adoption is None else f"infra-fix: adopt {self.adoption}"

    @property
    def sticky(self) -> bool:
        """An adoption closed unmerged is declined for good, whatever its change set becomes: adopting a tool is
        the decision, not the exact file. The repairs' pull request is declined per change set."""
        return self.adoption is not None


def proposals(folder: Path, flags: Flags, fixers: list[Fixer], branch: str) -> tuple[Plan, list[Proposal]]:
    """The whole plan, and the proposals: the repairs, then each adoption this run makes (whole; at the tier the
    flags allow), each with only its own findings (and the errors, which concern them all). The folder is read once
    for them all, from inside it, so every path (shown, and in the patch) is relative to it."""
    with contextlib.chdir(folder):
        run = runner(Target(folder, ("",)), Mode.DIFF, flags, fixers)
        whole = _plan(run, None)
        findings = [e.item for e in whole.entries if isinstance(e.item, Finding)]
        names = [name for name, status in adoptions(findings).items() if status == "fixed"]
        found = [Proposal(None, branch, _only(_plan(run, Policy(adoptions=frozenset())), None))]
        for name in names:
            alone = _plan(run, Policy(repairs=False, adoptions=frozenset({name})))
            found.append(Proposal(name, adoption_branch(branch, name), _only(alone, name)))
    return whole, found


def _plan(run: Runner, policy: Policy | None) -> Plan:
    result = run(policy, True)  # exact: the patch is for `git apply` alone
    # what an inline `infra-fix: ignore[CODE]` comment suppressed is the repository's own decision: not the PR's
    kept = tuple(e for e in result.entries if not (isinstance(e.item, Finding) and e.item.suppressed is not None))
    return Plan(kept, result.patch, result.ignored)


def adoption_branch(branch: str, name: str) -> str:
    """`infra-fix/blueprint-adopt-renovate`: beside the repairs' branch (a ref cannot be both a branch and a folder
    of branches), named for what it adopts."""
    return f"{branch}{ADOPT_INFIX}{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}"


ADOPT_INFIX = "-adopt-"


def _only(plan: Plan, adoption: str | None) -> Plan:
    """The plan's entries that belong to this proposal: its own findings, every error and skipped file."""

    def belongs(entry: Entry) -> bool:
        item = entry.item
        if not isinstance(item, Finding):
            return True
        return (item.adoption.name if item.adoption else None) == adoption

    return Plan(tuple(e for e in plan.entries if belongs(e)), plan.patch, plan.ignored)
