"""What a `.dockerignore` keeps out of a build context, as Docker decides it (not as git does).

BuildKit reads the file line by line (moby/buildkit `frontend/dockerfile/dockerignore`, `ReadAll`): a line starting
with `#` is a comment, every other line is trimmed of whitespace, a leading `!` makes an exception, the pattern is
cleaned as Go's `filepath.Clean` cleans a path (`./a/` is `a`, `a//b` is `a/b`) and a leading `/` is dropped: every
pattern is anchored at the context's root. moby/patternmatcher then matches (`MatchesOrParentMatches`): `*` and `?`
stay within one path segment, `**` spans any number of segments (`**/` included), `[...]` is a class and `\\` escapes;
a pattern matches a path when it matches the path itself or one of its parent folders, and the last pattern that
matches decides (an exception re-includes). So `.env` excludes only the root's `.env`, `**/.env` every one, and
`!keep` after `**` brings `keep` back, even inside an excluded folder.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterable

from msgspec import Struct


class Pattern(Struct, frozen=True):
    """One cleaned pattern and how patternmatcher matches it: `exact` (no wildcard), `prefix` (`dir/**`), `suffix`
    (`**/name`, `**` first), or `regex`. The three shortcuts are not mere speed: `**foo` matches `barfoo` by suffix,
    where the regular expression would not."""

    text: str  # as cleaned (no `!`)
    exception: bool
    kind: str
    regex: re.Pattern[str] | None = None

    def match(self, path: str) -> bool:
        if self.kind == "exact":
            return path == self.text
        if self.kind == "prefix":
            return path.startswith(self.text[:-2])
        if self.kind == "suffix":
            suffix = self.text[2:]
            return path.endswith(suffix) or (suffix[:1] == "/" and path == suffix[1:])
        return self.regex is not None and self.regex.match(path) is not None


def patterns(lines: Iterable[str]) -> tuple[Pattern, ...]:
    """The patterns of a `.dockerignore`'s lines, read as BuildKit reads them."""
    found = []
    for line in lines:
        if line.startswith("#"):
            continue
        text = line.strip()
        if not text:
            continue
        exception = text.startswith("!")
        if exception:
            text = text[1:].strip()
        if not text:
            continue
        text = clean(text)
        kind, regex = _compile(text)
        found.append(Pattern(text, exception, kind, regex))
    return tuple(found)


def clean(pattern: str) -> str:
    """Go's `filepath.Clean`, then a leading slash dropped: how BuildKit stores a pattern."""
    cleaned = posixpath.normpath(pattern)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    if len(cleaned) > 1 and cleaned.startswith("/"):
        cleaned = cleaned[1:]
    return cleaned


_ESCAPED = set(".+()|{}$")  # regexp characters that mean nothing to filepath.Match


@functools.lru_cache(maxsize=1024)
def _compile(pattern: str) -> tuple[str, re.Pattern[str] | None]:
    """moby/patternmatcher's `compile`: the kind of match, and the regular expression for the `regex` kind."""
    out = ["^"]
    kind = "exact"
    i = step = 0
    while i < len(pattern):
        char = pattern[i]
        i += 1
        if char == "*" and pattern[i : i + 1] == "*":
            i, kind = _globstar(pattern, i + 1, kind, out)
            kind = "suffix" if step == 0 else kind
        elif char in "*?[]":
            out.append({"*": "[^/]*", "?": "[^/]"}.get(char, char))
            kind = "regex"
        elif char == "\\" and i < len(pattern):
            out.append("\\" + pattern[i])
            i += 1
            kind = "regex"
        else:
            out.append("\\" + char if char in _ESCAPED or char == "\\" else char)
        step += 1
    if kind != "regex":
        return kind, None
    out.append("$")
    try:
        return kind, re.compile("".join(out), re.S)
    except re.error:
        return "none", None  # Go refuses the whole file at build time; here the pattern matches nothing


def _globstar(pattern: str, i: int, kind: str, out: list[str]) -> tuple[int, str]:
    """`**` (its `/` eaten): any number of folders, or everything at the end of the pattern."""
    if pattern[i : i + 1] == "/":
        i += 1
    if i < len(pattern):
        out.append("(.*/)?")
        return i, "regex"
    if kind == "exact":
        return i, "prefix"
    out.append(".*")
    return i, "regex"


def excluded(rules: tuple[Pattern, ...], path: str) -> bool:
    """Whether a path of the context (relative, `/`-separated) is left out of it."""
    path = path.strip("/")
    parents = path.split("/")[:-1]
    matched = False
    for rule in rules:
        if rule.exception != matched:
            continue  # an exclusion cannot change an excluded path, nor an exception an included one
        hit = rule.match(path)
        if not hit and parents:
            hit = any(rule.match("/".join(parents[: n + 1])) for n in range(len(parents)))
        if hit:
            matched = not rule.exception
    return matched


def deciding(rules: tuple[Pattern, ...], path: str) -> Pattern | None:
    """The last pattern that matches the path or a parent of it: the one that decides (None: none does)."""
    path = path.strip("/")
    candidates = [path, *("/".join(path.split("/")[: n + 1]) for n in range(path.count("/")))]
    last = None
    for rule in rules:
        if any(rule.match(c) for c in candidates):
            last = rule
    return last


__all__ = ["Pattern", "clean", "deciding", "excluded", "patterns"]
