"""Adoptions made whole or not at all, decided once, by the engine, over the tagged findings of a whole run.

A fixer tags each part of an adoption where it reports it (`FileRun.report(..., adopts=Adoption(name, part,
needs))`). Parts of one adoption often live in files of different fixers (Renovate's config and its workflow), and
whether a part is made depends on the run (its tier, a verified edit, a file git ignores), so no fixer can know on
its own that the adoption will be whole. After a pass of every fixer, `incomplete` names the parts that were made
without a part they need; the engine runs again with those declined (`Policy.declined`), and repeats until no made
part lacks one (each pass declines at least one more part, so it ends). A declined part is reported, never made.

`relabel` then gives every part that was not made the tier of the run that would make it whole: a safe Renovate
config whose workflow is unsafe is `fixable with --unsafe-fixes`, one whose runner nothing in the run can bring is
`manual`. So a label always says what the matching run does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from msgspec import Struct, field
from msgspec.structs import replace

from .model import Adoption, Applicability, Changed, Finding, Result, Skipped, Unchanged, least_safe

Key = tuple[str, str]  # (adoption, part)


class Policy(Struct, frozen=True):
    """Which fixes a run may make besides what its tier allows: repairs or not, which adoptions (None: every whole
    one; the bot makes one pull request per adoption), and the parts an earlier pass found incomplete, with the
    tier that would make them whole."""

    repairs: bool = True
    adoptions: frozenset[str] | None = None
    declined: Mapping[Key, Applicability] = field(default_factory=dict)

    def makes(self, adoption: Adoption | None) -> bool:
        if adoption is None:
            return self.repairs
        if self.adoptions is not None and adoption.name not in self.adoptions:
            return False
        return adoption.key not in self.declined

    def decline(self, parts: Mapping[Key, Applicability]) -> Policy:
        merged = dict(self.declined)
        for key, tier in parts.items():
            merged[key] = least_safe(merged.get(key, tier), tier)
        return replace(self, declined=merged)


def effective(findings: Iterable[Finding]) -> list[Applicability]:
    """Each finding's tier counting the parts its adoption needs: a part is as safe as the least safe part it needs
    (the safest offer of each needed part), and manual where nothing offers one. A repair keeps its own."""
    found = list(findings)
    offers: dict[Key, list[int]] = {}
    for index, finding in enumerate(found):
        if finding.adoption is not None:
            offers.setdefault(finding.adoption.key, []).append(index)
    tiers = [f.applicability for f in found]
    changed = True
    while changed:  # the tiers only ever grow less safe, over three values: this ends
        changed = False
        for index, finding in enumerate(found):
            adoption = finding.adoption
            if adoption is None:
                continue
            tier = tiers[index]
            for need in adoption.needs:
                givers = offers.get((adoption.name, need), [])
                best = min((tiers[i] for i in givers), key=lambda t: t.rank, default=Applicability.MANUAL)
                tier = least_safe(tier, best)
            if tier is not tiers[index]:
                tiers[index], changed = tier, True
    return tiers


def incomplete(findings: Iterable[Finding], *, unsafe_fixes: bool) -> dict[Key, Applicability]:
    """The parts made without a part they need, each with the tier that would make it whole: the part's effective
    tier, or manual where that tier was allowed and the needed part was still not made (its edit was refused, its
    file is ignored by git): no run would make it then."""
    found = list(findings)
    made = {f.adoption.key for f in found if f.fixed and f.adoption is not None}
    allowed = Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE
    missing: dict[Key, Applicability] = {}
    for finding, tier in zip(found, effective(found), strict=True):
        adoption = finding.adoption
        if adoption is None or not finding.fixed:
            continue
        if all((adoption.name, need) in made for need in adoption.needs):
            continue
        floor = tier if tier.rank > allowed.rank else Applicability.MANUAL
        missing[adoption.key] = least_safe(missing.get(adoption.key, floor), floor)
    return missing


def relabel(result: Result, policy: Policy) -> Result:
    """Every part not made, labelled with the tier of its whole adoption (and what it waits for, in its message)."""
    every = result.findings
    tiers = dict(zip(map(id, every), effective(every), strict=True))

    def label(finding: Finding) -> Finding:
        adoption = finding.adoption
        if adoption is None or finding.fixed:
            return finding
        tier = least_safe(tiers[id(finding)], policy.declined.get(adoption.key, Applicability.SAFE))
        if tier is finding.applicability:
            return finding
        return replace(finding, applicability=tier, message=finding.message + _waits(adoption, tier))

    files = []
    for item in result.files:
        if isinstance(item, Changed | Unchanged | Skipped) and any(f.adoption for f in item.findings):
            item = replace(item, findings=tuple(label(f) for f in item.findings))
        files.append(item)
    return Result(tuple(files))


def _waits(adoption: Adoption, tier: Applicability) -> str:
    needs = " and ".join(adoption.needs) or "other parts"
    if tier is Applicability.MANUAL:
        return (
            f" (adopting {adoption.name} takes its {needs} too, which cannot be made here: not made alone; add them"
            " by hand together, or not at all)"
        )
    return f" (adopting {adoption.name} takes its {needs} too: made together with --unsafe-fixes, never alone)"
