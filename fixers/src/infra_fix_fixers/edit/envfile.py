"""Env files (`.env`, `example.env`), read as python-dotenv reads them, and appended to in their own style.

python-dotenv's parser is the reader: `load_dotenv` and pydantic-settings (which reads env files through it) are
how Python applications load these files, and `parse_stream` yields each binding with its original text and line,
so a file can be read and appended to without being rewritten. Docker Compose reads `.env` with nearly the same
rules (docs.docker.com/compose/environment-variables/variable-interpolation); the only lines infra-fix writes,
`KEY=value` with a plain value, mean the same to both. Nothing here ever reorders or rewrites a line (dotenv-linter's
`fix` moved keys out of their comment groups, its issue #749): an edit appends lines, and is verified as every
edit is (`Editor.accept`): the new text must read as the old bindings plus the new ones, so a value left open by an
unclosed quote can never swallow what is appended.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from msgspec import Struct

from ..model import ParseError
from .document import Editor

if TYPE_CHECKING:
    from dotenv.parser import Binding

Path = tuple[str | int, ...]
# `# KEY=value`, `#KEY=`: a variable documented but left unset (an example file's way to show an optional one)
_COMMENTED = re.compile(r"^[ \t]*#[ \t]*(?:export[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_.]*)[ \t]*=")


class Entry(Struct, frozen=True):
    """A line to append: `KEY=value`, or `# KEY=value` where `commented` (documented, left unset)."""

    key: str
    value: str
    commented: bool = False
    note: str = ""  # a comment at the end of the line (`pragma: allowlist secret`, what detect-secrets honours)


def bindings(text: str) -> list[Binding]:
    """Every binding python-dotenv reads (comments and blank lines are bindings without a key; a line it cannot read
    is one with `error` set, and reading goes on)."""
    from dotenv.parser import parse_stream

    return list(parse_stream(io.StringIO(text)))


class EnvFile(Editor):
    """An env file; `data` is its bindings as python-dotenv reads them, in order: (key, value), value None for a key
    without `=`. A line python-dotenv cannot read is a ParseError at that line (its text is never quoted)."""

    data: tuple[tuple[str, str | None], ...]

    def _parse(self, text: str) -> tuple[tuple[str, str | None], ...]:
        found = bindings(text)
        broken = next((b for b in found if b.error), None)
        if broken is not None:
            raise ParseError(
                "a line that is not KEY=value, a comment or blank (python-dotenv skips it)", broken.original.line, 1
            )
        return tuple((b.key, b.value) for b in found if b.key is not None)

    def _index(self) -> None:
        self._lines: dict[str, int] = {}
        self._export = self._quoted = False
        found = [b for b in bindings(self.text) if b.key is not None]
        for binding in found:
            self._lines.setdefault(binding.key or "", binding.original.line)
        if found:
            self._export = all(b.original.string.lstrip().startswith("export") for b in found)
            valued = [b for b in found if b.value]
            self._quoted = bool(valued) and all(re.search(r'=[ \t]*"', b.original.string) is not None for b in valued)

    def get(self, path: Path, default: object = None) -> object:
        values = dict(self.data)
        return values.get(str(path[0]), default) if path else default

    def line_of(self, path: Path) -> int | None:
        if not path:
            return 1
        line = self._lines.get(str(path[0]))
        return self.origins.original(line) if line is not None else None

    def documented(self) -> set[str]:
        """The names the file documents, upper-cased: its keys, and keys in `# KEY=value` comment lines."""
        names = {key.upper() for key, _ in self.data}
        names |= {m.group("key").upper() for line in self.text.split("\n") if (m := _COMMENTED.match(line))}
        return names

    def append(self, groups: Sequence[tuple[str | None, Sequence[Entry]]]) -> bool:
        """Appends each group (a `# heading` line, then its entries) at the end, after a blank line, in the file's
        style (`export ` prefixes, double quotes, where every binding has them)."""
        if not groups:
            return True
        text = self.text
        body = text if not text or text.endswith("\n") else text + "\n"
        if body.strip() and not body.endswith("\n\n"):
            body += "\n"
        candidate = body + _blocks(groups, export=self._export, quoted=self._quoted)
        added = tuple((e.key, e.value) for _, entries in groups for e in entries if not e.commented)
        return self.accept((*self.data, *added), [candidate])


def render(groups: Sequence[tuple[str | None, Sequence[Entry]]], header: Sequence[str] = ()) -> str:
    """A new env file: header comment lines, then the groups, a blank line between each."""
    head = "".join(f"# {line}\n" for line in header)
    return (head + "\n" if head else "") + _blocks(groups)


def _blocks(groups: Sequence[tuple[str | None, Sequence[Entry]]], *, export: bool = False, quoted: bool = False) -> str:
    blocks = []
    for heading, entries in groups:
        lines = [f"# {heading}"] if heading else []
        lines += [_line(entry, export=export, quoted=quoted) for entry in entries]
        blocks.append("".join(f"{line}\n" for line in lines))
    return "\n".join(blocks)


def _line(entry: Entry, *, export: bool, quoted: bool) -> str:
    value = f'"{entry.value}"' if quoted and entry.value else entry.value
    line = f"{'export ' if export else ''}{entry.key}={value}"
    if entry.commented:
        return f"# {line}"
    return f"{line}  # {entry.note}" if entry.note else line  # compose and python-dotenv: ` #` ends a plain value


__all__ = ["Entry", "EnvFile", "bindings", "render"]
