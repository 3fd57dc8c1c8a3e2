"""libyaml stands in for ruamel.yaml's parser (edit/yaml_parse.py) only where the two read a text alike: the same
events, values, styles, anchors and offsets. Checked on every YAML file of the fixtures and of the shared corpus of
real repositories, and on generated texts mixing YAML's indicators; where libyaml is unsure (a directive, a tag, an
error) ruamel reads the text, so the only claim is about the texts libyaml does read."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from infra_fix_fixers.edit import yaml_parse
from tests.property.budget import examples

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("SHARED", ROOT.parent / "shared"), "corpus", "repos")


def _shape(event: Any) -> tuple[object, ...]:  # noqa: ANN401 - an event of either parser
    return (
        type(event).__name__,
        event.start_mark.index,
        event.end_mark.index,
        getattr(event, "value", None),
        getattr(event, "style", None),
        getattr(event, "anchor", None),
        bool(getattr(event, "flow_style", None)),
    )


def ruamel_events(text: str) -> list[tuple[object, ...]] | None:
    yaml = YAML(typ="safe", pure=True)
    try:
        return [_shape(e) for e in yaml.parse(text)]
    except YAMLError:
        return None


def libyaml_events(text: str) -> list[tuple[object, ...]] | None:
    try:
        return [_shape(e) for e in yaml_parse._libyaml_events(text)]
    except yaml_parse._Unsure:
        return None


def same_reading(text: str) -> None:
    fast = libyaml_events(text)
    if fast is not None:
        assert fast == ruamel_events(text)


def yaml_files() -> list[Path]:
    found = [p for base in (ROOT / "fixtures", ROOT / "tests") for p in base.rglob("*.y*ml")]
    if CORPUS.is_dir():
        found += [p for p in CORPUS.rglob("*.y*ml") if p.is_file()]
    return sorted(found)


def test_libyaml_is_there() -> None:
    """PyYAML's wheels carry libyaml: without it every text goes to ruamel, correct but slow."""
    assert yaml_parse._c_parser() is not None
    assert libyaml_events("a: [1, {b: c}]\nd:\n") is not None


def test_real_files_read_alike() -> None:
    files = yaml_files()
    assert files
    read = 0
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        same_reading(text)
        read += libyaml_events(text) is not None
    assert read > len(files) // 2  # most real files take the fast path


@pytest.mark.parametrize(
    "text",
    [
        "on:\n  push:\n  workflow_dispatch:\n\njobs: {}\n",  # empty values: ruamel places them at the next event
        "- \n- a\n-\n",
        "a: &x [1, 2]\nb: *x\n",
        "? complex\n: value\n",
        "a: |\n  block\n\n  text\nb: >-\n  folded\n",
        "---\na: 1\n...\n---\nb: 2\n",
        "a: 'single ''quoted'''\nb: \"double \\u00e9\"\n",
        "k: é😀 x\nz: 1\n",
        "a:\n  # comment\n  b:   # trailing\n\n  c: d\n",
        "{a: 1, b: [x, y], c: }\n",
        "a: !!str 1\n",  # a tag: ruamel
        "%YAML 1.1\n---\na: 1\n",  # a directive: ruamel
        "a: \u2028b\n",  # YAML 1.1's line break: ruamel
    ],
)
def test_edge_cases_read_alike(text: str) -> None:
    same_reading(text)


PIECES = st.sampled_from(
    [
        "a",
        "b: ",
        "- ",
        "? ",
        ": ",
        "\n",
        "  ",
        "\t",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&x ",
        "*x",
        "'q'",
        '"d"',
        "#c",
        "|",
        ">",
        "-",
        "---",
        "...",
        "1",
        "~",
        "é",
        ":",
        "!",
    ]  # fmt: skip
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(PIECES, max_size=25).map("".join))
def test_generated_texts_read_alike(text: str) -> None:
    same_reading(text)


def safe_loader_passes(text: str) -> bool:
    """check-yaml's verdict: one document (or none) that ruamel's safe loader reads (duplicate keys refused)."""
    try:
        return len(list(YAML(typ="safe", pure=True).load_all(text))) <= 1
    except (YAMLError, ValueError, TypeError, RecursionError):
        return False


def test_plain_single_document_only_where_the_safe_loader_passes_real_files() -> None:
    vouched = 0
    for path in yaml_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if yaml_parse.plain_single_document(text):
            vouched += 1
            assert safe_loader_passes(text), path
    assert vouched > 0


@pytest.mark.parametrize(
    ("text", "vouched"),
    [
        ("a: 1\nb: [x, {c: d}]\n", True),
        (".: 1\n'..': 2\n", True),  # pnpm-lock.yaml's importer `.`: a string
        ("a: &x {b: 1}\nc: *x\n", True),
        ("a: 1\na: 2\n", False),  # a duplicate key
        ("'a': 1\na: 2\n", False),  # the same string, quoted once
        ("1: a\n0x1: b\n", False),  # numbers: equal whatever their spelling
        ("a: !!binary aGk=\n", False),  # a tag
        ("---\na: 1\n---\nb: 2\n", False),  # two documents
        ("<<: {a: 1}\n", False),  # a merge key
        ("a: [\n", False),  # an error
        ("[" * 100_000 + "]" * 100_000, False),  # libyaml's C composer would overflow the stack: not tried
        ("- " * 3000 + "x\n", False),  # nesting by columns, as deep
    ],
)
def test_plain_single_document_cases(text: str, vouched: bool) -> None:
    assert yaml_parse.plain_single_document(text) is vouched
    if vouched:
        assert safe_loader_passes(text)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(PIECES, max_size=25).map("".join))
def test_plain_single_document_only_where_the_safe_loader_passes(text: str) -> None:
    if yaml_parse.plain_single_document(text):
        assert safe_loader_passes(text)
