"""Tool sections in INI files (setup.cfg, tox.ini, pytest.ini, .flake8) and pytest's as a TOML block to paste.

Read the way pytest reads them (iniconfig without inline-comment stripping): `key = value` or `key: value`,
indented continuation lines, `#`/`;` comment lines. Lenient: a line that is none of these is skipped, since the
result only feeds a finding for a human.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from dataclasses import dataclass

from ...edit.toml_render import key_text, render, render_block

# pytest ini options whose INI string pytest splits into a list ("args" and "paths" with shlex, "linelist" by line).
_ARGS = {
    "testpaths", "python_files", "python_classes", "python_functions", "norecursedirs", "usefixtures",
    "required_plugins", "doctest_optionflags", "pythonpath",
}  # fmt: skip
_LINES = {"markers", "filterwarnings", "env"}  # env: pytest-env


@dataclass(frozen=True)
class IniSection:
    name: str
    line: int  # 1-based line of the `[name]` header
    values: tuple[tuple[str, str], ...]  # in file order; multi-line values joined with "\n", as pytest sees them


def sections(text: str) -> list[IniSection]:
    found: list[tuple[str, int, list[tuple[str, list[str]]]]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line or line.lstrip()[:1] in ("#", ";"):
            continue
        if line[0] == "[":
            header = re.match(r"\[([^\]]+)\]", line)
            if header:
                found.append((header.group(1), number, []))
            continue
        if not found:
            continue
        values = found[-1][2]
        if line[0].isspace():
            if values:
                values[-1][1].append(line.strip())
            continue
        key, value = _split(line)
        if key is not None:
            values.append((key, [value] if value else []))
    return [IniSection(name, line, tuple((k, "\n".join(v)) for k, v in values)) for name, line, values in found]


def _split(line: str) -> tuple[str | None, str]:
    name, sep, value = line.partition("=")
    if not sep or ":" in name:
        name, sep, value = line.partition(":")
    return (name.strip(), value.strip()) if sep else (None, "")


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
