"""Every editor, on generated documents that hold what real files hold and parsers trip on: comments, blank lines,
tabs, no final newline, unicode, and exotic values (NaN, infinities, -0.0, dates and times with offsets, integers
past 64 bits, every number base). A random edit at a random place (existing or not, of the right shape or not)
must: raise nothing; leave a text that a reader reads as the editor says; mean exactly the edit when it is made,
every other value unchanged (checked against an expectation computed here, and for YAML by ruamel's own safe
loader); change nothing when refused; and give the same text when made twice."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from infra_fix_fixers.edit.document import same
from infra_fix_fixers.edit.jsonc import JsoncDocument
from infra_fix_fixers.edit.toml import TomlDocument
from infra_fix_fixers.edit.yaml import YamlDocument, load
from infra_fix_fixers.model import ParseError
from tests.property.budget import examples
from tests.property.test_yaml_properties import paths

Path = tuple[str | int, ...]
MISSING = object()
NEW_VALUES = st.one_of(
    st.integers(-(10**20), 10**20),
    st.booleans(),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8),
    st.lists(st.one_of(st.integers(0, 9), st.sampled_from(["x", "é", "a b"])), max_size=3),
)
KEYS = st.sampled_from(["a", "b", "c", "line-length", "select"])
COMMENT = st.sampled_from(["", "", "  # note", "  # é ✓"])


def _put(data: Any, path: Path, value: Any) -> Any:  # noqa: ANN401
    """`data` with `value` at `path` (mappings created where missing), or MISSING where something else is in the way."""
    result = copy.deepcopy(data)
    node = result
    for part in path[:-1]:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.setdefault(part, {})
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return MISSING
    if isinstance(node, dict) and isinstance(path[-1], str):
        node[path[-1]] = copy.deepcopy(value)
    elif isinstance(node, list) and isinstance(path[-1], int) and 0 <= path[-1] < len(node):
        node[path[-1]] = copy.deepcopy(value)
    else:
        return MISSING
    return result


def _get(data: Any, path: Path) -> Any:  # noqa: ANN401
    for part in path:
        if isinstance(data, dict) and isinstance(part, str) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return MISSING
    return data


def _paths(data: Any) -> list[Path]:  # noqa: ANN401
    return [path for path, _ in paths(data)]


def _check(text: str, doc: Any, edit: Callable[[], bool], expected: Any, read: Callable[[str], Any]) -> None:  # noqa: ANN401
    """One edit's properties: a bool, a text read as the editor says, the expected meaning or no change at all."""
    made = edit()
    assert isinstance(made, bool)
    assert same(read(doc.text), doc.data)
    if not made:
        assert doc.text == text
        return
    assert expected is not MISSING, "an edit was made where the data cannot hold it"
    assert same(doc.data, expected), (doc.data, expected)
    again = doc.text
    assert not edit() or doc.text == again  # made twice: the same text (or refused: already there)


# -- TOML ------------------------------------------------------------------------------------------------------------

TOML_VALUES = st.sampled_from([
    "nan", "+nan", "-nan", "inf", "-inf", "-0.0", "1e400", "99999999999999999999999999", "-9223372036854775809",
    "0xDEAD_BEEF", "0o755", "0b1010", "1_000", "1979-05-27T07:32:00Z", "1979-05-27T00:32:00.999999-07:00",
    "1979-05-27T07:32:00", "1979-05-27", "07:32:00.5", "true", '"tab\\tand \\u00e9"', '"é ✓ 中"',
    "'literal \\ path'", '"""\nmulti\nline"""', "'''\nraw\n'''", '""', "[]", "[nan, 1979-05-27, -inf]",
    "[\n  1,  # one\n  2,\n]", "{ x = inf, y = 'q' }", '["E", "W"]',
])  # fmt: skip


PAD = st.sampled_from(["", "\t", "    "])
EQUALS = st.sampled_from([" = ", "=", "\t=\t"])


