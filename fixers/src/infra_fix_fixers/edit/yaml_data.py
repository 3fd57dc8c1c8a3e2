"""The data of a composed YAML node tree, as a YAML 1.2 safe loader gives it, without parsing the text again.

Scalars resolve by ruamel.yaml's own YAML 1.2 table (`on`, `yes` and `off` stay strings, PITFALLS Y9; `true`,
`false`, null, ints in decimal, hex, octal `0o` and binary, floats with `.inf` and `.nan`, timestamps) and are built
as its safe constructor builds them, so the data is what `YAML(typ="safe").load` returns (a differential property
test holds the two together). Aliases are shared objects, never copies: the composer has already bounded what
their expansion costs (edit/limits.py).

Where readers disagree this takes the side of the tool that reads the file. Merge keys follow PyYAML, pre-commit's
loader: every `<<` of a mapping applies, a later one over an earlier one (ruamel keeps only the first, PITFALLS
Y8), the mapping's own keys over all of them, and in `<<: [*a, *b]` the earlier mapping wins. A key given twice in
one mapping (`1` and `0x1`, `a` and `"a"`) is refused, as `compose` refuses a repeated key text: pre-commit keeps
the last, ruamel the first, GitHub refuses the file. Where ruamel raises something else than a YAML error (`-_`
read as an int, `2024-13-45` as a date) this raises a located ParseError.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

from ..model import ParseError
from .splice import line_col

if TYPE_CHECKING:
    from .yaml_tree import Node

_TAG = "tag:yaml.org,2002:"


def construct(text: str, root: Node | None) -> Any:  # noqa: ANN401 - YAML data is dynamic
    """The data of one document's root node (None for an empty document)."""
    return _Builder(text).value(root) if root is not None else None


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.built: dict[int, Any] = {}  # anchored nodes, by identity: every alias shares one object

    def value(self, node: Node) -> Any:  # noqa: ANN401
        if node.kind == "alias":
            assert node.target is not None  # noqa: S101 - compose resolves every alias or refuses the text
            node = node.target
        if id(node) in self.built:
            return self.built[id(node)]
        if node.kind == "scalar":
            result = self.scalar(node)
        elif node.kind == "seq":
            result = []
            self._remember(node, result)
            result.extend(self.value(item) for item in node.children)
        else:
            result = {}
            self._remember(node, result)
            self.mapping(node, result)
        self._remember(node, result)
        return result

    def _remember(self, node: Node, value: object) -> None:
        if node.anchor is not None:
            self.built[id(node)] = value

    def mapping(self, node: Node, result: dict[Any, Any]) -> None:
        merged: dict[Any, Any] = {}
        own: dict[Any, Any] = {}
        where: dict[Any, Node] = {}
        for key_node, value_node in node.pairs:
            if _is_merge(key_node):
                for source in self.merge_sources(value_node):
                    merged.update(source)
                continue
            key = self.key(key_node)
            if key in own:
                self.duplicate(where[key], key_node)
            own[key], where[key] = self.value(value_node), key_node
        result.update(merged)
        result.update(own)

    def merge_sources(self, node: Node) -> list[dict[Any, Any]]:
        """The mappings a `<<` merges, in the order they are applied (a list's first mapping last: it wins)."""
        target = node.target if node.kind == "alias" and node.target is not None else node
        if target.kind == "map":
            return [self.value(node)]
        if target.kind == "seq":
            items = [i.target if i.kind == "alias" and i.target is not None else i for i in target.children]
            if all(item.kind == "map" for item in items):
                return [self.value(item) for item in reversed(items)]
        self.fail(node, "a merge key `<<` takes a mapping or a list of mappings")

    def key(self, node: Node) -> Any:  # noqa: ANN401
        if node.kind == "scalar" and node.style is None and node.value == "=":
            return "="  # the safe loader reads a plain `=` key as a string (and refuses it as a value)
        key = self.value(node)
        if isinstance(key, list):
            key = tuple(key)  # as the safe loader does: lists are not hashable, tuples are
        try:
            hash(key)
        except TypeError:
            self.fail(node, "a mapping or a list holding one cannot be a key")
        return key

    def scalar(self, node: Node) -> Any:  # noqa: ANN401
        text = node.value or ""
        if node.style is not None:  # quoted, literal or folded: always a string
            return text
        tag = resolve(text)
        if tag in ("merge", "value"):  # `<<` or `=` where a value is expected: no safe loader builds them
            self.fail(node, f"a plain `{text}` cannot be read as a value: quote it")
        try:
            return _BUILD.get(tag, str)(text)
        except ValueError:
            self.fail(node, f"a plain scalar read as {_NOUN.get(tag, tag)} that is not one ({len(text)} characters): "
                      "quote it")  # fmt: skip

    def duplicate(self, first: Node, again: Node) -> None:
        first_line = line_col(self.text, first.start)[0]
        line, column = line_col(self.text, again.start)
        raise ParseError(
            f"duplicate key (lines {first_line} and {line}): tools disagree on which one counts; remove one",
            line,
            column,
        )

    def fail(self, node: Node, message: str) -> NoReturn:
        raise ParseError(message, *line_col(self.text, node.start))


