"""How deep a TOML document nests, checked before and after tomllib reads it.

Nesting comes from three places: brackets (`a = [[[...]]]`, `{b = {c = ...}}`), which tomllib follows by recursion;
dotted keys (`[a.b.c...]`, `a.b.c = 1`), which it follows in a loop that grows with the square of the key's length
(a 10,000-part key takes seconds); and their combinations, which make data that every deep copy and comparison after
it recurses into. So brackets and key lengths are counted in the text first, and the data's depth once it is read.
"""

from __future__ import annotations

import re
from typing import Any

from .nesting import line_end, openings
from .splice import line_col

# Every pattern here is written so that it can match in one way only (each loop of the "unrolled" strings starts
# with a character the loop before cannot take), which keeps them linear without possessive quantifiers or atomic
# groups: those match differently before CPython 3.11.5 (gh-106052), and 3.11.2 is Debian 12's Python.
_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'[^'\n]*')"""
_CHAIN_START = r"""(?<![A-Za-z0-9_"'.-])"""  # a chain starts at its first part, never inside a word or chain


def too_deep(text: str, limit: int) -> int | None:
    """The offset of the first array or inline-table bracket nested past `limit`, outside strings and comments.
    Linear, and fast on long strings: it jumps from one bracket, quote or comment to the next."""
    found = (opened[-1] for opened in openings(text, _comment, _string, _in_value) if len(opened) > limit)
    return next(found, None)


def _comment(text: str, at: int) -> bool:
    return True  # outside strings, every `#` starts one


def _string(text: str, at: int, depth: int) -> int:
    return string_end(text, at)


_STRING_BODY = {  # what follows an opening quote, up to and including the closing one
    '"""': re.compile(r'[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""', re.S),
    "'''": re.compile(r"[^']*(?:'(?!'')[^']*)*'''"),
    '"': re.compile(r'[^"\\\n]*(?:\\.[^"\\\n]*)*"'),
    "'": re.compile(r"[^'\n]*'"),
}


def string_end(text: str, at: int) -> int:
    """Just past the string opening at `at` (a multi-line one may end in up to two more quotes); an unterminated
    one runs to the end of its line (or, multi-line, of the text): tomllib reports it."""
    quote = text[at]
    opening = quote * 3 if text.startswith(quote * 3, at) else quote
    match = _STRING_BODY[opening].match(text, at + len(opening))
    if match is None:
        return len(text) if len(opening) == 3 else line_end(text, at)
    end = match.end()
    while len(opening) == 3 and end < len(text) and text[end] == quote and end - match.end() < 2:
        end += 1
    return end


def _in_value(text: str, offset: int, depth: int) -> bool:
    """Whether a `[` opens an array rather than a table header (a header is first on its line)."""
    j = offset - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    return text[offset] == "{" or (j >= 0 and text[j] != "\n")


def long_key(text: str, limit: int) -> int | None:
    """The offset of the first dotted key of more than `limit` parts (anywhere: a string that long is no config)."""
    match = re.search(rf"{_CHAIN_START}{_PART}(?:[ \t]*\.[ \t]*{_PART}){{{limit}}}", text)
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
