"""Dockerfiles: instructions located with dockerfile-parse after a pre-scan of what it cannot read, edits spliced
into the text, every edit verified by parsing the result again.

dockerfile-parse (the user's chosen parser) joins continuation lines, drops the comment lines inside them and honours
`# escape=`, but it has no heredocs (upstream #145: the body lines of `RUN <<EOF` come back as bogus instructions,
52 of them in one real file), it ends an instruction at a blank line inside a continuation (BuildKit skips such a
line), and it stops looking for `# escape=` after a `# check=` directive. So the text is pre-scanned first, as
BuildKit reads it: the parser directives at the top (`# syntax=`, `# escape=`, `# check=`), each logical instruction
(continuations, with comment and blank lines inside), and after an instruction that opens heredocs (RUN, COPY and
ADD; `<<EOF`, `<<-EOF`, quoted names, several per line) their bodies up to each terminator. dockerfile-parse then
reads a masked copy in which heredoc bodies and blank continuation lines are comments and every directive but the
escape is a syntax line; what it finds is mapped back onto the real text, and the bodies are kept verbatim, opaque.

The data of a Dockerfile, for verification, is its instructions in order: the keyword, the words of the
arguments (whitespace is not meaning) and the heredoc bodies. An edit states which instructions it adds, removes
or changes; its candidate text is accepted only if it parses to exactly that (no instruction swallowed by a
continuation, none split, no heredoc body disturbed).

dockerfile-parse is imported on the first parse, never at module level: a repository without Dockerfiles does not
load it. Its setters are never used (its `parent_images` setter rewrote `python:${PY}-slim` as a literal tag).
"""

from __future__ import annotations

import io
import re
from collections import Counter

from msgspec import Struct, field

from ..model import ParseError
from .document import Editor
from .splice import Splice, apply, comments_above, insert_lines, line_start

KEYWORDS = frozenset(
    {"ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER",
     "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR"}
)  # fmt: skip
_HEREDOC_KEYWORDS = ("RUN", "COPY", "ADD")  # BuildKit's heredocDirectives
_DIRECTIVE = re.compile(r"#[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*")
_KNOWN_DIRECTIVES = ("syntax", "escape", "check")
# A word that opens a heredoc, as BuildKit matches each shell word (`^(\d*)<<(-?)([^<]*)$`), quotes taken off.
_HEREDOC = re.compile(r"""(?:(?<=\s)|^)\d*<<(-?)(["']?)([^\s<"']+)\2(?=\s|$)""")
Entry = tuple[str, tuple[str, ...], tuple[str, ...]]


class Instruction(Struct, frozen=True):
    """One instruction: `keyword` upper-cased, `value` its arguments as dockerfile-parse joins them (continuation
    lines joined, comment lines left out, heredoc bodies not included), `start` the offset of its keyword, `end` the
    offset past its last line (heredoc bodies and terminators included), `line` the 1-based line of its keyword."""

    keyword: str
    value: str
    start: int
    end: int
    line: int
    heredocs: tuple[str, ...] = ()
    head_end: int = 0  # the offset past its own lines, before any heredoc body

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.value.split())

    @property
    def entry(self) -> Entry:
        return self.keyword, self.words, self.heredocs


class _Scan(Struct):
    """What the pre-scan found: directives, the escape character, the masked text for dockerfile-parse, and the
    heredoc bodies of each instruction (by the 0-based line its logical line ends on)."""

    directives: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (value, 1-based line)
    escape: str = "\\"
    masked: list[str] = field(default_factory=list)
    bodies: dict[int, tuple[tuple[str, ...], int]] = field(default_factory=dict)  # last line -> (bodies, end line)


