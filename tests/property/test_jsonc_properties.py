"""Hypothesis: JSON documents written in random layouts (indentation, comments, trailing commas, inline or one per
line) read back losslessly, and edits keep every byte they do not mean to change and mean exactly the edit."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers.edit.document import same
from infra_fix_fixers.edit.jsonc import JsoncDocument, loads
from infra_fix_fixers.edit.jsonc_scan import tokenize
from infra_fix_fixers.facts import discover
from infra_fix_fixers.fixer import Context
from infra_fix_fixers.model import ParseError
from infra_fix_fixers.rules.pyright import FIXER
from infra_fix_fixers.rules.pyright.examples import MIGRATIONS
from infra_fix_fixers.settings import Settings
from infra_fix_fixers.snapshot import Snapshot

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=8)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**6), 10**6), st.floats(allow_nan=False, allow_infinity=False), TEXT
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4), max_leaves=12
)
OBJECTS = st.dictionaries(TEXT, VALUES, max_size=5)
UNIT = st.sampled_from(["  ", "    ", "\t"])
PYRIGHT_KEYS = ("include", "exclude", "typeCheckingMode", "reportMissingImports", "reportMissingTypeStubs",
                "pythonVersion", "venvPath", "venv")  # fmt: skip
PYRIGHT_CONFIGS = st.dictionaries(
    st.sampled_from(PYRIGHT_KEYS) | TEXT,
    VALUES
    | st.sampled_from(["off", "basic", "strict", "error", "none", "3.9", "3.12", ".", ".venv", True, False])
    | st.lists(st.sampled_from(["src", "lib", ".", "**/migrations", "build"]), max_size=3),
    max_size=6,
)


def _dump(draw: st.DrawFn, value: Any, unit: str, level: int) -> str:
    """`value` as JSON with comments, in a layout drawn per container."""
    if not isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=draw(st.booleans()))
    opening, closing = ("{", "}") if isinstance(value, dict) else ("[", "]")
    if isinstance(value, dict):
        sep = draw(st.sampled_from([": ", ":", " : "]))
        parts = [json.dumps(k) + sep + _dump(draw, v, unit, level + 1) for k, v in value.items()]
    else:
        parts = [_dump(draw, v, unit, level + 1) for v in value]
    if not parts:
        return (
            opening
            + draw(st.sampled_from(["", " ", "\n" + unit * level, "\n" + unit * (level + 1) + "// x\n"]))
            + closing
        )
    trailing = draw(st.booleans())
    if not draw(st.booleans()):
        return opening + ", ".join(parts) + ("," if trailing else "") + closing
    inner = unit * (level + 1)
    lines = []
    for i, part in enumerate(parts):
        if draw(st.integers(0, 4)) == 0:
            lines.append(inner + draw(st.sampled_from(["// about the next", "/* block */"])))
        comma = "," if i < len(parts) - 1 or trailing else ""
        lines.append(inner + part + comma + draw(st.sampled_from(["", "", " // note", " /* c */"])))
    if draw(st.integers(0, 4)) == 0:
        lines.append(inner + "// closing remark")
    return opening + "\n" + "\n".join(lines) + "\n" + unit * level + closing


@st.composite
def documents(draw: st.DrawFn, values: st.SearchStrategy[Any] = VALUES) -> tuple[str, Any]:
    value = draw(values)
    text = draw(st.sampled_from(["", "// header\n", "/* header */\n"])) + _dump(draw, value, draw(UNIT), 0)
    return text + draw(st.sampled_from(["", "\n", "\n// trailer\n"])), value


def _only_insertions(before: str, after: str) -> bool:
    """`after` is `before` with one run of text inserted, or a comma and then one run (a new last entry)."""
    p = next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), len(before))
    grown = len(after) - len(before)
    if after[p + grown :] == before[p:]:
        return True
    if after[p : p + 1] != ",":
        return False
    return _only_insertions(before[p:], after[p + 1 :]) and after[:p] == before[:p]


@settings(max_examples=200, deadline=None)
@given(documents())
def test_unedited_document_reads_back_losslessly(doc: tuple[str, Any]) -> None:
    text, value = doc
    tokens = tokenize(text)
    assert "".join(text[t.start : t.end] for t in tokens) == text
    parsed = JsoncDocument(text)
    assert parsed.text == text
    assert same(parsed.data, value)


@settings(max_examples=200, deadline=None)
@given(documents(OBJECTS), TEXT, VALUES)
def test_added_member_keeps_every_other_byte_and_means_only_the_addition(
    doc: tuple[str, Any], key: str, value: Any
) -> None:
    text, data = doc
    if key in data:
        return
    edited = JsoncDocument(text)
    assert edited.set((key,), value)
    assert same(loads(edited.text), {**data, key: value})
    if data:
        assert _only_insertions(text, edited.text)
    else:  # an empty object opens up: only the blank space inside its braces is replaced
        assert edited.text[: text.index("{")] == text[: text.index("{")]
        assert edited.text[edited.text.rindex("}") :] == text[text.rindex("}") :]


@settings(max_examples=150, deadline=None)
@given(documents(st.lists(VALUES, max_size=5)), st.lists(SCALARS, min_size=1, max_size=3))
def test_appended_items_keep_every_other_byte(doc: tuple[str, Any], items: list[Any]) -> None:
    text, data = doc
    wrapped = '{"a": ' + text.rstrip("\n") + "\n}"
    if text.lstrip().startswith(("//", "/*")):
        return  # the header comment would sit inside the value; not a layout worth drawing here
    edited = JsoncDocument(wrapped)
    assert edited.extend(("a",), items)
    assert same(loads(edited.text), {"a": [*data, *items]})
    if data:
        assert _only_insertions(wrapped, edited.text)
    else:  # an empty array: only the blank space inside its brackets may be replaced
        assert edited.text.startswith('{"a": [') and edited.text.endswith(wrapped[wrapped.rindex("]") :])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="{}[]:,\"'/*\\ \n\tabc1-+.eE", max_size=30))
def test_arbitrary_text_parses_or_is_a_located_parse_error(text: str) -> None:
    try:
        loads(text)
    except ParseError as err:
        assert err.location.line is not None and err.location.column is not None


@settings(max_examples=100, deadline=None)
@given(documents(PYRIGHT_CONFIGS), st.booleans())
def test_pyright_fix_is_idempotent_and_keeps_unrelated_settings(doc: tuple[str, Any], unsafe: bool) -> None:
    text, data = doc
    snapshot = Snapshot(files={**MIGRATIONS, "pyrightconfig.json": text})
    repo = discover(snapshot)
    ctx = Context(repo, repo.root, Settings(unsafe_fixes=unsafe))
    first = FIXER.fix("pyrightconfig.json", text, ctx).text or text
    second = FIXER.fix("pyrightconfig.json", first, ctx)
    assert second.text is None and not any(f.fixed for f in second.findings)
    fixed = loads(first)
    for key, value in data.items():
        if key not in PYRIGHT_KEYS:
            assert same(fixed[key], value)
