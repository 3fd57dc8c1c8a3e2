"""A Makefile read as GNU make reads it, line by line: rules with their recipes, `.PHONY`, assignments, includes,
conditionals and `define` blocks, each with the physical lines it spans.

No variable is expanded and nothing is evaluated (`make -n` itself runs `$(shell ...)`, so make is never run on a
repository's Makefile): conditionals are read with both branches, and a rule inside one is a rule. What make's own
reader decides is followed where it changes what a line is (GNU make 4.3, checked against it in the tests):
- a backslash before the newline continues any line, a comment too (an odd number of backslashes; an even number
  is an escaped backslash);
- a line starting with the recipe prefix (a tab) after a rule header is a recipe line, whatever it looks like, and
  so are lines continued from one; blank lines, comment lines and conditional directives keep the rule's recipe
  going; any other line ends it;
- `target: VAR = value` is a target-specific assignment and starts no recipe;
- in a non-recipe line, an unescaped `#` starts a comment; `$(...)` and `${...}` hold colons and equals signs that
  neither make a rule nor an assignment (`$(SRC:.c=.o)`).

What make rejects in its reading is a `ParseError` at the line: an unterminated `define` or conditional, an `else`
or `endif` with no conditional open. Anything else is kept as a statement: this reader never invents a meaning.
`targets` is the view the CI scan follows into (`make lint`); the line editor (`makefile_doc.py`) builds on `read`.
"""

from __future__ import annotations

import functools
import re

from msgspec import Struct, field
from msgspec.structs import replace

from ..model import ParseError
from .make_expand import expand, variables

_CONDITIONAL = re.compile(r"(?:ifeq|ifneq)(?=[\s(]|$)|(?:ifdef|ifndef)(?=\s)")
_DEFINE = re.compile(r"(?:(?:override|export|private)\s+)*define(?=\s|$)")
_INCLUDE = re.compile(r"(?P<kind>-include|sinclude|include)(?=\s|$)(?P<paths>.*)")
_DEFINE_NAME = re.compile(r"(?:(?:override|export|private)\s+)*define\s+(?P<name>[^\s:#=?+!]+)")
_NOT_RULES = {"vpath", "undefine", "unexport", "load", "-load"}  # directives whose colons make no rule
_MODIFIERS = {"export", "override", "private"}
_TARGET_ASSIGNMENT = re.compile(r"\s*(?:(?:export|override|private|unexport)\s+)*[^\s:#=]+\s*(?:::?:?=|[?+!]?=)")
_VARIABLE = re.compile(r"(?:(?:export|override|private)\s+)*(?P<name>[^\s:#=]+)\s*(?P<op>:::=|::=|:=|\?=|\+=|!=|=)")
SPECIAL = re.compile(r"\.[A-Z_]+")  # .PHONY, .DEFAULT_GOAL, .SUFFIXES, .ONESHELL...


class Line(Struct, frozen=True):
    """A logical line: physical lines `start` to `end` (0-based, end exclusive), joined where backslashes continue."""

    start: int
    end: int
    text: str  # as written, physical lines joined with "\n" (backslashes kept)


class Rule(Struct, frozen=True):
    """A rule: its header, and the recipe lines that follow it (as written, with their tabs)."""

    targets: tuple[str, ...]
    prerequisites: tuple[str, ...]  # normal and order-only, as written
    inline: str  # a recipe after `;` on the header line
    recipe: tuple[Line, ...]
    header: Line
    comment: str  # the comment after the header (`## Run the tests`), "" when none
    double_colon: bool
    depth: int  # conditionals open around it (0: none)

    @property
    def end(self) -> int:
        """The physical line after the rule's last line (its header's, or its last recipe line's)."""
        return self.recipe[-1].end if self.recipe else self.header.end


class Phony(Struct, frozen=True):
    """A `.PHONY:` declaration: the names it lists, as written (variables unexpanded)."""

    names: tuple[str, ...]
    line: Line
    comment: str
    depth: int


