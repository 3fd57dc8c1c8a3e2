"""Format-preserving YAML edits: locate with ruamel.yaml's parser, splice text in the file's own style, verify.

ruamel.yaml re-emits a whole document in one global style (PITFALLS Y1-Y14: sequences re-indented, long `run:`
lines folded, quotes and `---` dropped, comments moved), so it is used only to *locate*: the parser's events give
every node's start and end offsets, and each edit is a text splice at those offsets, written in the indentation,
dash offset and quote style the surrounding lines already use. Everything outside the splice keeps its bytes.

Every edit re-reads the result as a YAML 1.2 safe loader does (so `on:` stays the string "on", Y9; edit/yaml_parse.py,
one parse that gives both the nodes and the data) and compares the data of every document with the data the edit
intended; an edit that would mean anything else is refused (the method returns False) and the caller reports a
finding for a human instead.

Paths address nodes as in the loaded data: mapping keys (str) and sequence indices (int), in document `doc`.
Values to insert are given as data (`value`, used for the check) and, optionally, as already-rendered YAML
(`rendered`, written at column 0 as if it were a document of its own; it is re-indented to the target).

The parser (`compose`, `load`) lives in edit/yaml_parse.py, the tree and its spans in edit/yaml_tree.py and the
renderer in edit/yaml_render.py; their public names are re-exported here, so `from infra_fix_fixers.edit.yaml
import ...` is the one import a fixer needs.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from .document import Editor, KeyComments
from .splice import Splice, apply, comments_above, insert_lines, line_end, line_start
from .yaml_parse import compose, load, parse
from .yaml_render import indent_block, render, render_flow, render_scalar
from .yaml_tree import (
    Node,
    Path,
    Style,
    after_entry,
    anchors,
    column,
    content_end,
    dash,
    detect_style,
    lookup,
    trimmed_end,
    walk,
)

__all__ = [
    "Node",
    "Path",
    "Style",
    "YamlDocument",
    "column",
    "compose",
    "content_end",
    "dash",
    "detect_style",
    "indent_block",
    "load",
    "lookup",
    "render",
    "render_flow",
    "render_scalar",
]


# -- the document being edited --------------------------------------------------------------------------------------


class YamlDocument(Editor):
    """A YAML text being edited; `text` always parses to exactly what the accepted edits intended. `data` holds
    every document of the stream; paths address document `doc` (0 unless said)."""

    data: list[Any]

    def _parse(self, text: str) -> list[Any]:
        parsed = parse(text)  # raises ParseError with line and column
        self._parsed = (text, list(parsed.roots))  # the locator reuses the tree when this text is accepted: one parse
        return copy.deepcopy(parsed.data)

    def _index(self) -> None:
        text, roots = self._parsed
        self.roots = roots if text is self.text else compose(self.text)
        self._anchors = [anchors(root) for root in self.roots]

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

    def get(self, path: Path, default: object = None, doc: int = 0) -> Any:  # noqa: ANN401 - YAML data is dynamic
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
                return self.line_at(keys[-1].start)
        target = self.node(path, doc)
        return self.line_at(target.start) if target else None

    def comments(self, path: Path, doc: int = 0) -> KeyComments:
        """The comments a human left about `path`: around it, the comment lines directly above its key, a comment
        after its value on the same line and the comment lines directly below it; inside it, the comment lines of
        its (collection) value. For a key that is absent, the comment lines of the mapping that would hold it count
        as inside. Lines of block scalars (`run: |`) are their content, never comments."""
        text = self.text
        parent = self.node(path[:-1], doc) if path else None
        if parent is None:
            return KeyComments()
        pairs = [(k, v) for k, v in parent.pairs if k.value == path[-1]] if parent.kind == "map" else []
        if not pairs:
            return KeyComments(inside=tuple(_comment_lines(text, parent.start, trimmed_end(text, parent), parent)))
        key, value = pairs[-1]
        start = comments_above(text, line_start(text, key.start))
        end = line_end(text, max(trimmed_end(text, value) - 1, value.start))
        column = key.start - line_start(text, key.start)
        below = end
        while below < len(text):
            line = text[below : line_end(text, below)]
            stripped = line.lstrip(" \t")
            if not stripped.startswith("#") or len(line) - len(stripped) < column:
                break
            below = line_end(text, below)
        around = _comment_lines(text, start, line_start(text, key.start), None)
        if value.kind == "scalar" and value.style not in ("|", ">"):
            tail = text[value.end : line_end(text, value.end)].strip()
            around += [tail] if tail.startswith("#") else []
        near = tuple(around)
        around += _comment_lines(text, end, below, None)
        inside = _comment_lines(text, line_end(text, key.start), end, value) if value.kind != "scalar" else []
        return KeyComments(tuple(around), tuple(inside), near)

    def style(self, path: Path = (), doc: int = 0) -> Style:
        """The nesting style used under `path`, falling back to the whole document's, then to 2/2/2."""
        whole = detect_style(self.text, self.roots[doc] if doc < len(self.roots) else None)
        return detect_style(self.text, self.node(path, doc), whole)

    # -- editing: each returns whether the edit was made ----------------------------------------------------------

    def set(self, path: Path, value: object, doc: int = 0) -> bool:
        """The contract's leaf edit: a scalar replaced in place (see `set_scalar`)."""
        return self.set_scalar(path, value, doc)

    def extend(self, path: Path, items: list[Any], doc: int = 0) -> bool:
        """Append items to the sequence at `path`, in its layout; stops at the first that cannot be added."""
        return all(self.append(path, item, doc=doc) for item in items)

    def add(self, path: Path, key: str, value: object, doc: int = 0) -> bool:
        """Add `key: value` to the mapping at `path` (see `add_key`)."""
        return self.add_key(path, key, value, doc=doc)

    def set_scalar(self, path: Path, value: object, doc: int = 0) -> bool:
        """Replace a scalar value in place, in its quote style (a plain scalar is quoted only where it must be); a
        list or mapping is written in flow style (`[a, b]`) in its place."""
        node = self.node(path, doc) if path else None
        if node is None or node.kind != "scalar" or node.style in ("|", ">"):
            return False
        new = render_flow(value, node.style) if isinstance(value, dict | list) else render_scalar(value, node.style)
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
        index = max(0, min(index, len(seq.children)))
        if seq.flow:
            splices = self._flow_insert(seq, index, rendered or render_flow(value, self._quote(seq)))
        else:
            splices = self._block_insert(path, seq, index, value, rendered, doc)
            if splices and blank_line and index == len(seq.children):
                splices = [Splice(s.start, s.end, "\n" + s.text) for s in splices]
        return self._try(path, doc, lambda held: held.insert(index, copy.deepcopy(value)), splices)

    def add_key(  # noqa: PLR0913 - the value, its text, its place, and the layout to write it in are all needed
        self,
        path: Path,
        key: str,
        value: object,
        rendered: str | None = None,
        doc: int = 0,
        *,
        blank_line_before: bool = False,
        style: Style | None = None,
        after_comments: bool = True,
    ) -> bool:
        """Add `key: value` at the end of the mapping at `path`, at its keys' column (or inside `{...}`).

        `rendered=""` writes an empty value (`pull_request:`, as workflows write an event with no filter).
        `blank_line_before` separates the new key from the entry above it (workflows separate their jobs so).
        `style` is the layout to write in (default: the one used under `path`). A block mapping's new key goes
        below the comment lines that directly follow its last entry (commented-out keys); `after_comments=False`
        puts it right under the last entry's text instead, leaving those comments below it."""
        mapping = self.node(path, doc)
        current = self.get(path, doc)
        if mapping is None or mapping.kind != "map" or not isinstance(current, dict) or key in current:
            return False
        style = style or self.style(path, doc)
        body = rendered if rendered is not None else render(value, style)
        key_text = render_scalar(key)
        if mapping.flow:
            flow_body = rendered if rendered is not None else render_flow(value)
            splices = self._flow_mapping_add(mapping, f"{key_text}: {flow_body}")
        elif not mapping.children:
            return False
        else:
            block = self._block_entry(mapping, key_text, value, body, style)
            text = self.text
            if after_comments:
                at = after_entry(text, mapping.children[-1], column(text, mapping.children[0].start))
            else:
                at = line_end(text, trimmed_end(text, mapping) - 1)
            splices = [insert_lines(text, at, "\n" + block if blank_line_before else block)]
        return self._try(path, doc, lambda held: _set(held, key, value), splices)

    def splice(self, splices: list[Splice], path: Path, value: object, doc: int = 0) -> bool:
        """Apply splices a caller located itself (inside a scalar, or a scalar turned into a list), accepted only if
        the result reads as the current data with the node at `path` (non-empty) set to `value`."""
        if not path:
            return False
        return self._try(path[:-1], doc, lambda holder: _set(holder, path[-1], value), splices)

    # -- internals ------------------------------------------------------------------------------------------------

    def _try(self, path: Path, doc: int, change: Callable[[Any], None], splices: list[Splice] | None) -> bool:
        if not splices:
            return False
        expected = copy.deepcopy(self.data)
        holder: Any = expected[doc]
        for part in path:
            holder = holder[part]
        change(holder)
        return self.accept(expected, [apply(self.text, splices)])

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
            above = comments_above(text, line_start(text, at))
            return [Splice(above, above, block)]
        return [insert_lines(text, after_entry(text, items[-1], dash_col), block)]

    def _block_entry(self, mapping: Node, key: str, value: object, body: str, style: Style) -> str:
        """The lines of a new `key: body` entry of a block mapping, at its keys' column."""
        key_col = column(self.text, mapping.children[0].start)
        if "\n" in body or (isinstance(value, dict | list) and value and body[:1] not in "[{"):
            step = style.map_step if isinstance(value, dict) else style.seq_offset
            entry = f"{key}:\n" + indent_block(body.rstrip("\n"), " " * step, " " * step)
        else:
            entry = f"{key}: {body}" if body else f"{key}:"
        return indent_block(entry, " " * key_col, " " * key_col) + "\n"

    def _flow_insert(self, seq: Node, index: int, item: str) -> list[Splice] | None:
        text, items = self.text, seq.children
        if not items:
            inner = text[seq.start + 1 : seq.end - 1]
            return None if inner.strip() else [Splice(seq.start + 1, seq.end - 1, item)]
        if index < len(items):
            return [Splice(items[index].start, items[index].start, f"{item}, ")]
        last_end = trimmed_end(text, items[-1])
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
        end = trimmed_end(self.text, mapping.children[-1])
        return [Splice(end, end, f", {entry}")]


def _comment_lines(text: str, start: int, end: int, within: Node | None) -> list[str]:
    """The whole-line comments between `start` and `end`, outside the block scalars of `within`."""
    blocks = [(n.start, n.end) for n in walk(within) if n.kind == "scalar" and n.style in ("|", ">")]
    found, pos = [], line_start(text, start)
    while pos < end:
        stop = line_end(text, pos)
        line = text[pos:stop].strip()
        if line.startswith("#") and not any(a <= pos < b for a, b in blocks):
            found.append(line)
        pos = stop
    return found


def _set(holder: dict[Any, Any] | list[Any], key: str | int, value: object) -> None:
    holder[key] = copy.deepcopy(value)  # type: ignore[index]
