"""The YAML splicing editor: PITFALLS Y1-Y14 as named tests, then each operation byte for byte.

Y11 (CRLF) is the driver's concern: it hands fixers LF text and restores CRLF itself, so it has no test here.
"""

from __future__ import annotations

import pytest

from infra_fix_fixers.edit.splice import Splice
from infra_fix_fixers.edit.yaml import Style, YamlDocument, compose, load, render, render_scalar
from infra_fix_fixers.model import ParseError

# -- the traps ------------------------------------------------------------------------------------------------------


def test_y1_mixed_sequence_indentation_kept() -> None:
    doc = YamlDocument("a:\n  - x\nb:\n- z\nc:\n    -   w\n")
    assert doc.append(("a",), "xx")
    assert doc.append(("b",), "zz")
    assert doc.append(("c",), "ww")
    assert doc.text == "a:\n  - x\n  - xx\nb:\n- z\n- zz\nc:\n    -   w\n    -   ww\n"


def test_y2_edit_that_would_be_invalid_is_refused() -> None:
    text = "a:\n  - x\n"
    doc = YamlDocument(text)
    assert not doc.append(("a",), "y", rendered="[unclosed")
    assert doc.text == text


def test_y2_edit_that_would_mean_something_else_is_refused() -> None:
    text = "a:\n  - x\n"
    doc = YamlDocument(text)
    assert not doc.append(("a",), "y", rendered="y: 1")  # a mapping where a string was intended
    assert doc.text == text


def test_y3_long_run_line_and_url_kept_on_one_line() -> None:
    run = "run: " + " && ".join(f"echo step-{i}" for i in range(20))
    text = f"steps:\n  - {run}\n  - uses: https://example.com/{'x' * 120}\nenv:\n  A: 1\n"
    doc = YamlDocument(text)
    assert doc.add_key(("env",), "B", 2)
    assert doc.text == text + "  B: 2\n"


def test_y4_quote_style_of_a_replaced_scalar_kept() -> None:
    doc = YamlDocument("a: 'v1'\nb: \"v1\"\nc: v1\nd: 'keep'\n")
    assert doc.set_scalar(("a",), "v2")
    assert doc.set_scalar(("b",), "v2")
    assert doc.set_scalar(("c",), "v2")
    assert doc.text == "a: 'v2'\nb: \"v2\"\nc: v2\nd: 'keep'\n"


def test_y4_plain_scalar_quoted_only_where_it_must_be() -> None:
    doc = YamlDocument("a: v1\nb: v1\n")
    assert doc.set_scalar(("a",), "yes")  # a bool to PyYAML (YAML 1.1): quoted
    assert doc.set_scalar(("b",), "x: y")
    assert doc.text == 'a: "yes"\nb: "x: y"\n'


def test_y5_document_marker_kept() -> None:
    doc = YamlDocument("---\na: 1\n")
    assert doc.add_key((), "b", 2)
    assert doc.text == "---\na: 1\nb: 2\n"


def test_y5_document_marker_never_added() -> None:
    doc = YamlDocument("a: 1\n")
    assert doc.add_key((), "b", 2)
    assert doc.text == "a: 1\nb: 2\n"


def test_y6_comment_and_blank_line_labelling_the_next_key_stay_above_it() -> None:
    doc = YamlDocument("a:\n  x: 1\n\n# about b\nb: 2\n")
    assert doc.add_key(("a",), "z", 2)
    assert doc.text == "a:\n  x: 1\n  z: 2\n\n# about b\nb: 2\n"


def test_y7_append_goes_before_a_comment_labelling_the_next_entry() -> None:
    doc = YamlDocument("repos:\n  - repo: a\n    hooks:\n      - id: x\n  # the next repo\n  - repo: b\n")
    assert doc.append(("repos", 0, "hooks"), {"id": "z"})
    assert doc.text == "repos:\n  - repo: a\n    hooks:\n      - id: x\n      - id: z\n  # the next repo\n  - repo: b\n"


