"""Format-preserving edits of JSON with comments (pyrightconfig.json, renovate.json5): locate, splice, verify.

A structured load and dump would drop every comment and trailing comma (PITFALLS J1, renovate #15122), so the
document is tokenized losslessly (`jsonc_scan`), a value is located by its span, and new text is spliced in the
file's own indentation, key quoting, separator and comma style. Every edit re-parses its output and compares the
data with what it intended; an edit that would mean anything else is refused (the method returns False) and the
caller reports it for a human instead. Line endings are the driver's concern: it hands us LF text.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from ..model import ParseError
from . import jsonc_scan
from .document import Editor, KeyComments
from .jsonc_scan import Member, Node, loads
from .splice import Splice, apply, indent_at, line_col, line_start

__all__ = ["JsoncDocument", "ParseError", "dumps", "loads", "render"]

Path = tuple[str | int, ...]
Entries = Callable[[str | None], list[str]]  # the new entries' texts at an indentation (None: on one line)
_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_SEPARATOR = re.compile(r"[ \t]*:[ \t]*")
_WIDTH = 100  # a new list longer than this goes one item per line
_MISSING = object()


class JsoncDocument(Editor):
    """A JSON-with-comments text being edited; `text` always means exactly what the accepted edits intended.

    `json5=True` (the default) reads JSON5's extras too, as renovate.json5 may use them; `json5=False` refuses them
    with their position, for a file whose reader takes JSON with comments and trailing commas only
    (pyrightconfig.json, renovate.json). Every edit is verified with the same strictness, so a `NaN` or a
    single-quoted string can never be written into a strict file."""

    def __init__(self, text: str, *, json5: bool = True) -> None:
        self.json5 = json5
        super().__init__(text)

    def _parse(self, text: str) -> Any:  # noqa: ANN401 - JSON values are dynamic
        tokens = jsonc_scan.tokenize(text)  # raises ParseError with line and column
        root = jsonc_scan.parse(text, tokens, json5=self.json5)
        self._parsed = (text, tokens, root)  # the locator reuses them when this text is accepted
        return jsonc_scan.data(root)

    def _index(self) -> None:
        text, tokens, root = self._parsed
        if text is not self.text:
            tokens = jsonc_scan.tokenize(self.text)
            root = jsonc_scan.parse(self.text, tokens, json5=self.json5)
        self.root = root
        self._token_at = {t.start: t for t in tokens}
        self._tokens = tokens
        self.unit = _indent_unit(self.text, tokens)
        self.quote = next((self.text[t.start] for t in tokens if t.kind == "string"), '"')

    # -- reading --------------------------------------------------------------------------------------------------

    def get(self, path: Path, default: object = None) -> Any:  # noqa: ANN401 - JSON values are dynamic
        node = self.node(path)
        return jsonc_scan.data(node) if node is not None else default

    def node(self, path: Path) -> Node | None:
        node: Node | None = self.root
        for part in path:
            if node is None:
                return None
            if isinstance(part, int):
                node = node.items[part] if node.kind == "array" and 0 <= part < len(node.items) else None
            else:
                found = _member(node, part)
                node = found.value if found else None
        return node

    def member(self, path: Path) -> Member | None:
        """The `"key": value` defining `path` (the last one, where a key is repeated: it is the one that counts)."""
        parent = self.node(path[:-1]) if path else None
        return _member(parent, path[-1]) if parent is not None and isinstance(path[-1], str) else None

    def line_of(self, path: Path) -> int | None:
        """1-based line of the key that defines `path` (or of the value, for an array item or the root)."""
        found = self.member(path)
        if found is not None:
            return self.origins.original(line_col(self.text, found.key_start)[0])
        node = self.node(path)
        return self.origins.original(line_col(self.text, node.start)[0]) if node is not None else None

    def comments(self, path: Path) -> KeyComments:
        """The comments a human left about `path`: around it, those on the lines directly above its key and on
        the line its value ends; inside it, those within its value. For a key that is absent, every comment of the
        object that would hold it counts as inside (a commented-out `// "key": ...` among them)."""
        text, found = self.text, self.member(path)
        if found is not None:
            start = line_start(text, found.key_start)
            while start > 0:
                above = line_start(text, start - 1)
                if not text[above:start].strip().startswith(("//", "/*", "*")):
                    break
                start = above
            end = text.find("\n", found.value.end)
            around = self._comments_between(start, found.key_start)
            around += self._comments_between(found.value.end, len(text) if end < 0 else end)
            inside = self._comments_between(found.value.start, found.value.end)
            return KeyComments(tuple(around), tuple(inside), tuple(around))
        holder = self.node(path[:-1]) if path else None
        if holder is None:
            return KeyComments()
        return KeyComments(inside=tuple(self._comments_between(holder.start, holder.end)))

    def _comments_between(self, start: int, end: int) -> list[str]:
        return [
            self.text[t.start : t.end].strip()
            for t in self._tokens
            if start <= t.start < end and t.kind in ("line_comment", "block_comment")
        ]

    # -- editing: each returns whether the edit was made ----------------------------------------------------------

    def set(self, path: Path, value: object) -> bool:
        """Replace the value at `path` in place, or add the member (and any missing objects above it)."""
        expected = _with(self.data, path, value)
        if expected is _MISSING:
            return False
        node = self.node(path)
        if node is not None:
            text = render(value, indent_at(self.text, node.start), self.unit, self.quote)
            return self._try(expected, [Splice(node.start, node.end, text)])
        for depth in range(len(path) - 1, -1, -1):
            holder = self.node(path[:depth])
            if holder is None:
                continue
            keys = path[depth:]
            if holder.kind != "object" or not all(isinstance(k, str) for k in keys):
                return False
            nested: object = value
            for key in reversed(keys[1:]):
                nested = {key: nested}
            return self._try(expected, self._add_member(holder, str(keys[0]), nested))
        return False

    def add(self, path: Path, key: str, value: object) -> bool:
        """Add `"key": value` to the object at `path`; False when the key is there already."""
        return self.get((*path, key), _MISSING) is _MISSING and self.set((*path, key), value)

    def extend(self, path: Path, items: Sequence[Any]) -> bool:
        """Append items to an array in its own layout (inline or one per line, trailing comma or not)."""
        node = self.node(path)
        if node is None:
            return self.set(path, list(items))
        if node.kind != "array":
            return False
        expected = _with(self.data, path, [*jsonc_scan.data(node), *items])
        inline = render(list(items), "", self.unit, self.quote)
        spans = [(item.start, item.end) for item in node.items]
        make: Entries = lambda indent: [self._render(i, indent) for i in items]  # noqa: E731
        return self._try(expected, self._append(node, spans, make, expand="\n" in inline or len(inline) > _WIDTH))

    # -- internals ------------------------------------------------------------------------------------------------

    def _render(self, value: object, indent: str | None) -> str:
        return render(value, indent or "", self.unit, self.quote, flat=indent is None)

    def _try(self, expected: object, splices: list[Splice]) -> bool:
        return self.accept(expected, [apply(self.text, splices)]) if splices else False

    def _add_member(self, box: Node, key: str, value: object) -> list[Splice]:
        ref = box.members[-1] if box.members else None
        raw_key = self.text[ref.key_start : ref.key_end] if ref else '"'
        if raw_key[0] not in "\"'" and _IDENT.fullmatch(key):
            key_text = key
        else:
            key_text = _quoted(key, "'" if raw_key[0] == "'" else '"')
        separator = self.text[ref.key_end : ref.value.start] if ref else ": "
        if not _SEPARATOR.fullmatch(separator):
            separator = ": "
        spans = [(m.key_start, m.value.end) for m in box.members]
        make: Entries = lambda indent: [key_text + separator + self._render(value, indent)]  # noqa: E731
        return self._append(box, spans, make, expand=True)

    def _append(self, box: Node, spans: list[tuple[int, int]], make: Entries, *, expand: bool) -> list[Splice]:
        """Splices adding entries after the last of `spans` (members or items) of the object or array `box`."""
        text, close = self.text, box.end - 1
        if not spans:
            return self._fill(box, make, expand=expand)
        last_start, last_end = spans[-1]
        if line_start(text, last_start) <= box.start:  # the entry shares the opening bracket's line
            indent = indent_at(text, box.start) + self.unit
        else:
            indent = indent_at(text, last_start)
        comma, newline = self._after(last_end, close)
        multiline = newline is not None or self._multiline(box, spans)
        entries = make(indent if multiline else None)
        if newline is not None:  # the last entry ends its line (perhaps with a comment): add whole lines below
            if comma is not None and comma < newline:  # a trailing comma: the file's style, kept on new entries
                return [Splice(newline, newline, "".join(f"{indent}{e},\n" for e in entries))]
            block = ",\n".join(indent + e for e in entries) + "\n"
            return [Splice(last_end, last_end, ","), Splice(newline, newline, block)]
        joiner = "\n" + indent if multiline else self._space(spans)
        if comma is not None:
            return [Splice(comma + 1, comma + 1, "".join(f"{joiner}{e}," for e in entries))]
        return [Splice(last_end, last_end, "".join(f",{joiner}{e}" for e in entries))]

    def _fill(self, box: Node, make: Entries, *, expand: bool) -> list[Splice]:
        """Splices giving an empty object or array its first entries."""
        text, close = self.text, box.end - 1
        inner = text[box.start + 1 : close]
        base = indent_at(text, box.start)
        at = line_start(text, close)
        if "\n" in inner and not text[at:close].strip(" \t"):  # the closing bracket starts its own line
            indent = indent_at(text, close) + self.unit
            return [Splice(at, at, ",\n".join(indent + e for e in make(indent)) + "\n")]
        if not inner.strip() and expand:
            indent = base + self.unit
            body = ",\n".join(indent + e for e in make(indent))
            return [Splice(box.start + 1, close, f"\n{body}\n{base}")]
        body = ", ".join(make(None))
        if not inner.strip():
            return [Splice(box.start + 1, close, body)]
        return [Splice(close, close, (" " if not inner.endswith((" ", "\n")) else "") + body)]

    def _after(self, offset: int, close: int) -> tuple[int | None, int | None]:
        """After an entry ending at `offset`: where its comma is, and where the line it ends on ends (just past
        the newline), if that comes before the closing bracket. A `// comment` after the entry stays on its line."""
        comma = newline = None
        token = self._token_at.get(offset)
        while token is not None and token.start < close:
            source = self.text[token.start : token.end]
            if token.kind == "punct" and source == ",":
                comma = token.start
            elif token.kind == "ws" and "\n" in source:
                newline = token.start + source.index("\n") + 1
                break
            token = self._token_at.get(token.end)
        return comma, newline

    def _multiline(self, box: Node, spans: list[tuple[int, int]]) -> bool:
        gaps = [(box.start + 1, spans[0][0])] + [(a[1], b[0]) for a, b in zip(spans, spans[1:], strict=False)]
        return any("\n" in self.text[start:end] for start, end in gaps)

    def _space(self, spans: list[tuple[int, int]]) -> str:
        """The space after a comma between inline entries (`, ` or `,`)."""
        if len(spans) > 1:
            match = re.fullmatch(r"[ \t]*,([ \t]*)", self.text[spans[-2][1] : spans[-1][0]])
            if match:
                return match.group(1)
        return " "


def _member(node: Node, key: str) -> Member | None:
    if node.kind != "object":
        return None
    return next((m for m in reversed(node.members) if m.key == key), None)


def _with(data: object, path: Path, value: object) -> object:
    """A copy of `data` with `value` at `path` (objects created where missing), or _MISSING if it cannot be."""
    result: Any = copy.deepcopy(data)
    node: Any = result
    for i, part in enumerate(path):
        if not _can_hold(node, part):
            return _MISSING
        if i == len(path) - 1:
            node[part] = copy.deepcopy(value)
        elif isinstance(part, str):
            node = node.setdefault(part, {})
        else:
            node = node[part]
    return copy.deepcopy(value) if not path else result


def _can_hold(node: object, part: str | int) -> bool:
    if isinstance(part, int):
        return isinstance(node, list) and 0 <= part < len(node)
    return isinstance(node, dict)


def _indent_unit(text: str, tokens: list[jsonc_scan.Token]) -> str:
    """The file's indentation step: its smallest indentation of a line (tab, 2 or 4 spaces); 4 spaces if none."""
    best: str | None = None
    for token in tokens[:-1]:
        source = text[token.start : token.end]
        if token.kind == "ws" and "\n" in source:
            indent = source.rsplit("\n", 1)[1]
            if indent and indent.strip(" \t") == "" and (best is None or len(indent) < len(best)):
                best = indent
    return best or "    "


