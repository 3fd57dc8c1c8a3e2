"""Rendering data as new YAML text in a file's nesting `Style`: block mappings, flow sequences of scalars.

Scalars are written plain only where YAML 1.1 and YAML 1.2 loaders both read them back as the same value (PyYAML,
pre-commit's loader, reads `on`/`yes` as booleans), else in the quote style asked for (double by default).
"""

from __future__ import annotations

import json
import math
import re

from .yaml_tree import Style

_PLAIN = re.compile(r"[A-Za-z0-9_./@+~=$^%-][A-Za-z0-9_./@+~=$^%:-]*")
SPECIAL = re.compile(  # plain scalars a YAML 1.1 reader takes for something else than a string
    r"(?i)y|n|yes|no|true|false|on|off|null|~|[-+.\d_:]+|[-+]?\.(inf|nan)|[-+]?\d.*e[-+]?\d+"
)


def render_scalar(value: object, quote: str | None = None) -> str:
    """A scalar as YAML text: plain when it means the same to YAML 1.1 and 1.2 loaders, else in `quote`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):  # `nan` and `inf` are strings to YAML
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if isinstance(value, int | float):
        return repr(value)
    if not isinstance(value, str):
        raise TypeError(f"cannot render {type(value).__name__} as a YAML scalar")
    plain = _PLAIN.fullmatch(value) and not SPECIAL.fullmatch(value) and not value.endswith(":")
    if quote is None and plain:
        return value
    if quote == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


def plain_or_quoted(value: str) -> str:
    """A string plain wherever YAML reads a plain scalar back as that string (a regex such as `^(a\\.json)$`, as
    pre-commit's documentation writes them), else single-quoted."""
    plain = (
        value == value.strip()
        and value
        and value[0] not in "-?:,[]{}#&*!|>'\"%@`"
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and not SPECIAL.fullmatch(value)
        and value.isprintable()
    )
    return value if plain else render_scalar(value, "'")


def render(value: object, style: Style | None = None, quote: str | None = None) -> str:
    """A value as block YAML starting at column 0 (no final newline): mappings and sequences of collections in
    block style, sequences of scalars in flow style (`args: [--fix]`, as the blueprint writes them)."""
    style = style or Style()
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "\n".join(_entry(render_scalar(k, quote), v, style, quote) for k, v in value.items())
    if isinstance(value, list):
        if all(not isinstance(v, dict | list) for v in value):
            return "[" + ", ".join(render_scalar(v, quote) for v in value) + "]"
        pad = " " * (style.dash_gap - 1)
        return "\n".join(indent_block(render(v, style, quote), "-" + pad, " " * style.dash_gap) for v in value)
    return render_scalar(value, quote)


def render_flow(value: object, quote: str | None = None) -> str:
    """A value as one line of flow YAML (`{id: ruff, args: [--fix]}`), for an item of a flow collection."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{render_scalar(k, quote)}: {render_flow(v, quote)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(render_flow(v, quote) for v in value) + "]"
    return render_scalar(value, quote)


def _entry(key: str, value: object, style: Style, quote: str | None) -> str:
    body = render(value, style, quote)
    if isinstance(value, dict) and value:
        return f"{key}:\n" + indent_block(body, " " * style.map_step, " " * style.map_step)
    if "\n" in body or (isinstance(value, list) and not body.startswith("[")):
        return f"{key}:\n" + indent_block(body, " " * style.seq_offset, " " * style.seq_offset)
    return f"{key}: {body}"


def indent_block(block: str, first: str, rest: str) -> str:
    """Prefix the first line of `block` with `first` and every other non-empty line with `rest`."""
    lines = block.split("\n")
    out = [first + lines[0]] + [rest + line if line.strip() else "" for line in lines[1:]]
    return "\n".join(out)
