"""Where things are in a TOML document: sections, key/value statements and array items, with their offsets.

tomlkit round-trips but exposes no source positions, and its edits still move keys (tomlkit #556, #513, #145),
mix line endings (#200) and raise on valid files (#571). So the document is read twice: `tomllib` decides what it
means (and rejects invalid input with a line and column), this scanner finds where each piece is, and edits are
text splices. The scanner assumes input tomllib has accepted.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from msgspec import Struct

from ..model import ParseError
from .limits import MAX_DEPTH
from .messages import scrub
from .splice import line_col, line_start
from .text_cache import TextCache
from .toml_depth import deepest, locate, long_key, string_end, too_deep

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")  # a key TOML lets stand unquoted
_WS = " \t"


class Value(Struct, frozen=True):
    kind: str  # "string", "array", "table" (inline) or "scalar"
    start: int
    end: int
    items: tuple[Value, ...] = ()  # array items
    entries: tuple[Entry, ...] = ()  # inline table entries


class Entry(Struct, frozen=True):
    """`key = value`: a statement of a section, or an entry of an inline table (then the line offsets are -1)."""

    key: tuple[str, ...]
    key_start: int
    key_end: int
    value: Value
    line_start: int = -1
    line_end: int = -1


class Section(Struct, frozen=True):
    """A `[table]` or `[[array]]` header and the statements under it; the root section has path () and no header."""

    path: tuple[str, ...]
    array: bool
    header_start: int
    header_end: int  # just past the header line
    key_span: tuple[int, int]  # the header's key, between the brackets
    end: int  # where the next header's line starts, or the end of the text
    entries: tuple[Entry, ...]

    @property
    def content_end(self) -> int:
        """Just past the last statement (or the header): where a new last statement goes."""
        return self.entries[-1].line_end if self.entries else self.header_end


_LOADED: TextCache[dict[str, Any]] = TextCache(budget=4 * 1024 * 1024)
_SCANNED: TextCache[list[Section]] = TextCache(budget=4 * 1024 * 1024)


def load(text: str) -> dict[str, Any]:
    """Parse with tomllib; a syntax error becomes a ParseError with tomllib's line and column (its message scrubbed
    of the file's content), and so does nesting too deep to read safely (edit/toml_depth.py). Each text is parsed
    once (pyproject.toml is opened by five fixers): the caller gets a copy it may change."""
    return _copy(_LOADED.parsed(text, _load))


def _copy(value: Any) -> Any:  # noqa: ANN401 - TOML data
    """A copy of tomllib's data: its only mutable values are dicts and lists, which hold no shared references, and
    its nesting is bounded (MAX_DEPTH), so a plain recursion does what copy.deepcopy does, in a fifth of the time (a
    uv workspace's pyproject.toml files are copied on every read)."""
    if type(value) is dict:
        return {key: _copy(item) for key, item in value.items()}
    if type(value) is list:
        return [_copy(item) for item in value]
    return value  # str, int, float, bool, date, time, datetime: immutable


def _load(text: str) -> dict[str, Any]:
    deep = too_deep(text, MAX_DEPTH)
    if deep is None:
        deep = long_key(text, MAX_DEPTH)
    if deep is not None:
        raise ParseError(f"nested more than {MAX_DEPTH} levels deep", *line_col(text, deep))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _parse_error(text, str(err)) from None
    path = deepest(data, MAX_DEPTH)
    if path is not None:
        raise ParseError(f"nested more than {MAX_DEPTH} levels deep", *locate(text, path))
    return data


def _parse_error(text: str, message: str) -> ParseError:
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if match:
        return ParseError(scrub(message[: match.start()].strip()), int(match.group(1)), int(match.group(2)))
    match = re.search(r"\(at end of document\)", message)
    line = text.count("\n") + 1
    return ParseError(scrub(message[: match.start()].strip() if match else message), line, None)


def scan(text: str) -> list[Section]:
    """The text's sections and entries (frozen values), located once per text."""
    return list(_SCANNED.parsed(text, lambda t: _Scanner(t).sections()))


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def sections(self) -> list[Section]:
        text, found = self.text, []
        path: tuple[str, ...] = ()
        array, header_start, header_end, key_span = False, -1, 0, (0, 0)
        entries: list[Entry] = []
        while True:
            self._skip(" \t\r\n")
            if self.pos >= len(text):
                break
            ch = text[self.pos]
            if ch == "#":
                self._to_eol()
            elif ch == "[":
                start = line_start(text, self.pos)
                found.append(Section(path, array, header_start, header_end, key_span, start, tuple(entries)))
                array = text.startswith("[[", self.pos)
                self.pos += 2 if array else 1
                self._skip(_WS)
                path, key_start, key_end = self._key()
                self._skip(_WS)
                self.pos += 2 if array else 1
                self._to_eol()
                header_start, header_end, entries, key_span = start, self.pos, [], (key_start, key_end)
            else:
                entries.append(self._statement())
        found.append(Section(path, array, header_start, header_end, key_span, len(text), tuple(entries)))
        return found

    def _statement(self) -> Entry:
        start = line_start(self.text, self.pos)
        key, key_start, key_end = self._key()
        self._skip(_WS)
        self.pos += 1  # "="
        self._skip(_WS)
        value = self._value()
        self._to_eol()
        return Entry(key, key_start, key_end, value, start, self.pos)

    def _to_eol(self) -> None:
        nl = self.text.find("\n", self.pos)
        self.pos = len(self.text) if nl < 0 else nl + 1

    def _skip(self, chars: str) -> None:
        text, n = self.text, len(self.text)
        while self.pos < n and text[self.pos] in chars:
            self.pos += 1

    def _skip_blank(self) -> None:
        """Whitespace, newlines and comments, as found between array items."""
        while True:
            self._skip(" \t\r\n")
            if self.pos < len(self.text) and self.text[self.pos] == "#":
                nl = self.text.find("\n", self.pos)
                self.pos = len(self.text) if nl < 0 else nl
                continue
            return

    def _key(self) -> tuple[tuple[str, ...], int, int]:
        start, parts = self.pos, []
        while True:
            self._skip(_WS)
            ch = self.text[self.pos]
            if ch in "\"'":
                begin = self.pos
                self._string()
                parts.append(tomllib.loads("k = " + self.text[begin : self.pos])["k"])
            else:
                match = BARE_KEY.match(self.text, self.pos)
                if not match:
                    raise ValueError(f"not a key at offset {self.pos}")
                parts.append(match.group())
                self.pos = match.end()
            end = self.pos
            self._skip(_WS)
            if self.pos < len(self.text) and self.text[self.pos] == ".":
                self.pos += 1
                continue
            return tuple(parts), start, end

    def _string(self) -> None:
        self.pos = string_end(self.text, self.pos)

    def _value(self) -> Value:
        start, ch = self.pos, self.text[self.pos]
        if ch in "\"'":
            self._string()
            return Value("string", start, self.pos)
        if ch == "[":
            self.pos += 1
            items = []
            while True:
                self._skip_blank()
                if self.text[self.pos] == "]":
                    self.pos += 1
                    return Value("array", start, self.pos, items=tuple(items))
                items.append(self._value())
                self._skip_blank()
                if self.text[self.pos] == ",":
                    self.pos += 1
        if ch == "{":
            self.pos += 1
            entries = []
            while True:
                self._skip_blank()
                if self.text[self.pos] == "}":
                    self.pos += 1
                    return Value("table", start, self.pos, entries=tuple(entries))
                key, key_start, key_end = self._key()
                self._skip(_WS)
                self.pos += 1  # "="
                self._skip(_WS)
                entries.append(Entry(key, key_start, key_end, self._value()))
                self._skip_blank()
                if self.text[self.pos] == ",":
                    self.pos += 1
        match = re.compile(r"[^,\]}#\r\n]*").match(self.text, self.pos)
        assert match is not None  # noqa: S101 - the pattern matches the empty string
        self.pos = start + len(match.group().rstrip(_WS))
        return Value("scalar", start, self.pos)
