"""Lines are what ends in LF, everywhere: in findings, in parse errors, in line origins and in patches.

The driver decodes CRLF and CR-only files to LF (docs/decisions.md); what reaches the editors may still hold a
lone CR inside a value, a form feed, NEL, LINE SEPARATOR or PARAGRAPH SEPARATOR. YAML counts a lone CR as a line
break, ruamel's marks count it too, and `str.splitlines` splits on all of them: each of these, trusted, would put a
finding or an error on another line than the one the patch and the user's editor show (issue 9: every finding on
line 1). Each test plants one such character before the line it names."""

from __future__ import annotations

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from infra_fix_fixers.edit.jsonc import JsoncDocument
from infra_fix_fixers.edit.makefile import targets
from infra_fix_fixers.edit.splice import LineOrigins, line_col
from infra_fix_fixers.edit.toml import TomlDocument
from infra_fix_fixers.edit.yaml import YamlDocument
from infra_fix_fixers.model import ParseError

ODD = {"cr": "\r", "form-feed": "\x0c", "nel": "\x85", "line-separator": "\u2028", "paragraph-separator": "\u2029"}


def test_line_col_counts_lf_only() -> None:
    text = "a\rb\x0cc\x85d\u2028e\u2029f\ng"
    assert line_col(text, text.index("f")) == (1, 11)
    assert line_col(text, text.index("g")) == (2, 1)


def test_a_yaml_error_after_a_lone_cr_is_on_the_lf_line() -> None:
    text = 'a: "x\ry"\nb: 1\nc: [\n'
    with pytest.raises(ParseError) as err:
        YamlDocument(text)
    assert (err.value.location.line, err.value.location.column) == (4, 1)
    with pytest.raises(YAMLError) as raw:  # the control: ruamel's own line count takes the CR for a line break
        list(YAML(typ="safe", pure=True).load_all(text))
    assert raw.value.problem_mark.line + 1 == 5  # type: ignore[attr-defined]


@pytest.mark.parametrize("odd", list(ODD.values()), ids=list(ODD))
def test_yaml_keys_after_odd_characters_are_on_their_lf_lines(odd: str) -> None:
    """Inside a quoted scalar each is content (ruamel folds a lone CR and NEL to a space, as line breaks); a form
    feed is no YAML character at all."""
    text = f"a: 'x{odd}y'\nb: 1\nc:\n  - z\n"
    if odd == "\x0c":
        with pytest.raises(ParseError) as err:
            YamlDocument(text)
        assert (err.value.location.line, err.value.location.column) == (1, 6)
        return
    doc = YamlDocument(text)
    assert doc.get(("a",)) == ("x y" if odd in "\r\x85" else f"x{odd}y")
    assert [doc.line_of((key,)) for key in ("a", "b", "c")] == [1, 2, 3]
    assert doc.append(("c",), "w")
    assert doc.line_of(("c",)) == 3


@pytest.mark.parametrize("odd", ["\x85", "\u2028", "\u2029"], ids=["nel", "line-separator", "paragraph-separator"])
def test_a_yaml_comment_ends_at_nel_or_a_separator_and_the_error_is_on_the_lf_line(odd: str) -> None:
    """ruamel ends a comment at them (YAML 1.1's line breaks): what follows is content, an error on its LF line."""
    with pytest.raises(ParseError) as err:
        YamlDocument(f"a: 1\n# c{odd}d\nb: 1\n")
    assert err.value.location.line == 2


@pytest.mark.parametrize("odd", ["\x85", "\u2028", "\u2029"], ids=["nel", "line-separator", "paragraph-separator"])
def test_toml_keys_after_odd_characters_are_on_their_lf_lines(odd: str) -> None:
    doc = TomlDocument(f'a = "x{odd}y"  # c{odd}d\n\n[t]\nb = 1\n')
    assert doc.line_of(("t", "b")) == 4
    assert doc.set(("t", "c"), 2)
    assert doc.line_of(("t", "b")) == 4


@pytest.mark.parametrize("odd", ["\r", "\x0c"], ids=["cr", "form-feed"])
def test_toml_refuses_a_lone_cr_or_form_feed_on_its_line(odd: str) -> None:
    with pytest.raises(ParseError) as err:
        TomlDocument(f"a = 1\nb = 2{odd}x\nc = 3\n")
    assert err.value.location.line == 2


@pytest.mark.parametrize("odd", [c for c in ODD.values() if c != "\x85"], ids=[k for k in ODD if k != "nel"])
def test_json_keys_after_odd_characters_are_on_their_lf_lines(odd: str) -> None:
    """JSON5 and jsonc-parser take each for white space (a line comment ends at none of them but LF and CR)."""
    doc = JsoncDocument(f'{{\n  "a": 1,{odd} "x": 2,\n  "b": 1\n}}\n')
    assert [doc.line_of((key,)) for key in ("a", "x", "b")] == [2, 2, 3]
    assert doc.set(("c",), 3)
    assert doc.line_of(("b",)) == 3


def test_json_refuses_nel_between_tokens_on_its_line() -> None:
    """NEL is a control character, no white space to JSON5 or jsonc-parser."""
    with pytest.raises(ParseError) as err:
        JsoncDocument('{\n  "a": 1,\x85 "x": 2\n}\n')
    assert (err.value.location.line, err.value.location.column) == (2, 10)


def test_makefile_rules_after_a_form_feed_keep_their_lines() -> None:
    """GNU style separates a Makefile's pages with form feeds; `splitlines` took each for a new line."""
    made = targets("a:\n\techo a\r\n\x0c\nb: a\n\techo b\n")
    assert made.rules["b"].line == 4
    assert made.rules["a"].recipe == ("echo a",)  # the CR of a CRLF line in a mixed file is no part of the recipe


def test_line_origins_follow_edits_around_odd_characters() -> None:
    text = "a\rb\n\x0c\nc\u2028d\nkeep\n"
    origins = LineOrigins(text)
    origins.update("new\n" + text.replace("keep", "kept"))
    assert [origins.original(n) for n in range(1, 6)] == [None, 1, 2, 3, 4]