@st.composite
def toml_documents(draw: st.DrawFn) -> str:
    lines = [draw(st.sampled_from(["", "# a header\n"]))]
    for table in [None, *draw(st.lists(st.sampled_from(["t", "tool.ruff", "tool.ruff.lint", "u"]), unique=True))]:
        if table:
            lines.append(draw(PAD) + f"[{table}]" + draw(COMMENT))
        for key in draw(st.lists(KEYS, unique=True, max_size=4)):
            lines.append(draw(PAD) + key + draw(EQUALS) + draw(TOML_VALUES) + draw(COMMENT))
        lines.append(draw(st.sampled_from(["", "", "# between"])))
    text = "\n".join(lines) + "\n"
    return text if draw(st.booleans()) else text.rstrip("\n")


TABLES: list[tuple[str, ...]] = [(), ("t",), ("tool", "ruff"), ("tool", "ruff", "lint"), ("new",)]


@settings(max_examples=examples(60), deadline=None)
@given(toml_documents(), st.data())
def test_toml_edits_on_exotic_documents(text: str, data: st.DataObject) -> None:
    doc = TomlDocument(text)
    before = tomllib.loads(text)
    assert same(doc.data, before)
    table = data.draw(st.sampled_from(TABLES))
    key = data.draw(KEYS)
    path: tuple[str, ...] = (*table, key)
    value = data.draw(NEW_VALUES)
    kind = data.draw(st.sampled_from(["set", "add", "extend", "move", "rename"]))
    if kind == "set":
        _check(text, doc, lambda: doc.set(path, value), _put(before, path, value), tomllib.loads)
    elif kind == "add":
        expected = MISSING if _get(before, path) is not MISSING else _put(before, path, value)
        _check(text, doc, lambda: doc.add(table, key, value), expected, tomllib.loads)
    elif kind == "extend":
        items = data.draw(st.lists(st.integers(0, 9), min_size=1, max_size=2))
        current = _get(before, path)
        grown = [*current, *items] if isinstance(current, list) else items if current is MISSING else MISSING
        made = doc.extend(path, items)  # not idempotent by nature: checked once
        assert same(tomllib.loads(doc.text), doc.data)
        assert same(doc.data, _put(before, path, grown)) if made else doc.text == text
    else:
        new = data.draw(st.sampled_from(TABLES))
        old_path = path if kind == "move" else table
        new_path = (*new, key) if kind == "move" else new
        moved = _get(before, old_path)
        if not old_path or moved is MISSING or old_path == new_path[: len(old_path)]:
            return
        without = copy.deepcopy(before)
        del _get(without, old_path[:-1])[old_path[-1]]
        expected = MISSING if _get(before, new_path) is not MISSING else _put(without, new_path, moved)
        edit = (lambda: doc.move(path, new_path)) if kind == "move" else (lambda: doc.rename_table(table, new))
        made = edit()
        assert same(tomllib.loads(doc.text), doc.data)
        assert same(doc.data, expected) if made else doc.text == text


# -- YAML ------------------------------------------------------------------------------------------------------------

YAML_VALUES = st.sampled_from([
    ".nan", "-.inf", ".inf", "-0.0", "1e3", "2001-12-14t21:59:43.10-05:00", "2002-12-14", "2002-12-14 10:00:00 +2",
    "0o17", "0x_1F", "1_000", "~", "null", "99999999999999999999999999", "on", "yes", "'single: quoted'",
    '"tab\\there"', "é ✓ 中", '"\\u00e9"', '"x\ty"', "true", "'#not a comment'", "v1.2.3",
])  # fmt: skip
WORDS = st.sampled_from(["a", "b", "c", "repos", "jobs"])


