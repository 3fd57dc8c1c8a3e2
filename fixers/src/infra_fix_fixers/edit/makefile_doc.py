"""The Makefile line editor: `.PHONY` names and new rules added in the file's own idiom, never a recipe touched.

Its data is what make reads (`meaning`): every rule with its prerequisites and recipe lines byte for byte (tabs and
continuations included), the phony names, every other statement, the comments, the default goal. An edit only adds
lines, or names to a `.PHONY` line, and is accepted only if the text reads back as exactly the old meaning plus the
intended additions: a recipe byte changed, a rule moved into a conditional or a continuation swallowing a new line
would read differently and is refused. Formatters that rewrite Makefiles (mbake re-indents recipes and drops final
newlines) are the reason for this design: nothing here re-emits a line it did not write.

The idioms read from the file:
- `.PHONY`: one list (new names go at the end of the longest `.PHONY:` line), one `.PHONY: x` directly before each
  rule or directly after each recipe (a new one goes in the same place), or none yet (a list before the first rule);
- descriptions: `target: deps ## text` (the help idiom of most Makefiles), `.PHONY: x  # text`, or none;
- a blank line between rules or not, `@` before recipe lines or not, the file's newline (LF, or CRLF when a file with
  mixed newlines reaches the editor as it is).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from msgspec import Struct

from .document import Editor
from .makefile import Line, Parsed, Rule, continues, physical_lines, read

Path = tuple[str | int, ...]
_OPENS = re.compile(r"\s*(?:ifeq|ifneq|ifdef|ifndef|else)\b")


class NewRule(Struct, frozen=True):
    """A rule to add: `name: prerequisites` with its recipe lines (without the tab) and a description."""

    name: str
    prerequisites: tuple[str, ...] = ()
    recipe: tuple[str, ...] = ()  # logical lines; one continued by a backslash holds "\n" and its next lines' tabs
    description: str = ""


def meaning(parsed: Parsed) -> dict[str, Any]:
    """What make reads from the file, for the verify loop: rules (recipes byte for byte) and statements in order,
    phony names with the conditional depth they are declared at, comments counted. A CR ending a line of a file
    with mixed newlines is no part of it (edits never remove one: they only add lines and names)."""

    def cr(text: str) -> str:
        return text.replace("\r\n", "\n").removesuffix("\r")

    comments = [cr(c.text) for c in parsed.comments] + [cr(r.comment) for r in parsed.rules if r.comment]
    comments += [cr(p.comment) for p in parsed.phony if p.comment]
    return {
        "rules": tuple(
            (r.targets, r.prerequisites, cr(r.inline), tuple(cr(x.text) for x in r.recipe), cr(r.comment), r.depth)
            for r in parsed.rules
        ),
        "phony": tuple(sorted({(n, p.depth) for p in parsed.phony for n in p.names})),
        "statements": tuple(cr(s.text) for s in parsed.statements),
        "comments": tuple(sorted(comments)),
        "goal": parsed.goal,
    }


class MakefileDocument(Editor):
    """A Makefile being edited; `parsed` is the current text as read."""

    data: dict[str, Any]
    parsed: Parsed

    def _parse(self, text: str) -> dict[str, Any]:
        parsed = read(text)
        self._last = (text, parsed)
        return meaning(parsed)

    def _index(self) -> None:
        cached = getattr(self, "_last", None)
        self.parsed = cached[1] if cached and cached[0] == self.text else read(self.text)

    # -- reading --------------------------------------------------------------------------------------------------

    def get(self, path: Path, default: object = None) -> object:
        """`("rule", name)`: the rules naming the target; `("phony",)`: the phony names."""
        if path[:1] == ("rule",) and len(path) == 2:
            return self.parsed.rules_of(str(path[1])) or default
        if path == ("phony",):
            return self.parsed.phony_names
        return default

    def line_of(self, path: Path) -> int | None:
        """The line (in the text as given) of `("rule", name)`'s first header, of the first `.PHONY` (`("phony",)`),
        of `("variable", name)`'s first assignment; `()` is line 1."""
        if not path:
            return 1
        line: Line | None = None
        if path[0] == "rule" and len(path) == 2:
            rules = self.parsed.rules_of(str(path[1]))
            line = rules[0].header if rules else None
        elif path == ("phony",) and self.parsed.phony:
            line = self.parsed.phony[0].line
        elif path[0] == "variable" and len(path) == 2:
            line = next((a.line for a in self.parsed.assignments if a.name == path[1]), None)
        return self.origins.original(line.start + 1) if line else None

    @property
    def editable(self) -> bool:
        """Whether rules can be added: a `.RECIPEPREFIX` makes the tab no recipe prefix, and a last line continued
        by a backslash would swallow whatever is appended."""
        lines = self.parsed.lines
        return not self.parsed.recipe_prefix and not (lines and continues(lines[-1]))

    def phony_idiom(self) -> str | None:
        """The `.PHONY` idiom: "list", "before" (`.PHONY: x` on the line above each rule), "after" (below each
        recipe), or None."""
        before = after = listed = 0
        for decl in self.parsed.phony:
            if len(decl.names) == 1 and self._rule_starting_at(decl.line.end, decl.names[0]):
                before += 1
            elif len(decl.names) == 1 and self._rule_ending_at(decl.line.start, decl.names[0]):
                after += 1
            else:
                listed += 1
        if before + after > listed:
            return "before" if before >= after else "after"
        return "list" if self.parsed.phony else None

    def description_idiom(self) -> str | None:
        """How the file describes targets: "hash" (`target: ## text`), "phony" (`.PHONY: x  # text`), "above"
        (`## target: text` on the line above the rule), or None."""
        lines = self.parsed.lines
        counts = {
            "hash": sum(1 for r in self.parsed.rules if r.comment.startswith("##")),
            "phony": sum(1 for p in self.parsed.phony if len(p.names) == 1 and p.comment.strip("# ")),
            "above": sum(
                1 for r in self.parsed.rules
                if r.targets and r.header.start and lines[r.header.start - 1].startswith(f"## {r.targets[0]}:")
            ),
        }  # fmt: skip
        best = max(counts, key=lambda k: counts[k])
        return best if counts[best] else None

    def uses_sections(self) -> bool:
        """`##@ Section` lines between rules (the help idiom that prints headings)."""
        return any(c.text.startswith("##@") for c in self.parsed.comments)

    def recipe_at(self) -> str:
        """The `@` prefix where most recipe lines start with it (commands not echoed), else ""."""
        lines = [x.text[1:].lstrip() for r in self.parsed.rules for x in r.recipe if x.text.strip()]
        quiet = sum(1 for x in lines if x.startswith("@"))
        return "@" if lines and quiet * 2 > len(lines) else ""

    # -- editing --------------------------------------------------------------------------------------------------

    def declare_phony(self, names: list[str]) -> bool:
        """Declares `names` (targets of this file) phony in the file's idiom."""
        names = [n for n in dict.fromkeys(names) if n not in self.parsed.phony_names]
        if not names:
            return True
        if self.parsed.recipe_prefix:
            return False  # its recipes do not start with a tab: where each ends is not known
        planned = self._phony_plan(names)
        if planned is None:
            return False
        inserts, declared = planned
        return self.accept(self._expected(declared, [], []), [_splice_lines(self.text, inserts)])

    def append_rules(self, rules: list[NewRule]) -> bool:
        """Appends `rules` at the end of the file (so the default goal stays), each declared phony and described
        in the file's idiom."""
        if not rules or not self.editable or any(r.name in self.parsed.defined for r in rules):
            return False
        idiom, described, nl = self.phony_idiom(), self.description_idiom(), self._newline()
        per_rule = idiom in ("before", "after") or (idiom is None and described == "phony")
        blocks, expected_rules, comments = [], [], []
        for rule in rules:
            recipe = tuple("\t" + self._quiet(line) for line in rule.recipe)
            header = rule.name + ":" + "".join(" " + p for p in rule.prerequisites)
            comment = ""
            if rule.description and described == "hash":
                comment = "## " + rule.description
                header += self._gap([(r.header.text, r.comment) for r in self.parsed.rules if r.comment], " ")
                header += comment
            lines = [header, *recipe]
            if rule.description and described == "above":
                lines.insert(0, f"## {rule.name}: {rule.description}")
                comments.append(lines[0])
            if per_rule:
                phony = f".PHONY: {rule.name}"
                if rule.description and described == "phony":
                    phony += self._gap([(p.line.text, p.comment) for p in self.parsed.phony if p.comment], "  ")
                    phony += "# " + rule.description
                    comments.append("# " + rule.description)
                lines.insert(0 if idiom != "after" else len(lines), phony)
            blocks.append(("\n".join(lines) + "\n").replace("\n", nl))  # a continued recipe line too
            expected_rules.append(((rule.name,), rule.prerequisites, "", recipe, comment, 0))
        names = [r.name for r in rules]
        inserts: list[tuple[int, int, str]] = []
        declared = [(n, 0) for n in names]
        if idiom == "list" and any(not p.depth for p in self.parsed.phony):
            planned = self._phony_plan(names)
            if planned is None:
                return False
            inserts, declared = planned
        elif not per_rule:  # no `.PHONY` list outside conditionals yet: one, just above the new rules
            blocks[0] = phony_list(names, nl) + blocks[0]
        text = self.text
        blank = self._blank_between()
        body = text if not text or text.endswith("\n") else text + nl
        lead = nl if blank and body.strip() and not body.endswith("\n" + nl) else ""
        candidate = _splice_lines(body, inserts) + lead + (nl if blank else "").join(blocks)
        if text and not text.endswith("\n"):  # a file without a final newline keeps none
            candidate = candidate[: -len(nl)]
        return self.accept(self._expected(declared, comments, expected_rules), [candidate])

    # -- helpers --------------------------------------------------------------------------------------------------

    def _phony_plan(self, names: list[str]) -> tuple[list[tuple[int, int, str]], list[tuple[str, int]]] | None:
        """Where each name goes, as inserts for `_splice_lines` (line, column or -1 for a new line, text), and the
        (name, conditional depth) pairs declared."""
        idiom, nl = self.phony_idiom(), self._newline()
        inside = [n for n in names if self.parsed.rules_of(n) and all(r.depth for r in self.parsed.rules_of(n))]
        if inside and idiom != "after":  # a rule only inside a conditional: its `.PHONY` goes in with it, else
            top = [n for n in names if n not in inside]  # `make x` outside that branch would quietly do nothing
            first = self._phony_plan(top) if top else ([], [])
            if first is None:
                return None
            lines = [(self._first_line_of(self.parsed.rules_of(n)[0], n), -1, f".PHONY: {n}{nl}") for n in inside]
            return first[0] + lines, first[1] + [(n, self.parsed.rules_of(n)[0].depth) for n in inside]
        lists = [p for p in self.parsed.phony if not p.depth]  # a list inside a conditional holds only there
        if idiom == "list" and lists:
            decl = max(lists, key=lambda p: (len(p.names), -p.line.start))
            last = decl.line.end - 1
            line = self.parsed.lines[last].removesuffix("\r")
            if decl.comment and decl.line.end - decl.line.start > 1:
                return None  # a comment continued over lines: no place to put a name that stays outside it
            code = line[: len(line) - len(decl.comment.removesuffix("\r"))] if decl.comment else line
            added = "".join(" " + n for n in names)
            return [(last, len(code.rstrip()), added)], [(n, decl.depth) for n in names]
        inserts, declared = [], []
        for name in names:
            rules = self.parsed.rules_of(name)
            if idiom in ("before", "after") and rules:
                rule = rules[0] if idiom == "before" else rules[-1]
                at = self._first_line_of(rule, name) if idiom == "before" else rule.end
                inserts.append((at, -1, f".PHONY: {name}{nl}"))
                declared.append((name, rule.depth))
        if idiom in ("before", "after"):
            return (inserts, declared) if len(inserts) == len(names) else None
        top = next((r for r in self.parsed.rules if r.depth == 0), None)
        text = phony_list(names, nl) + (nl if self._blank_between() else "")
        at = self._above_comments(top.header.start) if top else len(self.parsed.lines)
        return [(at, -1, text)], [(n, 0) for n in names]

    def _rule_starting_at(self, line: int, name: str) -> bool:
        return any(self._first_line_of(r, name) == line for r in self.parsed.rules_of(name))

    def _rule_ending_at(self, line: int, name: str) -> bool:
        return any(r.end == line for r in self.parsed.rules_of(name))

    def _first_line_of(self, rule: Rule, name: str) -> int:
        """The rule's header, or the `name: VAR = value` lines directly above it (they belong with it)."""
        first = rule.header.start
        starts = {ln.end: ln.start for names, ln in self.parsed.target_lines if name in names}
        while first in starts:
            first = starts[first]
        return first

    def _above_comments(self, line: int) -> int:
        lines = self.parsed.lines
        while line > 0 and lines[line - 1].lstrip().startswith("#"):
            line -= 1
        return line

    def _expected(
        self, declared: list[tuple[str, int]], comments: list[str], rules: list[tuple[Any, ...]]
    ) -> dict[str, Any]:
        data = dict(self.data)
        data["phony"] = tuple(sorted({*data["phony"], *declared}))
        data["comments"] = tuple(sorted([*data["comments"], *comments, *(r[4] for r in rules if r[4])]))
        data["rules"] = (*data["rules"], *rules)
        return data

    def _blank_between(self) -> bool:
        """Whether the file keeps a blank line above its rules (most do): above each rule's comments, its
        `.PHONY: x` line, its `x: VAR = value` lines and a conditional it opens."""
        lines = self.parsed.lines
        phony_at = {p.line.end: p.line.start for p in self.parsed.phony if len(p.names) == 1}
        tops = []
        for rule in self.parsed.rules[1:]:
            top = self._first_line_of(rule, rule.targets[0]) if rule.targets else rule.header.start
            while True:
                top = self._above_comments(top)
                if top in phony_at:
                    top = phony_at[top]
                elif top > 0 and _OPENS.match(lines[top - 1]):
                    top -= 1
                else:
                    break
            tops.append(top)
        blank = sum(1 for t in tops if t > 0 and not lines[t - 1].strip())
        return not tops or blank * 2 >= len(tops)

    def _newline(self) -> str:
        crlf = sum(1 for line in self.parsed.lines if line.endswith("\r"))
        return "\r\n" if crlf * 2 > len(self.parsed.lines) else "\n"

    def _quiet(self, line: str) -> str:
        """A recipe line with the file's `@` where it has no prefix of its own."""
        return line if line.startswith(("@", "-", "+")) else self.recipe_at() + line

    @staticmethod
    def _gap(described: list[tuple[str, str]], default: str) -> str:
        """The white space the file puts before its description comments (one space, two, a tab)."""
        gaps = Counter()
        for text, comment in described:
            code = text.removesuffix("\r")[: -len(comment.removesuffix("\r"))]
            gaps[code[len(code.rstrip()) :]] += 1
        return gaps.most_common(1)[0][0] or default if gaps else default


