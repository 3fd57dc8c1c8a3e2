"""Human and machine renderings of findings and failures."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from infra_fix_fixers import Applicability, Failed, Finding


@dataclass(frozen=True)
class Entry:
    """A finding or failure with the path as the user should see it (relative to where they ran us)."""

    shown: str
    item: Finding | Failed


def status(finding: Finding) -> str:
    if finding.fixed:
        return "fixed"
    if finding.applicability is Applicability.SAFE:
        return "fixable"
    if finding.applicability is Applicability.UNSAFE:
        return "fixable with --unsafe-fixes"
    return "manual"


def text(entries: Iterable[Entry], *, show_fixed: bool = True) -> str:
    lines, counts = [], {"fixed": 0, "fixable": 0, "fixable with --unsafe-fixes": 0, "manual": 0}
    errors = 0
    for entry in entries:
        item = entry.item
        if isinstance(item, Failed):
            errors += 1
            lines.append(f"{item.error.render(entry.shown)} [error: file left unchanged]")
            continue
        counts[status(item)] += 1
        if item.fixed and not show_fixed:
            continue
        where = f"{entry.shown}:{item.line}" if item.line else entry.shown
        lines.append(f"{where}: {item.code} {item.message} [{status(item)}]")
    total = sum(counts.values())
    parts = [f"{n} {label}" for label, n in counts.items() if n]
    summary = f"{total} finding{'s' if total != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "")
    if errors:
        summary += f"; {errors} file{'s' if errors != 1 else ''} could not be read or parsed"
    return "\n".join([*lines, summary]) + "\n"


def as_json(entries: Iterable[Entry], patch: str | None = None) -> str:
    out: dict[str, object] = {"findings": [], "errors": []}
    for entry in entries:
        item = entry.item
        if isinstance(item, Failed):
            err = item.error
            out["errors"].append({"path": entry.shown, "line": err.line, "column": err.column, "message": err.message})  # type: ignore[union-attr]
            continue
        out["findings"].append(  # type: ignore[union-attr]
            {
                "path": entry.shown,
                "line": item.line,
                "code": item.code,
                "message": item.message,
                "severity": item.severity.value,
                "applicability": item.applicability.value,
                "fixed": item.fixed,
                "status": status(item),
            }
        )
    if patch is not None:
        out["diff"] = patch
    return json.dumps(out, indent=2) + "\n"