def _quoted(value: str, quote: str) -> str:
    if quote == "'" and "'" not in value and "\\" not in value and value.isprintable():
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False)


def render(value: object, indent: str = "", unit: str = "    ", quote: str = '"', *, flat: bool = False) -> str:
    """A value as JSON text to sit at a line indented by `indent`: objects one member per line, lists inline
    when short and flat, else one item per line; everything on one line when `flat` (inside an inline object)."""
    inner = indent + unit
    if isinstance(value, dict):
        members = [f"{_quoted(str(k), quote)}: {render(v, inner, unit, quote, flat=flat)}" for k, v in value.items()]
        if flat or not members:
            return "{" + ", ".join(members) + "}"
        return "{\n" + ",\n".join(inner + m for m in members) + "\n" + indent + "}"
    if isinstance(value, list | tuple):
        parts = [render(v, inner, unit, quote, flat=flat) for v in value]
        line = "[" + ", ".join(parts) + "]"
        if flat or (not any("\n" in p for p in parts) and len(indent) + len(line) <= _WIDTH):
            return line
        return "[\n" + ",\n".join(inner + p for p in parts) + "\n" + indent + "]"
    if isinstance(value, str):
        return _quoted(value, quote)
    if value is None or isinstance(value, bool | int | float):
        return json.dumps(value)
    raise TypeError(f"cannot render {type(value).__name__} as JSON")


def dumps(data: object, unit: str = "    ") -> str:
    """A new document: `render`'s layout and a final newline."""
    return render(data, "", unit) + "\n"
