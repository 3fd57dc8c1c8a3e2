"""The corpus check's recipe invariant tested against itself: a changed recipe byte is caught, lines added around
recipes (a `.PHONY` line above a header, a rule at the end) are not, and CRLF and continuations are read as make
reads them. Run with the green check's tests (`make green`) or alone (`pytest perf/test_corpus_check.py`)."""

from __future__ import annotations

from corpus_check import changed_recipes, recipe_blocks

MAKEFILE = b"a:\n\techo a \\\nb\n\techo c\n\nc: a\n\techo d\r\n"


def test_each_recipe_is_read_with_the_line_above_it_and_its_continuations() -> None:
    assert recipe_blocks(MAKEFILE) == [b"a:\n\techo a \\\nb\n\techo c", b"c: a\n\techo d\r"]


def test_a_changed_recipe_byte_is_caught() -> None:
    assert changed_recipes(MAKEFILE, MAKEFILE.replace(b"echo d", b"echo  d")) == ["c: a"]
    assert changed_recipes(MAKEFILE, MAKEFILE.replace(b"\techo c\n", b"    echo c\n")) == ["a:"]
    assert changed_recipes(MAKEFILE, MAKEFILE.replace(b"\r\n", b"\n")) == ["c: a"]  # a CR is a byte too


def test_lines_added_around_the_recipes_are_not() -> None:
    added = b".PHONY: a c help\n\n" + MAKEFILE.replace(b"\nc: a", b"\n.PHONY: x\nc: a") + b"\nhelp:\n\t@echo\n"
    assert changed_recipes(MAKEFILE, added) == []


def test_a_line_slipped_between_a_header_and_its_recipe_is_caught() -> None:
    assert changed_recipes(MAKEFILE, MAKEFILE.replace(b"c: a\n", b"c: a\n.PHONY: c\n")) == ["c: a"]
