"""Hypothesis: for generated TOML documents, edits keep every other byte and mean exactly what they intended."""

from __future__ import annotations

import re
import tomllib

import tomlkit
from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers.edit.toml import TomlDocument

KEY = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)
COMMENT = st.from_regex(r"# [ -~]{0,20}", fullmatch=True)
SCALAR = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.booleans().map(lambda b: "true" if b else "false"),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=10).map(
        lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    ),
)
PAD = st.sampled_from(["", " ", "  ", "\t"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for table in draw(st.lists(KEY, unique=True, min_size=0, max_size=4)):
        lines.append(f"{draw(PAD)}[{table}]{draw(st.sampled_from(['', '  # t']))}")
        for key in draw(st.lists(KEY, unique=True, max_size=4)):
            value = draw(SCALAR)
            if draw(st.booleans()):
                sep = draw(st.sampled_from([",\n    ", ", ", ",\n"]))
                value = "[" + sep.join(draw(st.lists(SCALAR, max_size=3))) + "]"
            tail = draw(st.sampled_from(["", "  # c"]))
            lines.append(f"{draw(PAD)}{key}{draw(PAD)}={draw(PAD)}{value}{tail}")
        if draw(st.booleans()):
            lines.append(draw(COMMENT))
        lines.append("")
    text = "\n".join(lines)
    return text if draw(st.booleans()) else text.rstrip("\n")


def agree(text: str) -> dict:
    """tomllib and tomlkit, two independent parsers, read the edited text alike: the splices wrote plain TOML."""
    data = tomllib.loads(text)
    assert tomlkit.parse(text).unwrap() == data
    return data


def _lines_kept(before: str, after: str) -> bool:
    """Every line of `before` is in `after`, in order: the edit only added or changed what it meant to."""
    it = iter(after.split("\n"))
    return all(any(line == other for other in it) for line in before.split("\n") if line.strip())


@settings(max_examples=150, deadline=None)
@given(documents(), KEY, KEY, st.integers(0, 99))
def test_adding_a_key_keeps_every_other_line_and_means_only_the_addition(
    text: str, table: str, key: str, v: int
) -> None:
    doc = TomlDocument(text)
    before = tomllib.loads(text)
    if doc.get((table, key)) is not None or not isinstance(before.get(table, {}), dict):
        return
    if doc.set((table, key), v):
        after = agree(doc.text)
        before.setdefault(table, {})[key] = v
        assert after == before
        assert _lines_kept(text, doc.text)
        again = TomlDocument(doc.text)
        assert again.get((table, key)) == v


@settings(max_examples=150, deadline=None)
@given(documents(), st.lists(st.sampled_from(["ZZ1", "ZZ2", "ZZ3"]), min_size=1, max_size=3, unique=True))
def test_extending_an_array_changes_nothing_outside_it(text: str, items: list[str]) -> None:
    data = tomllib.loads(text)
    for table, body in data.items():
        for key, value in body.items() if isinstance(body, dict) else ():
            if not isinstance(value, list):
                continue
            doc = TomlDocument(text)
            span = doc.entry((table, key))
            assert span is not None
            start, end = span.value.start, span.value.end
            assert doc.extend((table, key), items), (table, key, text)
            assert agree(doc.text)[table][key] == value + items
            tail = len(text) - end
            assert doc.text[:start] == text[:start]
            assert doc.text[len(doc.text) - tail :] == text[end:]
            inside = re.sub(r'"ZZ\d"', "", doc.text[start : len(doc.text) - tail])
            assert re.sub(r"[\s,]", "", inside) == re.sub(r"[\s,]", "", text[start:end])


@settings(max_examples=100, deadline=None)
@given(documents())
def test_scanner_finds_every_key_tomllib_sees(text: str) -> None:
    doc = TomlDocument(text)
    for table, body in tomllib.loads(text).items():
        for key in body if isinstance(body, dict) else ():
            entry = doc.entry((table, key))
            assert entry is not None
            assert tomllib.loads("v = " + doc.text[entry.value.start : entry.value.end])["v"] == body[key]


def _mutable_ids(value: object) -> set[int]:
    if isinstance(value, dict):
        return {id(value)}.union(*(_mutable_ids(item) for item in value.values()))
    if isinstance(value, list):
        return {id(value)}.union(*(_mutable_ids(item) for item in value))
    return set()


@given(documents())
@settings(max_examples=150, deadline=None)
def test_load_hands_out_a_copy_equal_to_the_data_and_sharing_no_dict_or_list(text: str) -> None:
    """toml_scan.load parses each text once and copies the data for each caller (a plain recursion, not deepcopy):
    two callers' data are equal to tomllib's and share no dict or list, so one caller's change never reaches another."""
    from infra_fix_fixers.edit.toml_scan import load

    first, second = load(text), load(text)
    assert first == second == tomllib.loads(text)
    assert not _mutable_ids(first) & _mutable_ids(second)
