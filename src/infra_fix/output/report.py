"""Human and machine renderings of findings and failures."""

from __future__ import annotations

import json
from collections.abc import Iterable

from msgspec import Struct

from infra_fix_fixers import Applicability, Failed, Finding, Severity, Skipped

from .inert import printable
from .redact import redact


class Entry(Struct, frozen=True):
    """A finding or failure with the path as the user should see it (relative to where they ran us)."""

    shown: str
    item: Finding | Failed | Skipped


def ordered(entries: Iterable[Entry]) -> list[Entry]:
    """By path, then line (a finding about the whole file first); the rules' order within a line."""

    def line(item: Finding | Failed | Skipped) -> int:
        found = item.error.line if isinstance(item, Failed) else None if isinstance(item, Skipped) else item.line
        return found or 0

    return sorted(entries, key=lambda entry: (entry.shown, line(entry.item)))


def one_line(shown: str, finding: Finding, label: str) -> str:
    """`path[:line]: CODE message [status]`, one line whatever the message holds (grep and editors read it so);
    a message's further lines (a snippet to add) follow it, indented."""
    where = f"{shown}:{finding.line}" if finding.line else shown
    head, _, rest = finding.message.strip("\n").partition("\n")
    return f"{where}: {finding.code} {head.rstrip()} [{label}]" + "".join(f"\n    {s}" for s in rest.splitlines())


def status(finding: Finding, fixed: str = "fixed") -> str:
    """`fixed` names what happened to a finding the output fixes: written (--apply) or in the patch (--diff)."""
    if finding.fixed:
        return fixed
    if finding.applicability is Applicability.SAFE:
        return "fixable"
    if finding.applicability is Applicability.UNSAFE:
        return "fixable with --unsafe-fixes"
    return "manual"


def adoptions(findings: Iterable[Finding], fixed: str = "fixed") -> dict[str, str]:
    """Each adoption the findings propose, by name, in the order met, with its status: `fixed` where this run made
    it (whole: every part it needs came with it), else the label of its safest part (the run that makes it; a part
    that waits for a less safe one carries that one's label)."""
    order = [fixed, "fixable", "fixable with --unsafe-fixes", "manual"]
    found: dict[str, str] = {}
    for finding in findings:
        if finding.adoption is None:
            continue
        label = status(finding, fixed)
        have = found.setdefault(finding.adoption.name, label)
        if order.index(label) < order.index(have):
            found[finding.adoption.name] = label
    return found


def text(  # noqa: PLR0912 - one branch per kind of line
    entries: Iterable[Entry],
    ignored: Iterable[tuple[str, str, str]] = (),
    *,
    fixed: str = "fixed",
    part: str = "all",
    unused: Iterable[tuple[str, int, str]] = (),
) -> str:
    """Errors first (they are why a run exits 2), then the repairs the run made, then the repairs left to do, then
    each adoption (a tool the repository does not run yet) with its parts: a decision of its own. `part`: "all", or
    the "findings" (and errors) alone (-q, as ruff's `--quiet`; and each repository's part as it finishes), or the
    "summary" (the notes and the counts) alone, which follows the streamed findings of several repositories."""
    errors: list[str] = []
    skipped: list[str] = []
    done: list[str] = []
    left: list[str] = []
    adopted: dict[str, list[str]] = {}
    suppressed: list[str] = []
    findings: list[Finding] = []
    counts = {fixed: 0, "fixable": 0, "fixable with --unsafe-fixes": 0, "manual": 0}
    for entry in entries:
        item = entry.item
        shown = printable(entry.shown, lines=False)
        if isinstance(item, Failed):
            errors.append(f"{item.error.render(shown)} [error: left unchanged]")
            continue
        if isinstance(item, Skipped):
            skipped.append(f"{shown}: skipped: {item.reason}")
            continue
        if item.suppressed is not None:
            where = f"{shown}:{item.line}" if item.line else shown
            suppressed.append(f"{where}: {item.code} suppressed" + (f": {item.suppressed}" if item.suppressed else ""))
            continue
        findings.append(item)
        label = status(item, fixed)
        counts[label] += 1
        line = one_line(shown, item, label)
        if item.adoption is not None:
            adopted.setdefault(item.adoption.name, []).append(line)
        else:
            (done if item.fixed else left).append(line)
    if done and left:
        left.insert(0, "\nLeft to do:")
    proposals = adoptions(findings, fixed)
    for name, lines in adopted.items():
        head = f"Adopting {name} (not run here yet; made whole or not at all) [{proposals[name]}]:"
        left += ["\n" + head if errors or skipped or done or left else head, *lines]
    total = sum(counts.values())
    parts = [f"{n} {label}" for label, n in counts.items() if n]
    summary = f"{total} finding{'s' if total != 1 else ''}" + (f" ({', '.join(parts)})" if parts else "")
    if errors:
        summary += f"; {len(errors)} error{'s' if len(errors) != 1 else ''}"
    if skipped:
        summary += f"; {len(skipped)} file{'s' if len(skipped) != 1 else ''} skipped"
    if suppressed:
        summary += f"; {len(suppressed)} suppressed"
    if proposals:
        summary += f"; {len(proposals)} adoption{'s' if len(proposals) != 1 else ''} ({', '.join(proposals)})"
    notes = [f"{printable(where, lines=False)}: ignoring {code}: {why}" for where, code, why in ignored] + suppressed
    notes += [
        f"{printable(path, lines=False)}:{line}: unused suppression of {code} (no {code} finding here)"
        for path, line, code in unused
    ]
    unsafe = counts["fixable with --unsafe-fixes"]
    if unsafe:
        notes.append(
            f"{unsafe} fix{'es' if unsafe != 1 else ''} may turn CI red and {'are' if unsafe != 1 else 'is'} left out: "
            f"--unsafe-fixes makes {'them' if unsafe != 1 else 'it'} (each message says what else to change in the "
            "same commit)"
        )
    lines = {"findings": [*errors, *skipped, *done, *left], "summary": [*notes, summary]}.get(
        part, [*errors, *skipped, *done, *left, *notes, summary]
    )
    # repository-supplied text (names, quoted values, reasons) never reaches a terminal raw
    return printable(redact("\n".join(lines) + "\n")) if lines else ""


