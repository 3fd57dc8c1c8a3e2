"""Text splices: the one way any editor changes a file, so that every byte outside an edit is kept."""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct


class Splice(Struct, frozen=True):
    start: int
    end: int
    text: str


def apply(text: str, splices: Iterable[Splice]) -> str:
    """Apply non-overlapping splices back to front; insertions at one offset keep the order they were given in."""
    ordered = sorted(enumerate(splices), key=lambda p: (p[1].start, p[1].end, p[0]))
    out, pos = [], 0
    for _, s in ordered:
        if s.start < pos:
            raise ValueError(f"overlapping edits at offset {s.start}")
        out.append(text[pos : s.start])
        out.append(s.text)
        pos = s.end
    out.append(text[pos:])
    return "".join(out)


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of an offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def line_end(text: str, offset: int) -> int:
    """Offset just past the newline ending the line that holds `offset` (or the end of the text)."""
    nl = text.find("\n", offset)
    return len(text) if nl < 0 else nl + 1


def indent_at(text: str, offset: int) -> str:
    """The indentation (spaces and tabs) of the line holding `offset`."""
    start = line_start(text, offset)
    end = start
    while end < len(text) and text[end] in " \t":
        end += 1
    return text[start:end]


def comments_above(text: str, start: int) -> int:
    """Start of the `#` comment lines directly above the line at `start` (no blank line between): they label that
    line, so what is inserted before it goes above them, and what moves with it takes them along (TOML and YAML)."""
    while start > 0:
        prev = line_start(text, start - 1)
        if not text[prev:start].lstrip(" \t").startswith("#"):
            break
        start = prev
    return start


def insert_lines(text: str, offset: int, block: str) -> Splice:
    """A splice inserting whole lines (`block` ends with a newline) at a line start, or at the very end of a file
    that has no final newline, which is kept without one."""
    if offset == len(text) and text and not text.endswith("\n"):
        return Splice(offset, offset, "\n" + block.removesuffix("\n"))
    return Splice(offset, offset, block)


class LineOrigins:
    """For each line of a text being edited, the line of the first text it comes from (None: an edit added it).

    Rules run one after another over one document, and fixers over one file; without this a finding would name a
    line of a text some earlier rule had already edited, not of the file as the user has it on disk.
    """

    def __init__(self, text: str) -> None:
        self._lines = text.split("\n")
        self._origin: list[int | None] = list(range(1, len(self._lines) + 1))

    def update(self, new_text: str) -> None:
        """Follow an accepted edit: lines the edit kept keep their origin, and so do lines it changed in place (a
        run of changed lines facing a run of new ones: `select` renamed `lint.select` is still that line)."""
        from .line_diff import matching_blocks

        new_lines = new_text.split("\n")
        origin: list[int | None] = [None] * len(new_lines)
        i0 = j0 = 0
        for i, j, n in [*matching_blocks(self._lines, new_lines), (len(self._lines), len(new_lines), 0)]:
            kept = min(i - i0, j - j0)  # the gap before this block, changed in place as far as both sides go
            origin[j0 : j0 + kept] = self._origin[i0 : i0 + kept]
            origin[j : j + n] = self._origin[i : i + n]
            i0, j0 = i + n, j + n
        self._lines, self._origin = new_lines, origin

    def original(self, line: int | None) -> int | None:
        """The first text's line for a 1-based line of the current text."""
        if line is None or not 1 <= line <= len(self._origin):
            return None
        return self._origin[line - 1]
