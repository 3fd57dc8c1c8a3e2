"""Parsed texts kept for reuse, least recently used first, within a budget of characters.

A workflow is read by several rules and fixers (the survey, the CI fixer, the Renovate fixer), and an edit's
accepted text is read again by the next fixer: each text is parsed once. The budget is in characters rather than
entries because one 10 MB file weighs as much as a thousand small ones, and a bot runs many repositories in one
process.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class TextCache(Generic[V]):
    """A mapping from texts to what parsing them gave, holding at most `budget` characters of texts."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.used = 0
        self.entries: OrderedDict[str, V] = OrderedDict()

    def parsed(self, text: str, parse: Callable[[str], V]) -> V:
        """What `parse` gives for `text`, parsed on the first ask only (a None it gives is kept too)."""
        if text in self.entries:
            self.entries.move_to_end(text)
            return self.entries[text]
        value = parse(text)
        self.put(text, value)
        return value

    def put(self, text: str, value: V) -> None:
        if len(text) > self.budget or text in self.entries:
            return
        self.entries[text] = value
        self.used += len(text)
        while self.used > self.budget:
            old, _ = self.entries.popitem(last=False)
            self.used -= len(old)
