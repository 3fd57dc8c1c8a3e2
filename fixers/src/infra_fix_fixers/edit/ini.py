"""INI files as Python's configparser reads them (alembic.ini): located by a scanner that follows configparser's own
line rules, edited by splicing whole values and lines, and verified by configparser itself.

Why not configupdater: it round-trips alembic.ini byte for byte, but it exposes no source positions (every edit
would still have to be found again in its output), writes `key = ` with a trailing space for an empty value (the
trailing-whitespace hook then fails), and costs a quarter of a second to import. alembic reads its ini with
`configparser.ConfigParser`, so configparser is the reader every edit is checked against: the same strictness
(a repeated section or key is an error, as alembic raises it), the same continuation lines, comments only on
lines of their own (`key = os  # note` keeps `# note` in the value, as alembic reads it).

`data` is every section's own keys and raw values (no interpolation: `%%` stays `%%`), `[DEFAULT]` as a section
of its own, so an edit that would move a value into or out of `[DEFAULT]` is seen.
"""

from __future__ import annotations

import configparser
import re

from msgspec import Struct, field

from ..model import ParseError
from .document import Editor, KeyComments
from .splice import Splice, apply, line_end, line_start

Path = tuple[str | int, ...]
_SECTION = re.compile(r"\[(?P<header>.+)\]")  # configparser.RawConfigParser._SECT_TMPL
_OPTION = re.compile(r"(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$")  # _OPT_TMPL with its default delimiters
_NONSPACE = re.compile(r"\S")
_COMMENT = ("#", ";")
_NO_DEFAULT = "\x00"  # configparser's name for the defaults section: never a header, so [DEFAULT] reads as written


class Entry(Struct):
    """`key = value` and its continuation lines: offsets into the text."""

    key: str  # as configparser names it (lower-cased)
    start: int  # the start of its line
    key_end: int
    delimiter: str  # the text between the key and the value (` = `)
    value_start: int
    first_end: int  # the end of the value on the key's own line (trailing whitespace left out)
    end: int  # the end of its last line (trailing whitespace included), before the newline

    @property
    def inline(self) -> bool:
        """Whether the key's own line holds a value (`key = x`, not `key =` followed by indented lines)."""
        return self.value_start < self.first_end


class Section(Struct):
    name: str
    start: int  # the start of its header line
    end: int  # the end of its last line holding an entry (or its header)
    entries: list[Entry] = field(default_factory=list)
    comments: list[tuple[int, int]] = field(default_factory=list)  # (start, end) of comment lines inside it


