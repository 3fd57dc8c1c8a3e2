"""The comments of a TOML file around a key: the block above it and the `# ...` on its own lines, outside strings, so
that an edit can honour a human's word and a moved key keeps its labels."""

from __future__ import annotations

from .splice import line_end
from .toml_scan import Entry, Value


def comment_lines(block: str) -> list[str]:
    return [line.strip() for line in block.split("\n") if line.lstrip().startswith("#")]


def comment_block(text: str, start: int) -> str:
    """The comment lines starting at `start` (a line start), up to the first line that is not a comment."""
    end = start
    while end < len(text) and text[end : line_end(text, end)].lstrip(" \t").startswith("#"):
        end = line_end(text, end)
    return text[start:end]


def inline_comments(text: str, entry: Entry) -> list[tuple[int, str]]:
    """(offset, comment) of the `# ...` comments between an entry's key and the end of its last line, outside its
    strings."""
    strings = sorted(string_spans(entry.value))
    found, pos, end = [], entry.key_end, entry.line_end
    while pos < end:
        inside = next((s for s in strings if s[0] <= pos < s[1]), None)
        if inside:
            pos = inside[1]
            continue
        if text[pos] == "#":
            stop = text.find("\n", pos, end)
            stop = end if stop < 0 else stop
            found.append((pos, text[pos:stop].strip()))
            pos = stop
        pos += 1
    return found


def string_spans(value: Value) -> list[tuple[int, int]]:
    spans = [(value.start, value.end)] if value.kind == "string" else []
    for item in value.items:
        spans += string_spans(item)
    for entry in value.entries:
        spans += string_spans(entry.value)
    return spans
