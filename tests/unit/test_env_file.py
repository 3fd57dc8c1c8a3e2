"""The env-file editor: python-dotenv reads, appends keep every byte and the file's own style, and an append that
would be read otherwise (a value left open by a quote swallowing the new lines) is refused."""

from __future__ import annotations

import io

import pytest
from dotenv.parser import parse_stream
from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers.edit.envfile import Entry, EnvFile, render
from infra_fix_fixers.model import ParseError

GROUPS = [
    ("Database", [Entry("DB_USER", ""), Entry("DB_PASSWORD", "change-me")]),
    ("Environment", [Entry("LOG", "INFO", commented=True)]),
]


def test_appends_groups_after_a_blank_line_and_keeps_every_byte() -> None:
    text = "# keep me\nexport A='1'   # trailing comment\n\n\nB=2"
    doc = EnvFile(text)
    assert doc.append(GROUPS)
    assert doc.text == (text + "\n\n# Database\nDB_USER=\nDB_PASSWORD=change-me\n\n# Environment\n# LOG=INFO\n")
    assert doc.data == (("A", "1"), ("B", "2"), ("DB_USER", ""), ("DB_PASSWORD", "change-me"))


def test_follows_the_files_export_prefix_and_double_quotes() -> None:
    doc = EnvFile('export A="1"\nexport B="x y"\n')
    assert doc.append([(None, [Entry("C", "change-me"), Entry("D", "")])])
    assert doc.text == 'export A="1"\nexport B="x y"\n\nexport C="change-me"\nexport D=\n'


def test_an_unclosed_quote_is_a_located_error_so_nothing_is_appended_after_it() -> None:
    """python-dotenv would read everything after `A="open` into A's value until a closing quote: a new line there
    would be swallowed, so the file is refused at the quote's line."""
    with pytest.raises(ParseError) as raised:
        EnvFile('B=1\nA="open\n# c\n')
    assert raised.value.location.line == 2


def test_a_line_python_dotenv_cannot_read_is_a_located_error_that_quotes_nothing() -> None:
    with pytest.raises(ParseError) as raised:
        EnvFile("A=1\nthis is not an assignment ghp_secretish\n")
    assert raised.value.location.line == 2
    assert "ghp_" not in str(raised.value)


def test_documented_names_include_commented_out_assignments() -> None:
    doc = EnvFile("A=1\n# B=2\n#export C=\n# see https://example.com?x=1\nlowercase_d=4\n")
    assert doc.documented() == {"A", "B", "C", "LOWERCASE_D"}


def test_lines_are_those_of_the_file_as_given() -> None:
    doc = EnvFile("# c\n\nA=1\nB=2\n")
    assert doc.line_of(("B",)) == 4
    assert doc.line_of(("Z",)) is None


def test_a_new_file_is_a_header_then_the_groups() -> None:
    assert render(GROUPS, ["Read by compose.yml."]) == (
        "# Read by compose.yml.\n\n# Database\nDB_USER=\nDB_PASSWORD=change-me\n\n# Environment\n# LOG=INFO\n"
    )


_LINES = st.lists(
    st.one_of(
        st.from_regex(r"[A-Z_]{1,6}=[a-z0-9 ]{0,6}", fullmatch=True),
        st.from_regex(r"# [a-z=]{0,8}", fullmatch=True),
        st.just(""),
        st.from_regex(r'export [A-Z]{1,4}="[a-z ]{0,5}"', fullmatch=True),
        st.text(alphabet="AB=#'\" \\\tx", max_size=8),
    ),
    max_size=8,
)


@settings(max_examples=200)
@given(_LINES, st.booleans())
def test_an_append_keeps_the_text_before_it_and_reads_as_intended(lines: list[str], final_newline: bool) -> None:
    text = "\n".join(lines) + ("\n" if final_newline and lines else "")
    try:
        doc = EnvFile(text)
    except ParseError:
        return
    before = doc.data
    if doc.append([("Added", [Entry("NEW_ONE", "change-me"), Entry("NEW_TWO", "", commented=True)])]):
        assert doc.text.startswith(text)
        read = [(b.key, b.value) for b in parse_stream(io.StringIO(doc.text)) if b.key]
        assert tuple(read) == (*before, ("NEW_ONE", "change-me"))
    else:
        assert doc.text == text
