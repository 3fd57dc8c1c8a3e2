"""MK001: every target that names no file is `.PHONY`; a `.PHONY` name no rule defines is reported.

A target is taken for a file (and left alone) when its name looks like one (a path, an extension, a variable, a
pattern), when make keeps it as a file (`.PRECIOUS`, `.SECONDARY`, `.INTERMEDIATE`), when its recipe makes it (`$@`,
`touch name`, `mkdir name`, `> name`, `python -m venv name`), when it is a well-known generated folder (`node_modules`,
`venv`), or when it has no recipe but a source-file prerequisite (built by one of make's implicit rules, which a phony
target never gets). The `FORCE:` idiom (a target with neither recipe nor prerequisites that other rules depend on, GNU
make manual 4.7) is the maintainers' deliberate way of forcing a rebuild, and is left as written. Everything else is a
command: declaring it phony changes nothing make does unless a file of its name appears, which is exactly when it should
keep running.
"""

from __future__ import annotations

import posixpath
import re

from ...edit.makefile import Parsed, Rule, joined
from ...edit.makefile_doc import MakefileDocument
from ...fixer import FileRun, check
from .analysis import included
from .rules import PHONY

Run = FileRun[MakefileDocument]

_FILE_LIKE = re.compile(r"[$%/]|^\.|\.[A-Za-z][A-Za-z0-9]*$")
_KEPT_AS_FILES = (".PRECIOUS", ".SECONDARY", ".INTERMEDIATE", ".NOTINTERMEDIATE")
_GENERATED = {"node_modules", "venv", "env", "virtualenv", "bower_components"}
_AUTOMATIC_TARGET = re.compile(r"\$(?:@|\([@][DF]?\)|\{[@][DF]?\})")
# words after which a name is what the command creates (`touch stamp`, `mkdir -p build`, `-o out`)
_CREATES = {"touch", "mkdir", ">", ">>", "-o", "--output", "-O", "venv", "virtualenv", "tee", "--output-file"}
_LAST_CREATES = {"cp", "mv", "ln", "install", "rsync", "clone"}


@check(PHONY)
def phony(run: Run) -> None:
    doc = run.doc
    parsed = doc.parsed
    more = included(run.ctx.snapshot, run.path, parsed)
    declared = parsed.phony_names | more.phony
    if any("$" in name for name in declared):
        return  # `.PHONY: $(TARGETS)`: which names it holds is not known without expanding it
    missing = [name for name in _commands(parsed) if name not in declared]
    if missing:
        shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
        run.report(PHONY, f"targets that name no file are not declared .PHONY: {shown}", at=("rule", missing[0]),
                   edit=lambda: doc.declare_phony(missing))  # fmt: skip
    if more.unread:
        return  # an included file infra-fix cannot read may define what `.PHONY` names
    for decl in parsed.phony:
        stale = [n for n in decl.names if n not in parsed.defined and n not in more.targets]
        if stale:
            run.report(PHONY, f"`.PHONY` names {', '.join(stale)}, which no rule defines (a renamed target?): "
                       "rename or remove it by hand", line=run.doc.origins.original(decl.line.start + 1))  # fmt: skip


def _commands(parsed: Parsed) -> list[str]:
    """The targets of this file that name no file, in file order."""
    kept = {p for r in parsed.rules if r.targets and r.targets[0] in _KEPT_AS_FILES for p in r.prerequisites}
    depended = {p for r in parsed.rules for p in r.prerequisites}
    found: dict[str, None] = {}
    for rule in parsed.rules:
        for name in rule.targets:
            if name in found or _FILE_LIKE.search(name) or name in kept or name in _GENERATED:
                continue
            rules = parsed.rules_of(name)
            if any(_makes(r, name) for r in rules) or _implicit(rules) or (name in depended and _empty(rules)):
                continue
            found[name] = None
    return list(found)


def _makes(rule: Rule, name: str) -> bool:
    """Whether the recipe writes a file or folder named `name` (it is a file target, maybe a stamp)."""
    for line in rule.recipe:
        text = joined(line)
        if _AUTOMATIC_TARGET.search(text):
            return True
        words = [w.strip("'\"").removeprefix("./").rstrip("/") for w in re.split(r"[\s;&|()]+", text)]
        for i, word in enumerate(words):
            if word != name:
                continue
            before = [w for w in words[:i] if not w.startswith("-") or w in _CREATES]
            if before and (before[-1] in _CREATES or posixpath.basename(before[-1]) in _CREATES):
                return True
            rest = words[i + 1 :]
            if not any(w and not w.startswith("-") for w in rest) and _LAST_CREATES & set(words[:i]):
                return True
    return False


def _empty(rules: tuple[Rule, ...]) -> bool:
    return not any(r.recipe or r.inline or r.prerequisites for r in rules)


def _implicit(rules: tuple[Rule, ...]) -> bool:
    """No recipe anywhere and a source-file prerequisite (`hello: hello.c`): one of make's implicit rules builds it,
    and make never looks for one for a phony target."""
    if any(r.recipe or r.inline for r in rules):
        return False
    return any(re.search(r"\.[A-Za-z][A-Za-z0-9]*$", p) for r in rules for p in r.prerequisites)