class Assignment(Struct, frozen=True):
    name: str
    op: str  # =, :=, ::=, :::=, ?=, +=, !=
    value: str
    line: Line
    depth: int


class Include(Struct, frozen=True):
    optional: bool  # `-include`, `sinclude`
    paths: tuple[str, ...]
    line: Line


class Parsed(Struct, frozen=True, dict=True):
    """A Makefile as read: its physical lines and what they hold, in file order."""

    lines: tuple[str, ...]  # physical lines, without their "\n" (a CR of a CRLF line is kept)
    rules: tuple[Rule, ...] = ()
    phony: tuple[Phony, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    includes: tuple[Include, ...] = ()
    statements: tuple[Line, ...] = ()  # every other directive or line (conditionals, define blocks, export, ...)
    target_lines: tuple[tuple[tuple[str, ...], Line], ...] = ()  # `target: VAR = value` lines and the targets named
    comments: tuple[Line, ...] = ()  # comment lines (not comments after a header: those are the rule's)
    exports_all: bool = False  # a bare `export` (or `.EXPORT_ALL_VARIABLES:`)
    recipe_prefix: bool = False  # `.RECIPEPREFIX` is set somewhere: recipes may not start with a tab
    defined: frozenset[str] = field(default_factory=frozenset)  # every target a rule names

    def rules_of(self, target: str) -> tuple[Rule, ...]:
        return self._by_target.get(target, ())

    @functools.cached_property
    def _by_target(self) -> dict[str, tuple[Rule, ...]]:
        found: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for name in dict.fromkeys(rule.targets):
                found.setdefault(name, []).append(rule)
        return {name: tuple(rules) for name, rules in found.items()}

    @functools.cached_property
    def phony_names(self) -> frozenset[str]:
        return frozenset(n for p in self.phony for n in p.names)

    @property
    def goal(self) -> str | None:
        """The default goal: `.DEFAULT_GOAL`'s literal value, else the first target of the first rule that is not
        special (a name starting with `.` without a `/`) and not a pattern."""
        for a in self.assignments:
            if a.name == ".DEFAULT_GOAL" and "$" not in a.value and a.value.split():
                return a.value.split()[0]
        for rule in self.rules:
            for name in rule.targets:
                if "%" not in name and (not name.startswith(".") or "/" in name):
                    return name
        return None


def read(text: str) -> Parsed:
    """The Makefile `text` as make reads it (ParseError for what make itself would reject while reading)."""
    return _Reader(text).run()


def physical_lines(text: str) -> list[str]:
    """Lines end at LF only (make's reading, and the numbering every editor here uses): `str.splitlines` would also
    end them at a form feed or a lone CR and number every rule after one wrongly."""
    return text.removesuffix("\n").split("\n") if text else []


def continues(line: str) -> bool:
    """Whether a physical line ends in an odd number of backslashes (a CR of a CRLF line aside)."""
    body = line.removesuffix("\r")
    return (len(body) - len(body.rstrip("\\"))) % 2 == 1


def split_comment(text: str) -> tuple[str, str]:
    """A non-recipe line's code and its comment (from the first unescaped `#`, "" when none)."""
    if "#" not in text:
        return text, ""
    if "\\" not in text:
        i = text.index("#")
        return text[:i], text[i:]
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "#":
            return text[:i], text[i:]
        i += 1
    return text, ""


def top_level(text: str, chars: str) -> int:
    """The index of the first of `chars` outside `$(...)` and `${...}`, or -1."""
    if "$" not in text:
        return min((i for i in map(text.find, chars) if i >= 0), default=-1)
    depth, i = 0, 0
    while i < len(text):
        c = text[i]
        if c == "$" and i + 1 < len(text) and text[i + 1] in "({":
            depth, i = depth + 1, i + 2
            continue
        if c in ")}" and depth:
            depth -= 1
        elif c in chars and not depth:
            return i
        i += 1
    return -1


def joined(line: Line) -> str:
    """A logical line as one line: each backslash-newline (and the whitespace around it) becomes one space."""
    return re.sub(r"[ \t]*\\\r?\n[ \t]*", " ", line.text).removesuffix("\r")


class _Reader:
    def __init__(self, text: str) -> None:
        self.lines = physical_lines(text)
        self.rules: list[Rule] = []
        self.phony: list[Phony] = []
        self.assignments: list[Assignment] = []
        self.includes: list[Include] = []
        self.statements: list[Line] = []
        self.target_lines: list[tuple[tuple[str, ...], Line]] = []
        self.comments: list[Line] = []
        self.exports_all = False
        self.recipe_prefix = False
        self.open: list[int] = []  # the lines of the conditionals open

    def run(self) -> Parsed:
        rule: Rule | None = None  # the rule whose recipe may follow
        recipe: list[Line] = []
        i = 0
        while i < len(self.lines):
            line = self._logical(i)
            i = line.end
            raw = line.text
            if rule is not None and raw.startswith("\t"):
                recipe.append(line)
                continue
            code, comment = split_comment(raw)
            stripped = code.strip()
            if not stripped:  # a blank or comment line keeps a recipe going
                if comment:
                    self.comments.append(line)
                continue
            first = stripped.split(None, 1)[0]
            if _CONDITIONAL.match(stripped) or first in ("else", "endif"):
                self._conditional(line, first)
                continue
            if rule is not None:
                self._close(rule, recipe)
                rule, recipe = None, []
            if _DEFINE.match(stripped):
                i = self._define(line)
                continue
            rule = self._statement(line, comment)
        if rule is not None:
            self._close(rule, recipe)
        if self.open:
            raise ParseError("a conditional is never closed: make stops with missing 'endif'", self.open[-1] + 1, 1)
        defined = frozenset(t for r in self.rules for t in r.targets)
        return Parsed(
            tuple(self.lines), tuple(self.rules), tuple(self.phony), tuple(self.assignments), tuple(self.includes),
            tuple(self.statements), tuple(self.target_lines), tuple(self.comments), self.exports_all,
            self.recipe_prefix, defined,
        )  # fmt: skip

    def _logical(self, i: int) -> Line:
        end = i
        while end < len(self.lines) - 1 and continues(self.lines[end]):
            end += 1
        return Line(i, end + 1, "\n".join(self.lines[i : end + 1]))

    def _conditional(self, line: Line, first: str) -> None:
        self.statements.append(line)
        if first == "endif":
            if not self.open:
                raise ParseError("`endif` with no conditional open (make: extraneous 'endif')", line.start + 1, 1)
            self.open.pop()
        elif first == "else":
            if not self.open:
                raise ParseError("`else` with no conditional open (make: extraneous 'else')", line.start + 1, 1)
        else:
            self.open.append(line.start)

    def _define(self, line: Line) -> int:
        """A `define` block up to its `endef` (nested ones counted): one statement."""
        depth, j = 1, line.end
        while j < len(self.lines):
            word = self.lines[j].strip().split(None, 1)[0] if self.lines[j].strip() else ""
            if _DEFINE.match(self.lines[j].strip()):
                depth += 1
            elif word == "endef":
                depth -= 1
                if not depth:
                    block = Line(line.start, j + 1, "\n".join(self.lines[line.start : j + 1]))
                    self.statements.append(block)
                    name = _DEFINE_NAME.match(line.text.strip())
                    if name:
                        self.assignments.append(Assignment(name.group("name"), "define", "", block, len(self.open)))
                    return j + 1
            j += 1
        raise ParseError("a `define` is never closed: make stops with missing 'endef'", line.start + 1, 1)

    def _statement(self, line: Line, comment: str) -> Rule | None:
        """Records a non-recipe line; returns the rule it opens, if it is a rule header."""
        flat = joined(Line(line.start, line.end, split_comment(line.text)[0])).strip()
        if not flat:  # a lone backslash continued into a comment
            self.statements.append(line)
            return None
        include = _INCLUDE.fullmatch(flat)
        if include:
            optional = include.group("kind") != "include"
            self.includes.append(Include(optional, tuple(include.group("paths").split()), line))
            self.statements.append(line)
            return None
        first = flat.split(None, 1)[0]
        split = top_level(flat, ":=")
        rule = split >= 0 and flat[split] == ":" and not re.match(r":{1,3}=", flat[split:])
        if rule and first not in _NOT_RULES and first not in _MODIFIERS:
            return self._rule(line, flat, split, comment)
        variable = _VARIABLE.match(flat) if split >= 0 and first not in _NOT_RULES else None
        if variable:
            value = flat[variable.end() :].strip()
            name, op = variable.group("name"), variable.group("op")
            self.assignments.append(Assignment(name, op, value, line, len(self.open)))
            if name == ".RECIPEPREFIX":
                self.recipe_prefix = True
        elif flat == "export":
            self.exports_all = True
        self.statements.append(line)
        return None

    def _rule(self, line: Line, flat: str, split: int, comment: str) -> Rule | None:
        names = tuple(flat[:split].split())
        rest = flat[split + 1 :]
        double = rest.startswith(":")
        rest = rest[1:] if double else rest
        if names and names[-1] == "&":  # grouped targets: `a b &: c`
            names = names[:-1]
        semicolon = top_level(rest, ";")
        prerequisites, inline = (rest[:semicolon], rest[semicolon + 1 :]) if semicolon >= 0 else (rest, "")
        if _TARGET_ASSIGNMENT.match(prerequisites):  # `target: VAR = value`: no rule, no recipe
            self.statements.append(line)
            self.target_lines.append((names, line))
            return None
        static = top_level(prerequisites, ":")  # `$(OBJS): %.o: %.c`
        if static >= 0:
            prerequisites = prerequisites[static + 1 :]
        words = tuple(w for w in prerequisites.split() if w != "|")
        if names == (".PHONY",):
            self.phony.append(Phony(words, line, comment, len(self.open)))
            return None
        if names == (".EXPORT_ALL_VARIABLES",):
            self.exports_all = True
        return Rule(names, words, inline.strip(), (), line, comment, double, len(self.open))

    def _close(self, rule: Rule, recipe: list[Line]) -> None:
        self.rules.append(replace(rule, recipe=tuple(recipe)))


# -- the view the CI scan follows -------------------------------------------------------------------------------------


class MakeRule(Struct, frozen=True):
    name: str
    prerequisites: tuple[str, ...]
    recipe: tuple[str, ...]  # recipe lines without the leading tab, continuations joined
    line: int  # 1-based line of the rule's header


class Makefile(Struct, frozen=True):
    rules: dict[str, MakeRule] = field(default_factory=dict)
    first: str | None = None  # the default goal
    phony: frozenset[str] = frozenset()


def targets(text: str) -> Makefile:
    """The rules of a Makefile; a target named in several rules gathers their prerequisites and recipes. A Makefile
    make would not read has no rules (the CI scan follows nothing into it)."""
    try:
        parsed = read(text)
    except ParseError:
        return Makefile()
    gathered: dict[str, tuple[list[str], list[str], int]] = {}
    values = variables(parsed)
    for rule in parsed.rules:
        lines = [rule.inline] if rule.inline else []
        lines += [expand(recipe_text(line), values) for line in rule.recipe]
        for name in rule.targets:
            if "%" in name:
                continue
            entry = gathered.setdefault(name, ([], [], rule.header.start + 1))
            entry[0].extend(rule.prerequisites)
            entry[1].extend(lines)
    made = {name: MakeRule(name, tuple(p), tuple(r), n) for name, (p, r, n) in gathered.items()}
    return Makefile(made, parsed.goal, parsed.phony_names)


def recipe_text(line: Line) -> str:
    """A recipe line as the shell gets it, near enough to read its commands: the leading tab off, continuations
    joined, the CR of a CRLF line dropped."""
    return joined(line).removeprefix("\t").strip(" \t")