def parse(text: str) -> tuple[list[Instruction], dict[str, tuple[str, int]], str]:
    """The instructions of a Dockerfile, its parser directives and its escape character; ParseError when it is no
    Dockerfile (an unknown instruction, a heredoc without its terminator, no instruction at all)."""
    lines = text.split("\n")
    scan = _prescan(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    found: list[Instruction] = []
    for keyword, first, last, value in _structure("\n".join(scan.masked) + "\n"):
        if keyword == "COMMENT":
            continue
        raw_line = lines[first]
        column = len(raw_line) - len(raw_line.lstrip(" \t")) + 1
        if keyword not in KEYWORDS:
            raise ParseError(f"unknown instruction (a word of {len(keyword)} characters)", first + 1, column)
        last = min(last, len(lines) - 1)  # the blank line ending a continuation at the end of the file
        bodies, body_end = scan.bodies.get(last, ((), last))
        end = min(starts[body_end + 1], len(text))
        head_end = min(starts[last + 1], len(text))
        start = starts[first] + column - 1
        found.append(Instruction(keyword, value.replace("\0", ""), start, end, first + 1, bodies, head_end))
    if not found:
        raise ParseError("no instructions: not a Dockerfile", 1, 1)
    return found, scan.directives, scan.escape


def _structure(masked: str) -> list[tuple[str, int, int, str]]:
    """dockerfile-parse's instructions: (keyword, first line, last line, joined value), lines 0-based."""
    from dockerfile_parse import DockerfileParser

    parser = DockerfileParser(fileobj=io.StringIO(masked), env_replace=False)
    return [(i["instruction"], i["startline"], i["endline"], i["value"]) for i in parser.structure]


def _prescan(lines: list[str]) -> _Scan:
    scan = _Scan()
    index = _directives(lines, scan)
    masked = scan.masked
    logical: list[str] = []
    first = -1
    pending: list[tuple[str, bool]] = []  # heredocs still to read: (name, strip leading tabs)
    bodies: list[str] = []
    body: list[str] = []
    owner = -1
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if pending:  # a heredoc body: opaque, a comment to dockerfile-parse
            masked.append("#")
            name, tabs = pending[0]
            if (line.lstrip("\t") if tabs else line) == name:
                bodies.append("\n".join(body) + "\n" if body else "")
                body = []
                pending.pop(0)
                if not pending:
                    scan.bodies[owner] = (tuple(bodies), index)
                    bodies = []
            else:
                body.append(line)
            index += 1
            continue
        comment = stripped.startswith("#")
        if not stripped and logical:
            masked.append("#")  # BuildKit skips a blank line inside a continuation; dockerfile-parse would end there
        else:
            masked.append(_unescaped_end(line, scan.escape) if stripped and not comment else line)
        if not logical and stripped and not comment:
            logical, first = [line], index
        elif logical and stripped and not comment:
            logical.append(line)
        if logical and (index == first or (stripped and not comment)):
            if not _continues(line, scan.escape):
                pending = _heredocs(logical, scan.escape)
                owner, logical = index, []
        index += 1
    if pending:
        raise ParseError("a heredoc without its terminator line", first + 1, 1)
    if logical:  # a continuation at the end of the file: BuildKit ends the instruction there, dockerfile-parse drops it
        masked.append("")
    return scan


def _continues(line: str, escape: str) -> bool:
    """BuildKit's line continuation: the escape character at the end (spaces and tabs after it allowed), not itself
    escaped (`([^\\])\\[ \t]*$|^\\[ \t]*$`)."""
    stripped = line.rstrip(" \t")
    return stripped.endswith(escape) and (stripped == escape or stripped[-2] != escape)


def _unescaped_end(line: str, escape: str) -> str:
    """A line ending in an escaped escape character (`echo \\\\`) continues for dockerfile-parse, not for BuildKit:
    a NUL after it, taken out of the value again, stops dockerfile-parse."""
    return line + "\0" if line.rstrip().endswith(escape) and not _continues(line, escape) else line


def _directives(lines: list[str], scan: _Scan) -> int:
    """Read the parser directives at the top (BuildKit's DirectiveParser: it stops at the first line that is not one,
    a blank line or an unknown name included, and refuses a repeated one); in the masked text every directive but
    `escape` becomes a syntax line, so that dockerfile-parse, which stops at any other, still sees the escape."""
    index = 0
    while index < len(lines):
        match = _DIRECTIVE.fullmatch(lines[index])
        name = match.group(1).lower() if match else ""
        if not match or name not in _KNOWN_DIRECTIVES:
            break
        if name in scan.directives:
            raise ParseError(f"only one {name} parser directive can be used", index + 1, 1)
        scan.directives[name] = (match.group(2), index + 1)
        if name == "escape":
            if match.group(2) not in ("\\", "`"):
                raise ParseError("the escape directive must be a backslash or a backtick", index + 1, 1)
            scan.escape = match.group(2)
            scan.masked.append(lines[index])
        else:
            scan.masked.append("# syntax=x")
        index += 1
    return index


def _heredocs(logical: list[str], escape: str) -> list[tuple[str, bool]]:
    """The heredocs a complete instruction opens, in order: (terminator, whether `<<-` strips leading tabs)."""
    head = logical[0].split(None, 1)
    if not head or head[0].upper() not in _HEREDOC_KEYWORDS:
        return []
    joined = " ".join(line.rstrip().removesuffix(escape) for line in logical)
    if joined.split(None, 1)[1:2] and joined.split(None, 1)[1].lstrip().startswith("["):
        return []  # the JSON form reads no heredoc
    return [(m.group(3), m.group(1) == "-") for m in _HEREDOC.finditer(joined)]


class DockerfileDocument(Editor):
    """A Dockerfile being edited: `instructions` located in `text`, `data` their entries (keyword, words, heredoc
    bodies), `directives` the parser directives at the top."""

    data: tuple[Entry, ...]
    instructions: list[Instruction]

    def _parse(self, text: str) -> tuple[Entry, ...]:
        instructions, directives, escape = parse(text)
        self._parsed = (text, instructions, directives, escape)
        return tuple(i.entry for i in instructions)

    def _index(self) -> None:
        text, instructions, directives, escape = self._parsed
        if text is not self.text:
            instructions, directives, escape = parse(self.text)
        self.instructions, self.directives, self.escape = instructions, directives, escape

    # -- reading --------------------------------------------------------------------------------------------------

    def get(self, path: tuple[str | int, ...], default: object = None) -> object:
        """`(index,)`: the entry of that instruction."""
        if len(path) == 1 and isinstance(path[0], int) and 0 <= path[0] < len(self.data):
            return self.data[path[0]]
        return default

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """`(index,)`: the line, in the text as given, of that instruction's keyword; `()`: the first line."""
        if not path:
            return 1
        if len(path) == 1 and isinstance(path[0], int) and 0 <= path[0] < len(self.instructions):
            return self.line_at(self.instructions[path[0]].start)
        return None

    def raw(self, index: int) -> str:
        """The text of an instruction's own lines (comments inside them included, heredoc bodies not)."""
        item = self.instructions[index]
        return self.text[item.start : item.head_end]

    @property
    def lowercase(self) -> bool:
        """Whether the file writes its instructions in lower case (`from`, `run`): new ones follow."""
        words = [self.text[i.start : i.start + len(i.keyword)] for i in self.instructions]
        return sum(w.islower() for w in words) > len(words) / 2

    def keyword(self, name: str) -> str:
        return name.lower() if self.lowercase else name

    # -- editing: each returns whether the edit was made ----------------------------------------------------------

    def insert(self, index: int, lines: list[str], *, after: bool = False) -> bool:
        """New instructions (one line each, no continuation) before instruction `index` (above the comment lines
        that label it) or after it (past its heredoc bodies)."""
        if not lines or not 0 <= index < len(self.instructions):
            return False
        entries = [_only(line, self.escape) for line in lines]
        if any(e is None for e in entries):
            return False
        item = self.instructions[index]
        if after:
            at = item.end
        else:
            at = max(comments_above(self.text, line_start(self.text, item.start)), self._directives_end())
        block = "".join(f"{line}\n" for line in lines)
        position = index + 1 if after else index
        expected = [*self.data[:position], *(e for e in entries if e is not None), *self.data[position:]]
        return self.accept(tuple(expected), [apply(self.text, [insert_lines(self.text, at, block)])])

    def replace(self, index: int, lines: list[str]) -> bool:
        """Instruction `index` (a single instruction without heredocs) replaced by new one-line instructions."""
        item = self.instructions[index]
        entries = [_only(line, self.escape) for line in lines]
        if item.heredocs or any(e is None for e in entries):
            return False
        block = "".join(f"{line}\n" for line in lines)
        end = item.end
        if end == len(self.text) and not self.text.endswith("\n"):
            block = block.removesuffix("\n")  # a file without a final newline keeps none
        expected = [*self.data[:index], *(e for e in entries if e is not None), *self.data[index + 1 :]]
        return self.accept(tuple(expected), [apply(self.text, [Splice(line_start(self.text, item.start), end, block)])])

    def splice_words(self, index: int, start: int, end: int, new: str, *, added: str = "", removed: str = "") -> bool:
        """Replace `text[start:end]`, inside instruction `index`'s own lines, with `new`: accepted only if every
        other instruction stays as it was and this one's words change by exactly the words `added` and `removed`."""
        item = self.instructions[index]
        if not item.start <= start <= end <= item.head_end:
            return False
        fragment = self.text[item.start : start] + new + self.text[end : item.head_end]
        entry = _only(fragment, self.escape)
        if entry is None or entry[0] != item.keyword:
            return False
        words, old = Counter(entry[1]), Counter(item.words)
        if words - old != Counter(added.split()) or old - words != Counter(removed.split()):
            return False
        changed = (entry[0], entry[1], item.heredocs)
        expected = (*self.data[:index], changed, *self.data[index + 1 :])
        return self.accept(expected, [apply(self.text, [Splice(start, end, new)])])

    def rewrite(self, splices: list[Splice], expected: tuple[Entry, ...]) -> bool:
        """Splices a check located itself, accepted only if the result parses to exactly `expected` (an edit that
        touches two instructions at once: one removed from a RUN, a COPY added above it)."""
        return bool(splices) and self.accept(expected, [apply(self.text, splices)])

    def entry(self, fragment: str) -> Entry | None:
        """What a text holding exactly one instruction parses to, with this file's escape character (None: it
        holds anything else)."""
        return _only(fragment, self.escape)

    def _directives_end(self) -> int:
        """Where the first line after the parser directives starts: nothing is ever inserted above it."""
        last = max((line for _, line in self.directives.values()), default=0)
        offset = 0
        for _ in range(last):
            nl = self.text.find("\n", offset)
            offset = len(self.text) if nl < 0 else nl + 1
        return offset


def _only(fragment: str, escape: str) -> Entry | None:
    """The entry of a text that must hold exactly one instruction (new lines, an edited instruction), read with the
    file's escape character; None when it holds anything else."""
    prefix = f"# escape={escape}\n" if escape != "\\" else ""
    try:
        found, _, _ = parse(prefix + fragment)
    except ParseError:
        return None
    return found[0].entry if len(found) == 1 and not found[0].heredocs else None


__all__ = ["KEYWORDS", "DockerfileDocument", "Instruction", "parse"]
