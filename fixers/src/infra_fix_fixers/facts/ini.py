"""INI files as pytest, tox and setuptools read them (iniconfig, without inline-comment stripping): sections of
`key = value` or `key: value` lines, indented continuation lines, `#`/`;` comment lines. Lenient: a line that is none
of these is skipped, as the tools that read these files skip nothing they could use.
"""

from __future__ import annotations

import re

from msgspec import Struct

from ..edit.text_cache import TextCache


class IniSection(Struct, frozen=True):
    name: str
    line: int  # 1-based line of the `[name]` header
    values: tuple[tuple[str, str], ...]  # in file order; multi-line values joined with "\n", as pytest sees them


_PARSED: TextCache[tuple[IniSection, ...]] = TextCache(budget=4 * 1024 * 1024)  # tox.ini is asked about twice


def sections(text: str) -> tuple[IniSection, ...]:
    """The sections of an INI text (parsed once per text: sentry-python's tox.ini has 18,000 lines)."""
    return _PARSED.parsed(text, _sections)


def _sections(text: str) -> tuple[IniSection, ...]:
    found: list[tuple[str, int, list[tuple[str, list[str]]]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line or line.lstrip()[:1] in ("#", ";"):
            continue
        if line[0] == "[":
            header = re.match(r"\[([^\]]+)\]", line)
            if header:
                found.append((header.group(1), number, []))
            continue
        if not found:
            continue
        values = found[-1][2]
        if line[0].isspace():
            if values:
                values[-1][1].append(line.strip())
            continue
        key, value = _split(line)
        if key is not None:
            values.append((key, [value] if value else []))
    return tuple(IniSection(name, line, tuple((k, "\n".join(v)) for k, v in values)) for name, line, values in found)


def _split(line: str) -> tuple[str | None, str]:
    name, sep, value = line.partition("=")
    if not sep or ":" in name:
        name, sep, value = line.partition(":")
    return (name.strip(), value.strip()) if sep else (None, "")
