"""Properties of the YAML editor over generated documents written in random, mixed styles (Y1): loading changes
nothing, appending an item inserts exactly one line and keeps every other line, adding a key likewise."""

from __future__ import annotations

import difflib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers.edit.yaml import YamlDocument, load

# Letters only, and none of y/n/o/t/f/u/l: no scalar can be a YAML 1.1 bool or null.
WORDS = st.text(alphabet="abcdeghijkm", min_size=1, max_size=6)
SCALARS = st.one_of(WORDS, st.integers(0, 999))
VALUES = st.recursive(
    SCALARS,
    lambda kids: st.one_of(
        st.lists(kids, min_size=1, max_size=3), st.dictionaries(WORDS, kids, min_size=1, max_size=3)
    ),
    max_leaves=10,
)
ROOTS = st.dictionaries(WORDS, VALUES, min_size=1, max_size=4)


def emit(value: Any, draw: Any) -> list[str]:
    """Lines at column 0 for a block value, each collection in its own randomly drawn style."""
    if isinstance(value, dict):
        step = draw(st.sampled_from([2, 4]))
        lines: list[str] = []
        for key, item in value.items():
            if draw(st.booleans()) and lines:
                lines.append(draw(st.sampled_from(["", "# note", "  # indented note"])))
            lines += entry(key, item, step, draw)
        return lines
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value) and draw(st.booleans()):
            return ["[" + ", ".join(str(v) for v in value) + "]"]
        gap = draw(st.sampled_from([2, 4]))
        lines = []
        for item in value:
            sub = emit(item, draw)
            lines.append("-" + " " * (gap - 1) + sub[0])
            lines += [" " * gap + line if line else line for line in sub[1:]]
            if draw(st.booleans()):
                lines.append(" " * gap + "# about the item above")
        return lines
    quote = draw(st.sampled_from(["", "'", '"'])) if isinstance(value, str) else ""
    return [f"{quote}{value}{quote}"]


def entry(key: str, value: Any, step: int, draw: Any) -> list[str]:
    sub = emit(value, draw)
    if not isinstance(value, dict | list) or sub[0].startswith("["):
        return [f"{key}:{' ' * draw(st.integers(1, 3))}{sub[0]}  # c" if draw(st.booleans()) else f"{key}: {sub[0]}"]
    indent = step if isinstance(value, dict) else draw(st.sampled_from([0, 2, 4]))
    return [f"{key}:"] + [" " * indent + line if line else line for line in sub]


@st.composite
def documents(draw: Any) -> tuple[str, dict[str, Any]]:
    data = draw(ROOTS)
    text = "\n".join(emit(data, draw)) + "\n"
    if draw(st.booleans()):
        text = text.removesuffix("\n")
    return text, data


def paths(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], Any]]:
    found = [(prefix, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def only_inserted(before: str, after: str) -> list[str]:
    """The lines added to `before`; fails if any line of `before` was changed or removed."""
    added = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=before.split("\n"), b=after.split("\n")).get_opcodes():
        assert op in ("equal", "insert"), f"{op} of {before.split(chr(10))[a1:a2]!r}"
        if op == "insert":
            added += after.split("\n")[b1:b2]
    return added


@settings(max_examples=60, deadline=None)
@given(documents())
def test_generated_documents_load_as_generated_and_are_kept_byte_for_byte(doc: tuple[str, dict[str, Any]]) -> None:
    text, data = doc
    parsed = YamlDocument(text)
    assert parsed.data == [data]
    assert parsed.text == text


@settings(max_examples=60, deadline=None)
@given(documents(), st.data())
def test_appending_to_a_block_sequence_inserts_one_line_and_keeps_every_other(
    doc: tuple[str, dict[str, Any]], draw: st.DataObject
) -> None:
    text, data = doc
    lists = [(p, v) for p, v in paths(data) if isinstance(v, list)]
    if not lists:
        return
    path, value = draw.draw(st.sampled_from(lists))
    parsed = YamlDocument(text)
    node = parsed.node(path)
    assert node is not None
    assert parsed.append(path, "newitem")
    assert load(parsed.text) == [_with_item(data, path, value)]
    if node.flow:
        return
    (added,) = only_inserted(text, parsed.text)
    assert added.strip().replace(" ", "") in ("-newitem", "-'newitem'", '-"newitem"')  # siblings' quotes


@settings(max_examples=60, deadline=None)
@given(documents(), st.data())
def test_adding_a_key_inserts_one_line_and_keeps_every_other(
    doc: tuple[str, dict[str, Any]], draw: st.DataObject
) -> None:
    text, data = doc
    maps = [p for p, v in paths(data) if isinstance(v, dict) and "newkey" not in v]
    path = draw.draw(st.sampled_from(maps))
    parsed = YamlDocument(text)
    assert parsed.add_key(path, "newkey", 7)
    (added,) = only_inserted(text, parsed.text)
    assert added.strip() == "newkey: 7"


def _with_item(data: dict[str, Any], path: tuple[str | int, ...], value: list[Any]) -> dict[str, Any]:
    import copy

    result = copy.deepcopy(data)
    node: Any = result
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = [*value, "newitem"]
    return result
