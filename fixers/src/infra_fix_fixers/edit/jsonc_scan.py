"""Where things are in a JSON-with-comments document: a lossless tokenizer and a tree of spans over it.

pyrightconfig.json and renovate.json5 allow `//` and `/* */` comments and trailing commas; `json.loads` rejects
them, and any load-and-dump drops them (PITFALLS J1, renovate #15122). So the text is tokenized without losing a
byte (the tokens concatenate back to the text), parsed into nodes that know their offsets, and edits are splices.
The JSON5 extras renovate.json5 may use are read too: single-quoted strings, unquoted keys, hex, Infinity, NaN,
JSON5's escapes. `json5=False` refuses each of them with its position, for files whose reader takes JSON with
comments and trailing commas and nothing more (pyright's and VS Code's jsonc-parser; Renovate's `.json` files).

Errors name a token's kind and length, never its text: an unquoted word in a config is often a pasted secret.
"""

from __future__ import annotations

import math
import re
from typing import Any, NoReturn

from msgspec import Struct

from ..model import ParseError
from . import messages
from .limits import MAX_DEPTH
from .splice import line_col

TRIVIA = frozenset({"ws", "line_comment", "block_comment"})
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_JSON_ESCAPES = frozenset('"\\/bfnrtu')

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


class Token(Struct, frozen=True):
    kind: str  # "ws", "line_comment", "block_comment", "punct", "string", "number", "ident"
    start: int
    end: int


class Node(Struct, frozen=True):
    """A value and its span; `members` for an object, `items` for an array, `value` for a scalar."""

    kind: str  # "object", "array", "string", "number", "literal"
    start: int
    end: int
    value: Any = None
    members: tuple[Member, ...] = ()
    items: tuple[Node, ...] = ()


class Member(Struct, frozen=True):
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
        return "unterminated string (a string ends on the line it starts on)"
    if head == "/*":
        return "unterminated comment"
    return f"unexpected character {messages.char(head[:1])}"


def parse(text: str, tokens: list[Token], *, json5: bool = True) -> Node:
    """The document's root value; anything but trivia around it is a ParseError with its line and column.
    `json5=False` refuses JSON5's extras (see the module's docstring)."""
    return _Parser(text, tokens, json5=json5).document()


def data(node: Node) -> Any:  # noqa: ANN401 - JSON values are dynamic
    """Plain Python data for a node (a repeated key: the last one wins, as in JSON.parse and json.loads)."""
    if node.kind == "object":
        return {m.key: data(m.value) for m in node.members}
    if node.kind == "array":
        return [data(item) for item in node.items]
    return node.value


def loads(text: str, *, json5: bool = True) -> Any:  # noqa: ANN401 - JSON values are dynamic
    """The plain data of a JSON-with-comments text: comments and trailing commas stripped."""
    return data(parse(text, tokenize(text), json5=json5))


class _Parser:
    def __init__(self, text: str, tokens: list[Token], *, json5: bool) -> None:
        self.text = text
        self.tokens = [t for t in tokens if t.kind not in TRIVIA]
        self.i = 0
        self.json5 = json5

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
        token = self.take()
        source = self.text[token.start : token.end]
        if token.kind == "punct" and source in "{[":
            if depth >= MAX_DEPTH:
                _fail(self.text, token.start, f"nested more than {MAX_DEPTH} levels deep")
            return self.container(token, depth)
        if token.kind == "string":
            return Node("string", token.start, token.end, self.string(token))
        if token.kind == "number":
            self.strict_number(token, source)
            return Node("number", token.start, token.end, _number(source))
        if token.kind == "ident" and source in ("true", "false", "null"):
            return Node("literal", token.start, token.end, _LITERALS[source])
        if token.kind == "ident" and source in _LITERALS and self.json5:
            return Node("literal", token.start, token.end, _LITERALS[source])
        if token.kind == "ident" and source in _LITERALS:
            self.refuse(token, f"`{source}`")
        self.i -= 1
        self.error(f"expected a value, found {_kind(token, source)}")

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
        if token.kind == "ident":
            self.refuse(token, "an unquoted key")
        self.i += 1
        key = self.string(token) if token.kind == "string" else self.text[token.start : token.end]
        if not self.is_punct(":"):
            self.error("expected ':' after the key")
        self.i += 1
        return Member(key, token.start, token.end, self.value(depth + 1))

    def string(self, token: Token) -> str:
        body = self.text[token.start + 1 : token.end - 1]
        if "\r" in body:
            _fail(self.text, token.start, "a line break inside a string: write it as \\r")
        if self.text[token.start] == "'":
            self.refuse(token, "a single-quoted string")
        if not self.json5:
            self.strict_string(token, body)
        try:
            return _decode(body)
        except ValueError:
            _fail(self.text, token.start, "invalid escape sequence in string")

    def strict_string(self, token: Token, body: str) -> None:
        """JSON strings: no raw control characters, and only JSON's own escapes."""
        for at, character in enumerate(body):
            if ord(character) < 0x20:
                _fail(self.text, token.start + 1 + at, f"a raw control character ({messages.char(character)}) in a "
                      "string: JSON needs it escaped")  # fmt: skip
        for match in re.finditer(r"\\(.)", body, re.S):
            if match.group(1) not in _JSON_ESCAPES:
                self.refuse(token, "an escape sequence JSON does not have (\\x, \\', \\0, \\v, a line continuation)",
                            token.start + 1 + match.start())  # fmt: skip

    def strict_number(self, token: Token, source: str) -> None:
        if self.json5 or _JSON_NUMBER.fullmatch(source):
            return
        body = source.lstrip("+-")
        if body in ("Infinity", "NaN"):
            what = f"`{body}`"
        elif body[:2] in ("0x", "0X"):
            what = "a hexadecimal number"
        elif source.startswith("+"):
            what = "a number with a leading `+`"
        elif body.startswith(".") or body.endswith(".") or ".e" in body.lower():
            what = "a number with a leading or trailing decimal point"
        else:
            what = "a number with a leading zero"
        self.refuse(token, what)

    def refuse(self, token: Token, what: str, offset: int | None = None) -> None:
        """A JSON5 extra where only JSON with comments is read."""
        if not self.json5:
            _fail(self.text, token.start if offset is None else offset,
                  f"{what}: JSON5 syntax, which JSON with comments (how this file is read) does not have")  # fmt: skip


def _kind(token: Token, source: str) -> str:
    """A token as an error message may name it: its kind and length, never its text (a secret, perhaps)."""
    if token.kind == "ident":
        return f"an unquoted word ({messages.length(source)})"
    if token.kind == "punct":
        return repr(source)
    return f"a {token.kind} ({messages.length(source)})"


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
