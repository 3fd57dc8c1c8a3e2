"""The INI editor (alembic.ini): located by configparser's own line rules, verified by configparser, every byte
outside an edit kept."""

from __future__ import annotations

import configparser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers.edit.ini import IniDocument, scan
from infra_fix_fixers.model import ParseError

ALEMBIC = (
    "# A generic, single database configuration.\n"
    "\n"
    "[alembic]\n"
    "# path to migration scripts\n"
    "script_location = %(here)s/migrations\n"
    "\n"
    "# template used to generate migration file names; The default value is %%(rev)s_%%(slug)s\n"
    "# file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(hour).2d%%(minute).2d-%%(rev)s_%%(slug)s\n"
    "\n"
    "version_path_separator = os  # Use os.pathsep.\n"
    "sqlalchemy.url = postgresql://app:s3cret@db/app\n"
    "\n"
    "[loggers]\n"
    "keys = root,sqlalchemy,alembic\n"
)


def test_round_trip_reads_as_configparser_reads() -> None:
    doc = IniDocument(ALEMBIC)
    assert doc.text == ALEMBIC
    assert doc.get(("alembic", "script_location")) == "%(here)s/migrations"
    assert doc.get(("alembic", "version_path_separator")) == "os  # Use os.pathsep."  # no inline comments
    assert doc.line_of(("alembic", "sqlalchemy.url")) == 11
    assert doc.line_of(("loggers",)) == 13


def test_blank_value_leaves_no_trailing_space() -> None:
    """configupdater's trap: `key = ` with a trailing space, which the trailing-whitespace hook then rejects."""
    doc = IniDocument(ALEMBIC)
    assert doc.set(("alembic", "sqlalchemy.url"), "")
    assert doc.text == ALEMBIC.replace("sqlalchemy.url = postgresql://app:s3cret@db/app\n", "sqlalchemy.url =\n")


def test_value_replaced_with_its_continuation_lines() -> None:
    text = "[alembic]\nversion_locations =\n    a/versions\n\n    b/versions\nnext = 1\n"
    doc = IniDocument(text)
    assert doc.set(("alembic", "version_locations"), "c")
    assert doc.text == "[alembic]\nversion_locations = c\nnext = 1\n"


def test_an_empty_key_given_a_value_is_spaced_as_the_file_is() -> None:
    doc = IniDocument("[alembic]\nscript_location=migrations\nsqlalchemy.url =   \n")
    assert doc.set(("alembic", "sqlalchemy.url"), "sqlite://")
    assert doc.text == "[alembic]\nscript_location=migrations\nsqlalchemy.url=sqlite://\n"


def test_add_goes_where_asked_in_the_files_delimiter_style_and_keeps_comments() -> None:
    doc = IniDocument(ALEMBIC)
    at = ALEMBIC.index("\nversion_path_separator")  # the blank line after the commented-out suggestion
    assert doc.add(("alembic", "file_template"), "%%(rev)s", at=at)
    assert "# file_template = %%(year)d" in doc.text
    assert doc.text == ALEMBIC[:at] + "file_template = %%(rev)s\n" + ALEMBIC[at:]
    assert doc.get(("alembic", "file_template")) == "%%(rev)s"


def test_add_at_the_end_of_a_section_and_of_a_file_without_a_final_newline() -> None:
    doc = IniDocument("[alembic]\nscript_location = m\n\n[other]\nx = 1")
    assert doc.add(("alembic", "file_template"), "t")
    assert doc.text == "[alembic]\nscript_location = m\nfile_template = t\n\n[other]\nx = 1"
    assert doc.add(("other", "y"), "2")
    assert doc.text.endswith("x = 1\ny = 2")


def test_an_existing_key_is_not_added_twice() -> None:
    doc = IniDocument(ALEMBIC)
    assert not doc.add(("alembic", "SQLALCHEMY.URL"), "x")  # configparser lower-cases keys
    assert doc.text == ALEMBIC


def test_default_section_is_a_section_of_its_own() -> None:
    doc = IniDocument("[DEFAULT]\nscript_location = a\n\n[alembic]\nx = 1\n")
    assert doc.data == {"DEFAULT": {"script_location": "a"}, "alembic": {"x": "1"}}


