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
import functools
import re
from collections.abc import Iterator
from typing import Any, NoReturn

from msgspec import Struct, field

from ..model import Location, ParseError
from . import messages
from .limits import MAX_ALIAS_NODES, MAX_DEPTH, MAX_NODES
from .splice import line_col
from .text_cache import TextCache
from .yaml_data import construct, resolve
from .yaml_depth import flow_too_deep
from .yaml_tree import Node


class Parsed(Struct, frozen=True):
    """Every document of a text: its node tree, and its data as a YAML 1.2 safe loader reads it."""

    roots: list[Node | None]
    data: list[Any]


def parse(text: str) -> Parsed:
    """The nodes and data of `text` (a shared, cached value: never change it); ParseError with a position."""
    cached = _CACHE.parsed(text, _parsed)
    if isinstance(cached, Location):
        raise ParseError(cached.message, cached.line, cached.column)
    return cached


def _parsed(text: str) -> Parsed | Location:
    try:
        roots, tagged = compose_all(text)
        return Parsed(roots, _data(text, roots) if not tagged else _safe_load(text))
    except ParseError as err:
        return err.location


def load(text: str) -> list[Any]:
    """The data of every document, a copy the caller may change; ParseError with a 1-based position."""
    return copy.deepcopy(parse(text).data)


def compose(text: str) -> list[Node | None]:
    """The node tree of every document (aliases stay aliases, with their own span and their `target`)."""
    return list(parse(text).roots)


def compose_all(text: str) -> tuple[list[Node | None], bool]:
    """The node trees, and whether a document needs ruamel's own constructor (an explicit tag, YAML 1.1). ruamel
    is imported only when libyaml cannot stand in for it: most runs never need it (it costs 10 ms to import)."""
    deep = flow_too_deep(text, MAX_DEPTH)
    if deep is not None:
        raise ParseError(f"nested more than {MAX_DEPTH} levels deep", *line_col(text, deep))
    composer = _Composer(text)
    try:
        for event in _libyaml_events(text):
            composer.take(event)
    except _Unsure:
        from ruamel.yaml.error import YAMLError

        composer = _Composer(text)
        try:
            for event in _yaml().parse(text):
                composer.take(event)
        except YAMLError as err:
            raise _parse_error(text, err) from None
    return composer.roots, composer.tagged


class _Unsure(Exception):
    """libyaml cannot stand in for ruamel's parser on this text: ruamel reads it (and words its errors)."""


_UNLIKE_CHARACTERS = "\t\x85\u2028\u2029\ufeff"  # tabs (ruamel refuses some); YAML 1.1's line breaks; a BOM
_UNLIKE_HEADER = re.compile("[|>][-+0-9]*#")  # `|#` (ruamel refuses some)
_UNLIKE_END = re.compile("(?m:^[.][.][.])")  # `...` lines (ruamel refuses some)


def _unlike(text: str) -> bool:
    """Whether the text holds what libyaml and ruamel may read differently: each piece looked for by `str.find` or
    behind a literal the regex engine finds fast (one regex over all of them tries every offset: 17 ms a 600 KB)."""
    return (
        any(c in text for c in _UNLIKE_CHARACTERS)
        or ("#" in text and _UNLIKE_HEADER.search(text) is not None)
        or ("..." in text and _UNLIKE_END.search(text) is not None)
    )


_NAME = re.compile(r"[^\s,\[\]{}]*")  # an anchor's or alias's name as ruamel reads it (libyaml stops at `:` too)
_GAP = re.compile(r"(?:\s|#[^\n]*)*")  # what may stand between a `key:` with no value and the next token


