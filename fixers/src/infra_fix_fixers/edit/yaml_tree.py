"""YAML as a tree of nodes with character spans, for locating edits (edit/yaml.py makes them).

ruamel.yaml's parser events give every node's start and end offsets; `yaml_parse.compose` builds the tree from them
(aliases stay aliases, with their own span and the node they name), `detect_style` reads how a file nests its
blocks so that new text can be written the same way, and `after_entry` says where new lines go without separating
a comment from what it labels (Y7).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from msgspec import Struct

from .splice import line_end, line_start

Path = tuple[str | int, ...]


class Node(Struct, frozen=True):
    """A parsed node with its character span. `children` are a sequence's items, or a mapping's keys and values
    interleaved (k0, v0, k1, v1, ...). `style` is a scalar's quote or block indicator (None: plain). An alias's
    `target` is the node it names (the latest anchor of that name before it, as YAML says)."""

    kind: str  # "map", "seq", "scalar" or "alias"
    start: int
    end: int
    flow: bool = False
    style: str | None = None
    value: str | None = None  # a scalar's text, an alias's anchor name
    anchor: str | None = None
    children: tuple[Node, ...] = ()
    tag: str | None = None  # an explicit tag (`!!str`, `!Ref`), None when the node has none
    target: Node | None = None

    @property
    def pairs(self) -> list[tuple[Node, Node]]:
        return list(zip(self.children[::2], self.children[1::2], strict=True))


class Style(Struct, frozen=True):
    """How a file nests blocks: `map_step` spaces per mapping level, a sequence's dash `seq_offset` spaces right of
    its key (0 for `key:\\n- x`), and `dash_gap` columns from the dash to the item's content (2 for `- x`)."""

    map_step: int = 2
    seq_offset: int = 2
    dash_gap: int = 2


# -- reading the tree -----------------------------------------------------------------------------------------------


def column(text: str, offset: int) -> int:
    return offset - line_start(text, offset)


def content_end(node: Node) -> int:
    """Where the node's own text ends: a block collection's end mark lies past trailing comments and blank lines."""
    if node.kind in ("map", "seq") and not node.flow:
        return content_end(node.children[-1]) if node.children else node.start
    return node.end


def trimmed_end(text: str, node: Node) -> int:
    """`content_end` without the blanks before it (whitespace back to the node's start)."""
    end = content_end(node)
    while end > node.start and text[end - 1] in " \t\n":  # a block scalar's end mark lies past its line breaks
        end -= 1
    return end


def dash(text: str, item: Node) -> int:
    """Offset of the `-` that introduces a block sequence item (the item's own span starts after it)."""
    at = item.start - 1
    while at >= 0 and text[at] in " \t\n":
        at -= 1
    return at


def lookup(node: Node | None, key: str | int, anchors: dict[str, Node]) -> Node | None:
    """A mapping value by key (as the scalar's text) or a sequence item by index; aliases are followed."""
    if node is not None and node.kind == "alias":
        node = node.target or anchors.get(node.value or "")
    if node is None:
        return None
    if node.kind == "map" and isinstance(key, str):
        found = [v for k, v in node.pairs if k.kind == "scalar" and k.value == key]
        if not found:
            return None
        value = found[-1]  # a repeated key is refused when composing; `<<` is never looked up
    elif node.kind == "seq" and isinstance(key, int) and -len(node.children) <= key < len(node.children):
        value = node.children[key]
    else:
        return None
    if value.kind == "alias":
        return value.target or anchors.get(value.value or "")
    return value


def anchors(node: Node | None) -> dict[str, Node]:
    """Every anchored node under `node` by anchor name (the last, where a name is reused; an alias knows its own)."""
    return {sub.anchor: sub for sub in walk(node) if sub.anchor}


def walk(node: Node | None) -> Iterator[Node]:
    if node is None:
        return
    yield node
    for child in node.children:
        yield from walk(child)


def detect_style(text: str, node: Node | None, default: Style | None = None) -> Style:
    """The most common nesting style under `node`, each part falling back to `default` where nothing shows it."""
    steps: Counter[int] = Counter()
    offsets: Counter[int] = Counter()
    gaps: Counter[int] = Counter()
    for sub in walk(node):
        if sub.kind == "seq" and not sub.flow:
            for item in sub.children:
                if item.kind != "seq" and "\n" not in text[dash(text, item) : item.start]:
                    gaps[item.start - dash(text, item)] += 1
        if sub.kind != "map" or sub.flow:
            continue
        for key, value in sub.pairs:
            if value.flow or not value.children or value.kind not in ("map", "seq"):
                continue
            first = value.children[0]
            if value.kind == "map" and text.count("\n", key.start, first.start):
                steps[column(text, first.start) - column(text, key.start)] += 1
            elif value.kind == "seq":
                offsets[column(text, dash(text, first)) - column(text, key.start)] += 1
    base = default or Style()

    def pick(counts: Counter[int], fallback: int) -> int:
        good = [(n, c) for n, c in counts.most_common() if n >= 0]
        return good[0][0] if good else fallback

    gap = pick(gaps, base.dash_gap)
    return Style(pick(steps, base.map_step if default else gap), pick(offsets, base.seq_offset), gap)


# -- where new lines go ---------------------------------------------------------------------------------------------


def after_entry(text: str, last: Node, owner_col: int) -> int:
    """Where a new item or key goes after `last`: past the end of its content line, and past the comment lines that
    directly follow it at the list's own depth (commented-out items). A comment after a blank line, or indented
    no deeper than what follows, labels what follows (Y7) and stays above it."""
    at = line_end(text, max(trimmed_end(text, last) - 1, last.start))
    pos, owned = at, at
    while pos < len(text):
        end = line_end(text, pos)
        line = text[pos:end]
        if not line.lstrip(" \t").startswith("#"):
            break
        col = len(line) - len(line.lstrip(" \t"))
        if col < owner_col or col <= _next_content_col(text, end):
            break
        owned = pos = end
    return owned


def _next_content_col(text: str, pos: int) -> int:
    for match in re.finditer(r"(?m)^([ \t]*)([^ \t\n#])", text[pos:]):
        return len(match.group(1))
    return -1
