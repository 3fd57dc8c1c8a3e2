"""MK002: a `help` target that prints the targets, in the file's own idiom.

The recipe reads the file as make lists it (`$(MAKEFILE_LIST)`, so included files' targets show too): with
`target: ## text` descriptions it prints each described target and its text (and `##@ Section` headings where the
file has them), with `.PHONY: x  # text` or `## target: text` lines above the rules it prints those, and without
descriptions it lists the targets by name.
It is appended at the end, so the default goal (`make` alone) stays what it was. awk and grep options are the ones
BSD and GNU share.
"""

from __future__ import annotations

from ...edit.makefile_doc import MakefileDocument, NewRule
from ...fixer import FileRun, check
from .analysis import included
from .rules import HELP

Run = FileRun[MakefileDocument]


@check(HELP)
def help_target(run: Run) -> None:
    doc = run.doc
    more = included(run.ctx.snapshot, run.path, doc.parsed)
    if "help" in doc.parsed.defined or "help" in more.targets or more.unread:
        return
    if not doc.editable:
        run.report(HELP, "no `help` target; this file sets .RECIPEPREFIX or ends in a continued line: add one by hand")
        return
    names = [n for r in doc.parsed.rules for n in r.targets if "$" not in n]
    rule = help_rule(doc.description_idiom(), names, doc.uses_sections())
    run.report(HELP, "no `help` target prints the targets: add one", line=1,
               edit=lambda: doc.append_rules([rule]))  # fmt: skip


def help_rule(idiom: str | None, names: list[str], sections: bool = False) -> NewRule:
    """The `help` rule for a description idiom ("hash", "phony", "above" or None), its column as wide as the names
    need."""
    width = max(12, min(30, max((len(n) for n in names), default=0) + 2))
    if idiom == "hash":
        headings = ' /^##@/ {printf "\\n%s\\n", substr($$0, 5)}' if sections else ""
        recipe = (
            f'@awk \'BEGIN {{FS = ":.*## "}} /^[a-zA-Z0-9_.-]+:.*## / {{printf "  %-{width}s %s\\n", $$1, $$2}}'
            f"{headings}' $(MAKEFILE_LIST)"
        )
    elif idiom == "phony":
        recipe = (
            '@awk \'/^\\.PHONY: [a-zA-Z0-9_.-]+ *#/ {name = $$2; sub(/^[^#]*# */, ""); '
            f'printf "  %-{width}s %s\\n", name, $$0}}\' $(MAKEFILE_LIST)'
        )
    elif idiom == "above":
        recipe = "@grep -h '^## [a-zA-Z0-9_.-]*:' $(MAKEFILE_LIST) | sed -e 's/^## /  /'"
    else:
        recipe = (
            "@awk -F: '/^[a-zA-Z0-9][a-zA-Z0-9_.-]*:([^=]|$$)/ && !seen[$$1]++ {print \"  \" $$1}' $(MAKEFILE_LIST)"
        )
    return NewRule("help", (), (recipe,), "Show this help")
