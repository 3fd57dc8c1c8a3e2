"""Bracket nesting counted in one pass over a text, outside its strings and comments: the pre-scan that keeps a
parser from ever meeting `[[[[...` ten thousand deep (TOML's reader recurses per level, ruamel's scanner slows down
with the square of the depth). Each format says what a comment, a string and an opening bracket are for it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_MARKS = re.compile(r"[\[\]{}'\"#]")


def openings(
    text: str,
    comment: Callable[[str, int], bool],
    string_end: Callable[[str, int, int], int | None],
    opens: Callable[[str, int, int], bool],
) -> Iterator[list[int]]:
    """At each bracket that opens a collection, the offsets of the collections then open, that one last.

    `comment(text, at)`: whether the `#` at `at` starts a comment. `string_end(text, at, depth)`: just past the
    string a quote at `at` opens, or None where the quote is no string's start. `opens(text, at, depth)`: whether a
    bracket at `at` opens a collection (rather than a table header, or a character of a plain scalar)."""
    opened: list[int] = []
    pos = 0
    while match := _MARKS.search(text, pos):
        at, mark = match.start(), match.group()
        pos = at + 1
        if mark == "#":
            if comment(text, at):
                pos = line_end(text, at)
        elif mark in "'\"":
            pos = string_end(text, at, len(opened)) or pos
        elif mark in "[{":
            if opened or opens(text, at, 0):
                opened.append(at)
                yield opened
        elif opened:
            opened.pop()


def line_end(text: str, at: int) -> int:
    """The offset of the LF ending the line that holds `at` (or the end of the text)."""
    end = text.find("\n", at)
    return len(text) if end < 0 else end
