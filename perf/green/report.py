"""The green check's printed report: a table per project, the failures with their culprits and patches, notes."""

from __future__ import annotations

import collections

from .project import Outcome, Report


def _outcome(report: Report, mode: str) -> Outcome | None:
    return next((o for o in report.outcomes if o.mode == mode), None)


def table(reports: list[Report], wall: float) -> str:
    """One line per project: files, pins, infra-fix seconds, files changed, failures (safe) and unsafe breakages."""
    width = max([len(r.name) for r in reports] + [7])
    head = f"{'project':<{width}}  files  wf  check_s  apply_s  changed  failures  unsafe_breaks  total_s  ruff pins"
    lines = [head]
    for r in reports:
        if r.skipped:
            lines.append(f"{r.name:<{width}}  {r.files:>5}  skipped: {r.skipped}")
            continue
        safe, unsafe = _outcome(r, "safe"), _outcome(r, "unsafe")
        pins = ", ".join(f"{k} {v}" for k, v in r.pins.items()) or "-"
        lines.append(
            f"{r.name:<{width}}  {r.files:>5}  {len(r.workflows):>2}  {r.check_seconds:>7.2f}"
            f"  {safe.seconds if safe else 0:>7.2f}"
            f"  {len(safe.modified) + len(safe.created) if safe else 0:>7}  {len(safe.culprits) if safe else 0:>8}"
            f"  {len(unsafe.culprits) if unsafe else 0:>13}  {r.seconds:>7.1f}  {pins}"
        )
    ran = [r for r in reports if not r.skipped]
    checks = sorted(r.check_seconds for r in ran)
    applies = sorted(o.seconds for r in ran for o in r.outcomes if o.mode == "safe")
    lines.append(
        f"{len(ran)} projects run ({len(reports) - len(ran)} skipped), {sum(r.files for r in ran)} tracked files, "
        f"{wall:.1f}s wall"
    )
    if checks:
        lines.append(
            f"infra-fix --check: median {checks[len(checks) // 2]:.2f}s, max {checks[-1]:.2f}s; "
            f"--apply: median {applies[len(applies) // 2]:.2f}s, max {applies[-1]:.2f}s"
        )
    return "\n".join(lines)


def by_rule(reports: list[Report], mode: str) -> str:
    """Every problem of one mode grouped by culprit rule code, with the project, the message and the patch."""
    groups: dict[str, list[str]] = collections.defaultdict(list)
    for r in reports:
        outcome = _outcome(r, mode)
        safe = _outcome(r, "safe") if mode != "safe" else None
        already = {c.problem.key for c in safe.culprits} if safe else set()
        for c in outcome.culprits if outcome else []:
            if c.problem.key in already:
                continue  # the safe run breaks this check already: listed there
            key = "+".join(c.codes) if c.codes else "no single rule (combined edits, or not bisected)"
            indented = "\n".join("      " + line for line in c.patch.splitlines())
            message = "\n".join("    " + line for line in c.problem.message.splitlines()[:25])
            groups[key].append(f"  {r.name} [{c.problem.kind}]\n{message}\n    patch:\n{indented}")
    if not groups:
        return ""
    out: list[str] = []
    for key in sorted(groups):
        out.append(f"== {key}: {len(groups[key])} problem(s)")
        out += groups[key]
    return "\n".join(out)


def notes(reports: list[Report]) -> str:
    """What was skipped, removed as an sdist artifact, not run, and which workflows were touched."""
    out: list[str] = []
    for r in reports:
        lines = [*r.notes]
        if r.removed:
            lines.append("sdist artifacts removed before the first commit: " + ", ".join(r.removed))
        for o in r.outcomes:
            fixed = ", ".join(f"{code} {n}" for code, n in sorted(o.fixed.items())) or "nothing"
            lines.append(f"[{o.mode}] exit {o.exit}, fixed: {fixed}")
            lines += [f"[{o.mode}] {note}" for note in o.notes]
        if lines:
            out.append(f"{r.name}:")
            out += [f"  {line}" for line in lines]
    return "\n".join(out)


def render(reports: list[Report], wall: float) -> str:
    """The whole report: table, safe failures by rule, unsafe breakages by rule, notes."""
    parts = [table(reports, wall)]
    safe = by_rule(reports, "safe")
    parts.append(
        "\nFAILURES (safe --apply turned a green check red), by rule:\n" + safe if safe else "\ngreen stays green"
    )
    unsafe = by_rule(reports, "unsafe")
    if unsafe:
        parts.append("\nWhat --apply --unsafe-fixes would break (reported, not failures), by rule:\n" + unsafe)
    parts.append("\nNOTES:\n" + notes(reports))
    return "\n".join(parts) + "\n"
