"""PITFALLS.md's TOML traps (T1-T14), each as a named regression test of the splicing editor.

Inputs are LF text: the driver strips CRLF and BOM before any fixer runs (T4 is tested through the codec).
"""

from __future__ import annotations

import tomllib

from infra_fix.disk.textfile import Decoded, decode, encode
from infra_fix_fixers.edit.toml import TomlDocument

RUFF = ("tool", "ruff")


def edited(text: str, op: str, *args: object) -> str:
    doc = TomlDocument(text)
    assert getattr(doc, op)(*args), f"{op}{args} was refused"
    return doc.text


def test_t1_new_key_beside_dotted_keys_does_not_capture_the_next_key() -> None:
    out = edited("a.b = 1\nz = 2\n", "set", ("a", "new"), 3)
    assert out == "a.b = 1\na.new = 3\nz = 2\n"
    assert tomllib.loads(out)["z"] == 2


def test_t2_super_table_after_child_with_array_of_tables_between() -> None:
    text = (
        '[tool.ruff.lint.per-file-ignores]\n"x.py" = ["A"]\n\n[[tool.mypy.overrides]]\nmodule = "m"\n\n'
        '[tool.ruff.lint]\nselect = ["E"]\n'
    )
    out = edited(text, "extend", (*RUFF, "lint", "select"), ["F"])
    assert out == text.replace('select = ["E"]', 'select = ["E", "F"]')


def test_t3_setting_a_leaf_keeps_comments_and_commented_out_keys() -> None:
    text = "[tool.ruff]\n# width\nline-length = 88  # black\n# target-version = 'py38'\n\n  # trailing note\n"
    out = edited(text, "set", (*RUFF, "line-length"), 120)
    assert out == text.replace("88", "120")


def test_t4_crlf_file_stays_crlf_after_an_added_key() -> None:
    raw = b"[tool.ruff]\r\nline-length = 88\r\n\r\n[tool.black]\r\nx = 1\r\n"
    decoded = decode(raw)
    assert isinstance(decoded, Decoded) and decoded.crlf
    out = encode(edited(decoded.text, "set", (*RUFF, "target-version"), "py312"), decoded.bom, decoded.newline)
    assert out == b'[tool.ruff]\r\nline-length = 88\r\ntarget-version = "py312"\r\n\r\n[tool.black]\r\nx = 1\r\n'


def test_t5_new_table_next_to_dotted_keys_keeps_their_order() -> None:
    text = "[tool]\nruff.line-length = 88\nblack.x = 1\n"
    out = edited(text, "set", (*RUFF, "lint", "select"), ["E"])
    assert out.startswith(text)
    assert tomllib.loads(out)["tool"]["black"] == {"x": 1}


def test_t6_nested_key_under_a_key_with_siblings_keeps_order() -> None:
    text = "[tool.ruff]\nline-length = 88\nfix = true\n"
    out = edited(text, "set", (*RUFF, "lint", "mccabe", "max-complexity"), 15)
    assert out == text + "\n[tool.ruff.lint.mccabe]\nmax-complexity = 15\n"


def test_t7_insert_into_inline_table_stays_valid() -> None:
    out = edited("[tool]\nruff = { line-length = 88 }\n", "set", (*RUFF, "fix"), True)
    assert out == "[tool]\nruff = { line-length = 88, fix = true }\n"
    assert edited("[tool]\nruff = {}\n", "set", (*RUFF, "fix"), True) == "[tool]\nruff = { fix = true }\n"


def test_t8_append_to_commented_multiline_array_stays_valid() -> None:
    text = '[tool.ruff.lint]\nselect = [\n    "E",  # errors\n    # "F",  disabled for now\n    "W"  # warnings\n]\n'
    out = edited(text, "extend", (*RUFF, "lint", "select"), ["I"])
    assert out == (
        '[tool.ruff.lint]\nselect = [\n    "E",  # errors\n    # "F",  disabled for now\n    "W",  # warnings\n'
        '    "I"\n]\n'
    )


