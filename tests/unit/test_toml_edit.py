"""Regression tests of the TOML splicing editor (edit/toml.py), one per bug found; append new ones at the end."""

from __future__ import annotations

from infra_fix_fixers.edit.toml import TomlDocument


def test_new_table_in_a_blank_file_keeps_its_whitespace() -> None:
    """A whitespace-only file used to be replaced whole by the new table, losing its bytes."""
    doc = TomlDocument("\n")
    assert doc.set(("tool", "pytest", "ini_options", "testpaths"), ["tests"])
    assert doc.text == '\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'


def test_new_table_in_an_empty_file() -> None:
    doc = TomlDocument("")
    assert doc.set(("tool", "pytest", "ini_options", "testpaths"), ["tests"])
    assert doc.text == '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'


def test_new_tool_tables_take_their_place_in_name_order_whichever_comes_first() -> None:
    """Issue 14: [tool.pytest.ini_options] added by a plain run and [tool.ruff] by a later --unsafe-fixes run ended in
    another order than one run adding both. Among tool tables kept in name order, a new one takes its place there."""
    base = '[project]\nname = "d"\n'

    def add(text: str, table: tuple[str, ...], key: str, value: object) -> str:
        doc = TomlDocument(text)
        assert doc.set((*table, key), value)
        return doc.text

    pytest_first = add(add(base, ("tool", "pytest", "ini_options"), "testpaths", ["tests"]), ("tool", "ruff"), "x", 1)
    ruff_first = add(add(base, ("tool", "ruff"), "x", 1), ("tool", "pytest", "ini_options"), "testpaths", ["tests"])
    assert (
        pytest_first
        == ruff_first
        == base + '\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n\n[tool.ruff]\nx = 1\n'
    )
    unsorted = base + "\n[tool.zzz]\na = 1\n\n[tool.black]\nb = 2\n"  # not in name order: a new one goes last
    assert add(unsorted, ("tool", "ruff"), "x", 1) == unsorted + "\n[tool.ruff]\nx = 1\n"
