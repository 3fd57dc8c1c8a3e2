"""One exotic value anywhere in a file never blocks the edits elsewhere in it (issue 9: a single `nan` in
pyproject.toml made every verified edit fail, `nan != nan`, so `--apply` reported "fixable" forever).

The verify loop compares data as the reading tool does (`edit.document.same`): NaN equals NaN, -0.0 equals 0.0,
types stay apart, datetimes compare with their offsets. Each format's exotic values are planted next to the keys
the rules edit, and every kind of edit must still be made, with the exotic values read back unchanged."""

from __future__ import annotations

import copy
import datetime
import math
import tomllib

import pytest

from infra_fix_fixers import Changed, Settings, Snapshot, remediate
from infra_fix_fixers.builtin import pack
from infra_fix_fixers.edit.document import same
from infra_fix_fixers.edit.jsonc import JsoncDocument
from infra_fix_fixers.edit.toml import TomlDocument
from infra_fix_fixers.edit.yaml import YamlDocument, load

TOML_EXOTIC = """[meta]
n = nan
pn = +nan
i = -inf
z = -0.0
utc = 1979-05-27T07:32:00Z
offset = 1979-05-27T00:32:00.999999-07:00
local = 1979-05-27T07:32:00
day = 1979-05-27
time = 07:32:00
big = 99999999999999999999999999
hex = 0xDEADBEEF
mixed = [nan, inf, 1979-05-27, 1e400]
inline = { when = 1979-05-27T07:32:00Z, x = nan }

[tool.ruff]
line-length = 88
select = ["E"]
"""
YAML_EXOTIC = """meta:
  n: .nan
  i: -.inf
  z: -0.0
  stamp: 2001-12-14t21:59:43.10-05:00
  spaced: 2001-12-14 21:59:43.10 -5
  day: 2002-12-14
  big: 99999999999999999999999999
  octal: 0o17
  hex: 0x_1F
  under: 1_000
  nothing: ~
  anchored: &a [.nan, 1979-05-27]
  again: *a
repos:
  - repo: local
    rev: v1
"""
JSON5_EXOTIC = '{\n  "n": NaN,\n  "i": -Infinity,\n  "z": -0.0,\n  "huge": 1e400,\n  "big": 123456789012345678901234567890,\n  "hex": 0x10,\n  "include": ["src"],\n  "mode": "off"\n}\n'  # noqa: E501
JSON_EXOTIC = '{\n  "z": -0.0,\n  "huge": 1e400,\n  "big": 123456789012345678901234567890,\n  "e": 1E5,\n  "include": ["src"],\n  "mode": "off"\n}\n'  # noqa: E501


def test_plain_equality_would_block_every_edit() -> None:
    """The control: read twice, a NaN is two different floats; `same` says what a reader means."""
    assert tomllib.loads(TOML_EXOTIC) != tomllib.loads(TOML_EXOTIC)
    assert same(tomllib.loads(TOML_EXOTIC), tomllib.loads(TOML_EXOTIC))


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        pytest.param(math.nan, math.nan, True, id="nan-is-nan"),
        pytest.param(-0.0, 0.0, True, id="minus-zero"),
        pytest.param(math.inf, math.inf, True, id="inf"),
        pytest.param(1, 1.0, False, id="int-is-not-float"),
        pytest.param(True, 1, False, id="bool-is-not-int"),
        pytest.param(10**30, 10**30, True, id="big-int"),
        pytest.param(datetime.date(1979, 5, 27), datetime.datetime(1979, 5, 27), False, id="date-is-not-datetime"),
        pytest.param(
            datetime.datetime(1979, 5, 27, 7, 32, tzinfo=datetime.UTC),
            datetime.datetime(1979, 5, 27, 0, 32, tzinfo=datetime.timezone(datetime.timedelta(hours=-7))),
            False,
            id="same-instant-other-offset",
        ),
        pytest.param(
            datetime.datetime(1979, 5, 27, 7, 32),
            datetime.datetime(1979, 5, 27, 7, 32, tzinfo=datetime.UTC),
            False,
            id="naive-is-not-aware",
        ),  # fmt: skip
        pytest.param({"a": [math.nan]}, {"a": [math.nan]}, True, id="nested-nan"),
        pytest.param({math.nan: 1, "b": 2}, {"b": 2, float("nan"): 1}, True, id="nan-key"),
        pytest.param({math.nan: 1}, {float("nan"): 2}, False, id="nan-key-other-value"),
        pytest.param({(math.nan, 1): 1}, {(float("nan"), 1): 1}, True, id="nan-in-a-tuple-key"),
        pytest.param({"a": 1}, {"a": 1, "b": 2}, False, id="extra-key"),
    ],
)
def test_same_compares_as_a_reader_does(a: object, b: object, equal: bool) -> None:
    assert same(a, b) is equal