def statistics(entries: Iterable[Entry], names: dict[str, str], *, fixed: str = "fixed") -> str:
    """`--statistics`: how many findings each rule has, by status, most first (ruff's `--statistics`)."""
    counts: dict[tuple[str, str], int] = {}
    errors = 0
    for entry in entries:
        if isinstance(entry.item, Finding) and entry.item.suppressed is None:
            key = (entry.item.code, status(entry.item, fixed))
            counts[key] = counts.get(key, 0) + 1
        elif isinstance(entry.item, Failed):
            errors += 1
    rows = sorted(counts.items(), key=lambda row: (-row[1], row[0]))
    width = max((len(str(n)) for n in counts.values()), default=1)
    lines = [f"{n:>{width}}  {code:<6} {names.get(code, ''):<34} [{label}]" for (code, label), n in rows]
    if errors:
        lines.append(f"{errors:>{width}}  {'error':<6} {'files that could not be read or parsed':<34}")
    return "".join(line.rstrip() + "\n" for line in lines)


def as_json(
    entries: Iterable[Entry],
    patch: str | None = None,
    ignored: Iterable[tuple[str, str, str]] = (),
    unused: Iterable[tuple[str, int, str]] = (),
) -> str:
    """Messages redacted (`redact.py`); the patch kept exact, or it would not apply. Each finding says whether it is
    a repair or a part of an adoption (and of which); `adoptions` lists those proposed, with their status."""
    entries = list(entries)
    findings: list[dict[str, object]] = []
    errors: list[dict[str, object]] = []
    skipped: list[dict[str, object]] = []
    for entry in entries:
        item = entry.item
        if isinstance(item, Failed):
            err = item.error
            errors.append({"path": entry.shown, "line": err.line, "column": err.column, "message": redact(err.message)})
            continue
        if isinstance(item, Skipped):
            skipped.append({"path": entry.shown, "reason": item.reason})
            continue
        findings.append(
            {
                "path": entry.shown,
                "line": item.line,
                "code": item.code,
                "message": redact(item.message),
                "severity": item.severity.value,
                "applicability": item.applicability.value,
                "fixed": item.fixed,
                "status": "suppressed" if item.suppressed is not None else status(item),
                "suppressed": None if item.suppressed is None else redact(item.suppressed),
                "kind": item.kind,
                "adoption": item.adoption.name if item.adoption else None,
                "adoption_part": item.adoption.part if item.adoption else None,
            }
        )
    proposals = adoptions(entry.item for entry in entries if isinstance(entry.item, Finding))
    out: dict[str, object] = {
        "findings": findings,
        "adoptions": [{"name": name, "status": label} for name, label in proposals.items()],
        "errors": errors,
        "skipped": skipped,
        "ignored": [{"settings": where, "code": code, "reason": redact(why)} for where, code, why in ignored],
        "unused_suppressions": [{"path": path, "line": line, "code": code} for path, line, code in unused],
    }
    if patch is not None:
        out["diff"] = patch
    return json.dumps(out, indent=2) + "\n"


def github(entries: Iterable[Entry]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on its file and line in the pull request."""
    lines = []
    for entry in entries:
        item = entry.item
        if isinstance(item, Failed):
            where = {"file": entry.shown, "line": item.error.line, "col": item.error.column}
            lines.append(_command("error", where, "infra-fix: file left unchanged", item.error.message))
            continue
        if isinstance(item, Skipped):
            lines.append(_command("notice", {"file": entry.shown}, "infra-fix: skipped", item.reason))
            continue
        kind = "error" if item.severity is Severity.ERROR else "warning"
        adopts = f"; adopting {item.adoption.name}" if item.adoption else ""
        title = f"{item.code} ({status(item)}{adopts})"
        lines.append(_command(kind, {"file": entry.shown, "line": item.line}, title, item.message))
    return "".join(lines)


def _command(kind: str, where: dict[str, object], title: str, message: str) -> str:
    props = {**{k: v for k, v in where.items() if v is not None}, "title": title}
    rendered = ",".join(f"{k}={_escape(printable(str(v), lines=False), prop=True)}" for k, v in props.items())
    return f"::{kind} {rendered}::{_escape(printable(redact(message)))}\n"


def _escape(value: str, *, prop: bool = False) -> str:
    """The escaping GitHub's toolkit applies (`%`, CR and LF; also `:` and `,` in properties)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value
