"""Tool sections in INI files (setup.cfg, tox.ini, pytest.ini, .flake8) and pytest's as a TOML block to paste.

Read the way pytest reads them (iniconfig without inline-comment stripping): `key = value` or `key: value`,
indented continuation lines, `#`/`;` comment lines. Lenient: a line that is none of these is skipped, since the
result only feeds a finding for a human.
"""

from __future__ import annotations

import shlex
import tomllib

from ...edit.toml_render import key_text, render, render_block
from ...facts.ini import IniSection, sections

# pytest ini options whose INI string pytest splits into a list ("args" and "paths" with shlex, "linelist" by line).
_ARGS = {
    "testpaths", "python_files", "python_classes", "python_functions", "norecursedirs", "usefixtures",
    "required_plugins", "doctest_optionflags", "pythonpath",
}  # fmt: skip
_LINES = {"markers", "filterwarnings", "env"}  # env: pytest-env


def pytest_value(key: str, value: str) -> str | list[str]:
    """The value pytest would see, as it reads it from `[tool.pytest.ini_options]`: lists for list options."""
    if key in _LINES:
        return [item.strip() for item in value.split("\n") if item.strip()]
    if key in _ARGS:
        try:
            return shlex.split(value)
        except ValueError:  # an unbalanced quote: pytest would fail on it too; keep the text as it is
            return value
    if key == "addopts":
        return " ".join(value.split("\n"))  # pytest shlex-splits it: newlines and spaces are the same there
    return value


def pytest_block(values: tuple[tuple[str, str], ...]) -> str | None:
    """`[tool.pytest.ini_options]` holding an INI section's pytest options, or None if it would not round-trip."""
    converted = {key: pytest_value(key, value) for key, value in values}
    lines = ["[tool.pytest.ini_options]"]
    for key, value in converted.items():
        lines.append(f"{key_text((key,))} = {render_block(value) if isinstance(value, list) else render(value)}")
    block = "\n".join(lines) + "\n"
    try:
        parsed = tomllib.loads(block)
    except tomllib.TOMLDecodeError:
        return None
    return block if parsed == {"tool": {"pytest": {"ini_options": converted}}} else None


__all__ = ["IniSection", "pytest_block", "pytest_value", "sections"]
