"""The pattern-per-line editor (.gitignore, .dockerignore): appends and removals keep every other byte."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from infra_fix_fixers.edit.lines import PatternList


def test_appends_a_group_under_a_heading_where_the_file_groups_its_lines() -> None:
    doc = PatternList("# Python\n__pycache__/\n\n# Editors\n.idea/\n")
    assert doc.append([".env", ".venv/"], heading="Environment")
    assert doc.text == "# Python\n__pycache__/\n\n# Editors\n.idea/\n\n# Environment\n.env\n.venv/\n"


def test_appends_directly_to_a_plain_list() -> None:
    doc = PatternList("dist/\nbuild/\n")
    assert doc.append([".env", "dist/"], heading="Environment")
    assert doc.text == "dist/\nbuild/\n.env\n"


def test_no_final_newline_stays_without_one() -> None:
    doc = PatternList("dist/")
    assert doc.append([".env"])
    assert doc.text == "dist/\n.env"


def test_creates_content_in_an_empty_file() -> None:
    doc = PatternList("")
    assert doc.append([".env"], heading="Environment")
    assert doc.text == ".env\n"


def test_removes_the_pattern_never_a_comment_naming_it() -> None:
    doc = PatternList("# uv.lock is committed\nuv.lock\n*.log\n")
    assert doc.remove("uv.lock")
    assert doc.text == "# uv.lock is committed\n*.log\n"
    assert doc.data == ("*.log",)


def test_lines_are_those_of_the_text_as_given() -> None:
    doc = PatternList("# x\n\n.env\n")
    assert doc.line_of((".env",)) == 3
    doc.remove(".env")
    doc.append([".venv/"])
    assert doc.line_of((".venv/",)) is None  # a line an edit added


_LINE = st.text(alphabet=st.sampled_from(list("ab.*!/# \\\t")), max_size=8)


@given(st.lists(_LINE, max_size=8), st.lists(st.sampled_from([".env", ".venv/", "x/", "*.pyc"]), max_size=3))
def test_append_keeps_every_byte_and_is_idempotent(lines: list[str], new: list[str]) -> None:
    text = "\n".join(lines)
    doc = PatternList(text)
    assert doc.append(new, heading="added")
    assert doc.text.startswith(text.rstrip("\n")) or not text.strip()
    assert all(p in doc.data for p in new)
    again = PatternList(doc.text)
    assert again.append(new, heading="added")
    assert again.text == doc.text


def test_comment_out_keeps_the_label_above_and_every_other_byte() -> None:
    doc = PatternList("# uv\nuv.lock\nvenv/\n# notes about uv.lock\n")
    assert doc.comment_out("uv.lock")
    assert doc.text == "# uv\n#uv.lock\nvenv/\n# notes about uv.lock\n"
    assert doc.data == ("venv/",)
