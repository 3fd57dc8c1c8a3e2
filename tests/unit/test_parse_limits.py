"""The parsers' bad-input matrix (issue 9): for every kind of file infra-fix parses, each hostile or broken input is
a ParseError at a line and column (where the input has one) within seconds, or, where the input is valid, its data.
The driver's own cases (encodings, FIFOs, sizes, permissions) are tests/integration/test_bad_input.py.

Every case runs under a clock: `HANG` is a guard against hangs, not a speed target (each case takes milliseconds)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from infra_fix_fixers.edit import toml_scan
from infra_fix_fixers.edit.jsonc import JsoncDocument
from infra_fix_fixers.edit.limits import MAX_DEPTH
from infra_fix_fixers.edit.toml import TomlDocument
from infra_fix_fixers.edit.yaml import YamlDocument, load
from infra_fix_fixers.model import ParseError
from infra_fix_fixers.rules.ci.workflow import WorkflowDocument

HANG = 5.0  # seconds
DEEP = 10_000
LONG = 200_000  # characters on one line (a 1 MB line is the performance checks' case)


def _pyright(text: str) -> JsoncDocument:
    return JsoncDocument(text, json5=False)


READERS: dict[str, Callable[[str], Any]] = {
    "pyproject.toml": TomlDocument,
    "ruff.toml": TomlDocument,
    "uv.lock": toml_scan.load,  # read, never edited
    ".pre-commit-config.yaml": YamlDocument,
    ".github/workflows/ci.yml": WorkflowDocument,
    "pyrightconfig.json": _pyright,
    "renovate.json": _pyright,
    "renovate.json5": JsoncDocument,
}
FORMAT = {
    "pyproject.toml": "toml",
    "ruff.toml": "toml",
    "uv.lock": "toml",
    ".pre-commit-config.yaml": "yaml",
    ".github/workflows/ci.yml": "yaml",
    "pyrightconfig.json": "json",
    "renovate.json": "json",
    "renovate.json5": "json",
}

BOMB = (  # 9^9 nodes from 9 lines: "billion laughs"
    'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
    + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10))
)
MERGE_BOMB = "a0: &a0 {x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}\n" + "".join(
    f"a{i}: &a{i} {{<<: *a{i - 1}, {', '.join(f'k{j}: *a{i - 1}' for j in range(8))}}}\n" for i in range(1, 12)
)

# (format, case) -> (text, (line, column) of the error, or None when the text is valid)
CASES: dict[tuple[str, str], tuple[str, tuple[int, int | None] | None]] = {
    ("toml", "unparsable"): ("[tool.ruff]\nline-length = = 3\n", (2, 15)),
    ("toml", "unclosed-array"): ("a = [1,\n", (2, None)),
    ("toml", "empty"): ("", None),
    ("toml", "long-line"): ('a = "' + "x" * LONG + '"\n', None),
    ("toml", "long-line-broken"): ('a = "' + "x" * LONG + '" b\n', (1, LONG + 8)),
    ("toml", "deep-arrays"): ("a = " + "[" * DEEP + "]" * DEEP + "\n", (1, 5 + MAX_DEPTH)),
    ("toml", "deep-inline-tables"): ("a = " + "{b = " * DEEP + "1" + "}" * DEEP + "\n", (1, 5 + 5 * MAX_DEPTH)),
    ("toml", "deep-header"): ("[" + ".".join(["a"] * DEEP) + "]\nx = 1\n", (1, 2)),
    ("toml", "deep-dotted-key"): (".".join(["a"] * DEEP) + " = 1\n", (1, 1)),
    ("toml", "deep-header-and-key"): ("[" + ".".join(["a"] * 60) + "]\n" + ".".join(["b"] * 60) + " = 1\n", (2, 1)),
    ("toml", "duplicate-key"): ("a = 1\nb = 2\na = 3\n", (3, 6)),
    ("toml", "duplicate-table"): ("[a]\nx = 1\n[a]\n", (3, 3)),
    ("yaml", "unparsable"): ("repos:\n  - repo: [x\n", (3, 1)),
    ("yaml", "bad-indentation"): ("a:\n  b: 1\n c: 2\n", (3, 2)),
    ("yaml", "long-line"): ("a: " + "x" * LONG + "\n", None),
    ("yaml", "long-line-broken"): ("a: " + "x" * LONG + ": b: c\n", (1, LONG + 4)),
    ("yaml", "deep-flow-sequence"): ("a: " + "[" * DEEP + "]" * DEEP + "\n", (1, 4 + MAX_DEPTH)),
    ("yaml", "deep-flow-sequence-unclosed"): ("[" * DEEP, (1, 1 + MAX_DEPTH)),
    ("yaml", "deep-flow-mapping"): ("{a: " * DEEP + "1" + "}" * DEEP + "\n", (1, 1 + 4 * MAX_DEPTH)),
    ("yaml", "deep-block-sequence"): ("- " * DEEP + "x\n", (1, 1 + 2 * MAX_DEPTH)),
    ("yaml", "deep-block-mapping"): ("".join(" " * i + "a:\n" for i in range(150)) + " " * 150 + "b\n", (101, 101)),
    ("yaml", "alias-bomb"): (BOMB, (5, 10)),
    ("yaml", "merge-bomb"): (MERGE_BOMB, (4, 77)),
    ("yaml", "recursive-alias"): ("a: &a [1, *a]\n", (1, 11)),
    ("yaml", "undefined-alias"): ("a: *nowhere\n", (1, 4)),
    ("yaml", "aliases-nesting-too-deep"): (  # 1 + 20 + 30 + 50 levels: each anchor alone is shallow enough
        "a: &a " + "[" * 50 + "]" * 50 + "\nb: &b " + "[" * 30 + "*a" + "]" * 30 + "\nc: " + "[" * 20 + "*b" + "]" * 20,
        (3, 24),
    ),
    ("yaml", "duplicate-key"): ("repos:\n  - repo: a\nother: 1\nrepos:\n  - repo: b\n", (4, 1)),
    ("yaml", "duplicate-key-by-value"): ("1: a\n0x1: b\n", (2, 1)),
    ("yaml", "nul-byte"): ("a: 1\nb: \x00\n", (2, 4)),
    ("yaml", "form-feed"): ("a: 1\n\x0c\nb: 2\n", (2, 1)),
    ("json", "unparsable"): ('{\n  "a": 1\n  "b": 2\n}\n', (3, 3)),
    ("json", "empty"): ("", (1, 1)),
    ("json", "long-line"): ('{"a": "' + "x" * LONG + '"}', None),
    ("json", "long-line-broken"): ('{"a": "' + "x" * LONG + '" "b"}', (1, LONG + 10)),
    ("json", "deep-arrays"): ("[" * DEEP + "]" * DEEP, (1, 1 + MAX_DEPTH)),
    ("json", "deep-objects"): ('{"a": ' * DEEP + "1" + "}" * DEEP, (1, 1 + 6 * MAX_DEPTH)),
    ("json", "deep-unclosed"): ("[" * DEEP, (1, 1 + MAX_DEPTH)),
}
EMPTY_DATA = {".pre-commit-config.yaml": [], "pyproject.toml": {}, "ruff.toml": {}, "uv.lock": {}}
WORKFLOW_NOT_A_MAPPING = (1, 1)


def _params() -> list[Any]:
    params = []
    for kind, fmt in FORMAT.items():
        for (case_format, case), (text, where) in CASES.items():
            if case_format == fmt:
                params.append(pytest.param(kind, text, where, id=f"{kind}-{case}"))
        if fmt == "yaml":
            params.append(pytest.param(kind, "", None, id=f"{kind}-empty"))
    return params


def _read(kind: str, text: str) -> tuple[object, float]:
    started = time.monotonic()
    try:
        result: object = READERS[kind](text)
    except ParseError as err:
        result = err
    return result, time.monotonic() - started


@pytest.mark.parametrize(("kind", "text", "where"), _params())
def test_bad_input_is_located_and_quick(kind: str, text: str, where: tuple[int, int | None] | None) -> None:
    result, took = _read(kind, text)
    assert took < HANG
    if kind == ".github/workflows/ci.yml" and where is None and not text.strip():
        where = WORKFLOW_NOT_A_MAPPING  # an empty workflow is no workflow
    if where is None:
        assert not isinstance(result, ParseError), result
        return
    assert isinstance(result, ParseError), f"no error for {kind}"
    assert (result.location.line, result.location.column) == where, result.location


@pytest.mark.parametrize("kind", sorted(EMPTY_DATA))
def test_empty_files_read_as_no_data(kind: str) -> None:
    """Empty TOML is an empty table, empty YAML no document (a workflow refuses it, JSON has no empty document)."""
    result, _ = _read(kind, "")
    data = result if isinstance(result, dict) else getattr(result, "data", None)
    assert data == EMPTY_DATA[kind]


def test_the_alias_bomb_names_its_bound() -> None:
    with pytest.raises(ParseError, match="aliases expand this document by more than 10,000 nodes"):
        load(BOMB)


def test_a_document_may_alias_as_much_as_it_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bound grows with the document: a big anchor used once more is a document, not a bomb. (The bound is
    lowered to 50 nodes here, so that the documents stay small.)"""
    monkeypatch.setattr("infra_fix_fixers.edit.yaml_parse.MAX_ALIAS_NODES", 50)
    items = ", ".join(str(i) for i in range(60))
    assert len(load(f"base: &b [{items}]\ncopy: *b\n")[0]["copy"]) == 60  # 64 nodes written, 61 added
    with pytest.raises(ParseError, match="by more than 65 nodes"):
        load(f"base: &b [{items}]\ncopy: [*b, *b]\n")  # 65 nodes written, 122 added


