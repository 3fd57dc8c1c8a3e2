"""Format-preserving TOML edits: leaf sets, array appends, new keys and tables, moves, all checked by meaning.

Every operation splices text, re-parses the result with tomllib and compares it with the data the operation
intended; an edit that would mean anything else (tomlkit #556's moved key, an invalid super-table) is refused
and the caller reports it for a human instead. Line endings are the driver's concern (it hands us LF text).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from ..model import ParseError
from . import toml_scan
from .document import Editor, KeyComments
from .splice import Splice, apply, comments_above, indent_at, insert_lines, line_end
from .toml_comments import comment_block, comment_lines, inline_comments
from .toml_render import (
    append_block,
    append_items,
    head_section_end,
    inline_insert,
    insert_after,
    insert_before,
    key_text,
    render,
    render_block,
    sort_key,
    sorted_strings,
)
from .toml_scan import Entry, Section, Value

Path = tuple[str, ...]
_MISSING = object()


class TomlDocument(Editor):
    """A TOML text being edited; `text` is always valid TOML meaning exactly what the accepted edits intended."""

    data: dict[str, Any]

    def _parse(self, text: str) -> dict[str, Any]:
        return toml_scan.load(text)  # raises ParseError with line and column

    def _index(self) -> None:
        self.sections = toml_scan.scan(self.text)

    def _reset(self, text: str) -> None:
        """Point the locator at another text without accepting it (to compute candidates after a removal)."""
        self.text = text
        self._index()

    # -- reading --------------------------------------------------------------------------------------------------

    def get(self, path: Path, default: Any = None) -> Any:  # noqa: ANN401 - TOML values are dynamic
        node: Any = self.data
        for part in path:
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def entry(self, path: Path) -> Entry | None:
        """The `key = value` that defines `path`, in a section or inside an inline table."""
        for section in self.sections:
            if section.array or section.path != path[: len(section.path)]:
                continue
            found = _find(section.entries, section.path, path)
            if found:
                return found
        return None

    def line_of(self, path: Path) -> int | None:
        """1-based line of the key that defines `path`, or of its table header."""
        entry = self.entry(path)
        if entry:
            return self.origins.original(self.text.count("\n", 0, entry.key_start) + 1)
        for section in self.sections:
            if section.path == path and section.header_start >= 0:
                return self.origins.original(self.text.count("\n", 0, section.header_start) + 1)
        return None

    def value_text(self, path: Path) -> str | None:
        entry = self.entry(path)
        return self.text[entry.value.start : entry.value.end] if entry else None

    def comments(self, path: Path) -> KeyComments:
        """The comments a human left about `path`: around it, the comment lines directly above its key, a comment
        on its key's line and the comment lines directly below it; inside it, those between its array's items. For
        a key that is absent, the comment lines of the table that would hold it count as inside (a commented-out
        `# key = ...` among them)."""
        text, entry = self.text, self.entry(path)
        if entry is not None and entry.line_start >= 0:
            above = text[comments_above(text, entry.line_start) : entry.line_start]
            below = comment_block(text, entry.line_end)
            first_line = line_end(text, entry.key_start)
            on_line = [c for at, c in inline_comments(text, entry) if at < first_line]
            inside = [c for at, c in inline_comments(text, entry) if at >= first_line]
            near = comment_lines(above) + on_line
            return KeyComments(tuple(near + comment_lines(below)), tuple(inside), tuple(near))
        holder = self._deepest_table(path[:-1]) if path else None
        if holder is None:
            return KeyComments()
        start = comments_above(text, holder.header_start) if holder.header_start >= 0 else 0
        return KeyComments(inside=tuple(comment_lines(text[start : holder.end])))

    def has_header(self, path: Path) -> bool:
        return any(s.path == path and s.header_start >= 0 and not s.array for s in self.sections)

    # -- editing: each returns whether the edit was made ----------------------------------------------------------

    def set(self, path: Path, value: Any) -> bool:  # noqa: ANN401
        """Set a key to a scalar or a list: its value is replaced in place, or the key is added where it belongs."""
        return self.set_raw(path, render(value, self._quote()), value)

    def set_raw(self, path: Path, value_text: str, value: Any) -> bool:  # noqa: ANN401
        expected = _with(self.data, path, value)
        if expected is None:
            return False
        entry = self.entry(path)
        if entry is not None:
            return self.accept(expected, [apply(self.text, [Splice(entry.value.start, entry.value.end, value_text)])])
        return self.accept(expected, self._add_candidates(path, value_text))

    def extend(self, path: Path, items: list[Any]) -> bool:
        """Add items to an array, in its own layout (one per line or inline, trailing comma or not): where its
        strings are sorted, each where it sorts (a sorter hook such as pyprojectsort would reject an item appended
        after them); where labelled sections follow an unlabelled head (`# docs` over the last items), at the end of
        the head; else at the end."""
        current = self.get(path)
        if current is None:
            return self.set_raw(path, render_block(items, self._quote()), items)
        entry = self.entry(path)
        if entry is None or entry.value.kind != "array" or not isinstance(current, list):
            return False
        if sorted_strings(current):
            return all(self._insert_sorted(path, item) for item in items)
        rendered = [render(i, self._quote(entry.value)) for i in items]
        head = head_section_end(self.text, entry.value)
        if head is not None:
            splices = [insert_after(self.text, entry.value, head - 1, rendered)]
            expected = _with(self.data, path, [*current[:head], *items, *current[head:]])
            return expected is not None and self.accept(expected, [apply(self.text, splices)])
        splices = append_items(self.text, entry.value, rendered)
        expected = _with(self.data, path, current + list(items))
        return expected is not None and self.accept(expected, [apply(self.text, splices)])

    def _insert_sorted(self, path: Path, item: Any) -> bool:  # noqa: ANN401
        current, entry = self.get(path), self.entry(path)
        if not isinstance(current, list) or entry is None or not isinstance(item, str):
            return False
        index = next((i for i, v in enumerate(current) if sort_key(v) > sort_key(item)), len(current))
        rendered = render(item, self._quote(entry.value))
        if index == len(current):
            splices = append_items(self.text, entry.value, [rendered])
        else:
            splices = [insert_before(self.text, entry.value, index, rendered)]
        expected = _with(self.data, path, [*current[:index], item, *current[index:]])
        return expected is not None and self.accept(expected, [apply(self.text, splices)])

    def move(self, old: Path, new: Path) -> bool:
        """Move a key (with the comment lines just above it) to another table; renamed in place where it can."""
        entry = self.entry(old)
        section = self._section_of(old)
        if entry is None or section is None or entry.line_start < 0 or self.get(new, _MISSING) is not _MISSING:
            return False
        expected = _with(_without(self.data, old), new, self.get(old))
        if expected is None:
            return False
        candidates: list[str] = []
        if new[: len(section.path)] == section.path and self.get(new[:-1], _MISSING) is _MISSING:
            rel = key_text(new[len(section.path) :])
            candidates.append(apply(self.text, [Splice(entry.key_start, entry.key_end, rel)]))
        value_text = self.text[entry.value.start : entry.value.end]
        block_start = comments_above(self.text, entry.line_start)
        removed = apply(self.text, [Splice(block_start, entry.line_end, "")])
        moved_comments = self.text[block_start : entry.line_start]
        for candidate in self._candidates_after_removal(removed, new, value_text):
            candidates.append(_with_comments(candidate, moved_comments, new))
        return self.accept(expected, candidates)

    def rename_table(self, old: Path, new: Path) -> bool:
        """Rename a `[table]` header and its sub-tables (ruff's `[tool.ruff.isort]` to `[tool.ruff.lint.isort]`)."""
        if self.get(new, _MISSING) is not _MISSING:
            return False
        splices = [
            Splice(*s.key_span, key_text(new + s.path[len(old) :]))
            for s in self.sections
            if s.header_start >= 0 and s.path[: len(old)] == old
        ]
        if not splices:
            return False
        expected = _with(_without(self.data, old), new, self.get(old))
        return expected is not None and self.accept(expected, [apply(self.text, splices)])

    def add(self, path: Path, key: str, value: Any) -> bool:  # noqa: ANN401
        """Add `key = value` to the table at `path`; False when the key is there already."""
        return self.get((*path, key), _MISSING) is _MISSING and self.set((*path, key), value)

    # -- internals ------------------------------------------------------------------------------------------------

    def _deepest_table(self, path: Path) -> Section | None:
        tables = [s for s in self.sections if not s.array and s.path == path[: len(s.path)]]
        return max(tables, key=lambda s: len(s.path)) if tables else None

    def _section_of(self, path: Path) -> Section | None:
        for section in self.sections:
            if (
                not section.array
                and section.path == path[: len(section.path)]
                and _find(section.entries, section.path, path)
            ):
                return section
        return None

    def _candidates_after_removal(self, text: str, path: Path, value_text: str) -> Iterator[str]:
        saved = self.text
        self._reset(text)
        try:
            yield from list(self._add_candidates(path, value_text))
        finally:
            self._reset(saved)

    def _add_candidates(self, path: Path, value_text: str) -> Iterator[str]:
        """Texts that add `path = value`, best first: into an inline table, as a dotted key next to its siblings,
        as a new `[table]`, as a dotted key anywhere in the deepest existing table."""
        text, table = self.text, path[:-1]
        for section in self.sections:
            if section.array or section.path != path[: len(section.path)]:
                continue
            inline = _inline_holder(section.entries, section.path, path)
            if inline:
                entry, rel = inline
                yield apply(text, [inline_insert(text, entry.value, f"{key_text(rel)} = {value_text}")])
                return
        host = max(
            (s for s in self.sections if not s.array and s.path == table[: len(s.path)]),
            key=lambda s: len(s.path),
        )
        rel = path[len(host.path) :]
        sibling = _best_anchor(host, rel)
        # dotted next to a key of the same table (`lint.select` beside `lint.ignore`), or anywhere in a file written
        # in dotted style throughout (T14); otherwise a table of its own, as the blueprint lays it out
        dotted_style = host.header_start < 0 and not any(s.header_start >= 0 for s in self.sections)
        if len(rel) == 1 or (sibling is not None and (_common(sibling.key, rel) == len(rel) - 1 or dotted_style)):
            yield self._dotted_insert(host, rel, value_text, sibling)
        yield self._new_table(table, f"{key_text(path[-1:])} = {value_text}\n")
        yield self._dotted_insert(host, rel, value_text, None)

    def _dotted_insert(self, host: Section, rel: Path, value_text: str, anchor: Entry | None) -> str:
        text = self.text
        if anchor is None and host.entries:
            anchor = host.entries[-1]
        if anchor is not None:
            offset, indent = anchor.line_end, indent_at(text, anchor.line_start)
        elif host.header_start >= 0:
            offset, indent = host.header_end, indent_at(text, host.header_start)
        else:  # an empty root: above the first table's label comments, below any file header comment
            headed = [s for s in self.sections if s.header_start >= 0]
            offset, indent = (comments_above(text, headed[0].header_start) if headed else len(text)), ""
            if headed:
                return apply(text, [Splice(offset, offset, f"{key_text(rel)} = {value_text}\n\n")])
        return apply(text, [insert_lines(text, offset, f"{indent}{key_text(rel)} = {value_text}\n")])

    def _new_table(self, table: Path, body: str) -> str:
        text, header = self.text, f"[{key_text(table)}]\n{body}"
        headed = [s for s in self.sections if s.header_start >= 0]
        children = [s for s in headed if s.path[: len(table)] == table]
        if children:
            at = comments_above(text, children[0].header_start)
            return apply(text, [Splice(at, at, header + "\n")])
        best = max((_common(s.path, table) for s in headed), default=0)
        if best:
            peers = [s for s in headed if _common(s.path, table) == best]
            # a tool's table among sibling tool tables kept in name order ([tool.pytest] before [tool.ruff]) goes to
            # its place in that order: then which other tables a run added before it (one run or two) never moves it
            names = list(dict.fromkeys(s.path[best] for s in peers if len(s.path) > best))
            ordered = table[0] == "tool" and len(table) > best and names == sorted(names)
            later = [n for n in names if n > table[best]] if ordered else []
            if later:
                first = next(s for s in peers if len(s.path) > best and s.path[best] == later[0])
                at = comments_above(text, first.header_start)
                return apply(text, [Splice(at, at, header + "\n")])
            return apply(text, [insert_lines(text, peers[-1].content_end, "\n" + header)])
        return append_block(text, header)

    def _quote(self, within: Value | None = None) -> str:
        """The quote style to write strings in: what the surrounding array uses, else double."""
        for item in within.items if within else ():
            if item.kind == "string":
                return self.text[item.start]
        return '"'


def _find(entries: tuple[Entry, ...], base: Path, path: Path) -> Entry | None:
    for entry in entries:
        full = base + entry.key
        if full == path:
            return entry
        if full == path[: len(full)] and entry.value.kind == "table":
            found = _find(entry.value.entries, full, path)
            if found:
                return found
    return None


def _inline_holder(entries: tuple[Entry, ...], base: Path, path: Path) -> tuple[Entry, Path] | None:
    """The inline table that must receive `path`, and the key relative to it."""
    for entry in entries:
        full = base + entry.key
        if entry.value.kind == "table" and full == path[: len(full)] and len(full) < len(path):
            deeper = _inline_holder(entry.value.entries, full, path)
            return deeper or (entry, path[len(full) :])
    return None


def _best_anchor(host: Section, rel: Path) -> Entry | None:
    """The last statement of `host` sharing the longest dotted prefix with `rel` (at least one part)."""
    best, anchor = 0, None
    for entry in host.entries:
        n = _common(entry.key, rel[:-1]) if len(entry.key) > 1 else 0
        if n and n >= best:
            best, anchor = n, entry
    return anchor


def _with_comments(text: str, comments: str, path: Path) -> str:
    """Put the comment lines that labelled a moved key above it again, at its new place."""
    if not comments:
        return text
    try:
        doc = TomlDocument(text)
    except ParseError:
        return text  # an invalid candidate: refused by the caller's check
    entry = doc.entry(path)
    if entry is None or entry.line_start < 0:
        return text
    indent = indent_at(text, entry.line_start)
    block = "".join(indent + line.lstrip(" \t") + "\n" for line in comments.removesuffix("\n").split("\n"))
    return apply(text, [Splice(entry.line_start, entry.line_start, block)])


def _common(a: Path, b: Path) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _with(data: dict[str, Any], path: Path, value: Any) -> dict[str, Any] | None:  # noqa: ANN401
    """A copy of `data` with `value` at `path` (tables created where missing), or None where a value that is not a
    table stands in the way (`tool = "x"` and an edit of `tool.ruff`)."""
    result = copy.deepcopy(data)
    node = result
    for part in path[:-1]:
        node = node.setdefault(part, {})
        if not isinstance(node, dict):
            return None
    node[path[-1]] = copy.deepcopy(value)
    return result


def _without(data: dict[str, Any], path: Path) -> dict[str, Any]:
    result = copy.deepcopy(data)
    node = result
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]
    return result
