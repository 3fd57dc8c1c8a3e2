"""One pass over a YAML text: ruamel.yaml's parser events become the node tree and its data, within bounds.

ruamel's safe loader expands nothing while loading (an alias is a shared object), but every later walk over the
data does, and a 600-byte "billion laughs" walks for hours; nesting 10,000 deep overflows Python's stack in the
loader's constructor. So the text is parsed once, here, into nodes (`compose`), and the composer refuses what no
configuration file needs before anything walks it: nesting past `MAX_DEPTH` (also counting what aliases nest), an
alias to an anchor still open (a structure containing itself), an alias to no anchor, alias expansion past
`MAX_ALIAS_NODES`, more than `MAX_NODES` nodes (the parse stops there), a repeated key. The data comes from the
same nodes (`yaml_data`), so an edit costs one parse, not a load and a compose. Each refusal is a ParseError at
the line and column of the node that broke the bound.

A document with an explicit tag (`!!str`, `!Ref`) or a `%YAML 1.1` directive is rare in the files read here and is
handed to ruamel's own safe loader for its data, after the same bounds were checked on its events. Docker Compose's
own tags, `!reset` and `!override` (a value that replaces, or clears, what another file merged in), are read as the
untagged value they carry: no YAML safe loader knows them (ruamel refuses the whole file), and what they mean is
compose's to say; the node keeps its `tag`, so a compose rule can see it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, NoReturn

from ..model import Location, ParseError
from . import messages
from .limits import MAX_ALIAS_NODES, MAX_DEPTH, MAX_NODES
from .splice import line_col
from .text_cache import TextCache
from .yaml_data import construct
from .yaml_depth import flow_too_deep
from .yaml_tree import Node


@dataclass(frozen=True)
class Parsed:
    """Every document of a text: its node tree, and its data as a YAML 1.2 safe loader reads it."""

    roots: list[Node | None]
    data: list[Any]


def parse(text: str) -> Parsed:
    """The nodes and data of `text` (a shared, cached value: never change it); ParseError with a position."""
    cached = _CACHE.get(text)
    if cached is None:
        try:
            roots, tagged = compose_all(text)
            cached = Parsed(roots, _data(text, roots) if not tagged else _safe_load(text))
        except ParseError as err:
            cached = err.location
        _CACHE.put(text, cached)
    if isinstance(cached, Location):
        raise ParseError(cached.message, cached.line, cached.column)
    return cached


def load(text: str) -> list[Any]:
    """The data of every document, a copy the caller may change; ParseError with a 1-based position."""
    return copy.deepcopy(parse(text).data)


def compose(text: str) -> list[Node | None]:
    """The node tree of every document (aliases stay aliases, with their own span and their `target`)."""
    return list(parse(text).roots)


def compose_all(text: str) -> tuple[list[Node | None], bool]:
    """The node trees, and whether a document needs ruamel's own constructor (an explicit tag, YAML 1.1)."""
    from ruamel.yaml.error import YAMLError

    deep = flow_too_deep(text, MAX_DEPTH)
    if deep is not None:
        raise ParseError(f"nested more than {MAX_DEPTH} levels deep", *line_col(text, deep))
    composer = _Composer(text)
    try:
        for event in _yaml().parse(text):
            composer.take(event)
    except YAMLError as err:
        raise _parse_error(text, err) from None
    return composer.roots, composer.tagged


def _yaml() -> Any:  # noqa: ANN401 - ruamel's YAML, imported lazily
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.allow_duplicate_keys = True  # duplicates are refused by the composer, with both lines
    return yaml


def _data(text: str, roots: list[Node | None]) -> list[Any]:
    return [construct(text, root) for root in roots]


def _safe_load(text: str) -> list[Any]:
    from ruamel.yaml.error import YAMLError

    try:
        return list(_yaml().load_all(text))
    except YAMLError as err:
        raise _parse_error(text, err) from None
    except (ValueError, TypeError) as err:  # ruamel lets some bad scalars and keys through as Python errors
        raise ParseError(f"invalid YAML: a value no YAML reader can build ({type(err).__name__})") from None