def _is_merge(node: Node) -> bool:
    return node.kind == "scalar" and node.style is None and node.value == "<<"


# -- YAML 1.2 scalar resolution, as ruamel.yaml's resolver and safe constructor do it --------------------------------


# ruamel.yaml's implicit resolvers for YAML 1.2 (ruamel/yaml/resolver.py), in its order: the tag, the pattern and its
# flags, the characters a scalar they match starts with. Copied, not imported: importing ruamel.yaml costs some 10 ms
# and most runs never need it (libyaml parses); tests/unit/test_yaml_data.py fails the day the two tables differ.
_YAML_1_2: tuple[tuple[str, str, int, str | tuple[str, ...]], ...] = (
    ("bool", "^(?:true|True|TRUE|false|False|FALSE)$", re.X, "tTfF"),
    (
        "float",
        """^(?:
         [-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\\.(?:inf|Inf|INF)
        |\\.(?:nan|NaN|NAN))$""",
        re.X,
        "-+0123456789.",
    ),
    (
        "int",
        """^(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)$""",
        re.X,
        "-+0123456789",
    ),
    ("merge", "^(?:<<)$", 0, "<"),
    ("null", "^(?: ~\n        |null|Null|NULL\n        | )$", re.X, ("~", "n", "N", "")),
    (
        "timestamp",
        """^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \\t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\\.[0-9]*)?
        (?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
        re.X,
        "0123456789",
    ),
    ("value", "^(?:=)$", 0, "="),
    ("yaml", "^(?:!|&|\\*)$", 0, "!&*"),
)


@functools.cache
def _resolvers() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """The YAML 1.2 resolvers, compiled on first use, by first character."""
    table: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, flags, first in _YAML_1_2:
        regexp = re.compile(pattern, flags)
        for character in first:
            table.setdefault(character, []).append((tag, regexp))
    return table


def resolve(text: str) -> str:
    """The type a plain scalar's text resolves to: "str", "int", "float", "bool", "null", "timestamp", ..."""
    for tag, regexp in _resolvers().get(text[:1], []):
        if regexp.match(text):
            return tag
    return "str"


def _int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits[:1] == "-" else 1
    digits = digits.lstrip("+-")
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


def _float(text: str) -> float:
    digits = text.replace("_", "").lower()
    sign = -1 if digits[:1] == "-" else 1
    digits = digits.lstrip("+-")
    if digits == ".inf":
        return sign * math.inf
    if digits == ".nan":
        return math.nan
    return sign * float(digits)


def _timestamp(text: str) -> object:
    from ruamel.yaml.util import create_timestamp, timestamp_regexp

    match = timestamp_regexp.match(text)
    if match is None:
        raise ValueError(text)
    return create_timestamp(**match.groupdict())


_NOUN = {"int": "an integer", "float": "a number", "timestamp": "a date"}
_BUILD: dict[str, Callable[[str], Any]] = {
    "null": lambda _: None,
    "bool": lambda text: text.lower() == "true",
    "int": _int,
    "float": _float,
    "timestamp": _timestamp,
}