def test_y7_commented_out_items_stay_with_their_list() -> None:
    doc = YamlDocument("hooks:\n  - id: x\n  # - id: off\nci: {}\n")
    assert doc.append(("hooks",), {"id": "z"})
    assert doc.text == "hooks:\n  - id: x\n  # - id: off\n  - id: z\nci: {}\n"


def test_y7_comment_at_the_end_of_the_file_at_a_lower_column_stays_last() -> None:
    doc = YamlDocument("a:\n  - x\n# end\n")
    assert doc.append(("a",), "z")
    assert doc.text == "a:\n  - x\n  - z\n# end\n"


def test_y8_anchors_aliases_and_duplicate_merge_keys_survive() -> None:
    text = "base: &b {x: 1}\nother: &o {y: 2}\nm:\n  <<: *b\n  <<: *o\n  z: 3\nlist: &l\n  - a\nuse: *l\n"
    doc = YamlDocument(text)
    assert doc.append(("list",), "b")  # the alias sees the new item too: the check expects it
    assert doc.text == text.replace("  - a\n", "  - a\n  - b\n")
    assert doc.get(("use",)) == ["a", "b"]


def test_y9_on_key_is_a_string_not_a_boolean() -> None:
    doc = YamlDocument("on:\n  push:\n    branches: [main]\njobs: {}\n")
    assert load(doc.text) == [{"on": {"push": {"branches": ["main"]}}, "jobs": {}}]
    assert doc.append(("on", "push", "branches"), "dev")
    assert doc.text == "on:\n  push:\n    branches: [main, dev]\njobs: {}\n"


def test_y10_hand_wrapped_flow_list_stays_wrapped() -> None:
    doc = YamlDocument("a: [\n  x,\n  y,\n]\n")
    assert doc.append(("a",), "z")
    assert doc.text == "a: [\n  x,\n  y,\n  z,\n]\n"


def test_y10_hand_wrapped_flow_list_without_trailing_comma() -> None:
    doc = YamlDocument("a: [\n  x,\n  y\n]\n")
    assert doc.append(("a",), "z")
    assert doc.text == "a: [\n  x,\n  y,\n  z\n]\n"


def test_y12_spacing_and_tilde_kept() -> None:
    doc = YamlDocument("a:    1\nb: ~\nc:\n")
    assert doc.set_scalar(("a",), 2)
    assert doc.add_key((), "d", 4)
    assert doc.text == "a:    2\nb: ~\nc:\nd: 4\n"


def test_y14_multi_document_file_edited_in_one_document() -> None:
    doc = YamlDocument("a: 1\n---\nb:\n  - x\n...\n")
    assert doc.append(("b",), "z", doc=1)
    assert doc.text == "a: 1\n---\nb:\n  - x\n  - z\n...\n"
    assert doc.data == [{"a": 1}, {"b": ["x", "z"]}]


# -- parsing --------------------------------------------------------------------------------------------------------


def test_parse_error_has_one_based_line_and_column() -> None:
    with pytest.raises(ParseError) as err:
        YamlDocument("a: 1\nb: [x\n")
    assert err.value.location.line == 3
    assert err.value.location.column == 1


def test_parse_error_for_bad_indentation() -> None:
    with pytest.raises(ParseError) as err:
        load("a:\n  b: 1\n c: 2\n")
    assert err.value.location.line == 3


def test_compose_gives_spans_of_every_node() -> None:
    text = "k: [a, 'b']\n"
    (root,) = compose(text)
    assert root is not None
    key, value = root.pairs[0]
    assert text[key.start : key.end] == "k"
    assert text[value.start : value.end] == "[a, 'b']"
    assert [text[c.start : c.end] for c in value.children] == ["a", "'b'"]
    assert value.children[1].style == "'"


