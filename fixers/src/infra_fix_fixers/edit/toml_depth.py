"""How deep a TOML document nests, checked before and after tomllib reads it.

Nesting comes from three places: brackets (`a = [[[...]]]`, `{b = {c = ...}}`), which tomllib follows by recursion;
dotted keys (`[a.b.c...]`, `a.b.c = 1`), which it follows in a loop that grows with the square of the key's length
(a 10,000-part key takes seconds); and their combinations, which make data that every deep copy and comparison after
it recurses into. So brackets and key lengths are counted in the text first, and the data's depth once it is read.
"""

from __future__ import annotations

import re
from typing import Any

from .splice import line_col, line_start

_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""


def too_deep(text: str, limit: int) -> int | None:
    """The offset of the first array or inline-table bracket nested past `limit`, outside strings and comments."""
    depth, i, n = 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            i = text.find("\n", i)
            if i < 0:
                return None
        elif ch in "\"'":
            triple = text.startswith(ch * 3, i)
            close = ch * 3 if triple else ch
            j = i + len(close)
            while j < n and not text.startswith(close, j):
                j += 2 if ch == '"' and text[j] == "\\" else 1
                if not triple and j < n and text[j] == "\n":
                    break
            i = j + len(close) - 1
        elif ch in "[{" and _in_value(text, i):
            depth += 1
            if depth > limit:
                return i
        elif ch in "]}" and depth:
            depth -= 1
        i += 1
    return None


def _in_value(text: str, offset: int) -> bool:
    """Whether a `[` opens an array rather than a table header (a header starts its line)."""
    return text[line_start(text, offset) : offset].strip() != "" or text[offset] == "{"


def long_key(text: str, limit: int) -> int | None:
    """The offset of the first dotted key of more than `limit` parts (anywhere: a string that long is no config)."""
    match = re.search(rf"{_PART}(?:[ \t]*\.[ \t]*{_PART}){{{limit}}}", text)
    return match.start() if match else None


def deepest(data: dict[str, Any], limit: int) -> tuple[str | int, ...] | None:
    """The path of a value nested more than `limit` levels deep in `data`, or None (walked without recursion)."""
    stack: list[tuple[object, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        if len(path) > limit:
            return path
        if isinstance(node, dict):
            stack += [(value, (*path, key)) for key, value in node.items()]
        elif isinstance(node, list):
            stack += [(value, (*path, index)) for index, value in enumerate(node)]
    return None


def locate(text: str, path: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of the deepest statement or header on `path` (`path` may stop short of its key's end)."""
    from .toml_scan import scan  # the scanner reads a text tomllib accepted; only needed for this error

    keys = tuple(str(p) for p in path if isinstance(p, str))
    best, where = -1, 0
    for section in scan(text):
        if _on_path(section.path, keys) and len(section.path) > best and section.header_start >= 0:
            best, where = len(section.path), section.key_span[0]
        for entry in section.entries:
            full = section.path + entry.key
            if _on_path(full, keys) and len(full) > best:
                best, where = len(full), entry.key_start
    return line_col(text, where)


def _on_path(key: tuple[str, ...], path: tuple[str, ...]) -> bool:
    common = min(len(key), len(path))
    return key[:common] == path[:common]
