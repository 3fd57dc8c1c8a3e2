"""Hypothesis: for generated Makefiles, `.PHONY` names and new rules are added in the file's idiom, every other
line is kept in order byte for byte (recipes and their tabs above all), and GNU make reads the result as the old file
plus what was meant. Arbitrary text never crashes the reader: it reads, or it is a located ParseError."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from infra_fix_fixers.edit.makefile import read
from infra_fix_fixers.edit.makefile_doc import MakefileDocument, NewRule
from infra_fix_fixers.model import ParseError
from tests.make_db import database, needs_make
from tests.property.budget import examples

NAME = st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True)
WORD = st.from_regex(r"[a-z$(){}@%./'\" -]{0,12}", fullmatch=True)
HELP = NewRule("help", (), ("@echo usage",), "Show this help")


@st.composite
def makefiles(draw: st.DrawFn) -> str:
    names = draw(st.lists(NAME.filter(lambda n: n != "help"), unique=True, min_size=1, max_size=6))
    blocks: list[str] = []
    if draw(st.booleans()):
        blocks.append("VAR := " + draw(WORD).replace("$", "") + "\n")
    if draw(st.booleans()):
        blocks.append(f".PHONY: {names[0]}\n")
    for name in names:
        recipe = "".join(f"\t{draw(WORD)}\n" for _ in range(draw(st.integers(0, 3))))
        if draw(st.booleans()):
            recipe += f"\techo a \\\n\t\t{draw(WORD).replace(chr(92), '')}\n"
        comment = draw(st.sampled_from(["", "# about it\n"]))
        described = draw(st.sampled_from(["", " ## does it"]))
        block = f"{comment}{name}:{described}\n{recipe}"
        wrap = draw(st.sampled_from(["", "ifdef", "define"]))
        if wrap == "ifdef":
            block = f"ifdef CI\n{block}endif\n"
        elif wrap == "define":
            blocks.append(f"define {name.upper()}_BODY\n{draw(WORD)}:\n\tfalse\nendef\n")
        blocks.append(block)
    blank = draw(st.sampled_from(["\n", ""]))
    text = blank.join(blocks)
    return text.replace("\n", "\r\n") if draw(st.booleans()) and draw(st.booleans()) else text


def _kept_in_order(before: str, after: str) -> bool:
    """Every line of `before` is a line of `after`, in the same order (new lines only in between); a `.PHONY:` line
    may have grown names before its comment."""
    lines = iter(after.split("\n"))

    def same(line: str, other: str) -> bool:
        code = line.split("#", 1)[0].rstrip(" \r")
        return other == line or (line.startswith(".PHONY:") and other.startswith(code))

    return all(any(same(line, other) for other in lines) for line in before.split("\n"))


@given(makefiles())
@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_edits_keep_every_line_and_recipe(text: str) -> None:
    doc = MakefileDocument(text)
    before = [(r.targets, tuple(x.text for x in r.recipe)) for r in read(text).rules]
    names = [n for r in read(text).rules for n in r.targets]
    phony = doc.declare_phony(names)
    added = doc.append_rules([HELP])
    after = doc.text
    assert _kept_in_order(text, after)
    assert [(r.targets, tuple(x.text for x in r.recipe)) for r in read(after).rules][: len(before)] == before
    again = MakefileDocument(after)
    assert again.declare_phony(names) and again.text == after  # nothing left to add: the same text
    if phony:
        assert set(names) <= read(after).phony_names
    if added:
        assert "help" in read(after).defined and read(after).goal == read(text).goal


@needs_make
@given(makefiles())
@example("a:\n\t$(\n")  # a recipe make reads, and refuses only when it runs it
@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_make_reads_the_edits_as_meant(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Makefile"
        path.write_bytes(text.encode())
        old = database(path)
        doc = MakefileDocument(text)
        names = [n for r in doc.parsed.rules for n in r.targets]
        phony, added = doc.declare_phony(names), doc.append_rules([HELP])
        path.write_bytes(doc.text.encode())
        new = database(path)
    assert {n: (t.prerequisites, t.recipe) for n, t in new.items() if n != "help"} == {
        n: (t.prerequisites, t.recipe) for n, t in old.items()
    }
    if phony:
        assert all(new[n].phony for n in names if n in new)
    if added:
        assert new["help"].phony and new["help"].recipe == ("@echo usage",)


@given(st.text(st.sampled_from("ab:=#\\\t\n $()%.;ifdefnel-"), max_size=200))
@settings(max_examples=examples(300), deadline=None)
def test_arbitrary_text_reads_or_is_a_located_error(text: str) -> None:
    try:
        doc = MakefileDocument(text)
    except ParseError as err:
        assert err.location.line is not None and 1 <= err.location.line <= text.count("\n") + 1
        return
    doc.append_rules([NewRule("zz-new", (), ("true",))])
    doc.declare_phony([n for r in doc.parsed.rules for n in r.targets if n.isidentifier()])
    assert _kept_in_order(text, doc.text)