@st.composite
def yaml_documents(draw: st.DrawFn) -> str:
    lines = [draw(st.sampled_from(["", "---", "# header"]))]
    for key in draw(st.lists(WORDS, unique=True, min_size=1, max_size=4)):
        shape = draw(st.sampled_from(["scalar", "block", "flow", "mapping"]))
        if shape == "scalar":
            lines.append(f"{key}: {draw(YAML_VALUES)}{draw(COMMENT)}")
        elif shape == "flow":
            lines.append(f"{key}: [{', '.join(draw(st.lists(YAML_VALUES, max_size=3)))}]")
        elif shape == "block":
            dash = draw(st.sampled_from(["", "  "]))
            lines.append(f"{key}:")
            lines += [f"{dash}- {v}{draw(COMMENT)}" for v in draw(st.lists(YAML_VALUES, min_size=1, max_size=3))]
        else:
            lines.append(f"{key}:")
            lines += [f"  {k}: {draw(YAML_VALUES)}" for k in draw(st.lists(WORDS, unique=True, min_size=1, max_size=3))]
        lines.append(draw(st.sampled_from(["", "", "# between"])))
    text = "\n".join(line for line in lines if line is not None) + "\n"
    return text if draw(st.booleans()) else text.rstrip("\n")


def _ruamel(text: str) -> list[Any]:
    loader = YAML(typ="safe", pure=True)
    return list(loader.load_all(text))


@settings(max_examples=examples(60), deadline=None)
@given(yaml_documents(), st.data())
def test_yaml_edits_on_exotic_documents(text: str, data: st.DataObject) -> None:
    doc = YamlDocument(text)
    before = doc.data[0]
    assert same(_ruamel(text), doc.data)
    path = data.draw(st.sampled_from(_paths(before)))
    value = data.draw(NEW_VALUES)
    kind = data.draw(st.sampled_from(["set", "append", "insert", "add"]))
    current = _get(before, path)

    def read(new_text: str) -> list[Any]:
        ours = load(new_text)
        assert same(ours, _ruamel(new_text))  # an independent reader agrees
        return ours

    if kind == "set":
        expected = [_put(before, path, value)] if path and not isinstance(current, dict | list) else [MISSING]
        _check(text, doc, lambda: doc.set(path, value), expected if expected != [MISSING] else MISSING, read)
    elif kind in ("append", "insert"):
        index = data.draw(st.integers(-1, 4))
        if isinstance(current, list):
            grown = list(current)
            grown.insert(max(0, min(index, len(grown))) if kind == "insert" else len(grown), value)
            expected: Any = [_put(before, path, grown) if path else grown]
        else:
            expected = MISSING
        edit = (lambda: doc.append(path, value)) if kind == "append" else (lambda: doc.insert(path, index, value))
        made = edit()
        assert same(read(doc.text), doc.data)
        assert same(doc.data, expected) if made else doc.text == text
    else:
        key = data.draw(WORDS)
        fits = isinstance(current, dict) and key not in current
        expected = [_put(before, (*path, key), value)] if fits else MISSING
        _check(text, doc, lambda: doc.add_key(path, key, value), expected, read)


# -- JSON with comments ----------------------------------------------------------------------------------------------

BIG = "123456789012345678901234567890"
STRICT_NUMBERS = [
    ("-0.0", -0.0),
    ("1e400", float("inf")),
    (BIG, int(BIG)),
    ("1E-7", 1e-07),
    ('"é\\u2028 ✓"', "é\u2028 ✓"),
    ('"\\ud83d\\ude00"', "\U0001f600"),
    ("true", True),
    ("null", None),
    ('"src"', "src"),
]
JSON5_ONLY = [("NaN", float("nan")), ("-Infinity", float("-inf")), ("0x1F", 31), ("'single'", "single"), (".5", 0.5)]


