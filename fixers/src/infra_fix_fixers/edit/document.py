"""The editor contract every file kind shares, and the one verify loop behind every edit.

An editor holds a text and the data it means. It changes the text only through `accept`: given the data an edit
intends and candidate texts (best first), it takes the first candidate that parses to exactly that data, compared
as the reading tool would compare it (`same`), and refuses otherwise. A refused edit returns False and the rule
reports the finding for a human: nothing reaches a file that its tool would read differently from what was meant.
TOML, YAML, JSON with comments, INI (`ini.py`), Python (`python.py`, whose data is a libcst tree), Dockerfiles,
Makefiles (`makefile_doc.py`), env files (`envfile.py`) and pattern lists (`lines.py`) implement `_parse`, and
`_index` where they locate spans.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from typing import Any

from msgspec import Struct

from ..model import ParseError
from .splice import LineOrigins, line_col


class KeyComments(Struct, frozen=True):
    """The comments a human left about a key: `around` it (directly above, on its line, directly below: they speak
    of the key) and `inside` its value or its table (they speak of items: a commented-out `# "ANN",`)."""

    around: tuple[str, ...] = ()
    inside: tuple[str, ...] = ()
    near: tuple[str, ...] = ()  # of `around`, those directly above the key or beside it (not the ones below it)


class Editor:
    """A text being edited; `text` always parses to `data`, which is exactly what the accepted edits intended."""

    text: str
    data: Any

    def __init__(self, text: str) -> None:
        data = self._parse(text)  # raises ParseError with the position
        self.origins = LineOrigins(text)  # findings name lines of the text as given, whatever edits followed
        self._commit(text, data)

    # -- what each file kind provides ---------------------------------------------------------------------------

    def _parse(self, text: str) -> Any:  # noqa: ANN401 - a document's data is dynamic
        """The data `text` means to the tool that reads it; ParseError when it means nothing."""
        raise NotImplementedError

    def _index(self) -> None:
        """Locate the structure of `self.text` (spans of keys, values, items) after it changed."""

    # -- the verify loop ------------------------------------------------------------------------------------------

    def accept(self, expected: object, candidates: Iterable[str | None]) -> bool:
        """Take the first candidate text that means exactly `expected`; every edit ends here."""
        for candidate in candidates:
            if candidate is None:
                continue
            try:
                data = self._parse(candidate)
            except (ParseError, RecursionError):
                continue
            if self._same(data, expected):
                self.origins.update(candidate)
                self._commit(candidate, data)
                return True
        return False

    def _same(self, data: object, expected: object) -> bool:
        """Whether a candidate's data is what the edit intended (a file kind whose data is no plain value, such as
        a Python syntax tree, compares its own way)."""
        return same(data, expected)

    def _commit(self, text: str, data: object) -> None:
        self.text, self.data = text, data
        self._index()

    def line_at(self, offset: int) -> int | None:
        """The line, in the text as it was given, of an offset in the current text (None: a line an edit added)."""
        return self.origins.original(line_col(self.text, offset)[0])


def same(a: object, b: object) -> bool:
    """Equality as a configuration's reader sees it: types kept apart (True is not 1, 1 is not 1.0), NaN equal to
    itself (one `nan` in a file must not make every edit fail; a NaN key too: YAML's `.nan: x`), -0.0 the same as
    0.0, dates by value."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return _same_mapping(a, b)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, datetime.datetime) and isinstance(b, datetime.datetime):
        return a == b and a.tzinfo == b.tzinfo
    return a == b


def _same_mapping(a: dict[Any, Any], b: dict[Any, Any]) -> bool:
    if len(a) != len(b):
        return False
    if a.keys() == b.keys():
        return all(same(a[k], b[k]) for k in a)
    if not any(_holds_nan(k) for k in a):
        return False
    unmatched = list(b.items())  # a NaN key is found in no dict but its own: pair the keys one by one
    for key, value in a.items():
        match = next((i for i, (k, v) in enumerate(unmatched) if same(key, k) and same(value, v)), None)
        if match is None:
            return False
        del unmatched[match]
    return True


def _holds_nan(key: object) -> bool:
    if isinstance(key, float):
        return math.isnan(key)
    return isinstance(key, tuple) and any(_holds_nan(k) for k in key)
