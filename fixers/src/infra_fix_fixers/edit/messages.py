"""Parse errors that say where and what kind of token, never which text: the file may hold a secret.

An unquoted token in a JSON config is as likely to be a pasted API key as a typo, and error messages travel far:
into CI logs, `--format github` annotations on public pull requests, SARIF uploads. So the editors' own messages
name a token by its kind and length, and messages of third-party parsers (tomllib, ruamel.yaml) go through `scrub`,
which replaces every quoted piece of the file they echo with its length. A lone punctuation or control character
is kept: it cannot hold a secret and it is what the reader needs (`found character '\\t'`).
"""

from __future__ import annotations

import ast
import re

_LITERAL = r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\""""  # a Python repr of a string
_QUOTED = re.compile(_LITERAL)
_KEY_TUPLE = re.compile(rf"\((?:{_LITERAL})(?:, (?:{_LITERAL}))*,?\)")
_TOKEN_NAME = re.compile(r"<[a-z ]+>")  # ruamel's token kinds: '<block end>', '<scalar>'


def scrub(message: str) -> str:
    """`message` with every quoted piece of file content replaced by its length (kind words stay)."""
    message = _KEY_TUPLE.sub("a key", message)  # tomllib: "Cannot declare ('tool', 'x') twice"
    return _QUOTED.sub(_describe_quoted, message)


def _describe_quoted(match: re.Match[str]) -> str:
    literal = match.group()
    try:
        value = ast.literal_eval(literal)
    except (ValueError, SyntaxError):
        value = literal[1:-1]
    if not isinstance(value, str):
        value = literal[1:-1]
    if _TOKEN_NAME.fullmatch(value) or (len(value) == 1 and not value.isalnum()):
        return literal
    return length(value)


def length(text: str) -> str:
    """`text` described by its length only: "a text of 12 characters"."""
    return f"a text of {len(text)} character{'' if len(text) == 1 else 's'}"


def char(character: str) -> str:
    """One character as a message may show it: punctuation and controls as such, anything else by code point."""
    if character.isascii() and not character.isalnum() and character.isprintable():
        return repr(character)
    return f"U+{ord(character):04X}"
