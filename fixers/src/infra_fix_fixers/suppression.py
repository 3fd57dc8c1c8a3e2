"""Inline suppression, as ruff's `# noqa`, zizmor's `# zizmor: ignore[...]` and hadolint's `# hadolint ignore=`:
`# infra-fix: ignore[CODE, CODE2] optional reason` (`//` in JSON with comments) on a finding's line, or alone on
the line above it, suppresses the findings of those codes there: no edit, no failure, the reason shown in reports.
The SDK applies it where every finding is reported (`FileRun.report`), so every rule honours it the same way."""

from __future__ import annotations

import re

from msgspec import Struct

_COMMENT = re.compile(r"(?:#|//)\s*infra-fix:\s*ignore\[(?P<codes>[A-Za-z0-9, ]+)\](?P<reason>[^\n]*)")


class Suppression(Struct, frozen=True):
    line: int  # the line of the comment (1-based)
    codes: tuple[str, ...]
    reason: str
    covers: tuple[int, ...]  # the lines whose findings it suppresses


def comments(text: str) -> list[Suppression]:
    """Every suppression comment of a file: a comment alone on its line covers that line and the next; one after
    other text covers its own line."""
    found = []
    if "infra-fix:" not in text:  # the common case: no scan of every line
        return found
    for number, line in enumerate(text.split("\n"), start=1):
        match = _COMMENT.search(line)
        if match is None:
            continue
        codes = tuple(c.strip().upper() for c in match["codes"].split(",") if c.strip())
        reason = match["reason"].strip().lstrip(":-–— ").strip()
        alone = not line[: match.start()].strip()
        found.append(Suppression(number, codes, reason, (number, number + 1) if alone else (number,)))
    return found


def suppressing(text: str | None, code: str, line: int | None) -> Suppression | None:
    """The suppression of `code` at `line` in `text`, if any (a code's prefix suppresses it too: `ignore[RF]`)."""
    if text is None or line is None:
        return None
    for each in comments(text):
        if line in each.covers and any(code.startswith(c) for c in each.codes):
            return each
    return None
