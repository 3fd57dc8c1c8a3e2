"""Line origins follow edits in near-linear time (edit/line_diff.py) and stay exact where it matters: the lines an
edit did not touch keep their line numbers, however repetitive the text (a long `run:` script repeating one line
made difflib quadratic: 19 s per edit)."""

from __future__ import annotations

import difflib
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers.edit.line_diff import matching_blocks
from infra_fix_fixers.edit.splice import LineOrigins
from tests.property.budget import examples

LINES = st.lists(st.sampled_from(["a", "b", "", "  - x", "# c"]), max_size=40)


@settings(max_examples=examples(100), deadline=None)
@given(LINES, LINES)
def test_blocks_are_equal_runs_in_order_and_as_many_as_difflib_finds(a: list[str], b: list[str]) -> None:
    """Small texts differ by few lines: Myers' algorithm gives a longest common subsequence."""
    blocks = matching_blocks(a, b)
    end_a = end_b = 0
    for i, j, n in blocks:
        assert i >= end_a and j >= end_b and n > 0
        assert a[i : i + n] == b[j : j + n]
        end_a, end_b = i + n, j + n
    ours = sum(n for *_, n in blocks)
    theirs = sum(n for *_, n in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
    assert ours >= theirs


@settings(max_examples=examples(100), deadline=None)
@given(LINES, LINES, LINES, LINES)
def test_lines_around_one_edit_keep_an_origin_with_their_text(
    head: list[str], old: list[str], new: list[str], tail: list[str]
) -> None:
    """At least every line the edit did not touch comes from a line with its text, in order. (Which of two equal
    lines one comes from is the diff's choice: `a` then `a` + `a` inserted has two right answers.)"""
    before = "\n".join([*head, *old, *tail]).split("\n")  # as texts: no lines at all is one empty line
    after = "\n".join([*head, *new, *tail]).split("\n")
    origins = LineOrigins("\n".join(before))
    origins.update("\n".join(after))
    found = [(n, origins.original(n)) for n in range(1, len(after) + 1)]
    kept = [o for _, o in found if o is not None]
    assert kept == sorted(set(kept))
    same_text = [n for n, o in found if o is not None and before[o - 1] == after[n - 1]]
    assert len(same_text) >= len(head) + len(tail)


def test_two_edits_apart_in_a_long_repetitive_text_are_followed_quickly_and_exactly() -> None:
    before = ["jobs:", "  test:"] + ["    echo y"] * 10_000 + ["end"]
    after = ["jobs:", "  lint: 1", "  test:"] + ["    echo y"] * 5_000 + ["    new"] + ["    echo y"] * 5_000
    after += ["changed end"]
    origins = LineOrigins("\n".join(before))
    started = time.monotonic()
    origins.update("\n".join(after))
    assert time.monotonic() - started < 2  # a hang guard: it takes milliseconds (difflib took 19 s per edit)
    assert origins.original(2) is None and origins.original(3) == 2
    assert origins.original(5003) == 5002 and origins.original(5004) is None and origins.original(5005) == 5003
    assert origins.original(len(after)) == len(before)  # the last line, changed in place, is still that line