def _unchanged_meta(before: dict[str, object], after: dict[str, object]) -> None:
    assert same(before["meta"], after["meta"])


def test_toml_edits_are_made_next_to_exotic_values() -> None:
    doc = TomlDocument(TOML_EXOTIC)
    before = copy.deepcopy(doc.data)
    assert doc.set(("tool", "ruff", "line-length"), 120)
    assert doc.extend(("tool", "ruff", "select"), ["W"])
    assert doc.add(("tool", "ruff"), "target-version", "py312")
    assert doc.move(("tool", "ruff", "select"), ("tool", "ruff", "lint", "select"))
    assert doc.rename_table(("meta",), ("tool", "meta"))
    assert doc.get(("tool", "ruff", "lint", "select")) == ["E", "W"]
    assert same(before["meta"], doc.get(("tool", "meta")))
    assert same(tomllib.loads(doc.text), doc.data)


def test_yaml_edits_are_made_next_to_exotic_values() -> None:
    doc = YamlDocument(YAML_EXOTIC)
    before = copy.deepcopy(doc.data[0])
    assert math.isnan(before["meta"]["n"]) and before["meta"]["i"] == -math.inf
    assert before["meta"]["stamp"].utcoffset() == datetime.timedelta(hours=-5)
    assert doc.set(("repos", 0, "rev"), "v2")
    assert doc.append(("repos",), {"repo": "meta"})
    assert doc.add_key(("repos", 0), "hooks", [{"id": "x"}])
    assert doc.set(("meta", "n"), math.nan)  # written as .nan, read back as NaN
    after = load(doc.text)[0]
    _unchanged_meta(before, after)
    assert after["repos"] == [{"repo": "local", "rev": "v2", "hooks": [{"id": "x"}]}, {"repo": "meta"}]


def test_a_yaml_nan_key_does_not_block_edits() -> None:
    """`.nan: x` is a key no dict lookup finds again (NaN is not NaN): compared as a reader would, it is the same."""
    doc = YamlDocument(".nan: x\nb: 1\n")
    assert doc.set(("b",), 2)
    assert doc.text == ".nan: x\nb: 2\n"


@pytest.mark.parametrize(
    ("text", "json5"), [pytest.param(JSON5_EXOTIC, True, id="json5"), pytest.param(JSON_EXOTIC, False, id="json")]
)
def test_json_edits_are_made_next_to_exotic_values(text: str, json5: bool) -> None:
    doc = JsoncDocument(text, json5=json5)
    before = copy.deepcopy(doc.data)
    assert doc.set(("mode",), "basic")
    assert doc.extend(("include",), ["tests"])
    assert doc.add((), "pythonVersion", "3.12")
    after = JsoncDocument(doc.text, json5=json5).data
    assert same({k: v for k, v in after.items() if k not in ("mode", "include", "pythonVersion")},
                {k: v for k, v in before.items() if k not in ("mode", "include")})  # fmt: skip
    assert after["include"] == ["src", "tests"]


def test_a_strict_json_file_never_gets_a_json5_value() -> None:
    """NaN renders as `NaN`, which only JSON5 reads: the strict file's edit is refused, not written."""
    doc = JsoncDocument(JSON_EXOTIC, json5=False)
    assert not doc.set(("mode",), math.nan)
    assert doc.text == JSON_EXOTIC


def test_the_fixers_fix_a_pyproject_that_holds_a_nan() -> None:
    """End to end: the ruff and pyproject fixers' verified edits go through with a NaN elsewhere in the file."""
    pyproject = '[project]\nname = "x"\nrequires-python = ">=3.12"\n\n[tool.coverage]\nfail_under = nan\n\n'
    pyproject += '[tool.ruff]\nline-length = 88\nselect = ["E", "F"]\n'
    result = remediate(Snapshot(files={"pyproject.toml": pyproject}), Settings(), pack())
    (changed,) = [r for r in result.files if isinstance(r, Changed) and r.path == "pyproject.toml"]
    assert 'lint.select = ["E", "F"]' in changed.after
    assert "fail_under = nan" in changed.after
    assert any(f.fixed for f in changed.findings)