def _parse_error(text: str, err: Exception) -> ParseError:
    """ruamel's error, located by offset (its own line count takes a lone CR for a line break; ours does not) and
    scrubbed of the file's content."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    context = getattr(err, "context", None)
    message = messages.scrub(f"{problem} ({context})" if context else str(problem))
    offset = mark.index if mark is not None else getattr(err, "position", None)
    if not isinstance(offset, int) or not 0 <= offset <= len(text):
        return ParseError(f"invalid YAML: {message}")
    return ParseError(f"invalid YAML: {message}", *line_col(text, offset))


@dataclass
class _Open:
    """A collection whose end event has not come yet."""

    event: Any
    depth: int
    children: list[Node] = field(default_factory=list)
    size: int = 1  # nodes in its data, aliases expanded
    height: int = 1  # collections nested in its data, itself included, aliases expanded


class _Composer:
    """Builds the tree from the parser's events, counting what the data would cost before anything builds it."""

    def __init__(self, text: str) -> None:
        from ruamel.yaml import events as ev

        self.text = text
        self.roots: list[Node | None] = []
        self.tagged = False
        self.stack: list[_Open] = []
        self.nodes = 0  # in the whole text
        self._mapping = ev.MappingStartEvent
        self._handlers: dict[type, Any] = {  # by the event's exact class: one lookup per event, no isinstance chain
            ev.DocumentStartEvent: self._document,
            ev.DocumentEndEvent: lambda _: self._check_expansion(),
            ev.MappingStartEvent: self._open,
            ev.SequenceStartEvent: self._open,
            ev.MappingEndEvent: self._close,
            ev.SequenceEndEvent: self._close,
            ev.ScalarEvent: self._scalar,
            ev.AliasEvent: self._alias,
        }
        self._new_document()

    def _new_document(self) -> None:
        self.anchors: dict[str, Node | _Open] = {}
        self.cost: dict[int, tuple[int, int]] = {}  # an anchored node's (size, height), by identity
        self.own = 0  # nodes written in the document
        self.added: list[tuple[int, int]] = []  # (offset, nodes added so far) at each alias

    def take(self, event: Any) -> None:  # noqa: ANN401 - a ruamel event
        handler = self._handlers.get(type(event))
        if handler is not None:
            handler(event)

    def _document(self, event: Any) -> None:  # noqa: ANN401
        self._new_document()
        self.roots.append(None)
        self.tagged |= event.version is not None and tuple(event.version) != (1, 2)

    def _scalar(self, event: Any) -> None:  # noqa: ANN401
        node = Node("scalar", event.start_mark.index, event.end_mark.index, style=event.style, value=event.value,
                    anchor=event.anchor, tag=event.tag)  # fmt: skip
        self._add(node, 1, 0)

    def _open(self, event: Any) -> None:  # noqa: ANN401
        depth = len(self.stack) + 1
        if depth > MAX_DEPTH:
            self._fail(event.start_mark.index, f"nested more than {MAX_DEPTH} levels deep")
        self._count(event.start_mark.index)
        frame = _Open(event, depth)
        if event.anchor is not None:
            self.anchors[event.anchor] = frame
        self.stack.append(frame)

    def _close(self, event: Any) -> None:  # noqa: ANN401
        frame = self.stack.pop()
        opened = frame.event
        kind = "map" if isinstance(opened, self._mapping) else "seq"
        if kind == "map":
            _refuse_duplicates(self.text, frame.children)
        node = Node(kind, opened.start_mark.index, event.end_mark.index, bool(opened.flow_style), None, None,
                    opened.anchor, tuple(frame.children), opened.tag)  # fmt: skip
        if opened.anchor is not None and self.anchors.get(opened.anchor) is frame:
            self.anchors[opened.anchor] = node  # unless a node inside took the name since
        self._add(node, frame.size, frame.height)

    def _alias(self, event: Any) -> None:  # noqa: ANN401
        start = event.start_mark.index
        target = self.anchors.get(event.anchor)
        if target is None:
            self._fail(start, "an alias (`*name`) to no anchor (`&name`) before it")
        if isinstance(target, _Open):
            self._fail(start, "an alias inside the node it names: the data would contain itself")
        size, height = self.cost[id(target)]
        if len(self.stack) + height > MAX_DEPTH:
            self._fail(start, f"aliases nest the data more than {MAX_DEPTH} levels deep")
        total = (self.added[-1][1] if self.added else 0) + size
        self.added.append((start, total))
        node = Node("alias", start, event.end_mark.index, value=event.anchor, target=target)
        self._add(node, size, height, own=False)

    def _count(self, offset: int) -> None:
        """One more node (counted where it starts, so that a text too big stops being read at the bound)."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._fail(offset, f"more than {MAX_NODES:,} nodes: too big to be a configuration file")

    def _add(self, node: Node, size: int, height: int, *, own: bool = True) -> None:
        self.own += own
        if node.kind in ("scalar", "alias"):
            self._count(node.start)
        self.tagged |= node.tag is not None and node.tag not in COMPOSE_TAGS
        if node.anchor is not None and node.kind != "alias":
            self.cost[id(node)] = (size, height)
            if node.kind == "scalar":
                self.anchors[node.anchor] = node
        if self.stack:
            parent = self.stack[-1]
            parent.children.append(node)
            parent.size += size
            parent.height = max(parent.height, height + 1)
        else:
            self.roots[-1] = node

    def _check_expansion(self) -> None:
        """Refuse a document whose aliases add more nodes than the bound (or than the document itself has)."""
        bound = max(MAX_ALIAS_NODES, self.own)
        if self.added and self.added[-1][1] > bound:
            offset = next(at for at, total in self.added if total > bound)
            self._fail(offset, f"aliases expand this document by more than {bound:,} nodes (a YAML bomb?)")

    def _fail(self, offset: int, message: str) -> NoReturn:
        raise ParseError(message, *line_col(self.text, offset))


def _refuse_duplicates(text: str, children: list[Node]) -> None:
    """A key given twice in one mapping: readers disagree on which counts (PyYAML and pre-commit keep the last,
    ruamel the first, GitHub and docker compose refuse the file), so no edit of either can be trusted."""
    seen: dict[str, Node] = {}
    for key in children[::2]:
        if key.kind != "scalar" or key.value is None or (key.value == "<<" and key.style is None):  # merges (Y8)
            continue
        if key.value in seen:
            first = line_col(text, seen[key.value].start)[0]
            line, column = line_col(text, key.start)
            raise ParseError(
                f"duplicate key (lines {first} and {line}): tools disagree on which one counts; remove one",
                line,
                column,
            )
        seen[key.value] = key


COMPOSE_TAGS = frozenset({"!reset", "!override"})
_CACHE: TextCache[Parsed | Location] = TextCache(budget=32 * 1024 * 1024)