def test_t9_array_with_comment_after_last_item_and_trailing_comma() -> None:
    text = '[tool.ruff.lint]\nselect = [\n    "E",\n    "W",  # last\n    # "X",\n]\n'
    out = edited(text, "extend", (*RUFF, "lint", "select"), ["I"])
    assert out == '[tool.ruff.lint]\nselect = [\n    "E",\n    "W",  # last\n    "I",\n    # "X",\n]\n'


def test_t10_no_final_newline_the_new_key_does_not_glue_on() -> None:
    out = edited("[tool.ruff]\nline-length = 88", "set", (*RUFF, "fix"), True)
    assert out == "[tool.ruff]\nline-length = 88\nfix = true"


def test_t12_indented_subtables_keep_their_indentation_once() -> None:
    text = "[tool.ruff]\n  line-length = 88\n\n  [tool.ruff.lint]\n    select = []\n"
    out = edited(text, "set", (*RUFF, "lint", "ignore"), ["E501"])
    assert out == text + '    ignore = ["E501"]\n'


def test_t13_key_for_tool_ruff_goes_into_tool_ruff_not_the_lint_table_below() -> None:
    text = '[tool.ruff]\nline-length = 88\n\n[tool.ruff.lint]\nselect = ["E"]\n'
    out = edited(text, "set", (*RUFF, "target-version"), "py312")
    assert out == '[tool.ruff]\nline-length = 88\ntarget-version = "py312"\n\n[tool.ruff.lint]\nselect = ["E"]\n'


def test_t14_dotted_style_file_stays_dotted() -> None:
    text = "tool.ruff.line-length = 100\ntool.ruff.fix = true\n"
    out = edited(text, "set", (*RUFF, "lint", "select"), ["E"])
    assert out == text + 'tool.ruff.lint.select = ["E"]\n'


def test_refuses_an_edit_that_would_mean_something_else() -> None:
    doc = TomlDocument("[tool.ruff]\nselect = 3\n")
    assert not doc.extend((*RUFF, "select"), ["E"])
    assert doc.text == "[tool.ruff]\nselect = 3\n"


def test_keeps_single_quote_style_of_the_array() -> None:
    assert edited("x = ['a']\n", "extend", ("x",), ["b"]) == "x = ['a', 'b']\n"


def test_keeps_literal_and_multiline_strings_untouched() -> None:
    text = '[tool.ruff]\nx = \'\'\'\n[not.a.table]\n\'\'\'\ny = """a \\""""""\n'
    out = edited(text, "set", (*RUFF, "fix"), True)
    assert out == text + "fix = true\n"


def test_a_new_item_stays_out_of_a_labelled_last_section() -> None:
    text = 'dev = [\n    "pytest",\n    "ruff>=0.9",\n    # docs\n    "Sphinx",\n    "furo",\n]\n'
    out = edited(text, "extend", ("dev",), ["pre-commit>=4.2.0"])
    head = 'dev = [\n    "pytest",\n    "ruff>=0.9",\n    "pre-commit>=4.2.0",\n'
    assert out == head + '    # docs\n    "Sphinx",\n    "furo",\n]\n'


def test_a_list_labelled_from_its_first_item_gets_new_items_at_the_end() -> None:
    text = 'dev = [\n    # tests\n    "pytest",\n    # docs\n    "Sphinx",\n]\n'
    out = edited(text, "extend", ("dev",), ["ruff"])
    assert out == 'dev = [\n    # tests\n    "pytest",\n    # docs\n    "Sphinx",\n    "ruff",\n]\n'
    inline = 'dev = [\n    "pytest",  # runner\n    "Sphinx",\n]\n'
    assert edited(inline, "extend", ("dev",), ["ruff"]).endswith('"Sphinx",\n    "ruff",\n]\n')
