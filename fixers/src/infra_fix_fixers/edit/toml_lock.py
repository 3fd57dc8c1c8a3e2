"""Whether a lock file in uv's own layout is valid TOML, without parsing it whole.

A simulated check-toml hook (rules/precommit/hygiene.py) must know whether tomllib accepts every TOML file of the
repository, uv.lock included: a megabyte of lock costs tomllib a tenth of a second, more than the rest of a run.
uv writes its lock in one layout, line by line: table headers, `key = value` lines, multi-line arrays of one value
per line. `valid` walks those lines, checks each value (the frequent shapes by a pattern that admits only valid
TOML with distinct keys, any other by tomllib on that value alone) and the structure (a key once per table, a table
once per package, headers uv writes); it answers True only for a text tomllib accepts. Anything it does not know
(another layout, an escape in a string, a header uv does not write) is None: the caller parses the text whole.
"""

from __future__ import annotations

import re
import tomllib

_STR = r'"[^"\\\x00-\x08\x0a-\x1f\x7f]*"'  # a basic string without escapes
_INT = r"(?:0|[1-9][0-9]*)"
_SCALAR = rf"(?:{_STR}|{_INT}|true|false)"
_STRINGS = rf"\[(?:{_STR}(?:, {_STR})*)?\]"
_SOURCE = rf"\{{ (?:registry|editable|virtual|git|path|directory|url) = {_STR} \}}"
_FILE = rf"\{{ url = {_STR}, hash = {_STR}, size = {_INT}(?:, upload-time = {_STR})? \}}"  # sdist, wheels
_DEPENDENCY = (
    rf"\{{ name = {_STR}(?:, version = {_STR})?(?:, source = {_SOURCE})?(?:, extra = {_STRINGS})?"
    rf"(?:, marker = {_STR})? \}}"
)
_VALUE = re.compile(rf"(?:{_SCALAR}|{_STRINGS}|{_SOURCE}|{_FILE}|{_DEPENDENCY})")  # valid TOML, distinct keys
_KEY = r"[A-Za-z0-9_-]+"
_LINE = re.compile(rf"({_KEY}) = (\[|.*?)(?: #[^\x00-\x08\x0a-\x1f\x7f]*)?")
_ITEM = re.compile(r"    (.*),")
_HEADERS = {  # the tables uv writes, each under the table it belongs to
    "[options]": "",
    "[options.exclude-newer-package]": "[options]",
    "[manifest]": "",
    "[manifest.dependency-groups]": "[manifest]",
    "[[package]]": "",
    "[package.optional-dependencies]": "[[package]]",
    "[package.dev-dependencies]": "[[package]]",
    "[package.metadata]": "[[package]]",
    "[package.metadata.requires-dev]": "[package.metadata]",
}


def valid(text: str) -> bool | None:
    """True when `text` is in uv's lock layout and valid TOML; None when that cannot be told this way."""
    if not text.startswith("version = "):
        return None
    tables: dict[str, set[str]] = {"": set()}  # the keys of each table open in the current scope
    table = ""
    array = False  # inside a multi-line array
    for line in text.split("\n"):
        if array:
            if line == "]":
                array = False
            elif (item := _ITEM.fullmatch(line)) is None or not _value(item.group(1)):
                return None
        elif not line:
            continue
        elif line in _HEADERS:
            parent, name = _HEADERS[line], line.strip("[]").rpartition(".")[2]
            if line == "[[package]]":  # a new element of the array: its own tables start afresh
                if "package" in tables[""] and "[[package]]" not in tables:
                    return None  # a key of that name
                tables = {t: keys for t, keys in tables.items() if not t.startswith("[package.")}
                tables[line] = set()
            elif parent not in tables or name in tables[parent] or line in tables:
                return None  # its table is not open; a key of that name; the same table twice
            else:
                tables[line] = set()
            tables[parent].add(name)
            table = line
        elif (pair := _LINE.fullmatch(line)) is not None:
            key, value = pair.groups()
            if key in tables[table] or (value != "[" and not _value(value)):
                return None
            tables[table].add(key)
            array = value == "["
        else:
            return None
    return None if array else True


def _value(text: str) -> bool:
    if _VALUE.fullmatch(text):
        return True
    try:
        tomllib.loads(f"v = {text}")
    except tomllib.TOMLDecodeError:
        return False
    return True
