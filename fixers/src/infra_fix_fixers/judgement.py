"""The human's word: a comment next to a setting that explains a deviation, or a commented-out value, stands.

Maintainers leave their reasons beside the settings they chose (`# Note: B and N rules are NOT enabled`, a
commented-out `# "ANN",`, `# keep 3.9: the resolver check needs it`). An edit that would override such a choice
turns into a manual finding that quotes the comment, so that the maintainer decides; a pull request that silently
overrides their note is not merged. The reading is deliberately cautious: where a comment might be a reason, it is
treated as one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .edit.document import KeyComments
from .lazy_pattern import lazy_pattern

# Words that make a comment below a key a reason rather than a label (`"E",  # pycodestyle` is a label); above or
# beside the key any sentence is the human's word. Compiled on first use: only a comment by a key a fix touches.
_reason = lazy_pattern(
    r"(?i)\b(?:not|no|never|don'?t|doesn'?t|disabled?|ignored?|skip(?:ped)?|avoid|because|since|deliberately|"
    r"intentional(?:ly)?|on purpose|instead|until|legacy|keep|only|pin(?:ned)?|workaround|todo|fixme|why|breaks?|"
    r"fails?|needs?|requires?|must|noisy|for now|temporar\w*|later|yet|flaky|false positives?)\b"
)


_MAX_QUOTE = 120


def human_word(comments: KeyComments, key: str, values: Iterable[str] = (), current: object = None) -> str | None:
    """The comment (as written, shortened) that speaks against changing `key` to hold `values`, or None.

    A comment directly above the key or beside it speaks for the value it has when it is prose (a sentence, not a
    label such as `# pycodestyle`: `# Same as Black.`, `# team agreed on 88 in 2023`) or names that value, whatever
    its words: a maintainer who wrote it meant the value. Any comment around the key also speaks against the change
    when it comments out the key or one of the values (`# select = [...]`, `# "ANN",`), or gives a reason (a word
    such as *not*, *because*, *keep*) and names a value. A comment between the items of a list speaks of its
    neighbours (`# pinned below 2 until the migration`), not of what is added."""
    wanted = [v for v in values if v]
    named = _value_words(current)
    for raw in comments.near:
        found = _against(raw, key, wanted, prose=True, current=named)
        if found:
            return found
    for raw in comments.around:  # below the key too: a reason in a sentence
        found = _against(raw, key, wanted, reason=True)
        if found:
            return found
    for raw in comments.inside:
        found = _against(raw, key, wanted)
        if found:
            return found
    return None


def _against(  # noqa: PLR0911 - each way a comment can speak is its own answer
    raw: str, key: str, wanted: list[str], *, prose: bool = False, reason: bool = False, current: Iterable[str] = ()
) -> str | None:
    body = raw.strip().lstrip("#/*").rstrip("*/").strip()
    if not body:
        return None
    if re.match(rf"""^["']?{re.escape(key)}["']?\s*[=:]""", body):
        return _quote(raw)
    if re.match(r"""^["']?[\w.-]+["']?\s*=\s*\S""", body):
        return None  # another key commented out (`# preview = true  # TODO: ...`): it speaks of that key
    named = [v for v in wanted if _names(body, v)]
    commented_item = re.fullmatch(r"""[-\s]*["']?[\w.:/@-]+["']?\s*,?\s*(?:#.*)?""", body)
    if named and (commented_item or _reason().search(body)):
        return _quote(raw)
    if prose and ((_is_prose(body) and not commented_item) or any(_names(body, v) for v in current)):
        return _quote(raw)  # the human's word for the value the key has, whatever its words
    if reason and _reason().search(body) and not commented_item and _is_prose(body):
        return _quote(raw)
    return None


def _names(body: str, value: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", body) is not None


def _value_words(value: object) -> tuple[str, ...]:
    """What a comment would write to name a key's value: a number or a word, never true or false (too common)."""
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        return ()
    text = str(value)
    return (text,) if text.strip() and len(text) <= 40 else ()


def _is_prose(body: str) -> bool:
    """A sentence, not a label: at least three words."""
    return len(re.findall(r"[A-Za-z]{2,}", body)) >= 3


def _quote(comment: str) -> str:
    text = " ".join(comment.strip().split())
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"