def phony_list(names: list[str], nl: str = "\n", width: int = 100) -> str:
    """A new `.PHONY:` list, continued with a backslash onto indented lines where it grows past `width`."""
    lines, current = [], ".PHONY:"
    for name in names:
        if len(current) + 1 + len(name) > width - 2 and current.strip() not in (".PHONY:", ""):
            lines.append(current + " \\")
            current = "   "
        current += " " + name
    return nl.join([*lines, current]) + nl


def _splice_lines(text: str, inserts: list[tuple[int, int, str]]) -> str:
    """`text` with each insert made: (line, -1, text) puts whole lines before physical line `line` (at the end when
    it is past the last), (line, column, text) puts text inside that line at that column."""
    lines = physical_lines(text)
    final = text.endswith("\n")
    before: dict[int, list[str]] = {}
    inside: dict[int, list[tuple[int, str]]] = {}
    for line, column, new in inserts:
        if column < 0:
            before.setdefault(line, []).append(new)
        else:
            inside.setdefault(line, []).append((column, new))
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend(before.get(i, []))
        for column, new in sorted(inside.get(i, []), reverse=True):
            line = line[:column] + new + line[column:]
        out.append(line + ("\n" if i < len(lines) - 1 or final else ""))
    if len(lines) in before:
        if out and not out[-1].endswith("\n"):
            out[-1] += "\n"
        out.extend(before[len(lines)])
    return "".join(out)


__all__ = ["MakefileDocument", "NewRule", "meaning", "phony_list"]