def test_empty_document_loads_as_none() -> None:
    doc = YamlDocument("# only a comment\n")
    assert doc.data == []
    assert not doc.add_key((), "a", 1)


# -- operations -----------------------------------------------------------------------------------------------------


def test_append_to_a_file_without_final_newline_keeps_it_without() -> None:
    doc = YamlDocument("a:\n  - x")
    assert doc.append(("a",), "z")
    assert doc.text == "a:\n  - x\n  - z"


def test_append_after_an_item_with_a_block_scalar() -> None:
    doc = YamlDocument("steps:\n  - run: |\n      echo a\n\n      echo b\n\n  # tail\nnext: 1\n")
    assert doc.append(("steps",), {"run": "c"})
    assert doc.text == "steps:\n  - run: |\n      echo a\n\n      echo b\n  - run: c\n\n  # tail\nnext: 1\n"


def test_append_keeps_the_end_of_line_comment_of_the_last_item() -> None:
    doc = YamlDocument("a:\n  - x  # why\n")
    assert doc.append(("a",), "z")
    assert doc.text == "a:\n  - x  # why\n  - z\n"


def test_append_a_mapping_item_in_the_siblings_dash_gap() -> None:
    doc = YamlDocument("hooks:\n-   id: a\n    args: [--x]\n")
    assert doc.append(("hooks",), {"id": "b", "args": ["--fix"]})
    assert doc.text == "hooks:\n-   id: a\n    args: [--x]\n-   id: b\n    args: [--fix]\n"


def test_append_to_a_flow_list_matches_its_quotes() -> None:
    doc = YamlDocument("args: ['--a']\n")
    assert doc.append(("args",), "--b")
    assert doc.text == "args: ['--a', '--b']\n"


def test_append_to_an_empty_flow_list() -> None:
    doc = YamlDocument("hooks: []\n")
    assert doc.append(("hooks",), "x")
    assert doc.text == "hooks: [x]\n"


def test_append_a_mapping_to_a_flow_list_writes_flow() -> None:
    doc = YamlDocument("hooks: []\n")
    assert doc.append(("hooks",), {"id": "x", "args": ["--fix"]})
    assert doc.text == "hooks: [{id: x, args: [--fix]}]\n"


def test_add_a_list_to_a_flow_mapping_writes_flow() -> None:
    doc = YamlDocument("ci: {}\n")
    assert doc.add_key(("ci",), "skip", ["a", "b"])
    assert doc.text == "ci: {skip: [a, b]}\n"


def test_append_with_a_blank_line_separator() -> None:
    doc = YamlDocument("repos:\n  - a\n")
    assert doc.append(("repos",), "b", blank_line=True)
    assert doc.text == "repos:\n  - a\n\n  - b\n"


def test_insert_before_an_item_goes_above_its_comments() -> None:
    doc = YamlDocument("hooks:\n  - id: a\n  # format last\n  - id: c\n")
    assert doc.insert(("hooks",), 1, {"id": "b"})
    assert doc.text == "hooks:\n  - id: a\n  - id: b\n  # format last\n  - id: c\n"


def test_add_key_with_a_block_value_in_the_files_style() -> None:
    doc = YamlDocument("jobs:\n    a:\n        steps:\n        - x\n")
    assert doc.add_key(("jobs",), "b", {"steps": [{"run": "z"}]})
    assert doc.text == "jobs:\n    a:\n        steps:\n        - x\n    b:\n        steps:\n        - run: z\n"


def test_add_key_to_a_flow_mapping() -> None:
    doc = YamlDocument("ci: {autofix: true}\n")
    assert doc.add_key(("ci",), "skip", ["ruff"])
    assert doc.text == "ci: {autofix: true, skip: [ruff]}\n"


def test_add_key_refuses_an_existing_key() -> None:
    doc = YamlDocument("a: 1\n")
    assert not doc.add_key((), "a", 2)


