"""Where things are in a JSON-with-comments document: a lossless tokenizer and a tree of spans over it.

pyrightconfig.json and renovate.json5 allow `//` and `/* */` comments and trailing commas; `json.loads` rejects
them, and any load-and-dump drops them (PITFALLS J1, renovate #15122). So the text is tokenized without losing a
byte (the tokens concatenate back to the text), parsed into nodes that know their offsets, and edits are splices.
The JSON5 extras renovate.json5 may use are read too: single-quoted strings, unquoted keys, hex, Infinity, NaN.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, NoReturn

from ..model import ParseError
from .splice import line_col

TRIVIA = frozenset({"ws", "line_comment", "block_comment"})
_MAX_DEPTH = 200  # deeper nesting is no configuration file; refuse it before Python's recursion limit does

_TOKEN = re.compile(
    r"""(?P<ws>[ \t\n\r\f\v\u00a0\ufeff\u2028\u2029]+)
    |(?P<line_comment>//[^\n]*)
    |(?P<block_comment>/\*.*?\*/)
    |(?P<punct>[{}\[\]:,])
    |(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<number>[+-]?(?:Infinity|NaN|0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))
    |(?P<ident>[A-Za-z_$][A-Za-z0-9_$]*)""",
    re.X | re.S,
)
_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "0": "\0", "\n": ""}
_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None, "Infinity": math.inf, "NaN": math.nan}


@dataclass(frozen=True)
class Token:
    kind: str  # "ws", "line_comment", "block_comment", "punct", "string", "number", "ident"
    start: int
    end: int


@dataclass(frozen=True)
class Node:
    """A value and its span; `members` for an object, `items` for an array, `value` for a scalar."""

    kind: str  # "object", "array", "string", "number", "literal"
    start: int
    end: int
    value: Any = None
    members: tuple[Member, ...] = ()
    items: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Member:
    key: str
    key_start: int
    key_end: int
    value: Node


def tokenize(text: str) -> list[Token]:
    """Every byte of `text` belongs to exactly one token, in order; an unknown character is a ParseError."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.lastgroup is None:
            _fail(text, pos, _lex_error(text[pos : pos + 2]))
        tokens.append(Token(match.lastgroup, pos, match.end()))
        pos = match.end()
    return tokens


def _lex_error(head: str) -> str:
    if head[:1] in "\"'":
        return "unterminated string"
    if head == "/*":
        return "unterminated comment"
    return f"unexpected character {head[:1]!r}"


def parse(text: str, tokens: list[Token]) -> Node:
    """The document's root value; anything but trivia around it is a ParseError with its line and column."""
    return _Parser(text, tokens).document()


def data(node: Node) -> Any:  # noqa: ANN401 - JSON values are dynamic
    """Plain Python data for a node (a repeated key: the last one wins, as in JSON.parse and json.loads)."""
    if node.kind == "object":
        return {m.key: data(m.value) for m in node.members}
    if node.kind == "array":
        return [data(item) for item in node.items]
    return node.value


def loads(text: str) -> Any:  # noqa: ANN401 - JSON values are dynamic
    """The plain data of a JSON-with-comments text: comments and trailing commas stripped."""
    return data(parse(text, tokenize(text)))


class _Parser:
    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = [t for t in tokens if t.kind not in TRIVIA]
        self.i = 0

    def document(self) -> Node:
        if not self.tokens:
            _fail(self.text, len(self.text), "empty document: expected a value")
        root = self.value(0)
        if self.i < len(self.tokens):
            self.error("unexpected content after the document's value")
        return root

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            _fail(self.text, len(self.text), "unexpected end of document")
        self.i += 1
        return token

    def error(self, message: str) -> NoReturn:
        token = self.peek()
        _fail(self.text, token.start if token else len(self.text), message)

    def is_punct(self, char: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "punct" and self.text[token.start] == char

    def value(self, depth: int) -> Node:
        if depth > _MAX_DEPTH:
            self.error("nested too deeply")
        token = self.take()
        source = self.text[token.start : token.end]
        if token.kind == "punct" and source in "{[":
            return self.container(token, depth)
        if token.kind == "string":
            return Node("string", token.start, token.end, self.string(token))
        if token.kind == "number":
            return Node("number", token.start, token.end, _number(source))
        if token.kind == "ident" and source in _LITERALS:
            return Node("literal", token.start, token.end, _LITERALS[source])
        self.i -= 1
        self.error(f"expected a value, found {source!r}")

    def container(self, opening: Token, depth: int) -> Node:
        is_object = self.text[opening.start] == "{"
        close = "}" if is_object else "]"
        members: list[Member] = []
        items: list[Node] = []
        while not self.is_punct(close):
            if is_object:
                members.append(self.member(depth))
            else:
                items.append(self.value(depth + 1))
            if self.is_punct(","):
                self.i += 1
            elif not self.is_punct(close):
                self.error(f"expected ',' or {close!r}")
        end = self.take().end
        kind = "object" if is_object else "array"
        return Node(kind, opening.start, end, members=tuple(members), items=tuple(items))

    def member(self, depth: int) -> Member:
        token = self.peek()
        if token is None or token.kind not in ("string", "ident"):
            self.error("expected a key in double quotes")
        self.i += 1
        key = self.string(token) if token.kind == "string" else self.text[token.start : token.end]
        if not self.is_punct(":"):
            self.error("expected ':' after the key")
        self.i += 1
        return Member(key, token.start, token.end, self.value(depth + 1))

    def string(self, token: Token) -> str:
        try:
            return _decode(self.text[token.start + 1 : token.end - 1])
        except ValueError:
            _fail(self.text, token.start, "invalid escape sequence in string")


def _decode(body: str) -> str:
    """A string literal's body without its quotes: JSON's escapes and JSON5's (\\x, \\', \\0, line continuation)."""
    if "\\" not in body:
        return body
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        escape = body[i + 1]
        if escape in "ux":
            width = 4 if escape == "u" else 2
            digits = body[i + 2 : i + 2 + width]
            if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
                raise ValueError(digits)
            out.append(chr(int(digits, 16)))
            i += 2 + width
        else:
            out.append(_ESCAPES.get(escape, escape))
            i += 2
    text = "".join(out)
    try:  # join \ud83d\ude00 surrogate pairs into one character, as JSON.parse does
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return text  # a lone surrogate stays as it is


def _number(source: str) -> int | float:
    sign = -1 if source.startswith("-") else 1
    body = source.lstrip("+-")
    if body == "Infinity":
        return sign * math.inf
    if body == "NaN":
        return math.nan
    if body[:2] in ("0x", "0X"):
        return sign * int(body, 16)
    if body.isdigit():
        return sign * int(body)
    return sign * float(body)


def _fail(text: str, offset: int, message: str) -> NoReturn:
    line, column = line_col(text, offset)
    raise ParseError(message, line, column)
