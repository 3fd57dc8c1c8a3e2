"""edit/toml_lock.py tells a valid uv.lock without parsing it whole; it may say "cannot tell" (None), never True for
a text tomllib refuses. Checked on real locks and on locks broken at random: lines repeated, dropped, cut, edited."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers.edit.toml_lock import valid
from tests.property.budget import examples

ROOT = Path(__file__).resolve().parents[2]
LOCK = (ROOT / "uv.lock").read_text(encoding="utf-8")
SMALL = """version = 1
revision = 3
requires-python = ">=3.11"

[options]
exclude-newer = "2025-01-01T00:00:00Z" # a comment

[manifest]
members = [
    "a",
    "b",
]

[[package]]
name = "a"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "b", marker = "sys_platform == 'linux'" },
    { name = "c", extra = ["x"] },
]

[package.optional-dependencies]
x = [
    { name = "c" },
]

[package.metadata]
requires-dist = [{ name = "b", specifier = ">=1" }]

[package.metadata.requires-dev]
dev = [{ name = "pytest", specifier = ">=8" }]

[[package]]
name = "b"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://x/b-1.0.tar.gz", hash = "sha256:00", size = 10, upload-time = "2025-01-01T00:00:00Z" }
wheels = [
    { url = "https://x/b-1.0-py3-none-any.whl", hash = "sha256:01", size = 5 },
]
"""


def tomllib_accepts(text: str) -> bool:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    return True


def test_real_locks_are_told_valid() -> None:
    assert valid(LOCK) is True
    assert valid(SMALL) is True
    assert tomllib_accepts(SMALL)


def test_other_toml_is_left_to_tomllib() -> None:
    assert valid('[project]\nname = "x"\n') is None
    assert valid(SMALL.replace('    "a",', '    "a\\u0041",')) is True  # an escape: tomllib reads that value
    assert valid(SMALL.replace('    "a",', '    "a\\q",')) is None  # an escape TOML does not have


@settings(max_examples=examples(300), deadline=None)
@given(st.data())
def test_a_broken_lock_is_never_told_valid(data: st.DataObject) -> None:
    lines = SMALL.split("\n")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(lines) - 1))
        how = data.draw(st.sampled_from(["repeat", "drop", "cut", "insert"]))
        if how == "repeat":
            lines.insert(at, lines[at])
        elif how == "drop":
            del lines[at]
        elif how == "cut" and lines[at]:
            lines[at] = lines[at][: data.draw(st.integers(0, len(lines[at]) - 1))]
        elif how == "insert":
            piece = data.draw(st.sampled_from(['"', ",", "]", "[", "{", "}", " = ", "#", "\\", "\t", "x", "1"]))
            column = data.draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:column] + piece + lines[at][column:]
    text = "\n".join(lines)
    if valid(text):
        assert tomllib_accepts(text)