def test_add_key_keeps_a_literal_block_above_intact() -> None:
    doc = YamlDocument("exclude: |\n  (?x)^(\n    docs/.*\n  )$\nrepos: []\n")
    assert doc.add_key((), "fail_fast", True)
    assert doc.text == "exclude: |\n  (?x)^(\n    docs/.*\n  )$\nrepos: []\nfail_fast: true\n"


def test_set_scalar_refuses_a_block_scalar() -> None:
    doc = YamlDocument("a: |\n  x\n")
    assert not doc.set_scalar(("a",), "y")


def test_style_detected_from_the_file() -> None:
    doc = YamlDocument("repos:\n-   repo: a\n    hooks:\n    -   id: x\nci:\n    autofix: true\n")
    assert doc.style() == Style(map_step=4, seq_offset=0, dash_gap=4)


def test_line_of_a_key() -> None:
    doc = YamlDocument("a: 1\nb:\n  c: 2\n")
    assert doc.line_of(("b", "c")) == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("v1.2.3", "v1.2.3", id="version-tag-plain"),
        pytest.param("--fix", "--fix", id="option-plain"),
        pytest.param("on", '"on"', id="yaml11-bool-quoted"),
        pytest.param("y", '"y"', id="yaml11-spec-bool-quoted"),
        pytest.param("1.10", '"1.10"', id="float-looking-quoted"),
        pytest.param("a: b", '"a: b"', id="colon-space-quoted"),
        pytest.param("-", '"-"', id="lone-dash-quoted"),
        pytest.param("", '""', id="empty-quoted"),
    ],
)
def test_render_scalar(value: str, expected: str) -> None:
    assert render_scalar(value) == expected
    assert load(f"k: {render_scalar(value)}\n") == [{"k": value}]


def test_render_block_in_a_style() -> None:
    value = {"repo": "x", "hooks": [{"id": "a", "args": ["--fix"]}]}
    assert render(value, Style(4, 0, 4)) == "repo: x\nhooks:\n-   id: a\n    args: [--fix]"
    assert render(value) == "repo: x\nhooks:\n  - id: a\n    args: [--fix]"


def test_add_key_with_an_empty_value_writes_the_bare_key() -> None:
    doc = YamlDocument("on:\n  push:\n    branches: [main]\njobs: {}\n")
    assert doc.add_key(("on",), "pull_request", None, "")
    assert doc.text == "on:\n  push:\n    branches: [main]\n  pull_request:\njobs: {}\n"


def test_add_key_with_a_blank_line_before_it() -> None:
    doc = YamlDocument("jobs:\n  a:\n    x: 1\n")
    assert doc.add_key(("jobs",), "b", {"x": 2}, blank_line_before=True)
    assert doc.text == "jobs:\n  a:\n    x: 1\n\n  b:\n    x: 2\n"


def test_add_key_goes_below_commented_out_keys_unless_told_otherwise() -> None:
    text = "jobs:\n  a: 1\n  # b: 2\n"
    below = YamlDocument(text)
    assert below.add_key(("jobs",), "c", 3)
    assert below.text == "jobs:\n  a: 1\n  # b: 2\n  c: 3\n"
    above = YamlDocument(text)
    assert above.add_key(("jobs",), "c", 3, after_comments=False)
    assert above.text == "jobs:\n  a: 1\n  c: 3\n  # b: 2\n"


def test_splice_is_accepted_only_when_it_means_the_intended_value() -> None:
    doc = YamlDocument("run: ruff format .\n")
    at = doc.text.index("format") + len("format")
    assert not doc.splice([Splice(at, at, " --check")], ("run",), "ruff format .")
    assert doc.text == "run: ruff format .\n"
    assert doc.splice([Splice(at, at, " --check")], ("run",), "ruff format --check .")
    assert doc.text == "run: ruff format --check .\n"
    assert doc.data == [{"run": "ruff format --check ."}]
