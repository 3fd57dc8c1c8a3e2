"""TOML as text to write: values rendered inline or as blocks in the file's quote style, items appended to an
array in its own layout (one line, one item per line, trailing comma or not), tables appended after a blank line.
The editor (toml.py) splices these and verifies the result by meaning."""

from __future__ import annotations

import json
from typing import Any

from . import toml_scan
from .splice import Splice, apply, indent_at, insert_lines, line_start
from .toml_scan import Value

Path = tuple[str, ...]


def render(value: Any, quote: str = '"') -> str:  # noqa: ANN401
    """A value as TOML inline text; strings in the given quote style where it can hold them."""
    if isinstance(value, str):
        if quote == "'" and "'" not in value and value.isprintable():
            return f"'{value}'"
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(render(v, quote) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key_text((k,))} = {render(v, quote)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot render {type(value).__name__} as TOML")


def render_block(items: list[Any], quote: str = '"') -> str:
    """A new array: inline when short, else one item per line with a trailing comma (ruff format's layout)."""
    inline = render(items, quote)
    if len(inline) <= 60:
        return inline
    return "[\n" + "".join(f"    {render(i, quote)},\n" for i in items) + "]"


def append_block(text: str, block: str) -> str:
    """A table appended after a blank line; a file without a final newline keeps none (T10), and a blank file keeps
    its whitespace as every other byte."""
    if not text.strip():
        return text + block
    return apply(text, [insert_lines(text, len(text), "\n" + block)])


def key_text(path: Path) -> str:
    """A dotted key as TOML text, quoting the parts that need it."""
    return ".".join(p if toml_scan.BARE_KEY.fullmatch(p) else json.dumps(p) for p in path)


def append_items(text: str, array: Value, rendered: list[str]) -> list[Splice]:
    body = text[array.start : array.end]
    close = array.end - 1
    if not array.items:
        if "\n" not in body:
            return [Splice(array.start + 1, close, ", ".join(rendered))]
        indent = indent_at(text, line_start(text, close)) + "    "
        at = line_start(text, close)
        return [Splice(at, at, "".join(f"{indent}{r},\n" for r in rendered))]
    last = array.items[-1]
    tail = text[last.end : close]
    if "\n" not in body:
        return [Splice(last.end, last.end, "".join(f", {r}" for r in rendered))]
    indent = indent_at(text, line_start(text, last.start))
    if "\n" in tail:
        trailing = tail.lstrip(" \t").startswith(",")
        line_after = text.index("\n", last.end) + 1
        lines = [f"{indent}{r}," for r in rendered]
        if not trailing:
            lines[-1] = lines[-1][:-1]
            return [Splice(last.end, last.end, ","), Splice(line_after, line_after, "\n".join(lines) + "\n")]
        return [Splice(line_after, line_after, "\n".join(lines) + "\n")]
    comma = tail.find(",")
    at = last.end + comma + 1 if comma >= 0 else last.end
    joined = "".join(f",\n{indent}{r}" for r in rendered)
    return [Splice(at, at, joined[1:] + ("," if comma >= 0 else ""))] if comma >= 0 else [Splice(at, at, joined)]


def insert_before(text: str, array: Value, index: int, rendered: str) -> Splice:
    """`rendered` as an item of the array before its item `index`: on a line of its own where that item starts its
    line (one item a line), else inline before it."""
    item = array.items[index]
    start = line_start(text, item.start)
    if text[start : item.start].strip() == "":
        return Splice(start, start, f"{text[start : item.start]}{rendered},\n")
    return Splice(item.start, item.start, f"{rendered}, ")


def head_section_end(text: str, array: Value) -> int | None:
    """Where a list split into labelled sections (an own-line comment such as `# docs` before a run of items) ends
    its unlabelled head: the index of the first labelled item, when the items before it carry no label and each
    ends with a comma. A new item goes there rather than into the last section, whose label does not name it."""
    items = array.items
    if len(items) < 2 or _own_line_comment(text[array.start + 1 : items[0].start]):
        return None
    for index in range(1, len(items)):
        gap = text[items[index - 1].end : items[index].start]
        if _own_line_comment(gap):
            return index if gap.lstrip(" \t").startswith(",") else None
    return None


def _own_line_comment(gap: str) -> bool:
    """A label on a line of its own (`# docs`), not a commented-out item (`# "F",`)."""
    lines = (line.strip() for line in gap.split("\n")[1:])
    return any(line.startswith("#") and not line[1:].lstrip().startswith(('"', "'")) for line in lines)


def insert_after(text: str, array: Value, index: int, rendered: list[str]) -> Splice:
    """`rendered` as items of a one-item-a-line array on the lines right after its item `index` (and its comma)."""
    item = array.items[index]
    at = text.index("\n", item.end) + 1
    indent = indent_at(text, line_start(text, item.start))
    return Splice(at, at, "".join(f"{indent}{r},\n" for r in rendered))


def sort_key(value: Any) -> str:  # noqa: ANN401
    return str(value).lower()


SORTED_EVIDENCE = 4  # items in order before a list counts as kept sorted, not sorted by chance ("E", "F", "W")


def sorted_strings(values: list[Any]) -> bool:
    """Whether a list holds enough strings, all in sorted order (as sorters order them, case aside), to be one its
    maintainers keep sorted."""
    return (
        len(values) >= SORTED_EVIDENCE
        and all(isinstance(v, str) for v in values)
        and all(sort_key(a) <= sort_key(b) for a, b in zip(values, values[1:], strict=False))
    )


def inline_insert(text: str, value: Value, item: str) -> Splice:
    if value.entries:
        end = value.entries[-1].value.end
        return Splice(end, end, f", {item}")
    return Splice(value.start, value.end, f"{{ {item} }}")
