"""A Makefile read as make reads its rules: targets, prerequisites, recipe lines, the default goal, `.PHONY`.

Plain reading, no variable expansion: what the CI scan needs to follow `make check` into its recipes, and what the
Makefile rules to come will edit around. Lines keep their numbers, so an edit can be located.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_RULE = re.compile(r"^(?P<targets>[^:=#\t][^:=#]*?)\s*(?P<colons>::?)(?!=)\s*(?P<rest>.*)$")
_ASSIGNMENT = re.compile(r"^\s*(?:export\s+|override\s+)?[A-Za-z0-9_.-]+\s*(?::{1,3}=|\?=|\+=|!=|=)")
_DIRECTIVE = re.compile(r"^\s*-?(?:include|sinclude|ifeq|ifneq|ifdef|ifndef|else|endif|export|unexport|vpath)\b")


@dataclass(frozen=True)
class MakeRule:
    name: str
    prerequisites: tuple[str, ...]
    recipe: tuple[str, ...]  # recipe lines without the leading tab, continuations joined
    line: int  # 1-based line of the rule's header


@dataclass(frozen=True)
class Makefile:
    rules: dict[str, MakeRule] = field(default_factory=dict)
    first: str | None = None  # the default goal
    phony: frozenset[str] = frozenset()


def targets(text: str) -> Makefile:
    """The rules of a Makefile; a target named in several rules gathers their prerequisites and recipes."""
    rules: dict[str, tuple[list[str], list[str], int]] = {}
    current: list[str] = []
    first: str | None = None
    goal: str | None = None
    phony: set[str] = set()
    in_define = False
    for number, line in _logical_lines(text):
        if in_define:
            in_define = not line.strip().startswith("endef")
            continue
        if line.startswith("\t"):
            for name in current:
                rules[name][1].append(line[1:])
            continue
        stripped = line.split("#", 1)[0].rstrip()
        if not stripped.strip():
            continue
        if stripped.lstrip().startswith("define "):
            in_define, current = True, []
            continue
        if goal is None and (match := re.match(r"^\.DEFAULT_GOAL\s*:?=\s*(\S+)", stripped)):
            goal = match.group(1)
        if _ASSIGNMENT.match(stripped) or _DIRECTIVE.match(stripped):
            current = []
            continue
        match = _RULE.match(stripped)
        if not match:
            current = []
            continue
        names = match.group("targets").split()
        rest, _, inline = match.group("rest").partition(";")
        if names == [".PHONY"]:
            phony.update(rest.split())
            current = []
            continue
        current = [n for n in names if "%" not in n]
        for name in current:
            entry = rules.setdefault(name, ([], [], number))
            entry[0].extend(rest.split())
            if inline.strip():
                entry[1].append(inline.strip())
            if first is None and not name.startswith("."):
                first = name
    made = {name: MakeRule(name, tuple(p), tuple(r), n) for name, (p, r, n) in rules.items()}
    return Makefile(made, goal or first, frozenset(phony))


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) with backslash continuations joined onto the line they continue. Lines end at LF (make's
    reading, and the numbering every editor here uses): `str.splitlines` would also end them at a form feed or a
    lone CR and number every rule after one wrongly."""
    lines: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, line in enumerate(text.removesuffix("\n").split("\n"), start=1):
        raw = line.removesuffix("\r")  # a CRLF line of a file with mixed newlines
        if not pending:
            start = number
        if raw.endswith("\\"):
            pending += raw[:-1] + " "
            continue
        lines.append((start, pending + raw))
        pending = ""
    if pending:
        lines.append((start, pending))
    return lines
