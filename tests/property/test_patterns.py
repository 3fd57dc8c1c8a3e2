"""`compile_patterns` matches a path exactly as one regex made of every pattern's translation would: `**/name`
patterns are tested on the file's name (a set, a regex over names) only because that is the same answer, faster."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers.snapshot import _translate, compile_patterns
from tests.property.budget import examples

PATTERN_PIECES = st.sampled_from(["a", "b", ".", "/", "*", "?", "**/", "**", "[ab]", "[!a]", "[/]", "x.py", "\n"])
PATH_PIECES = st.sampled_from(["a", "b", ".", "x.py", "ab", "\n", "[", "*"])


def reference(patterns: tuple[str, ...], path: str) -> bool:
    regex = "|".join(f"(?:{_translate(p)})" for p in patterns) or "(?!)"
    return re.compile(regex, re.S).fullmatch(path) is not None


def translatable(pattern: str) -> bool:
    try:
        re.compile(_translate(pattern))
    except re.error:
        return False
    return True


@settings(max_examples=examples(500), deadline=None)
@given(
    st.lists(st.lists(PATTERN_PIECES, min_size=1, max_size=6).map("".join).filter(translatable), max_size=4),
    st.lists(st.lists(PATH_PIECES, min_size=1, max_size=3).map("".join), min_size=1, max_size=4).map("/".join),
)
def test_the_same_answer_as_one_regex(patterns: list[str], path: str) -> None:
    assert compile_patterns(tuple(patterns))(path) is reference(tuple(patterns), path)


def test_names_at_any_depth() -> None:
    match = compile_patterns(("**/pyproject.toml", "**/*.yml", ".github/workflows/*.yaml", "**/a/b"))
    assert match("pyproject.toml") and match("x/y/pyproject.toml") and match("deep/ci.yml")
    assert match(".github/workflows/ci.yaml") and match("z/a/b")
    assert not match("pyproject.toml.bak") and not match("x/ci.yaml") and not match("a/b/c")


FOLDER_PIECES = st.sampled_from(["", "a", "b", "docs", "*", "?", "**", "[ab]", "*.txt", "x.txt", "/"])
TREE = ("a/x.txt", "a/b/x.txt", "b/y.txt", "docs/a.txt", "x.txt", "a/[ab]", "ab")


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(FOLDER_PIECES, min_size=1, max_size=4).map("/".join).filter(translatable))
def test_glob_finds_what_matching_every_path_finds(pattern: str) -> None:
    """`Snapshot.glob` looks only in the pattern's folder where the folder is literal: the same paths."""
    from infra_fix_fixers.snapshot import Snapshot

    match = compile_patterns((pattern,))
    assert list(Snapshot(files={}, paths=frozenset(TREE)).glob(pattern)) == [p for p in sorted(TREE) if match(p)]