def _libyaml_events(text: str) -> Iterator[Any]:
    """The parser's events from libyaml (PyYAML's C parser: some twenty times ruamel's pure-Python scanner), as
    ruamel's parser gives them: the same events, values and offsets (tests/property/test_yaml_libyaml.py), with
    ruamel's conventions (a plain scalar's style is None; the empty value of a block mapping's `key:` sits where
    the next token starts, not after the colon). Whatever they might read differently, libyaml does not read: a
    YAML 1.1-only line break, a directive, an explicit tag, an empty value in a flow collection or before a `?`
    key, a block scalar as the document, a text libyaml refuses (ruamel then says why, in its own words): `_Unsure`."""
    parser = _c_parser()
    if parser is None or _unlike(text):
        raise _Unsure
    from yaml import YAMLError as LibyamlError

    events = parser(text)
    open_: list[list[Any]] = []  # [is a mapping, is flow, nodes so far] of each open collection
    pending = None  # the empty value of a block mapping's key, until the next event says where ruamel puts it
    try:
        while (event := events.get_event()) is not None:
            _refuse_unlike(text, event)
            if pending is not None:
                gap = _GAP.match(text, pending.start_mark.index)  # matches anywhere (possibly empty)
                if gap is None or gap.end() != event.start_mark.index:
                    raise _Unsure  # a `?` or `:` token between
                pending.start_mark = pending.end_mark = event.start_mark
                yield pending
                pending = None
            if _empty_block_value(event, open_):
                pending = event
            else:
                yield event
    except LibyamlError:
        raise _Unsure from None
    finally:
        events.dispose()


def _refuse_unlike(text: str, event: Any) -> None:  # noqa: ANN401 - a libyaml event
    """`_Unsure` for an event ruamel may read otherwise: a tag or directive, an anchor whose name ruamel reads on."""
    if any(getattr(event, attr, None) for attr in ("tag", "version", "tags")):
        raise _Unsure
    anchor = getattr(event, "anchor", None)
    name = _NAME.match(text, event.start_mark.index + 1) if anchor is not None else None
    if anchor is not None and (name is None or name.group() != anchor):
        raise _Unsure


def _empty_block_value(event: Any, open_: list[list[Any]]) -> bool:  # noqa: ANN401 - a libyaml event
    """Tracks the open collections (`open_`), gives a plain scalar ruamel's style (None), and tells whether the
    event is the empty value of a block mapping's key (its offset is ruamel's only once the next event is known)."""
    name = type(event).__name__
    if name in ("MappingEndEvent", "SequenceEndEvent"):
        open_.pop()
        return False
    if name not in ("ScalarEvent", "AliasEvent", "MappingStartEvent", "SequenceStartEvent"):
        return False
    parent = open_[-1] if open_ else None
    if parent is not None:
        parent[2] += 1
    elif getattr(event, "style", None) in ("|", ">"):
        raise _Unsure  # a block scalar as the document: its lines may start in column 0
    if name in ("MappingStartEvent", "SequenceStartEvent"):
        open_.append([name == "MappingStartEvent", bool(event.flow_style), 0])
        return False
    if name != "ScalarEvent" or event.style != "":
        return False
    event.style = None
    if event.value != "" or parent is None:
        return False
    if parent[1]:
        raise _Unsure  # an empty value in a flow collection
    return parent[0] and parent[2] % 2 == 0


_DIRECTIVE = re.compile(r"(?m)^%")
_ANCHOR_READ_ON = re.compile(r"[&*][^\s,\[\]{}]*:")  # an anchor or alias whose name ruamel may read past a `:`
_BLOCK_INDENT = re.compile(r"(?m)^ *(?:[-?:] +)*")  # where a line's first node starts: block nesting needs columns
_C_DEPTH = 5000  # libyaml's composer recurses in C, with no limit: 100,000 nested `[` crash it, 10,000 do not


def plain_single_document(text: str) -> bool:
    """Whether `text` is certainly one YAML document (or none) that a YAML 1.2 safe loader reads without error: no
    explicit tag, no merge key, no duplicate key, parsed by libyaml's C composer in one call. False means unsure,
    not invalid: the caller asks the bounded reader or the safe loader, at their cost (a 600 KB pnpm-lock.yaml takes
    them seconds, libyaml a tenth of one). Texts libyaml may read otherwise than ruamel (`_unlike`, a directive, an
    anchor name with a colon) and texts that may nest deeper than `_C_DEPTH` are not tried."""
    if _c_parser() is None or _unlike(text) or _DIRECTIVE.search(text) or _ANCHOR_READ_ON.search(text):
        return False
    if "<<" in text:
        return False
    block = max(map(len, _BLOCK_INDENT.findall(text)), default=0) * 2 + 2  # each column holds two levels at most
    flow = text.count("[") + text.count("{")
    if flow + block > _C_DEPTH and (block + 2 * MAX_DEPTH > _C_DEPTH or flow_too_deep(text, MAX_DEPTH) is not None):
        return False
    import yaml

    composer = _marking_composer()(text)
    try:
        root = composer.get_single_node()
    except yaml.YAMLError:
        return False  # more than one document, a duplicate anchor (ruamel allows one), an error: the others say
    finally:
        composer.dispose()
    return root is None or _plain_keys(root, yaml.MappingNode)


