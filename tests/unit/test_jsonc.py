"""The JSON-with-comments editor: lossless reading, edits in the file's own style, and refusal of any edit that
would mean something else (PITFALLS J1: a load and dump drops comments and trailing commas, renovate #15122)."""

from __future__ import annotations

import json
import math

import pytest

from infra_fix_fixers.edit import jsonc
from infra_fix_fixers.edit.jsonc import JsoncDocument, dumps, loads
from infra_fix_fixers.edit.jsonc_scan import tokenize
from infra_fix_fixers.edit.splice import Splice
from infra_fix_fixers.model import ParseError

RICH = (
    "// pyright settings for the API\n"
    "{\n"
    "    /* what pyright checks */\n"
    '    "include": [\n'
    '        "src", // the package\n'
    "    ],\n"
    '    "typeCheckingMode": "basic", // raise later\n'
    "    // end of settings\n"
    "}\n"
)


def edited(text: str, path: tuple[str | int, ...], value: object) -> str:
    doc = JsoncDocument(text)
    assert doc.set(path, value)
    return doc.text


# -- reading --------------------------------------------------------------------------------------------------------


def test_tokens_concatenate_back_to_the_text() -> None:
    tokens = tokenize(RICH)
    assert "".join(RICH[t.start : t.end] for t in tokens) == RICH
    assert all(a.end == b.start for a, b in zip(tokens, tokens[1:], strict=False))


def test_loads_strips_comments_and_trailing_commas() -> None:
    assert loads(RICH) == {"include": ["src"], "typeCheckingMode": "basic"}


def test_loads_agrees_with_json_on_plain_json() -> None:
    text = json.dumps({"a": [1, 2.5, -3e2, True, False, None], "b\n": 'é\u2028\\"/', "c": {"": "\U0001f600"}})
    assert loads(text) == json.loads(text)
    assert loads('"\\ud83d\\ude00"') == "\U0001f600"


def test_loads_json5_extras() -> None:
    assert loads("{unquoted: 'single', hex: 0x1F, big: +Infinity, half: .5,}") == {
        "unquoted": "single",
        "hex": 31,
        "big": math.inf,
        "half": 0.5,
    }


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param('{\n  "a": "open\n}', 2, 8, id="unterminated-string"),
        pytest.param('{\n  "a": 1\n  "b": 2\n}', 3, 3, id="missing-comma"),
        pytest.param('{"a": 1} /* never closed', 1, 10, id="unterminated-comment"),
        pytest.param('{"a": 1}\n{"b": 2}', 2, 1, id="two-documents"),
        pytest.param("  // only a comment\n", 2, 1, id="no-value"),
        pytest.param("{,}", 1, 2, id="lone-comma"),
        pytest.param('{"a": tru}', 1, 7, id="bad-literal"),
        pytest.param('{"a": "\\u12"}', 1, 7, id="bad-escape"),
        pytest.param('{"a": 1', 1, 8, id="unclosed-object"),
    ],
)
def test_invalid_input_is_a_parse_error_with_line_and_column(text: str, line: int, column: int) -> None:
    with pytest.raises(ParseError) as err:
        JsoncDocument(text)
    assert (err.value.location.line, err.value.location.column) == (line, column)


def test_deep_nesting_is_a_parse_error_not_a_crash() -> None:
    with pytest.raises(ParseError):
        loads("[" * 5000 + "]" * 5000)


# -- preservation ---------------------------------------------------------------------------------------------------


def test_keeps_comments() -> None:
    assert edited(RICH, ("pythonVersion",), "3.12") == RICH.replace(
        '"basic", // raise later\n', '"basic", // raise later\n    "pythonVersion": "3.12",\n'
    )


def test_keeps_trailing_commas() -> None:
    text = '{\n  "a": [\n    1,\n  ],\n  "b": {\n    "c": 1,\n  },\n}\n'
    assert edited(text, ("d",), True) == '{\n  "a": [\n    1,\n  ],\n  "b": {\n    "c": 1,\n  },\n  "d": true,\n}\n'


def test_comma_goes_before_a_trailing_line_comment() -> None:
    text = '{\n    "a": 1 // the answer\n}'
    assert edited(text, ("b",), 2) == '{\n    "a": 1, // the answer\n    "b": 2\n}'


def test_new_member_goes_after_the_last_member_not_after_the_closing_comment_lines() -> None:
    text = '{\n    "a": 1\n    // "b": 2,  (kept for later)\n}\n'
    assert edited(text, ("c",), 3) == '{\n    "a": 1,\n    "c": 3\n    // "b": 2,  (kept for later)\n}\n'


@pytest.mark.parametrize("unit", ["  ", "    ", "\t"], ids=["two-spaces", "four-spaces", "tab"])
def test_keeps_indentation(unit: str) -> None:
    text = f'{{\n{unit}"a": {{\n{unit}{unit}"b": 1\n{unit}}}\n}}\n'
    expected = f'{{\n{unit}"a": {{\n{unit}{unit}"b": 1,\n{unit}{unit}"c": {{\n{unit}{unit}{unit}"d": [1]\n'
    expected += f"{unit}{unit}}}\n{unit}}}\n}}\n"
    assert edited(text, ("a", "c", "d"), [1]) == expected


def test_keeps_a_missing_final_newline() -> None:
    assert edited('{\n  "a": 1\n}', ("b",), 2) == '{\n  "a": 1,\n  "b": 2\n}'


def test_keeps_single_quotes_and_bare_keys_of_json5() -> None:
    assert edited("{\n  a: 'x',\n}\n", ("b",), "y") == "{\n  a: 'x',\n  b: 'y',\n}\n"


