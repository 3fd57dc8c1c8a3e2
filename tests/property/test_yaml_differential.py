"""The YAML data built from the composed nodes (edit/yaml_data.py) is what ruamel.yaml's safe loader gives, scalar
for scalar, on generated documents full of scalars at the edges of YAML 1.2's types: numbers in every base and
spelling, infinities and NaN, timestamps with and without offsets, nulls, booleans, YAML 1.1's words that are
strings in 1.2 (`on`, `yes`). Where ruamel lets a Python error escape (`-_` read as an int, `2024-13-45` as a
date) or keeps the first of two keys that resolve equal, the editors raise a located ParseError instead.

Merge keys are the one documented departure: they follow PyYAML, pre-commit's loader (every `<<` applies; ruamel
drops all but the first), checked against PyYAML itself."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml as pyyaml
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.resolver import implicit_resolvers

from infra_fix_fixers.edit import yaml_data
from infra_fix_fixers.edit.document import same
from infra_fix_fixers.edit.yaml import load
from infra_fix_fixers.model import ParseError
from tests.property.budget import examples

EDGES = [
    "0", "-0", "+0", "007", "0o17", "0o", "0x1F", "0x_1f", "0X1F", "0b101", "0b", "0b_", "1_000", "_1", "-_", "+_",
    "1.", ".5", "-.5", "+.5", "1e3", "1E3", "1e+3", "1.5e-3", "1_0.5", "._", "-._", "1e", "1.2.3",
    ".inf", "-.Inf", "+.INF", ".nan", ".NaN", ".NAN", "inf", "nan", "-inf", "NaN", "Infinity",
    "~", "null", "Null", "NULL", "nULL", "", "true", "True", "TRUE", "tRUE", "false", "yes", "no", "on", "off", "y",
    "n", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2002-12-14T00:00:00Z",
    "2001-12-14T21:59:43.1234567Z", "2001-1-1 1:00:00", "2024-13-45", "2024-02-30T00:00:00", "12:30:00", "1:20",
    "0755", "=", "<<", "99999999999999999999999999", "-170141183460469231731687303715884105729", "1_2_3", "0.0",
    "-0.0", "+12", "12:30", "0x", "a1", "on-call", "v1.2.3",
]  # fmt: skip
GENERATED = st.text(alphabet="0123456789+-._:eExXoObBTZtz ", min_size=1, max_size=12)
SCALAR = st.one_of(st.sampled_from(EDGES), GENERATED)
STYLE = st.sampled_from(["plain", "plain", "plain", "single", "double", "flow"])


def _written(value: str, style: str) -> str:
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "double":
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "flow":
        return f"[{value}, {value}]"
    return value


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = []
    for index in range(draw(st.integers(1, 6))):
        key = draw(SCALAR.filter(lambda k: k != "<<")) if draw(st.booleans()) else f"k{index}"  # merges: below
        value = _written(draw(SCALAR), draw(STYLE))
        if draw(st.booleans()):
            lines.append(f"{key}: {value}")
        else:
            lines.append(f"{key}:\n  nested: {value}\n  list:\n    - {value}")
    return "\n".join(lines) + "\n"


def _ruamel(text: str) -> tuple[str, Any]:
    """("data", the data) or ("error", its kind): what ruamel's safe loader makes of `text`."""
    loader = YAML(typ="safe", pure=True)
    loader.allow_duplicate_keys = True
    try:
        return "data", list(loader.load_all(text))
    except YAMLError:
        return "error", "yaml"
    except (ValueError, TypeError):  # ruamel's own bugs on odd scalars and keys
        return "error", "python"


def _keys_lost(text: str) -> bool:
    """Whether some mapping of `text` has two keys that resolve equal (ruamel then keeps the first)."""
    loader = YAML(typ="safe", pure=True)
    for node in loader.compose_all(text):
        stack = [node]
        while stack:
            current = stack.pop()
            value = getattr(current, "value", None)
            if isinstance(value, list) and value and isinstance(value[0], tuple):
                keys = [_key(loader, k) for k, _ in value]
                keys = [tuple(k) if isinstance(k, list) else k for k in keys]
                if len(dict.fromkeys(keys)) < len(keys):  # Python's equality: 0 and 0.0 are one key
                    return True
                stack += [v for _, v in value]
            elif isinstance(value, list):
                stack += value
    return False


def _key(loader: YAML, node: Any) -> Any:  # noqa: ANN401
    if node.tag == "tag:yaml.org,2002:value":
        return node.value  # a plain `=` key: the safe loader reads it as a string
    return loader.constructor.construct_object(node, deep=True)


@settings(max_examples=examples(150), deadline=None)
@given(documents())
def test_data_is_what_ruamels_safe_loader_gives(text: str) -> None:
    outcome, theirs = _ruamel(text)
    try:
        ours = load(text)
    except ParseError as err:
        assert err.location.line is not None
        if outcome == "data":  # only a pair of keys that resolve equal may be refused where ruamel reads on
            assert "duplicate key" in str(err), (text, theirs, str(err))
            assert _keys_lost(text)
        return
    assert outcome == "data", (text, theirs)
    assert same(ours, theirs), (text, ours, theirs)


@pytest.mark.parametrize("value", EDGES)
def test_every_edge_scalar_alone(value: str) -> None:
    """The named edges, each alone as a value: not left to chance."""
    text = f"a: {value}\n"
    outcome, theirs = _ruamel(text)
    if outcome == "error":
        with pytest.raises(ParseError):
            load(text)
    else:
        assert same(load(text), theirs)


WORDS = st.text(alphabet="abcdeghijkm", min_size=1, max_size=4)  # no word PyYAML (YAML 1.1) reads as a boolean
FLAT = st.dictionaries(WORDS, st.integers(0, 9), min_size=1, max_size=3)


@st.composite
def merging(draw: st.DrawFn) -> str:
    anchors = draw(st.lists(FLAT, min_size=1, max_size=3))
    lines = [f"a{i}: &a{i} {{{', '.join(f'{k}: {v}' for k, v in m.items())}}}" for i, m in enumerate(anchors)]
    names = [f"*a{i}" for i in range(len(anchors))]
    lines.append("m:")
    for _ in range(draw(st.integers(1, 3))):
        chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3))
        lines.append(f"  <<: {chosen[0]}" if len(chosen) == 1 else f"  <<: [{', '.join(chosen)}]")
    for key, value in draw(st.dictionaries(WORDS, st.integers(0, 9), max_size=2)).items():
        lines.append(f"  {key}: {value}")
    return "\n".join(lines) + "\n"


@settings(max_examples=examples(100), deadline=None)
@given(merging())
def test_merge_keys_apply_as_pyyaml_applies_them(text: str) -> None:
    assert load(text) == [pyyaml.load(text, Loader=pyyaml.SafeLoader)]  # noqa: S506 - the safe loader


def test_the_scalar_resolvers_are_ruamels_yaml_1_2_table() -> None:
    """edit/yaml_data.py carries a copy of ruamel's YAML 1.2 implicit resolvers (so a run that libyaml parses need not
    import ruamel): the copy is ruamel's table, entry for entry, in its order."""
    theirs = [
        (tag.removeprefix("tag:yaml.org,2002:"), regexp.pattern, regexp.flags, list(first))
        for versions, tag, regexp, first in implicit_resolvers
        if (1, 2) in versions
    ]
    ours = []
    for tag, pattern, flags, first in yaml_data._YAML_1_2:  # noqa: SLF001 - the copy under test
        compiled = re.compile(pattern, flags)
        ours.append((tag, compiled.pattern, compiled.flags, list(first)))
    assert ours == theirs
