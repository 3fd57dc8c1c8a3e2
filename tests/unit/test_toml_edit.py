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
