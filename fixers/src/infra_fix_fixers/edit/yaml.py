"""Format-preserving YAML edits: locate with ruamel.yaml's parser, splice text in the file's own style, verify.

ruamel.yaml re-emits a whole document in one global style (PITFALLS Y1-Y14: sequences re-indented, long `run:`
lines folded, quotes and `---` dropped, comments moved), so it is used only to *locate*: the parser's events give
every node's start and end offsets, and each edit is a text splice at those offsets, written in the indentation,
dash offset and quote style the surrounding lines already use. Everything outside the splice keeps its bytes.

Every edit re-loads the result with a YAML 1.2 safe loader (so `on:` stays the string "on", Y9) and compares the
data of every document with the data the edit intended; an edit that would mean anything else is refused
(the method returns False) and the caller reports a finding for a human instead.

Paths address nodes as in the loaded data: mapping keys (str) and sequence indices (int), in document `doc`.
Values to insert are given as data (`value`, used for the check) and, optionally, as already-rendered YAML
(`rendered`, written at column 0 as if it were a document of its own; it is re-indented to the target).
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..model import ParseError
from .splice import Splice, apply, insert_lines, line_end, line_start

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Node:
    """A parsed node with its character span. `children` are a sequence's items, or a mapping's keys and values
    interleaved (k0, v0, k1, v1, ...). `style` is a scalar's quote or block indicator (None: plain)."""

    kind: str  # "map", "seq", "scalar" or "alias"
    start: int
    end: int
    flow: bool = False
    style: str | None = None
    value: str | None = None  # a scalar's text, an alias's anchor name
    anchor: str | None = None
    children: tuple[Node, ...] = ()

    @property
    def pairs(self) -> list[tuple[Node, Node]]:
        return list(zip(self.children[::2], self.children[1::2], strict=True))


@dataclass(frozen=True)
class Style:
    """How a file nests blocks: `map_step` spaces per mapping level, a sequence's dash `seq_offset` spaces right of
    its key (0 for `key:\\n- x`), and `dash_gap` columns from the dash to the item's content (2 for `- x`)."""

    map_step: int = 2
    seq_offset: int = 2
    dash_gap: int = 2


# -- parsing --------------------------------------------------------------------------------------------------------


def _yaml(typ: str = "safe") -> Any:  # noqa: ANN401 - ruamel's YAML, imported lazily
    from ruamel.yaml import YAML

    yaml = YAML(typ=typ, pure=True)
    yaml.allow_duplicate_keys = True  # PyYAML (pre-commit's loader) accepts them, and duplicate `<<` (Y8)
    return yaml


def _parse_error(err: Exception) -> ParseError:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    context = getattr(err, "context", None)
    message = f"{problem} ({context})" if context else str(problem)
    if mark is None:
        return ParseError(f"invalid YAML: {message}")
    return ParseError(f"invalid YAML: {message}", mark.line + 1, mark.column + 1)


def load(text: str) -> list[Any]:
    """The data of every document (a YAML 1.2 safe load: `on` is a string); ParseError with a 1-based position."""
    from ruamel.yaml.error import YAMLError

    try:
        return list(_yaml().load_all(text))
    except YAMLError as err:
        raise _parse_error(err) from None


def compose(text: str) -> list[Node | None]:
    """The node tree of every document, from the parser's events (aliases stay aliases, with their own span)."""
    from ruamel.yaml import events as ev
    from ruamel.yaml.error import YAMLError

    roots: list[Node | None] = []
    stack: list[tuple[Any, list[Node]]] = []
    try:
        for event in _yaml().parse(text):
            node: Node | None = None
            if isinstance(event, ev.CollectionStartEvent):
                stack.append((event, []))
                continue
            if isinstance(event, ev.ScalarEvent):
                start, end = event.start_mark.index, event.end_mark.index
                node = Node("scalar", start, end, style=event.style, value=event.value, anchor=event.anchor)
            elif isinstance(event, ev.AliasEvent):
                node = Node("alias", event.start_mark.index, event.end_mark.index, value=event.anchor)
            elif isinstance(event, ev.CollectionEndEvent):
                opened, children = stack.pop()
                kind = "map" if isinstance(opened, ev.MappingStartEvent) else "seq"
                end = event.end_mark.index
                node = Node(kind, opened.start_mark.index, end, bool(opened.flow_style), None, None, opened.anchor,
                            tuple(children))  # fmt: skip
            elif isinstance(event, ev.DocumentStartEvent):
                roots.append(None)
            if node is not None:
                if stack:
                    stack[-1][1].append(node)
                else:
                    roots[-1] = node
    except YAMLError as err:
        raise _parse_error(err) from None
    return roots


