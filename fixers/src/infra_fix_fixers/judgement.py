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

# Words that make a comment a reason rather than a label (`"E",  # pycodestyle` is a label).
_REASON = re.compile(
    r"(?i)\b(?:not|no|never|don'?t|doesn'?t|disabled?|ignored?|skip(?:ped)?|avoid|because|since|deliberately|"
    r"intentional(?:ly)?|on purpose|instead|until|legacy|keep|only|pin(?:ned)?|workaround|todo|fixme|why|breaks?|"
    r"fails?|needs?|requires?|must|noisy|for now|temporar\w*|later|yet|flaky|false positives?)\b"
)
_MAX_QUOTE = 120


def human_word(comments: KeyComments, key: str, values: Iterable[str] = ()) -> str | None:
    """The comment (as written, shortened) that speaks against changing `key` to hold `values`, or None.

    A comment speaks against it when it comments out the key or one of the values (`# select = [...]`,
    `# "ANN",`), or when it gives a reason (a word such as *not*, *because*, *keep*) and names a value; a comment
    around the key (above it, beside it) also when it gives any reason in a sentence. A comment between the items
    of a list speaks of its neighbours (`# pinned below 2 until the migration`), not of what is added."""
    wanted = [v for v in values if v]
    for raw in comments.around:
        found = _against(raw, key, wanted, reason_alone=True)
        if found:
            return found
    for raw in comments.inside:
        found = _against(raw, key, wanted, reason_alone=False)
        if found:
            return found
    return None


def _against(raw: str, key: str, wanted: list[str], *, reason_alone: bool) -> str | None:
    body = raw.strip().lstrip("#/*").rstrip("*/").strip()
    if not body:
        return None
    if re.match(rf"""^["']?{re.escape(key)}["']?\s*[=:]""", body):
        return _quote(raw)
    if re.match(r"""^["']?[\w.-]+["']?\s*=\s*\S""", body):
        return None  # another key commented out (`# preview = true  # TODO: ...`): it speaks of that key
    named = [v for v in wanted if re.search(rf"(?<![\w-]){re.escape(v)}(?![\w-])", body)]
    commented_item = re.fullmatch(r"""[-\s]*["']?[\w.:/@-]+["']?\s*,?\s*(?:#.*)?""", body)
    if named and (commented_item or _REASON.search(body)):
        return _quote(raw)
    if reason_alone and _REASON.search(body) and not commented_item and _is_prose(body):
        return _quote(raw)
    return None


def _is_prose(body: str) -> bool:
    """A sentence, not a label: at least three words."""
    return len(re.findall(r"[A-Za-z]{2,}", body)) >= 3


def _quote(comment: str) -> str:
    text = " ".join(comment.strip().split())
    return text if len(text) <= _MAX_QUOTE else text[: _MAX_QUOTE - 1] + "…"
