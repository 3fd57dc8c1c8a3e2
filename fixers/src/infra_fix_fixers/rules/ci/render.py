"""Render new GitHub Actions YAML (whole workflows, or one job) the way people write workflows by hand.

`edit.yaml.render` quotes every string with a space in it; a workflow's `run: .venv/bin/ruff check .` is plain in
every hand-written file, and multi-line scripts are `|` blocks. So this renderer writes a string plain where a
YAML 1.2 and a YAML 1.1 loader both read it back as that same string, as a literal block when it has lines, and
double-quoted otherwise. Layout follows the file's `Style` (mapping step, sequence offset, dash gap).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from ...edit.yaml_render import SPECIAL, indent_block, render_scalar
from ...edit.yaml_tree import Style

_PLAIN_START = re.compile(r"[A-Za-z0-9_./$~(]")


def scalar(value: object, *, key: bool = False) -> str:
    """One scalar as YAML text, plain wherever that reads back as the same string. A workflow's `on` key is
    written plain as everyone writes it: GitHub reads YAML 1.2 there, where it is a string."""
    if key and value == "on":
        return "on"
    if not isinstance(value, str):
        return render_scalar(value)
    plain = (
        value == value.strip()
        and value
        and _PLAIN_START.match(value)
        and not SPECIAL.fullmatch(value)
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and "\n" not in value
        and value.isprintable()
    )
    return value if plain else json.dumps(value, ensure_ascii=False)


def render(value: object, style: Style, blank_between: bool = False) -> str:
    """A value as block YAML at column 0, without a final newline; `blank_between` puts a blank line between the
    entries of this (top) mapping, as workflows separate `on:`, `jobs:` and each job."""
    if isinstance(value, dict):
        entries = [_entry(scalar(k, key=True), v, style) for k, v in value.items()]
        return ("\n\n" if blank_between else "\n").join(entries) if entries else "{}"
    if isinstance(value, list):
        if value and all(isinstance(v, str) and "\n" not in v for v in value) and len(value) <= 4:
            flow = "[" + ", ".join(scalar(v) for v in value) + "]"
            if len(flow) <= 80:  # noqa: PLR2004 - `branches: [main]`; a long copied `paths:` filter, one item a line
                return flow
        pad = " " * (style.dash_gap - 1)
        return "\n".join(indent_block(render(v, style), "-" + pad, " " * style.dash_gap) for v in value) or "[]"
    return scalar(value)


def _entry(key: str, value: object, style: Style) -> str:
    if value is None:
        return f"{key}:"
    if isinstance(value, str) and "\n" in value:
        indicator = "|" if value.endswith("\n") and not value.endswith("\n\n") else "|-"
        body = value.removesuffix("\n")
        return f"{key}: {indicator}\n" + indent_block(body, " " * style.map_step, " " * style.map_step)
    body = render(value, style)
    if isinstance(value, dict) and value:
        return f"{key}:\n" + indent_block(body, " " * style.map_step, " " * style.map_step)
    if "\n" in body:
        return f"{key}:\n" + indent_block(body, " " * style.seq_offset, " " * style.seq_offset)
    return f"{key}: {body}"


def render_jobs(jobs: Mapping[str, object], style: Style) -> str:
    """The `jobs:` section of a new workflow, one blank line between jobs."""
    parts = [indent_block(_entry(scalar(k, key=True), v, style), " " * style.map_step, " " * style.map_step) for k, v in
             jobs.items()]  # fmt: skip
    return "jobs:\n" + "\n\n".join(parts)