def test_aliases_just_under_the_bound_are_read() -> None:
    """Control: the same nesting as the bomb, expanding to 9,000 nodes, loads."""
    text = "a0: &a0 [" + ", ".join(["x"] * 9) + "]\n" + "".join(f"b{i}: *a0\n" for i in range(999))
    assert len(load(text)[0]) == 1000


def _levels(data: object) -> int:
    """How many lists and dicts are nested in `data` (along its first items)."""
    levels = 0
    while isinstance(data, list | dict):
        levels += 1
        data = next(iter(data.values() if isinstance(data, dict) else data), None)
    return levels


def test_nesting_at_the_limit_is_read_and_one_more_level_refused() -> None:
    """The control of the deep cases above: exactly MAX_DEPTH levels read in every format."""
    nested = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert _levels(TomlDocument(f"a = {nested}\n").data) == MAX_DEPTH + 1  # the document's table, then the arrays
    assert _levels(YamlDocument(nested).data[0]) == MAX_DEPTH
    assert _levels(JsoncDocument(nested).data) == MAX_DEPTH
    deeper = f"[{nested}]"
    for read in (TomlDocument, YamlDocument, JsoncDocument):
        with pytest.raises(ParseError, match=f"nested more than {MAX_DEPTH} levels deep"):
            read(f"a = {deeper}" if read is TomlDocument else deeper)