def test_keeps_separator_style() -> None:
    assert edited('{"a" : 1}', ("b",), 2) == '{"a" : 1, "b" : 2}'


# -- adding members -------------------------------------------------------------------------------------------------


def test_inline_object_gets_an_inline_member() -> None:
    assert edited('{"a": 1, "b": {"c": 2}}', ("b", "d"), {"e": [1]}) == '{"a": 1, "b": {"c": 2, "d": {"e": [1]}}}'


def test_inline_trailing_comma_is_kept_after_the_new_member() -> None:
    assert edited('{"a": 1,}', ("b",), 2) == '{"a": 1, "b": 2,}'


def test_empty_object_opens_up_in_the_file_default_indentation() -> None:
    assert edited("// c\n{}\n", ("a",), 1) == '// c\n{\n    "a": 1\n}\n'


def test_empty_multiline_object_with_a_comment_keeps_it() -> None:
    assert edited("{\n  // nothing yet\n}\n", ("a",), 1) == '{\n  // nothing yet\n  "a": 1\n}\n'


def test_closing_brace_on_the_last_member_line() -> None:
    assert edited('{\n  "a": 1,\n  "b": 2}', ("c",), 3) == '{\n  "a": 1,\n  "b": 2,\n  "c": 3}'


def test_set_creates_missing_objects() -> None:
    assert edited('{\n  "a": 1\n}\n', ("x", "y"), True) == '{\n  "a": 1,\n  "x": {\n    "y": true\n  }\n}\n'


# -- replacing values -----------------------------------------------------------------------------------------------


def test_set_replaces_only_the_value() -> None:
    text = '{\n  "mode": /* was */ "off", // why\n}\n'
    assert edited(text, ("mode",), "basic") == '{\n  "mode": /* was */ "basic", // why\n}\n'


def test_set_edits_the_last_of_repeated_keys_the_one_that_counts() -> None:
    assert edited('{"a": 1, "a": 2}', ("a",), 3) == '{"a": 1, "a": 3}'


def test_set_refuses_a_path_through_a_scalar() -> None:
    doc = JsoncDocument('{"a": 1}')
    assert not doc.set(("a", "b"), 2)
    assert doc.text == '{"a": 1}'


# -- appending to arrays --------------------------------------------------------------------------------------------


def extended(text: str, items: list[object]) -> str:
    doc = JsoncDocument(text)
    assert doc.extend(("a",), items)
    return doc.text


def test_extend_inline_array() -> None:
    assert extended('{"a": ["x"]}', ["y", "z"]) == '{"a": ["x", "y", "z"]}'


def test_extend_inline_array_keeps_its_spacing() -> None:
    assert extended('{"a": [1,2]}', [3]) == '{"a": [1,2,3]}'


def test_extend_one_per_line_without_trailing_comma() -> None:
    text = '{\n  "a": [\n    "x", // first\n    "y"\n  ]\n}\n'
    assert extended(text, ["z"]) == '{\n  "a": [\n    "x", // first\n    "y",\n    "z"\n  ]\n}\n'


def test_extend_one_per_line_with_trailing_comma() -> None:
    text = '{\n  "a": [\n    "x",\n  ]\n}\n'
    assert extended(text, ["y", "z"]) == '{\n  "a": [\n    "x",\n    "y",\n    "z",\n  ]\n}\n'


def test_extend_empty_array() -> None:
    assert extended('{"a": []}', ["x"]) == '{"a": ["x"]}'


def test_extend_absent_array_adds_it() -> None:
    assert extended('{"b": 1}', ["x"]) == '{"b": 1, "a": ["x"]}'


def test_extend_refuses_a_non_array() -> None:
    doc = JsoncDocument('{"a": "x"}')
    assert not doc.extend(("a",), ["y"])


# -- J1: every edit is checked by meaning ---------------------------------------------------------------------------


def test_j1_edit_keeps_comments_and_trailing_commas_a_load_and_dump_would_drop() -> None:
    doc = JsoncDocument(RICH)
    assert doc.extend(("include",), ["lib"]) and doc.set(("typeCheckingMode",), "strict")
    assert doc.text == RICH.replace('"src", // the package\n', '"src", // the package\n        "lib",\n').replace(
        '"basic"', '"strict"'
    )
    assert json.dumps(loads(RICH)) not in doc.text  # what a structured dump would have written instead


def test_j1_an_edit_that_would_mean_something_else_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong splice (simulated) must leave the document as it was: the data check is the last line of defence."""
    doc = JsoncDocument('{"a": 1}')
    monkeypatch.setattr(JsoncDocument, "_append", lambda *_a, **_k: [Splice(1, 1, '"b": 2, "c": 3, ')])
    assert not doc.set(("b",), 2)
    assert doc.text == '{"a": 1}' and doc.data == {"a": 1}


def test_j1_an_edit_producing_invalid_text_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = JsoncDocument('{"a": 1}')
    monkeypatch.setattr(JsoncDocument, "_append", lambda *_a, **_k: [Splice(7, 7, ' "b": 2')])
    assert not doc.set(("b",), 2)
    assert doc.text == '{"a": 1}'


def test_true_is_not_one_for_the_check() -> None:
    doc = JsoncDocument('{"a": 1}')
    assert doc.set(("a",), True) and doc.text == '{"a": true}'


# -- new documents --------------------------------------------------------------------------------------------------


def test_dumps_writes_short_lists_inline_and_a_final_newline() -> None:
    assert dumps({"include": ["src"], "strict": True}) == '{\n    "include": ["src"],\n    "strict": true\n}\n'
    assert jsonc.render(["x" * 60, "y" * 60]) == '[\n    "' + "x" * 60 + '",\n    "' + "y" * 60 + '"\n]'
