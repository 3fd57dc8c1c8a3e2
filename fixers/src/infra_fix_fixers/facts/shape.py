"""Typed reading of parsed configuration data: a value of the wrong shape is recorded as a problem, never an
AttributeError.

tomllib accepts `optional-dependencies = ["dev"]` or `tool = "x"`: valid TOML that every tool reading the key
rejects. Facts read through `Shape`, which hands back an empty value of the expected type and remembers where the
document disagreed, so the pyproject rules can report it with its key and the run goes on.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct, field


class Shape(Struct):
    """Accessors over one document's data; `problems` lists (dotted key, what was expected) in the order met."""

    problems: list[tuple[str, str]] = field(default_factory=list)

    def table(self, data: object, *keys: str) -> dict[str, Any]:
        """The table at `keys` under `data` ({} when absent or not a table, the latter recorded)."""
        node: object = data
        for depth, key in enumerate(keys):
            if not isinstance(node, dict):
                return {}
            node = node.get(key)
            if node is None:
                return {}
            if not isinstance(node, dict):
                self._wrong(keys[: depth + 1], "a table")
                return {}
        return node if isinstance(node, dict) else {}

    def strings(self, data: object, *keys: str) -> list[str]:
        """The array of strings at `keys` ([] when absent; a wrong type or item recorded and left out)."""
        value = self._leaf(data, keys)
        if value is None:
            return []
        if not isinstance(value, list):
            self._wrong(keys, "an array of strings")
            return []
        if not all(isinstance(v, str) for v in value):
            self._wrong(keys, "an array of strings")
        return [v for v in value if isinstance(v, str)]

    def string(self, data: object, *keys: str) -> str | None:
        value = self._leaf(data, keys)
        if value is not None and not isinstance(value, str):
            self._wrong(keys, "a string")
            return None
        return value

    def _leaf(self, data: object, keys: tuple[str, ...]) -> object:
        if not keys:
            return None
        *parents, last = keys
        parent = self.table(data, *parents) if parents else data
        return parent.get(last) if isinstance(parent, dict) else None

    def _wrong(self, keys: tuple[str, ...], expected: str) -> None:
        problem = (".".join(keys), expected)
        if problem not in self.problems:
            self.problems.append(problem)