class IniDocument(Editor):
    """An INI text being edited; `text` always parses, with configparser, to exactly `data`."""

    data: dict[str, dict[str, str]]

    def _parse(self, text: str) -> dict[str, dict[str, str]]:
        parser = configparser.ConfigParser(interpolation=None, default_section=_NO_DEFAULT)
        try:
            parser.read_string(text, source="<ini>")
        except configparser.MissingSectionHeaderError as err:
            raise ParseError("a line outside any [section]", err.lineno, 1) from None
        except configparser.DuplicateSectionError as err:
            raise ParseError(f"section [{_name(err.section)}] is defined twice", err.lineno, 1) from None
        except configparser.DuplicateOptionError as err:
            message = f"key {_name(err.option)} is set twice in [{_name(err.section)}]"
            raise ParseError(message, err.lineno, 1) from None
        except configparser.ParsingError as err:
            line = err.errors[0][0] if err.errors else None
            raise ParseError("a line that is neither a [section], a key = value nor a comment", line, 1) from None
        except configparser.Error:
            raise ParseError("not an INI file configparser can read") from None
        return {name: dict(parser.items(name, raw=True)) for name in parser.sections()}

    def _index(self) -> None:
        self.sections = scan(self.text)

    # -- reading --------------------------------------------------------------------------------------------------

    def get(self, path: Path, default: object = None) -> object:
        """`(section,)` is the section's own keys, `(section, key)` a raw value."""
        section = self.data.get(str(path[0])) if path else None
        if section is None:
            return default
        return section.get(str(path[1]).lower(), default) if len(path) > 1 else section

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)

    def entry(self, path: Path) -> Entry | None:
        section = self.section(str(path[0])) if len(path) == 2 else None  # noqa: PLR2004 - (section, key)
        return next((e for e in section.entries if e.key == str(path[1]).lower()), None) if section else None

    def line_of(self, path: Path) -> int | None:
        """The line (in the text as given) of a key, or of a section's header."""
        entry = self.entry(path) if len(path) > 1 else None
        section = self.section(str(path[0])) if path else None
        offset = entry.start if entry else section.start if section else None
        return self.line_at(offset) if offset is not None else (1 if not path else None)

    def comments(self, path: Path) -> KeyComments:
        """The comment lines directly above a key (no blank line between): they speak of it."""
        entry = self.entry(path)
        if entry is None:
            return KeyComments()
        above: list[str] = []
        end = entry.start
        while end > 0:
            start = line_start(self.text, end - 1)
            line = self.text[start : end - 1]
            if not line.strip().startswith(_COMMENT):
                break
            above.insert(0, line)
            end = start
        return KeyComments(around=tuple(above))

    def commented(self, section: str, key: str) -> list[tuple[int, str]]:
        """Commented-out settings of `key` in a section (`# file_template = ...`): (offset of the line, its text)."""
        found = self.section(section)
        if found is None:
            return []
        pattern = re.compile(rf"[#;]\s*{re.escape(key)}\s*[=:]", re.IGNORECASE)
        lines = [(start, self.text[start:end]) for start, end in found.comments]
        return [(start, line) for start, line in lines if pattern.match(line.strip())]

    def secrets_in_comments(self) -> list[tuple[int, str]]:
        """Every comment line (offset, text): a commented-out URL still holds its password."""
        return [(start, self.text[start:end]) for s in self.sections for start, end in s.comments]

    # -- editing: each returns whether the verified edit was made ------------------------------------------------

    def set(self, path: Path, value: str) -> bool:
        """Replace a key's value (every continuation line of it) in place; an empty value leaves `key =`, with no
        trailing space. Not where a comment line sits among its continuation lines: that is a human's line, and
        replacing the value would drop it."""
        entry, section = self.entry(path), self.section(str(path[0]))
        if entry is None or section is None or "\n" in value:
            return False
        if any(entry.start < start < entry.end for start, _ in section.comments):
            return False
        expected = _with(self.data, str(path[0]), entry.key, value)
        if value and entry.inline:  # a value replaced: the spacing around the delimiter stays
            splice = Splice(entry.value_start, entry.end, value)
        elif value:  # `key =` given a value: spaced as the file spaces its other keys
            splice = Splice(entry.key_end, entry.end, self._delimiter(str(path[0])) + value)
        else:
            splice = Splice(entry.key_end, entry.end, entry.delimiter.rstrip())
        return self.accept(expected, [apply(self.text, [splice])])

    def add(self, path: Path, value: str, at: int | None = None) -> bool:
        """Add `key = value` to a section, as a line of its own at the line starting at offset `at` (else after the
        section's last key), in the delimiter style of the section's keys."""
        section = self.section(str(path[0]))
        key = str(path[1])
        if section is None or self.get(path) is not None or "\n" in value:
            return False
        line = f"{key}{self._delimiter(section.name)}{value}".rstrip() + "\n"
        offset = at if at is not None else line_end(self.text, section.end)
        text = self.text
        if offset == len(text) and text and not text.endswith("\n"):
            candidate = text + "\n" + line.removesuffix("\n")
        else:
            candidate = apply(text, [Splice(offset, offset, line)])
        return self.accept(_with(self.data, section.name, key.lower(), value), [candidate])

    def _delimiter(self, section: str) -> str:
        """How the file writes `key = value` (` = `, `=`, `: `), from a key of the section that has a value."""
        for each in [self.section(section), *self.sections]:
            for entry in each.entries if each else ():
                if entry.inline:
                    return entry.delimiter
        return " = "


def scan(text: str) -> list[Section]:
    """Sections, entries and comment lines, located by configparser's own line rules (`RawConfigParser._read`)."""
    sections: list[Section] = []
    current: Section | None = None
    entry: Entry | None = None
    indent_level = 0
    offset = 0
    for line in text.split("\n"):
        start, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if stripped.startswith(_COMMENT):
            if current is not None:
                current.comments.append((start, start + len(line)))
            continue
        if not stripped:
            continue
        first = _NONSPACE.search(line)
        indent = first.start() if first else 0
        if current is not None and entry is not None and indent > indent_level:
            entry.end = current.end = start + len(line)  # a continuation line
            continue
        indent_level = indent
        header = _SECTION.match(stripped)
        if header:
            current = Section(header.group("header"), start, start + len(line))
            sections.append(current)
            entry = None
            continue
        option = _OPTION.match(stripped)
        if current is None or option is None:
            entry = None
            continue
        lead = start + indent
        entry = Entry(
            option.group("option").lower(),
            start,
            lead + option.end("option"),
            stripped[option.end("option") : option.start("value")],
            lead + option.start("value"),
            start + len(line.rstrip()),
            start + len(line),
        )
        current.entries.append(entry)
        current.end = entry.end
    return sections


def _with(data: dict[str, dict[str, str]], section: str, key: str, value: str) -> dict[str, dict[str, str]]:
    copy = {name: dict(values) for name, values in data.items()}
    copy.setdefault(section, {})[key] = value
    return copy


def _name(name: object) -> str:
    """A section or key name for a message: names, not values, but still bounded and printable."""
    text = "".join(c if c.isprintable() else "?" for c in str(name))
    return text if len(text) <= 40 else text[:39] + "…"  # noqa: PLR2004


__all__ = ["Entry", "IniDocument", "Section", "scan"]