@st.composite
def json_documents(draw: st.DrawFn, json5: bool) -> tuple[str, Any]:
    scalars = STRICT_NUMBERS + (JSON5_ONLY if json5 else [])
    unit = draw(st.sampled_from(["  ", "    ", "\t"]))

    def value(level: int) -> tuple[str, Any]:
        kind = draw(st.sampled_from(["scalar", "scalar", "array", "object"] if level < 3 else ["scalar"]))
        if kind == "scalar":
            return draw(st.sampled_from(scalars))
        if kind == "array":
            parts = [value(level + 1) for _ in range(draw(st.integers(0, 3)))]
        else:
            keys = draw(st.lists(st.sampled_from(["a", "b", "include", "mode", "é"]), unique=True, max_size=3))
            parts = [(f'"{k}": {t}', (k, v)) for k, (t, v) in zip(keys, [value(level + 1) for _ in keys], strict=True)]
        texts = [t for t, _ in parts]
        data = dict(v for _, v in parts) if kind == "object" else [v for _, v in parts]
        opening, closing = ("{", "}") if kind == "object" else ("[", "]")
        trailing = "," if texts and draw(st.booleans()) else ""
        if not draw(st.booleans()):
            return opening + ", ".join(texts) + trailing + closing, data
        inner = unit * (level + 1)
        body = [f"{inner}{t}{',' if i < len(texts) - 1 else trailing}{draw(st.sampled_from(['', ' // c', ' /* é */']))}"
                for i, t in enumerate(texts)]  # fmt: skip
        return opening + "\n" + "\n".join(body) + "\n" + unit * level + closing, data

    keys = draw(st.lists(st.sampled_from(["a", "include", "mode", "x"]), unique=True, max_size=4))
    members = [(k, value(1)) for k in keys]
    text = "{\n" + ",\n".join(f'{unit}"{k}": {t}' for k, (t, _) in members) + "\n}"
    return draw(st.sampled_from(["", "// header\n"])) + text + draw(st.sampled_from(["", "\n"])), {
        k: v for k, (_, v) in members
    }


@settings(max_examples=examples(60), deadline=None)
@given(st.booleans().flatmap(lambda json5: st.tuples(st.just(json5), json_documents(json5))), st.data())
def test_json_edits_on_exotic_documents(case: tuple[bool, tuple[str, Any]], data: st.DataObject) -> None:
    json5, (text, value) = case
    doc = JsoncDocument(text, json5=json5)
    assert same(doc.data, value)
    path = data.draw(st.sampled_from(_paths(value)))
    new = data.draw(NEW_VALUES)
    kind = data.draw(st.sampled_from(["set", "add", "extend"]))
    current = _get(value, path)

    def read(new_text: str) -> Any:  # noqa: ANN401
        return JsoncDocument(new_text, json5=json5).data

    if kind == "set":
        expected = _put(value, path, new) if path else new
        _check(text, doc, lambda: doc.set(path, new), expected, read)
    elif kind == "add":
        key = data.draw(st.sampled_from(["a", "new", "é"]))
        fits = isinstance(current, dict) and key not in current
        _check(text, doc, lambda: doc.add(path, key, new), _put(value, (*path, key), new) if fits else MISSING, read)
    else:
        items = data.draw(st.lists(st.integers(0, 9), min_size=1, max_size=2))
        grown = [*current, *items] if isinstance(current, list) else MISSING
        made = doc.extend(path, items)
        assert same(read(doc.text), doc.data)
        if made and path:
            assert same(doc.data, _put(value, path, grown))
        elif not made:
            assert doc.text == text


# -- any text at all -------------------------------------------------------------------------------------------------

ANY_TEXT = {
    "toml": ("[]{}=\"'#.,\n\t abc1-+:eninf", TomlDocument),
    "yaml": ("[]{}:-?,&*!|>'\"#%@`\n\t abc1.<=~", YamlDocument),
    "json": ("{}[]:,\"'/*\\\n\t abc1-+.eENaIy", JsoncDocument),
}


@settings(max_examples=examples(150), deadline=None)
@given(st.sampled_from(sorted(ANY_TEXT)).flatmap(lambda f: st.tuples(st.just(f), st.text(ANY_TEXT[f][0], max_size=40))))
def test_any_text_reads_or_is_a_located_parse_error_and_an_edit_never_raises(case: tuple[str, str]) -> None:
    fmt, text = case
    try:
        doc = ANY_TEXT[fmt][1](text)
    except ParseError as err:
        assert err.location.line is not None
        return
    if fmt == "yaml":
        assert isinstance(doc.add_key((), "new", [1]), bool)
    else:
        assert isinstance(doc.set(("new", "key"), [1]), bool)