def test_commented_settings_are_found_in_their_section() -> None:
    doc = IniDocument(ALEMBIC)
    [(offset, line)] = doc.commented("alembic", "file_template")
    assert line.startswith("# file_template = %%(year)d") and ALEMBIC[offset:].startswith(line)
    assert doc.comments(("alembic", "script_location")).around == ("# path to migration scripts",)


@pytest.mark.parametrize(
    ("text", "line", "kind"),
    [
        ("key = postgresql://app:hunter2@db/app\n[alembic]\n", 1, "outside any [section]"),
        ("[a]\nx = 1\n[a]\n", 3, "defined twice"),
        ("[a]\nx = 1\nX = 2\n", 3, "set twice"),
        ("[a]\nx = 1\nhunter2-token-with-no-delimiter\n", 3, "neither"),
    ],
)
def test_errors_are_located_and_quote_nothing(text: str, line: int, kind: str) -> None:
    with pytest.raises(ParseError) as raised:
        IniDocument(text)
    assert raised.value.location.line == line and kind in str(raised.value)
    assert "hunter2" not in str(raised.value)


def test_an_edit_configparser_would_read_otherwise_is_refused() -> None:
    doc = IniDocument("[alembic]\nx = 1\n")
    assert not doc.set(("alembic", "x"), "two\nlines")
    assert not doc.set(("alembic", "missing"), "1")
    assert doc.text == "[alembic]\nx = 1\n"


# -- properties: arbitrary INI texts ----------------------------------------------------------------------------------

_KEY = st.from_regex(r"[a-z][a-z0-9_.]{0,8}", fullmatch=True)
_VALUE = st.from_regex(r"[A-Za-z0-9%()/:.@ _-]{0,20}", fullmatch=True).map(str.strip)
_LINE = st.one_of(
    st.tuples(_KEY, st.sampled_from([" = ", "=", ": ", " :"]), _VALUE).map("".join),
    st.from_regex(r"[#;][^\n]{0,20}", fullmatch=True),
    st.just(""),
    st.tuples(st.just("    "), _VALUE).map("".join),
)
_SECTION = st.tuples(st.from_regex(r"[a-z]{1,6}", fullmatch=True), st.lists(_LINE, max_size=6))
_INI = st.lists(_SECTION, min_size=1, max_size=4).map(
    lambda sections: "".join(f"[{name}]\n" + "".join(f"{line}\n" for line in lines) for name, lines in sections)
)


def _parses(text: str) -> bool:
    try:
        IniDocument(text)
    except ParseError:
        return False
    return True


@settings(max_examples=200, deadline=None)
@given(_INI, _KEY, _VALUE)
def test_any_edit_keeps_every_other_line_and_means_what_it_says(text: str, key: str, value: str) -> None:
    if not _parses(text):
        return
    doc = IniDocument(text)
    section = next(iter(doc.data))
    existed = key in doc.data[section]
    made = doc.set((section, key), value) if existed else doc.add((section, key), value)
    if not made:
        assert doc.text == text
        return
    parser = configparser.ConfigParser(interpolation=None, default_section="\x00")
    parser.read_string(doc.text)
    assert parser[section][key] == value
    before, after = text.split("\n"), doc.text.split("\n")
    kept = [line for line in before if line.strip().startswith(("#", ";"))]
    assert all(line in after for line in kept)
    assert not any(line != line.rstrip() and line.strip() and line not in before for line in after)


@given(st.text(max_size=300))
def test_the_scanner_takes_any_text(text: str) -> None:
    for section in scan(text):
        for entry in section.entries:
            assert 0 <= entry.start <= entry.value_start <= len(text) and entry.end <= len(text)


def test_a_comment_among_a_values_continuation_lines_is_never_dropped() -> None:
    text = "[a]\na = \n;\n    0\n"  # found by the property above: `a`'s value runs past the comment line
    doc = IniDocument(text)
    assert not doc.set(("a", "a"), "")
    assert doc.text == text
