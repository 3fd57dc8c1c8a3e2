"""`--format markdown`: the pull-request body the bot writes, also usable as a GitHub Actions step summary.

One renderer for both, so what a reviewer reads in the pull request is what the CI job summarised. The body is a
pure function of the findings (no time, no commit id): the bot compares it with the pull request's current body
and writes only when it differs, so a run with nothing new makes no API call that writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from itertools import groupby

from infra_fix_fixers import Applicability, Failed, Finding, Rule, Skipped

from . import report
from .links import rule_url

GITHUB_BODY_LIMIT = 65_536  # characters GitHub accepts in a pull-request body
MAX_ROWS = 200  # table rows and checklist items each; the rest is counted, not listed
FINGERPRINT = "<!-- infra-fix:fingerprint:{} -->"


def render(
    entries: Iterable[report.Entry],
    ignored: Iterable[tuple[str, str, str]],
    rules: Mapping[str, Rule],
    *,
    fingerprint: str | None = None,
    version: str = "",
) -> str:
    """Summary, changes table, unsafe fixes left out, manual checklist, ignore footer. With a `fingerprint` (the
    bot's change set, in an HTML comment where its next run finds it) the text is a pull request's body."""
    entries = list(entries)
    errors = [e for e in entries if isinstance(e.item, Failed)]
    findings = sorted(
        ((e.shown, e.item) for e in entries if isinstance(e.item, Finding)),
        key=lambda pair: (pair[0], pair[1].code, pair[1].line or 0, pair[1].message),
    )
    adopted = [(p, f) for p, f in findings if f.adoption is not None]
    findings = [(p, f) for p, f in findings if f.adoption is None]
    made = [(p, f) for p, f in findings if f.fixed or (f.applicability is Applicability.SAFE)]
    unsafe = [(p, f) for p, f in findings if not f.fixed and f.applicability is Applicability.UNSAFE]
    manual = [(p, f) for p, f in findings if not f.fixed and f.applicability is Applicability.MANUAL]
    proposals = report.adoptions(f for _, f in adopted)
    parts = ["## infra-fix: the blueprint's fixes", "", _summary(made, unsafe, manual, errors, proposals)]
    if errors:
        parts += ["", "### Files left unchanged (errors)", ""]
        parts += [f"- {_inline(e.item.error.render(e.shown))}" for e in errors if isinstance(e.item, Failed)]
    if made:
        parts += ["", "### Changes", "", *_changes_table(made, rules)]
    if unsafe:
        parts += ["", "### Left out: fixes that may turn CI red", "", *_unsafe(unsafe, rules)]
    if manual:
        parts += ["", "### For a human", "", *_checklist(manual, rules)]
    if adopted:
        parts += [
            "",
            "### Adoptions: tools this repository does not run yet",
            "",
            *_adoptions(adopted, proposals, rules),
        ]
    skipped = [e for e in entries if isinstance(e.item, Skipped)]
    if skipped:
        parts += ["", "### Left alone on purpose", ""]
        parts += [f"- `{_inline(e.shown)}`: {_inline(e.item.reason)}" for e in skipped if isinstance(e.item, Skipped)]
    example = next((f.code for _, f in [*unsafe, *manual, *made]), "RF003")
    parts += ["", *_footer(list(ignored), version, example, pull_request=fingerprint is not None)]
    if fingerprint:
        parts += ["", FINGERPRINT.format(fingerprint)]
    return "\n".join(parts) + "\n"


def fingerprint_in(body: str | None) -> str | None:
    """The change-set fingerprint a body records, if any."""
    found = re.search(FINGERPRINT.format(r"([0-9a-f]{8,64})"), body or "")
    return found.group(1) if found else None


def _summary(  # type: ignore[type-arg]
    made: list[tuple[str, Finding]], unsafe: list, manual: list, errors: list, proposals: Mapping[str, str]
) -> str:
    line = _repairs_summary(made, unsafe, manual, errors)
    if not proposals:
        return line
    listed = ", ".join(f"{name} ({label})" for name, label in proposals.items())
    return f"{line} Adoptions, each a decision of its own, made whole or not at all: {_inline(listed)}."


def _repairs_summary(made: list[tuple[str, Finding]], unsafe: list, manual: list, errors: list) -> str:  # type: ignore[type-arg]
    if not (made or unsafe or manual or errors):
        return "Nothing to change: the infrastructure files follow the blueprint."
    fixed = sum(1 for _, f in made if f.fixed)
    files = len({p for p, _ in made})
    codes = sorted({f.code for _, f in made})
    if fixed:
        line = f"This change makes **{_n(fixed, 'fix')}** in {_n(files, 'file')} ({', '.join(codes)})."
    elif made:
        line = f"`infra-fix --apply` would make **{_n(len(made), 'fix')}** in {_n(files, 'file')} ({', '.join(codes)})."
    else:
        line = "No safe fix is left to make."
    more = []
    if unsafe:
        more.append(f"{_n(len(unsafe), 'fix')} left out because {_they(len(unsafe))} may turn CI red")
    if manual:
        more.append(f"{_n(len(manual), 'finding')} for a human")
    if errors:
        more.append(f"{_n(len(errors), 'file')} that could not be read or parsed")
    return line + (f" Also: {'; '.join(more)}." if more else "")


def _adoptions(
    adopted: list[tuple[str, Finding]], proposals: Mapping[str, str], rules: Mapping[str, Rule]
) -> list[str]:
    """One heading per adoption, with every part it brings (the configuration and what runs it)."""
    lines: list[str] = []
    for name, label in proposals.items():
        lines += [f"#### Adopting {_inline(name)} ({label})", ""]
        for path, finding in adopted:
            if finding.adoption is not None and finding.adoption.name == name:
                where = f"{path}:{finding.line}" if finding.line else path
                code = _rule_link(finding.code, rules.get(finding.code))
                lines.append(f"- `{_inline(where)}`: {code} {_inline(finding.message)} [{report.status(finding)}]")
        lines.append("")
    return _capped(lines[:-1])


def _changes_table(made: list[tuple[str, Finding]], rules: Mapping[str, Rule]) -> list[str]:
    rows = ["| File | Rule | Change | Why |", "| --- | --- | --- | --- |"]
    groups = [(key, list(group)) for key, group in groupby(made, key=lambda pair: (pair[0], pair[1].code))]
    for (path, code), group in groups[:MAX_ROWS]:
        rule = rules.get(code)
        change = "\n".join(_located(f) for _, f in group)
        why = rule.rationale if rule else ""
        rows.append(f"| `{_cell(path)}` | {_rule_link(code, rule)} | {_cell(change)} | {_cell(why)} |")
    if len(groups) > MAX_ROWS:
        rows.append(f"\n… and {len(groups) - MAX_ROWS} more rows (run `infra-fix --diff` to see them all).")
    return rows


def _unsafe(unsafe: list[tuple[str, Finding]], rules: Mapping[str, Rule]) -> list[str]:
    lines = [f"- `{_inline(p)}`: {_rule_link(f.code, rules.get(f.code))} {_inline(f.message)}" for p, f in unsafe]
    lines = _capped(lines)
    return [
        *lines,
        "",
        "To take them: run `infra-fix --apply --unsafe-fixes` and review what CI says, or set",
        "`unsafe-fixes = true` in `[tool.infra-fix]`, and the bot's pull request includes them.",
    ]


def _checklist(manual: list[tuple[str, Finding]], rules: Mapping[str, Rule]) -> list[str]:
    lines: list[str] = []
    for path, finding in manual[:MAX_ROWS]:
        where = f"{path}:{finding.line}" if finding.line else path
        first, _, rest = finding.message.partition("\n")
        lines.append(f"- [ ] `{_inline(where)}`: {_rule_link(finding.code, rules.get(finding.code))} {_inline(first)}")
        if rest.strip():
            fence = "`" * max(3, _longest_backtick_run(rest) + 1)
            lines += ["", f"  {fence}", *(f"  {line}".rstrip() for line in rest.splitlines()), f"  {fence}", ""]
    if len(manual) > MAX_ROWS:
        lines.append(f"- … and {len(manual) - MAX_ROWS} more (run `infra-fix --check` to see them all).")
    return lines


def _footer(ignored: list[tuple[str, str, str]], version: str, code: str, *, pull_request: bool) -> list[str]:
    lines = []
    if ignored:
        lines += ["Ignored by this project's settings:", ""]
        lines += [f"- {code} ({_inline(where)}): {_inline(why)}" for where, code, why in ignored]
        lines.append("")
    lines += [
        "<details><summary>Not this rule?</summary>",
        "",
        "Ignore it in `pyproject.toml`, with the reason every report will show:",
        "",
        "```toml",
        "[tool.infra-fix]",
        f'ignore = ["{code}"]  # a code or a prefix',
        "",
        "[tool.infra-fix.ignore-reasons]",
        f'{code} = "why this project differs"',
        "```",
        "",
        "</details>",
        "",
    ]
    made_by = f"Made by infra-fix{' ' + version if version else ''}."
    if pull_request:
        made_by += " A commit pushed to this branch by anyone else stops the bot from updating it."
    return [*lines, made_by]


def _rule_link(code: str, rule: Rule | None) -> str:
    if rule is None:
        return f"**{code}**"
    return f"[**{code}**]({rule_url(rule)}) {_cell(rule.name)}"


def _located(finding: Finding) -> str:
    return f"line {finding.line}: {finding.message}" if finding.line else finding.message


def _capped(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_ROWS:
        return lines
    return [*lines[:MAX_ROWS], f"- … and {len(lines) - MAX_ROWS} more."]


def _cell(text: str) -> str:
    """Text safe inside a table cell: a `|` would end the cell, a newline the row; `<`, `>`, `&` would be HTML."""
    return _inline(text).replace("|", "\\|").replace("\n", "<br>")


def _inline(text: str) -> str:
    """`<`, `>` and `&` as entities outside code spans (inside one, GitHub would show the entity itself)."""
    parts = _CODE_SPAN.split(text.replace("\r", ""))
    return "".join(part if i % 2 else _entities(part) for i, part in enumerate(parts))


_CODE_SPAN = re.compile(r"((?<!`)`+(?!`).*?(?<!`)`+(?!`))", re.DOTALL)


def _entities(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun if count == 1 else _PLURALS.get(noun, noun + 's')}"


_PLURALS = {"fix": "fixes"}


def _they(count: int) -> str:
    return "they" if count != 1 else "it"
