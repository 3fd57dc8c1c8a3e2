"""Unified diffs that `git apply` and `patch -p1` accept, new files and missing final newlines included."""

from __future__ import annotations

import difflib
import re

from infra_fix_fixers.edit.line_diff import matching_blocks

CONTEXT = 3


def unified(path: str, before: str | None, after: str) -> str:
    """The patch turning `before` (None: the file does not exist) into `after`; texts as on disk (CRLF kept)."""
    old, new = _lines(before or ""), _lines(after)
    # The lines both texts share come from the editors' own matcher, the one line origins use: near-linear on long
    # texts with repeated lines, where difflib's takes seconds (a 10,000-line `run:` script), and without difflib's
    # autojunk, which shows unchanged lines (`]`, blank ones) as removed and re-added. difflib groups the hunks.
    matcher = _Matcher(old, new)
    body: list[str] = []
    for group in matcher.get_grouped_opcodes(CONTEXT):
        body.append(_hunk_header(group))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                body += [" " + line for line in old[i1:i2]]
                continue
            body += ["-" + line for line in old[i1:i2]]
            body += ["+" + line for line in new[j1:j2]]
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


def _hunk_header(group: list[tuple[str, int, int, int, int]]) -> str:
    first, last = group[0], group[-1]
    return f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n"


def _range(start: int, stop: int) -> str:
    """A hunk range as GNU diff writes it: `start,length`, 1-based; an empty range names the line before it."""
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _lines(text: str) -> list[str]:
    """Lines split on LF only: str.splitlines would also split on form feeds and other separators diff keeps."""
    return [line for line in re.split(r"(?<=\n)", text) if line]
