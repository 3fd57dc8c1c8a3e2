"""Where a TOML string ends, the same on every Python the project accepts. The patterns once used possessive
quantifiers on groups, which CPython matched differently before 3.11.5 (gh-106052): on Debian 12's 3.11.2 the
multi-line strings of pypi/warehouse's pyproject.toml never ended, and the ruff fixer stopped with IndexError."""

from __future__ import annotations

import tomllib

import pytest

from infra_fix_fixers.edit.toml_depth import long_key, string_end

# one string value each, of every kind of TOML string, with quotes inside
CASES = [
    "x = '''ignore:call to `declare_namespace\\('(paste|repoze)'\\).*:Warning'''\n",
    "x = '''a''b'''\n",
    "x = '''a'''''\n",  # up to two more quotes belong to the string
    'x = """a "" b"""\n',
    'x = """a \\""" b"""\n',
    'x = """"one quote""""\n',
    'x = "a \\" b"\n',
    "x = 'a \\ b'\n",
    'x = """\n  two\n  lines\n"""\n',
]


@pytest.mark.parametrize("text", CASES)
def test_a_string_ends_where_tomllib_ends_it(text: str) -> None:
    assert isinstance(tomllib.loads(text)["x"], str)  # a valid document, whose string ends at the line's end
    assert text[string_end(text, text.index("=") + 2) :] == "\n"


def test_an_unterminated_string_runs_to_its_line_end_or_the_text_end() -> None:
    assert string_end('x = "abc\ny = 1\n', 4) == len('x = "abc')
    assert string_end('x = """abc\ny = 1\n', 4) == len('x = """abc\ny = 1\n')


def test_dotted_keys_are_counted_with_quoted_parts() -> None:
    assert long_key('a."b.c".d = 1\n', 2) == 0
    assert long_key('a."b.c" = 1\n', 2) is None
    assert long_key("x = 'a.b.c.d'\n", 2) is None  # inside a string: a value, not a key
