"""GitHub Actions expressions (`if:` conditions), evaluated for one event as GitHub evaluates them.

A job gated by `if: github.event.pull_request.draft == false` runs on a push too: there `github.event.pull_request`
is null, and GitHub's loose equality takes null for false. So whether a condition keeps a job off a push is a
question of evaluation, not of the words in it. Values infra-fix cannot know (`needs.*`, `vars.*`, a step's output)
make the answer unknown, except where `&&` or `||` settle it anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

UNKNOWN: Any = object()  # a value infra-fix cannot know
_TOKEN = re.compile(
    r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<number>-?\d+(?:\.\d+)?)|(?P<op>==|!=|<=|>=|&&|\|\||[!<>(),\[\]])"
    r"|(?P<name>[A-Za-z_][\w-]*(?:\.(?:[A-Za-z_*][\w-]*))*))"
)
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "always": lambda: True,
    "success": lambda: True,
    "failure": lambda: False,
    "cancelled": lambda: False,
    "contains": lambda a, b: _text(b) in _text(a) if not isinstance(a, list) else b in a,
    "startswith": lambda a, b: _text(a).startswith(_text(b)),
    "endswith": lambda a, b: _text(a).endswith(_text(b)),
}


def on_push(condition: object) -> bool | None:
    """Whether a job or step with this `if:` runs on a push (None: cannot be told)."""
    return evaluate(condition, _push_context)


def evaluate(condition: object, context: Callable[[str], Any]) -> bool | None:
    if isinstance(condition, bool):
        return condition
    if not isinstance(condition, str) or not condition.strip():
        return True
    text = condition.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    tokens = _tokens(text)
    if tokens is None:
        return None
    try:
        value, rest = _or(tokens, context)
    except (IndexError, ValueError, TypeError):
        return None
    if rest or value is UNKNOWN:
        return None
    return _truthy(value)


def _push_context(name: str) -> Any:  # noqa: ANN401 - whatever the context holds
    """The push run's context, as far as it is known without the repository's settings."""
    lowered = name.lower()
    if lowered == "github.event_name":
        return "push"
    if lowered.startswith(("github.event.pull_request", "github.event.number", "github.event.review")):
        return None
    if lowered in ("github.head_ref", "github.base_ref"):
        return ""
    if lowered in ("github.repository", "github.repository_owner", "github.actor"):
        return "owner/name"  # some name, never empty
    return UNKNOWN


def _tokens(text: str) -> list[tuple[str, str]] | None:
    found: list[tuple[str, str]] = []
    at = 0
    while at < len(text):
        if text[at:].strip() == "":
            break
        match = _TOKEN.match(text, at)
        if match is None:
            return None
        kind = match.lastgroup or ""
        found.append((kind, match.group(kind)))
        at = match.end()
    return found


def _or(tokens: list[tuple[str, str]], ctx: Callable[[str], Any]) -> tuple[Any, list[tuple[str, str]]]:
    left, tokens = _and(tokens, ctx)
    while tokens and tokens[0] == ("op", "||"):
        right, tokens = _and(tokens[1:], ctx)
        if left is not UNKNOWN and _truthy(left):
            continue
        left = right if left is not UNKNOWN or (right is not UNKNOWN and _truthy(right)) else UNKNOWN
    return left, tokens


def _and(tokens: list[tuple[str, str]], ctx: Callable[[str], Any]) -> tuple[Any, list[tuple[str, str]]]:
    left, tokens = _compare(tokens, ctx)
    while tokens and tokens[0] == ("op", "&&"):
        right, tokens = _compare(tokens[1:], ctx)
        if left is not UNKNOWN and not _truthy(left):
            continue
        left = right if left is not UNKNOWN or (right is not UNKNOWN and not _truthy(right)) else UNKNOWN
    return left, tokens


def _compare(tokens: list[tuple[str, str]], ctx: Callable[[str], Any]) -> tuple[Any, list[tuple[str, str]]]:
    left, tokens = _unary(tokens, ctx)
    while tokens and tokens[0][0] == "op" and tokens[0][1] in ("==", "!=", "<", ">", "<=", ">="):
        op = tokens[0][1]
        right, tokens = _unary(tokens[1:], ctx)
        if left is UNKNOWN or right is UNKNOWN:
            left = UNKNOWN
        elif op in ("==", "!="):
            left = _equal(left, right) == (op == "==")
        else:
            a, b = _number(left), _number(right)
            left = {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]
    return left, tokens


def _unary(tokens: list[tuple[str, str]], ctx: Callable[[str], Any]) -> tuple[Any, list[tuple[str, str]]]:
    if tokens[0] == ("op", "!"):
        value, tokens = _unary(tokens[1:], ctx)
        return (UNKNOWN if value is UNKNOWN else not _truthy(value)), tokens
    return _primary(tokens, ctx)


def _primary(tokens: list[tuple[str, str]], ctx: Callable[[str], Any]) -> tuple[Any, list[tuple[str, str]]]:
    kind, text = tokens[0]
    rest = tokens[1:]
    if (kind, text) == ("op", "("):
        value, rest = _or(rest, ctx)
        if rest[:1] != [("op", ")")]:
            raise ValueError("unbalanced")
        return value, rest[1:]
    if kind == "string":
        return text[1:-1].replace("''", "'"), rest
    if kind == "number":
        return float(text), rest
    if kind != "name":
        raise ValueError(text)
    if rest[:1] == [("op", "(")]:  # a function call
        args: list[Any] = []
        rest = rest[1:]
        while rest[:1] != [("op", ")")]:
            value, rest = _or(rest, ctx)
            args.append(value)
            if rest[:1] == [("op", ",")]:
                rest = rest[1:]
        function = _FUNCTIONS.get(text.lower())
        if function is None or any(a is UNKNOWN for a in args):
            return UNKNOWN, rest[1:]
        return function(*args), rest[1:]
    while rest[:1] == [("op", "[")]:  # `github.event.pull_request['draft']`: known as far as its root is
        _, rest = _or(rest[1:], ctx)
        rest = rest[1:]
    literals = {"true": True, "false": False, "null": None}
    if text in literals:
        return literals[text], rest
    return ctx(text), rest


def _truthy(value: Any) -> bool:  # noqa: ANN401
    return value not in (None, False, 0, 0.0, "")


def _text(value: Any) -> str:  # noqa: ANN401
    return "" if value is None else str(value).lower()


def _number(value: Any) -> float:  # noqa: ANN401
    """GitHub's coercion to a number: null and false 0, true 1, a string its number (NaN when it is none)."""
    if value is None or value is False:
        return 0.0
    if value is True:
        return 1.0
    if isinstance(value, float | int):
        return float(value)
    try:
        return float(str(value).strip() or 0)
    except ValueError:
        return float("nan")


def _equal(a: Any, b: Any) -> bool:  # noqa: ANN401
    """GitHub's loose equality: strings case-insensitively, other types compared as numbers."""
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    return _number(a) == _number(b)


__all__ = ["UNKNOWN", "evaluate", "on_push"]
