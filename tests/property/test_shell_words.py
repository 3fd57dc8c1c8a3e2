"""`shell_split` answers as `shlex.split(command, comments=True)` does, ValueError included, and `split_words` as
well (plain words where shlex gives up on an unbalanced quote): infra-fix splits shell lines without shlex, which
reads a character at a time, but must split them the same."""

from __future__ import annotations

import shlex

from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers.facts.commands.words import shell_split, split_words
from tests.property.budget import examples

PIECES = st.sampled_from(
    ["a", "b", " ", "\t", "\n", "\r", "\x0b", "\xa0", "'", '"', "\\", "#", "$x", "-", "é", "# c", '\\"', "''", "\\\\"]
)


@settings(max_examples=examples(1000), deadline=None)
@given(st.lists(PIECES, max_size=16).map("".join))
def test_words_as_shlex_splits_them(command: str) -> None:
    try:
        expected = shlex.split(command, comments=True)
    except ValueError:
        expected = command.split()
    assert split_words(command) == expected


@settings(max_examples=examples(1000), deadline=None)
@given(st.lists(PIECES, max_size=16).map("".join))
def test_shell_split_raises_where_shlex_does(command: str) -> None:
    try:
        expected: list[str] | None = shlex.split(command, comments=True)
    except ValueError:
        expected = None
    try:
        got: list[str] | None = shell_split(command)
    except ValueError:
        got = None
    assert got == expected
