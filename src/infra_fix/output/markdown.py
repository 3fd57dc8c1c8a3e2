"""`--format markdown`: the pull-request body the bot writes, also usable as a GitHub Actions step summary.

One renderer for both, so what a reviewer reads in the pull request is what the CI job summarised. The body is a
pure function of the findings (no time, no commit id): the bot compares it with the pull request's current body
and writes only when it differs, so a run with nothing new makes no API call that writes.

Everything the repository supplies is inert once rendered (GitHub renders this text, and notifies whom it
mentions): file names are code spans whose fence is longer than any backtick run inside (`_code`), messages keep
their code spans (re-fenced the same way) and have the rest escaped (`_text`): no HTML, no link or image, no
emphasis, a URL as code rather than a link, and `@team` or `#123` with a zero-width space after the `@` or `#`, as
Renovate writes them, so nobody is pinged and no issue is cross-referenced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from itertools import groupby

from infra_fix_fixers import Applicability, Failed, Finding, Rule, Skipped

from . import report
from .inert import printable
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
        parts += [f"- {_code(e.shown)}: {_text(_error(e.item))}" for e in errors if isinstance(e.item, Failed)]
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
        parts += [f"- {_code(e.shown)}: {_text(e.item.reason)}" for e in skipped if isinstance(e.item, Skipped)]
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
    return f"{line} Adoptions, each a decision of its own, made whole or not at all: {_text(listed)}."


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
        lines += [f"#### Adopting {_text(name)} ({label})", ""]
        for path, finding in adopted:
            if finding.adoption is not None and finding.adoption.name == name:
                where = f"{path}:{finding.line}" if finding.line else path
                code = _rule_link(finding.code, rules.get(finding.code))
                lines.append(f"- {_code(where)}: {code} {_text(finding.message)} [{report.status(finding)}]")
        lines.append("")
    return _capped(lines[:-1])


def _changes_table(made: list[tuple[str, Finding]], rules: Mapping[str, Rule]) -> list[str]:
    rows = ["| File | Rule | Change | Why |", "| --- | --- | --- | --- |"]
    groups = [(key, list(group)) for key, group in groupby(made, key=lambda pair: (pair[0], pair[1].code))]
    for (path, code), group in groups[:MAX_ROWS]:
        rule = rules.get(code)
        change = "\n".join(_located(f) for _, f in group)
        why = rule.rationale if rule else ""
        rows.append(f"| {_code(path, cell=True)} | {_rule_link(code, rule)} | {_cell(change)} | {_cell(why)} |")
    if len(groups) > MAX_ROWS:
        rows.append(f"\n… and {len(groups) - MAX_ROWS} more rows (run `infra-fix --diff` to see them all).")
    return rows


def _unsafe(unsafe: list[tuple[str, Finding]], rules: Mapping[str, Rule]) -> list[str]:
    lines = [f"- {_code(p)}: {_rule_link(f.code, rules.get(f.code))} {_text(f.message)}" for p, f in unsafe]
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
        lines.append(f"- [ ] {_code(where)}: {_rule_link(finding.code, rules.get(finding.code))} {_text(first)}")
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
        lines += [f"- {_text(code)} ({_code(where)}): {_text(why)}" for where, code, why in ignored]
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


def _error(failed: Failed) -> str:
    where = ":".join(str(n) for n in (failed.error.line, failed.error.column) if n)
    return f"{where}: {failed.error.message}" if where else failed.error.message


def _cell(text: str) -> str:
    """A message inside a table cell: a `|` would end the cell (escaped even in a code span, as GFM wants), a
    newline the row."""
    return _text(text, cell=True)


def _code(text: str, *, cell: bool = False) -> str:
    """`text` as a code span nothing can close early: the fence is one backtick longer than the longest run inside,
    and a space pads content that starts or ends with a backtick or a space (CommonMark strips exactly one).
    Control characters and undecodable bytes are shown escaped (a code span is one line)."""
    body = printable(text.replace("\r", ""), lines=False)
    if cell:
        body = body.replace("|", "\\|")
    if not body.strip(" "):  # empty or all spaces: shown as it is (CommonMark strips nothing from spaces alone)
        return f"`{body or ' '}`"
    fence = "`" * (_longest_backtick_run(body) + 1)
    pad = " " if body[:1] in ("`", " ") or body[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


def _text(text: str, *, cell: bool = False) -> str:
    """A message: its code spans (paired as CommonMark pairs them, runs of equal length) re-fenced by `_code`,
    everything else escaped so that it renders as the characters it is."""
    out: list[str] = []
    for is_code, part in _spans(text.replace("\r", "").strip()):
        out.append(_code(part, cell=cell) if is_code else _prose(part, cell=cell))
    rendered = "".join(out)
    # first on a line (a list item's text is), `#`, `-`, `+`, `=` or `1.` would start a block: taken literally
    return _BLOCK_START.sub(r"\1\\\2", rendered)


def _spans(text: str) -> list[tuple[bool, str]]:
    """(is_code, text) pieces: a backtick run opens a code span only where an equal run closes it."""
    runs = list(re.finditer(r"`+", text))
    pieces: list[tuple[bool, str]] = []
    at = i = 0
    while i < len(runs):
        opener = runs[i]
        closer = next((j for j in range(i + 1, len(runs)) if len(runs[j].group()) == len(opener.group())), None)
        if closer is None:
            i += 1
            continue
        pieces += [(False, text[at : opener.start()]), (True, text[opener.end() : runs[closer].start()])]
        at = runs[closer].end()
        i = closer + 1
    pieces.append((False, text[at:]))
    return [(is_code, part) for is_code, part in pieces if part or is_code]


_BLOCK_START = re.compile(r"^(\d*)([#+=.)-])")
_URL = re.compile(r"(?i)\b(?:https?://|ftp://|www\.)[^\s<>`]+")
_PUNCTUATION = re.compile(r"([\\`*_~\[\]|])")
_REFERENCE = re.compile(r"([@#])(?=\\?[\w-])")  # @team, #123 (a hash before anything word-like, as Renovate's)


def _prose(text: str, *, cell: bool) -> str:
    """Plain text: URLs as code (GitHub would link them), then HTML and Markdown punctuation escaped, mentions and
    issue references broken with a zero-width space, newlines as line breaks."""
    out: list[str] = []
    at = 0
    for url in _URL.finditer(text):
        out += [_escaped(text[at : url.start()]), _code(url.group(), cell=cell)]
        at = url.end()
    out.append(_escaped(text[at:]))
    return "".join(out)


def _escaped(text: str) -> str:
    text = printable(text, lines=True).replace("\t", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCTUATION.sub(r"\\\1", text)
    text = _REFERENCE.sub("\\1&#8203;", text)
    return text.replace("\n", "<br>")


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun if count == 1 else _PLURALS.get(noun, noun + 's')}"


_PLURALS = {"fix": "fixes"}


def _they(count: int) -> str:
    return "they" if count != 1 else "it"