def test_yaml_duplicate_keys_name_both_lines() -> None:
    with pytest.raises(ParseError, match=r"duplicate key \(lines 1 and 4\)"):
        YamlDocument("repos:\n  - repo: a\nother: 1\nrepos:\n  - repo: b\n")


def test_yaml_repeated_merge_keys_are_no_duplicates() -> None:
    """Y8: `<<` twice is an idiom; PyYAML (pre-commit's loader) applies both, the later over the earlier."""
    text = "a: &a {x: 1, y: 1}\nb: &b {y: 2}\nm:\n  <<: *a\n  <<: *b\n  z: 3\n"
    assert load(text)[0]["m"] == {"x": 1, "y": 2, "z": 3}


def test_json_duplicate_keys_last_wins_and_edits_hit_the_last() -> None:
    """JSON.parse and json.loads keep the last of repeated keys: that is the one read, and the one edited."""
    text = '{\n  "mode": "off",\n  "mode": "basic"\n}\n'
    doc = JsoncDocument(text, json5=False)
    assert doc.data == {"mode": "basic"}
    assert doc.line_of(("mode",)) == 3
    assert doc.set(("mode",), "strict")
    assert doc.text == '{\n  "mode": "off",\n  "mode": "strict"\n}\n'


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param("- a\n- b\n", 1, id="a-list"),
        pytest.param("just text\n", 1, id="a-scalar"),
        pytest.param("a: 1\n---\nb: 2\n", 1, id="two-documents"),
    ],
)
def test_a_workflow_of_the_wrong_shape_is_located(text: str, line: int) -> None:
    with pytest.raises(ParseError, match="a workflow must be one YAML mapping") as err:
        WorkflowDocument(text)
    assert err.value.location.line == line


def test_edits_over_values_of_the_wrong_shape_are_refused_not_raised() -> None:
    """Valid data of the wrong shape (`tool = "x"`, a scalar where a list is expected): the edit is refused."""
    toml = TomlDocument('tool = "x"\narr = 1\n')
    assert not toml.set(("tool", "ruff", "line-length"), 120)
    assert not toml.extend(("tool", "ruff", "select"), ["E"])
    assert not toml.add(("tool", "ruff"), "x", 1)
    assert not toml.extend(("arr",), [2])
    assert toml.text == 'tool = "x"\narr = 1\n'
    yaml = YamlDocument("repos: x\nci: [1]\n")
    assert not yaml.append(("repos",), {"repo": "local"})
    assert not yaml.add_key(("ci",), "k", 1)
    assert yaml.insert(("ci",), -3, 0)  # an index before the first item means the first
    assert yaml.get(("ci",)) == [0, 1]
    json = JsoncDocument('{"include": "src", "x": [1]}')
    assert not json.extend(("include",), ["tests"])
    assert not json.set(("include", "a"), 1)
    assert not json.set(("x", 5), 1)


def test_uv_lock_too_deep_or_broken_is_located() -> None:
    for text in ("[[package]]\nname = " + "[" * DEEP, "[[package]]\nname = 'x'\nname = 'y'\n"):
        started = time.monotonic()
        with pytest.raises(ParseError) as err:
            toml_scan.load(text)
        assert time.monotonic() - started < HANG
        assert err.value.location.line == 2 or err.value.location.line == 3


def test_a_yaml_text_of_too_many_nodes_stops_being_read_at_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    """A token-dense text costs ruamel's pure-Python scanner tens of microseconds a node: the parse stops at the
    bound (lowered to 50 here, with its control just under it)."""
    monkeypatch.setattr("infra_fix_fixers.edit.yaml_parse.MAX_NODES", 50)
    assert len(load("a: [" + ", ".join(["x"] * 47) + "]\n")[0]["a"]) == 47  # 50 nodes: the map, a key, the list
    with pytest.raises(ParseError, match="more than 50 nodes") as err:
        load("a: [" + ", ".join(["x"] * 48) + "]\n")
    assert (err.value.location.line, err.value.location.column) == (1, 5 + 3 * 47)  # the 48th item