@functools.cache
def _marking_composer() -> Any:  # noqa: ANN401 - a subclass of PyYAML's CParser
    """libyaml's composer, marking each node's tag instead of resolving it: "plain" or "quoted" for an untagged
    scalar, "" for an untagged collection, "tagged" for the non-specific `!`; an explicit tag stays as written."""

    class Composer(_c_parser()):  # type: ignore[misc] - libyaml's parser (plain_single_document checked it is there)
        def descend_resolver(self, *_: object) -> None: ...
        def ascend_resolver(self, *_: object) -> None: ...
        def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool] | bool) -> str:
            if isinstance(implicit, tuple):
                return "plain" if implicit[0] else "quoted" if implicit[1] else "tagged"
            return "" if implicit else "tagged"

    return Composer


def _plain_keys(root: Any, mapping: type) -> bool:  # noqa: ANN401 - a PyYAML node
    """Whether every node carries no tag but the composer's marks and every mapping's keys are distinct strings
    (each node walked once: an alias shares its anchor's node)."""
    seen: set[int] = set()
    todo = [root]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node.value, str):
            if node.tag not in ("plain", "quoted"):
                return False
            continue
        if node.tag != "":
            return False
        if isinstance(node, mapping):
            keys = set()
            for key, value in node.value:
                if not isinstance(key.value, str) or key.tag not in ("plain", "quoted"):
                    return False
                if key.tag == "plain" and resolve(key.value) != "str":
                    return False  # a number, a date, a boolean, null, a merge: equal to keys written otherwise
                if key.value in keys:
                    return False
                keys.add(key.value)
                todo.append(value)
        else:
            todo.extend(node.value)
    return True


@functools.cache
def _c_parser() -> Any:  # noqa: ANN401 - PyYAML's CParser, when PyYAML was built with libyaml
    try:
        from yaml._yaml import CParser
    except ImportError:
        return None
    return CParser


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


class _Open(Struct):
    """A collection whose end event has not come yet."""

    event: Any
    depth: int
    children: list[Node] = field(default_factory=list)
    size: int = 1  # nodes in its data, aliases expanded
    height: int = 1  # collections nested in its data, itself included, aliases expanded


class _Composer:
    """Builds the tree from the parser's events, counting what the data would cost before anything builds it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.roots: list[Node | None] = []
        self.tagged = False
        self.stack: list[_Open] = []
        self.nodes = 0  # in the whole text
        self._handlers: dict[str, Any] = {  # by the event's class name, ruamel's or libyaml's: one lookup per event
            "DocumentStartEvent": self._document,
            "DocumentEndEvent": lambda _: self._check_expansion(),
            "MappingStartEvent": self._open,
            "SequenceStartEvent": self._open,
            "MappingEndEvent": self._close,
            "SequenceEndEvent": self._close,
            "ScalarEvent": self._scalar,
            "AliasEvent": self._alias,
        }
        self._new_document()

    def _new_document(self) -> None:
        self.anchors: dict[str, Node | _Open] = {}
        self.cost: dict[int, tuple[int, int]] = {}  # an anchored node's (size, height), by identity
        self.own = 0  # nodes written in the document
        self.added: list[tuple[int, int]] = []  # (offset, nodes added so far) at each alias

    def take(self, event: Any) -> None:  # noqa: ANN401 - a ruamel event
        handler = self._handlers.get(type(event).__name__)
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
        kind = "map" if type(opened).__name__ == "MappingStartEvent" else "seq"
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
