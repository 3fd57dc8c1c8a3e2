"""`anchored.finditer` gives what `pattern.finditer` gives, for every pattern searched that way: each pattern's
anchors are the words all its matches begin with (a pattern given too few anchors fails here)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers.facts import anchored
from infra_fix_fixers.facts.equivalents import ANCHORS
from tests.property.budget import examples

WORDS = sorted({w for anchors in ANCHORS.values() for w in anchors})
PIECES = st.sampled_from(
    [*WORDS, " ", "\n", "\t", '"', "'", ", ", "lock", "compile", "pip", "autoupdate", "update", "-U", "--upgrade",
     "renovate", "x", "-", "/", "#", "github-action", "uvx"]
)  # fmt: skip


def spans(matches: Iterable[re.Match[str]]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in matches]


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_the_same_matches_as_finditer(text: str) -> None:
    for pattern, words in ANCHORS.items():
        assert spans(anchored.finditer(pattern, text, words)) == spans(pattern.finditer(text))


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from(["prek", "x", " ", "-", "_", "\n", "é", "1"]), max_size=12).map("".join))
def test_a_word(text: str) -> None:
    pattern = re.compile(r"\bprek\b")  # facts/workflows/survey.py's
    assert spans(anchored.finditer(pattern, text, ("prek",))) == spans(pattern.finditer(text))


def test_matches_in_order_and_apart() -> None:
    pattern = re.compile(r"\bab|\bb\w*")
    text = "ab b bb xab abb"
    assert spans(anchored.finditer(pattern, text, ("ab", "b"))) == spans(pattern.finditer(text))
