"""A linear pre-scan for deeply nested flow collections (`[[[[...`), run before ruamel.yaml sees a text.

ruamel's scanner keeps one possible simple key per open flow level and re-checks them all at every token: 10,000
nested `[` on a line take it 30 seconds before the first event comes out, too late for the event-level depth limit
(`yaml_parse`) to help. This scan counts flow brackets outside quoted scalars and comments in one pass. It only
has to be right about texts that nest far too deep, so it is deliberately simple: it refuses a text nesting more
than twice the limit (so a miscount on a real file never refuses it), and anything below that still meets the
exact limit on the parser's events, at a cost ruamel pays in well under a second.
"""

from __future__ import annotations

from .nesting import openings

_OPENS_NODE = frozenset("[{,:-?")  # after these (or at a line's start) a bracket or a quote starts a node


def flow_too_deep(text: str, limit: int, slack: int = 2) -> int | None:
    """Where flow collections first nest more than `limit` levels deep (the offset of the bracket opening level
    `limit + 1`), for a text that nests them more than `slack` times that deep; else None."""
    found = (opened[limit] for opened in openings(text, _comment, _quoted, _starts_node) if len(opened) > slack * limit)
    return next(found, None)


def _comment(text: str, at: int) -> bool:
    return at == 0 or text[at - 1] in " \t\n"  # `a#b` is part of a plain scalar


def _quoted(text: str, at: int, depth: int) -> int | None:
    return _quote_end(text, at) if _starts_node(text, at, depth) else None


def _starts_node(text: str, at: int, depth: int) -> bool:
    """Whether the character at `at` begins a node: first on its line, or after an indicator that opens one (in
    block context a bracket inside `run: echo [x]` is part of a plain scalar)."""
    j = at - 1
    while j >= 0 and text[j] in " \t":  # each run of blanks is walked once, by the character after it
        j -= 1
    if j < 0 or text[j] == "\n":
        return True
    last = text[j]
    if last in "[{," and depth:
        return True
    return last in _OPENS_NODE and (last == ":" or j == 0 or text[j - 1] in " \t\n-?")


def _quote_end(text: str, at: int) -> int:
    """Just past the quoted scalar opening at `at` (`''` and backslash escapes inside), or the text's end."""
    quote = text[at]
    pos = at + 1
    while True:
        end = text.find(quote, pos)
        if end < 0:
            return len(text)
        if quote == "'" and text.startswith("''", end):
            pos = end + 2
            continue
        if quote == '"':
            slashes = len(text[pos:end]) - len(text[pos:end].rstrip("\\"))
            if slashes % 2:
                pos = end + 1
                continue
        return end + 1