# -- reading the tree -----------------------------------------------------------------------------------------------


def column(text: str, offset: int) -> int:
    return offset - line_start(text, offset)


def content_end(node: Node) -> int:
    """Where the node's own text ends: a block collection's end mark lies past trailing comments and blank lines."""
    if node.kind in ("map", "seq") and not node.flow:
        return content_end(node.children[-1]) if node.children else node.start
    return node.end


def _trimmed_end(text: str, node: Node) -> int:
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
        node = anchors.get(node.value or "")
    if node is None:
        return None
    if node.kind == "map" and isinstance(key, str):
        found = [v for k, v in node.pairs if k.kind == "scalar" and k.value == key]
        if not found:
            return None
        value = found[0]  # the loader keeps the first of duplicate keys
    elif node.kind == "seq" and isinstance(key, int) and -len(node.children) <= key < len(node.children):
        value = node.children[key]
    else:
        return None
    if value.kind == "alias":
        return anchors.get(value.value or "")
    return value


def _anchors(node: Node | None) -> dict[str, Node]:
    found: dict[str, Node] = {}
    for sub in _walk(node):
        if sub.anchor:
            found.setdefault(sub.anchor, sub)
    return found


def _walk(node: Node | None) -> Iterator[Node]:
    if node is None:
        return
    yield node
    for child in node.children:
        yield from _walk(child)


def detect_style(text: str, node: Node | None, default: Style | None = None) -> Style:
    """The most common nesting style under `node`, each part falling back to `default` where nothing shows it."""
    steps: Counter[int] = Counter()
    offsets: Counter[int] = Counter()
    gaps: Counter[int] = Counter()
    for sub in _walk(node):
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


# -- rendering ------------------------------------------------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z0-9_./@+~=$^%-][A-Za-z0-9_./@+~=$^%:-]*")
_SPECIAL = re.compile(r"(?i)y|n|yes|no|true|false|on|off|null|~|[-+.\d_:]+|[-+]?\.(inf|nan)|[-+]?\d.*e[-+]?\d+")


def render_scalar(value: object, quote: str | None = None) -> str:
    """A scalar as YAML text: plain when it means the same to YAML 1.1 and 1.2 loaders, else in `quote`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if not isinstance(value, str):
        raise TypeError(f"cannot render {type(value).__name__} as a YAML scalar")
    plain = _PLAIN.fullmatch(value) and not _SPECIAL.fullmatch(value) and not value.endswith(":")
    if quote is None and plain:
        return value
    if quote == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def render(value: object, style: Style | None = None, quote: str | None = None) -> str:
    """A value as block YAML starting at column 0 (no final newline): mappings and sequences of collections in
    block style, sequences of scalars in flow style (`args: [--fix]`, as the blueprint writes them)."""
    style = style or Style()
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "\n".join(_entry(render_scalar(k, quote), v, style, quote) for k, v in value.items())
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return "[" + ", ".join(render_scalar(v, quote) for v in value) + "]"
        pad = " " * (style.dash_gap - 1)
        return "\n".join(indent_block(render(v, style, quote), "-" + pad, " " * style.dash_gap) for v in value)
    return render_scalar(value, quote)


def render_flow(value: object, quote: str | None = None) -> str:
    """A value as one line of flow YAML (`{id: ruff, args: [--fix]}`), for an item of a flow collection."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{render_scalar(k, quote)}: {render_flow(v, quote)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(render_flow(v, quote) for v in value) + "]"
    return render_scalar(value, quote)


def _entry(key: str, value: object, style: Style, quote: str | None) -> str:
    body = render(value, style, quote)
    if isinstance(value, dict) and value:
        return f"{key}:\n" + indent_block(body, " " * style.map_step, " " * style.map_step)
    if "\n" in body or (isinstance(value, list) and not body.startswith("[")):
        return f"{key}:\n" + indent_block(body, " " * style.seq_offset, " " * style.seq_offset)
    return f"{key}: {body}"


def indent_block(block: str, first: str, rest: str) -> str:
    """Prefix the first line of `block` with `first` and every other non-empty line with `rest`."""
    lines = block.split("\n")
    out = [first + lines[0]] + [rest + line if line.strip() else "" for line in lines[1:]]
    return "\n".join(out)


# -- the document being edited --------------------------------------------------------------------------------------


