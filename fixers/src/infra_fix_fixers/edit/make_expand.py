"""What make hands the shell, as near as reading a Makefile (never running it) can tell: the file's variables whose
values are literal, expanded in a recipe line, `$(if ...)` taken as make takes it where its condition is known, and
`$$` made the shell's `$`. The CI scan reads recipes through this (`$(RUN) pytest` runs pytest), and the Makefile
rules use it to find a tool the file runs through a variable of its own (`RUFF = $(UV) run ruff`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .makefile import Parsed


def variables(parsed: Parsed) -> dict[str, str]:
    """The file's variables whose values can be known without running anything: each name's last assignment
    outside conditionals (`+=` appending, `?=` only where unset), with make's `MAKE` as `make`. A value calling a
    function (`$(shell ...)`, `$(wildcard ...)`) is left out: its reference stays as written."""
    values: dict[str, str] = {"MAKE": "make"}
    for a in parsed.assignments:
        if a.depth or a.op in ("define", "!=") or re.search(r"\$[({][a-z-]+\s", a.value):
            continue
        if a.op == "+=":
            values[a.name] = f"{values.get(a.name, '')} {a.value}".strip()
        elif a.op != "?=" or a.name not in values:
            values[a.name] = a.value
    return values


def expand(text: str, values: dict[str, str], depth: int = 0) -> str:
    """`text` with `$(NAME)` and `${NAME}` of known variables replaced (recursively, a few levels), `$(if c,a,b)`
    taken as make takes it where `c` is known (a variable the file does not set is empty, as make reads it unless
    the environment sets it), and `$$` made the shell's `$`: what make hands the shell, as near as reading alone can
    tell. Other functions (`$(shell ...)`) stay as written."""
    if depth > 5:
        return text
    out, i = [], 0
    while i < len(text):
        if text.startswith("$$", i):
            out.append("$")
            i += 2
            continue
        if text.startswith(("$(", "${"), i):
            end = _closing(text, i + 1)
            if end > 0:
                out.append(_reference(text[i + 2 : end], text[i : end + 1], values, depth))
                i = end + 1
                continue
        out.append(text[i])
        i += 1
    return "".join(out)


def _closing(text: str, start: int) -> int:
    """The index of the bracket closing the one at `start` (nested references counted), or -1."""
    opening = text[start]
    closing = ")" if opening == "(" else "}"
    level = 0
    for j in range(start, len(text)):
        if text[j] == opening:
            level += 1
        elif text[j] == closing:
            level -= 1
            if not level:
                return j
    return -1


def _reference(body: str, written: str, values: dict[str, str], depth: int) -> str:
    if re.fullmatch(r"[A-Za-z_][\w.-]*", body):
        return expand(values[body], values, depth + 1) if body in values else written
    if body.startswith("if ") or body.startswith("if\t"):
        parts = _arguments(body[3:])
        unset = re.sub(r"\$[({]([A-Za-z_][\w.-]*)[)}]", lambda m: m.group(0) if m.group(1) in values else "", parts[0])
        condition = expand(unset, values, depth + 1).strip()
        if "$" in condition:
            return written  # a condition that calls a function: not known without running it
        chosen = parts[1] if condition else (parts[2] if len(parts) > 2 else "")
        return expand(chosen, values, depth + 1)
    return written


def _arguments(text: str) -> list[str]:
    """A function's comma-separated arguments, commas inside references kept."""
    parts, level, current = [], 0, []
    for c in text:
        if c in "({":
            level += 1
        elif c in ")}":
            level -= 1
        if c == "," and not level:
            parts.append("".join(current))
            current = []
        else:
            current.append(c)
    return [*parts, "".join(current)]


__all__ = ["expand", "variables"]
