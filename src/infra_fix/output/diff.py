"""Unified diffs that `git apply` and `patch -p1` accept, new files and missing final newlines included."""

from __future__ import annotations

import difflib
import re

from infra_fix_fixers.edit.line_diff import matching_blocks
from infra_fix_fixers.facts import secrets

CONTEXT = 3


def unified(path: str, before: str | None, after: str, hide_secrets: bool = True) -> str:
    """The patch turning `before` (None: the file does not exist) into `after`; texts as on disk (CRLF kept).
    `hide_secrets`: no context line shows a secret (see `_secret_free_context`); off for a patch only git reads."""
    old, new = _lines(before or ""), _lines(after)
    # The lines both texts share come from the editors' own matcher, the one line origins use: near-linear on long
    # texts with repeated lines, where difflib's takes seconds (a 10,000-line `run:` script), and without difflib's
    # autojunk, which shows unchanged lines (`]`, blank ones) as removed and re-added. difflib groups the hunks.
    matcher = _Matcher(old, new)
    body: list[str] = []
    for group in matcher.get_grouped_opcodes(CONTEXT):
        lines: list[str] = []
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [" " + line for line in old[i1:i2]]
                continue
            lines += ["-" + line for line in old[i1:i2]]
            lines += ["+" + line for line in new[j1:j2]]
        lead, lines = _secret_free_context(lines) if hide_secrets else (0, lines)
        body.append(_hunk_header(group[0][1] + lead, group[0][3] + lead, lines))
        body += lines
    if not body:
        return ""
    old_name, new_name = quote("a/" + path), quote("b/" + path)
    # as git does: a name with a space ends with a tab on the ---/+++ lines, where patch(1) looks for a timestamp
    tab = "\t" if " " in path else ""
    head = [f"diff --git {old_name} {new_name}\n"]
    if before is None:
        head.append("new file mode 100644\n")
    head += ["--- /dev/null\n" if before is None else f"--- {old_name}{tab}\n", f"+++ {new_name}{tab}\n"]
    return "".join(head) + "".join(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in body
    )


class _Matcher(difflib.SequenceMatcher[str]):
    """difflib's hunks over the lines `matching_blocks` finds shared."""

    def __init__(self, old: list[str], new: list[str]) -> None:
        super().__init__(None, old, new, autojunk=False)
        self._blocks = [difflib.Match(*block) for block in (*matching_blocks(old, new), (len(old), len(new), 0))]

    def get_matching_blocks(self) -> list[difflib.Match]:
        return self._blocks


def quote(name: str) -> str:
    """A path as git writes it in a patch (quote_c_style, core.quotePath on): in double quotes with C escapes when
    it holds a quote, a backslash, a control character or a non-ASCII byte; as it is otherwise (spaces included)."""
    raw = name.encode("utf-8", "surrogateescape")
    if not any(byte < 0x20 or byte >= 0x7F or byte in b'"\\' for byte in raw):
        return name
    return '"' + "".join(_ESCAPES.get(byte) or _octal_or_char(byte) for byte in raw) + '"'


_ESCAPES = {7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 34: '\\"', 92: "\\\\"}


def _octal_or_char(byte: int) -> str:
    return f"\\{byte:03o}" if byte < 0x20 or byte >= 0x7F else chr(byte)


def _secret_free_context(lines: list[str]) -> tuple[int, list[str]]:
    """A hunk's lines with no secret shown as context, and how many leading lines went. A context line is the
    file's own text, so a safe fix beside a password that waits for `--unsafe-fixes` would print the password: the
    context before the first change starts after the last such line, the context after the last change stops before
    the first one (git apply needs no more context than it is given). Where that would leave no context after the
    change (git would then pin the hunk to the file's end) or the line sits between two changes,
    its value is masked: that one hunk no longer applies with `git apply`, and `--apply` writes it instead. A value
    the hunk's removed lines already show (a password moved out to `${VAR}` and repeated below) is no new secret."""
    changed = [i for i, line in enumerate(lines) if line[0] != " "]
    first, last = changed[0], changed[-1]
    removed = "".join(line for line in lines if line[0] == "-")  # shown anyway: the user's own text going away
    spans = {i: _secret_spans(line, removed) for i, line in enumerate(lines) if line[0] == " "}  # context lines
    held = [i for i, found in spans.items() if found]
    if not held:
        return 0, lines
    lead = max((i + 1 for i in held if i < first), default=0)
    stop = min((i for i in held if i > last), default=len(lines))
    if stop == last + 1:
        stop = len(lines)
    return lead, [_masked(line, spans[i]) if i in spans else line for i, line in enumerate(lines[lead:stop], lead)]


_ASSIGNMENT = re.compile(
    r"""^[ \t]*(?:-[ \t]*)?(?:(?:export|ENV|ARG)[ \t]+)?["']?(?P<name>[A-Za-z_][\w.-]*)["']?[ \t]*(?:[:?]?=|:)[ \t]*"""
)


def _secret_spans(line: str, shown: str = "") -> list[tuple[int, int]]:
    """Where a patch line (its prefix included) holds a secret that `shown` does not hold already: a known token or
    URL password anywhere, or a credential-named key given a literal (`POSTGRES_PASSWORD: s3cret`, `API_KEY=...`)."""
    text = line[1:].rstrip("\r\n")
    spans = [(found.start + 1, found.end + 1) for found in secrets.in_text(text)]
    named = _ASSIGNMENT.match(text)
    if named:
        found = secrets.assigned(named["name"], text[named.end() :], named.end())
        if found:
            spans.append((found.start + 1, found.end + 1))
    return [(start, end) for start, end in spans if line[start:end] not in shown]


def _masked(line: str, spans: list[tuple[int, int]]) -> str:
    for start, end in sorted(set(spans), reverse=True):
        line = line[:start] + "*" * 8 + line[end:]
    return line


def _hunk_header(old_start: int, new_start: int, lines: list[str]) -> str:
    old_length = sum(line[0] != "+" for line in lines)
    new_length = sum(line[0] != "-" for line in lines)
    return f"@@ -{_range(old_start, old_start + old_length)} +{_range(new_start, new_start + new_length)} @@\n"


def _range(start: int, stop: int) -> str:
    """A hunk range as GNU diff writes it: `start,length`, 1-based; an empty range names the line before it."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _lines(text: str) -> list[str]:
    """Lines split on LF only: str.splitlines would also split on form feeds and other separators diff keeps."""
    return [line for line in re.split(r"(?<=\n)", text) if line]