class YamlDocument:
    """A YAML text being edited; `text` always parses to exactly what the accepted edits intended."""

    def __init__(self, text: str) -> None:
        self.data = load(text)
        self._reset(text)

    def _reset(self, text: str) -> None:
        self.text = text
        self.roots = compose(text)
        self._anchors = [_anchors(root) for root in self.roots]

    # -- reading --------------------------------------------------------------------------------------------------

    def node(self, path: Path, doc: int = 0) -> Node | None:
        if doc >= len(self.roots):
            return None
        node = self.roots[doc]
        for part in path:
            node = lookup(node, part, self._anchors[doc])
            if node is None:
                return None
        return node

    def get(self, path: Path, doc: int = 0, default: object = None) -> object:
        node: Any = self.data[doc] if doc < len(self.data) else None
        for part in path:
            if isinstance(node, dict) and isinstance(part, str) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and -len(node) <= part < len(node):
                node = node[part]
            else:
                return default
        return node

    def line_of(self, path: Path, doc: int = 0) -> int | None:
        """1-based line of the key naming `path` (or of the item, for an index)."""
        node = self.node(path[:-1], doc) if path else None
        if node is not None and node.kind == "map" and isinstance(path[-1], str):
            keys = [k for k, _ in node.pairs if k.value == path[-1]]
            if keys:
                return self.text.count("\n", 0, keys[-1].start) + 1
        target = self.node(path, doc)
        return self.text.count("\n", 0, target.start) + 1 if target else None

    def style(self, path: Path = (), doc: int = 0) -> Style:
        """The nesting style used under `path`, falling back to the whole document's, then to 2/2/2."""
        whole = detect_style(self.text, self.roots[doc] if doc < len(self.roots) else None)
        return detect_style(self.text, self.node(path, doc), whole)

    # -- editing: each returns whether the edit was made ----------------------------------------------------------

    def set_scalar(self, path: Path, value: object, doc: int = 0) -> bool:
        """Replace a scalar value in place, in its quote style (a plain scalar is quoted only where it must be)."""
        node = self.node(path, doc) if path else None
        if node is None or node.kind != "scalar" or node.style in ("|", ">"):
            return False
        new = render_scalar(value, node.style)
        splices = [Splice(node.start, node.end, new)]
        return self._try(path[:-1], doc, lambda holder: _set(holder, path[-1], value), splices)

    def append(
        self, path: Path, value: object, rendered: str | None = None, doc: int = 0, *, blank_line: bool = False
    ) -> bool:
        """Append an item to the sequence at `path`, in that sequence's own layout."""
        seq = self.node(path, doc)
        if seq is None or seq.kind != "seq":
            return False
        return self.insert(path, len(seq.children), value, rendered, doc, blank_line=blank_line)

    def insert(  # noqa: PLR0913 - the value, its text, its place, and the document's layout are all needed
        self,
        path: Path,
        index: int,
        value: object,
        rendered: str | None = None,
        doc: int = 0,
        *,
        blank_line: bool = False,
    ) -> bool:
        """Insert an item before item `index` of the sequence at `path` (at the end when `index` is past it).
        `blank_line` separates a new block item from the one above it, where the file's items are so separated."""
        seq = self.node(path, doc)
        if seq is None or seq.kind != "seq":
            return False
        index = min(index, len(seq.children))
        if seq.flow:
            splices = self._flow_insert(seq, index, rendered or render_flow(value, self._quote(seq)))
        else:
            splices = self._block_insert(path, seq, index, value, rendered, doc)
            if splices and blank_line and index == len(seq.children):
                splices = [Splice(s.start, s.end, "\n" + s.text) for s in splices]
        return self._try(path, doc, lambda held: held.insert(index, copy.deepcopy(value)), splices)

    def add_key(self, path: Path, key: str, value: object, rendered: str | None = None, doc: int = 0) -> bool:
        """Add `key: value` at the end of the mapping at `path`, at its keys' column (or inside `{...}`)."""
        mapping = self.node(path, doc)
        current = self.get(path, doc)
        if mapping is None or mapping.kind != "map" or not isinstance(current, dict) or key in current:
            return False
        body = rendered if rendered is not None else render(value, self.style(path, doc))
        key_text = render_scalar(key)
        if mapping.flow:
            flow_body = rendered if rendered is not None else render_flow(value)
            splices = self._flow_mapping_add(mapping, f"{key_text}: {flow_body}")
        elif not mapping.children:
            return False
        else:
            splices = self._block_add(mapping, key_text, value, body, self.style(path, doc))
        return self._try(path, doc, lambda held: _set(held, key, value), splices)

    # -- internals ------------------------------------------------------------------------------------------------

    def _try(self, path: Path, doc: int, change: Callable[[Any], None], splices: list[Splice] | None) -> bool:
        if not splices:
            return False
        expected = copy.deepcopy(self.data)
        holder: Any = expected[doc]
        for part in path:
            holder = holder[part]
        change(holder)
        candidate = apply(self.text, splices)
        try:
            if load(candidate) != expected:
                return False
        except ParseError:
            return False
        self.data = expected
        self._reset(candidate)
        return True

    def _quote(self, collection: Node) -> str | None:
        """The quote style the collection's scalar items use, so a new item matches them."""
        for item in collection.children:
            if item.kind == "scalar" and item.style in ("'", '"'):
                return item.style
        return None

    def _block_insert(
        self, path: Path, seq: Node, index: int, value: object, rendered: str | None, doc: int
    ) -> list[Splice] | None:
        text, items = self.text, seq.children
        first_dash = dash(text, items[0]) if items else -1
        if not items or text[first_dash] != "-":
            return None
        dash_col = column(text, first_dash)
        gaps = [item.start - dash(text, item) for item in items if item.kind != "seq"]
        gap = gaps[0] if gaps and text.count("\n", first_dash, items[0].start) == 0 else 2
        body = rendered if rendered is not None else render(value, self.style(path, doc), self._quote(seq))
        block = indent_block(body.rstrip("\n"), " " * dash_col + "-" + " " * (gap - 1), " " * (dash_col + gap)) + "\n"
        if index < len(items):
            at = dash(text, items[index])
            if text[line_start(text, at) : at].strip():
                return None  # `- - x`: the item shares its line with another
            return [Splice(_comments_above(text, line_start(text, at)), _comments_above(text, line_start(text, at)),
                           block)]  # fmt: skip
        return [insert_lines(text, _after(text, items[-1], dash_col), block)]

    def _block_add(self, mapping: Node, key: str, value: object, body: str, style: Style) -> list[Splice]:
        text = self.text
        key_col = column(text, mapping.children[0].start)
        if "\n" in body or (isinstance(value, dict | list) and value and body[:1] not in "[{"):
            step = style.map_step if isinstance(value, dict) else style.seq_offset
            entry = f"{key}:\n" + indent_block(body.rstrip("\n"), " " * step, " " * step)
        else:
            entry = f"{key}: {body}"
        block = indent_block(entry, " " * key_col, " " * key_col) + "\n"
        return [insert_lines(text, _after(text, mapping.children[-1], key_col), block)]

    def _flow_insert(self, seq: Node, index: int, item: str) -> list[Splice] | None:
        text, items = self.text, seq.children
        if not items:
            inner = text[seq.start + 1 : seq.end - 1]
            return None if inner.strip() else [Splice(seq.start + 1, seq.end - 1, item)]
        if index < len(items):
            return [Splice(items[index].start, items[index].start, f"{item}, ")]
        last_end = _trimmed_end(text, items[-1])
        tail = text[last_end : seq.end - 1]
        if "\n" not in text[seq.start : seq.end] or "\n" not in tail:
            return [Splice(last_end, last_end, f", {item}")]
        indent = re.match(r"[ \t]*", text[line_start(text, items[-1].start) :])
        pad = indent.group(0) if indent else ""
        comma = tail.find(",")
        if comma >= 0 and "\n" not in tail[:comma]:  # `x,` then a line break: the list keeps trailing commas
            at = line_end(text, last_end + comma)
            return [Splice(at, at, f"{pad}{item},\n")]
        at = line_end(text, last_end)
        return [Splice(last_end, last_end, ","), Splice(at, at, f"{pad}{item}\n")]

    def _flow_mapping_add(self, mapping: Node, entry: str) -> list[Splice] | None:
        if not mapping.children:
            inner = self.text[mapping.start + 1 : mapping.end - 1]
            return None if inner.strip() else [Splice(mapping.start + 1, mapping.end - 1, entry)]
        end = _trimmed_end(self.text, mapping.children[-1])
        return [Splice(end, end, f", {entry}")]


def _set(holder: dict[Any, Any] | list[Any], key: str | int, value: object) -> None:
    holder[key] = copy.deepcopy(value)  # type: ignore[index]


def _after(text: str, last: Node, owner_col: int) -> int:
    """Where a new item or key goes after `last`: past the end of its content line, and past the comment lines that
    directly follow it at the list's own depth (commented-out items). A comment after a blank line, or indented
    no deeper than what follows, labels what follows (Y7) and stays above it."""
    at = line_end(text, max(_trimmed_end(text, last) - 1, last.start))
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


def _comments_above(text: str, start: int) -> int:
    """Start of the comment lines directly above the line at `start`: they label it, so an insertion goes above."""
    while start > 0:
        prev = line_start(text, start - 1)
        if not text[prev:start].lstrip(" \t").startswith("#"):
            break
        start = prev
    return start
