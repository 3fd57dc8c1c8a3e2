"""`python -m infra_fix.docs.gendocs DIR`: the generated pages of the documentation, written into DIR (docs/):
the rule reference, the blueprint section by section, and the settings reference. `make docs-check` writes them
into a temporary folder and fails when they differ from the committed ones."""

from __future__ import annotations

import sys
from pathlib import Path

from infra_fix_fixers import Fixer

from ..output.links import anchor, rule_heading
from ..plugins import load_fixers
from . import blueprint, configuration, ruledocs


def pages(fixers: list[Fixer]) -> dict[str, str]:
    rules = sorted((r for f in fixers for r in f.rules), key=lambda r: r.code)
    links = {r.code: anchor(rule_heading(r)) for r in rules}
    return {
        "rules.md": ruledocs.markdown(fixers),
        "blueprint.md": blueprint.markdown([r.code for r in rules], links),
        "configuration.md": configuration.markdown(fixers),
    }


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m infra_fix.docs.gendocs DIR\n")
        return 2
    for name, text in pages(load_fixers()).items():
        (Path(argv[0]) / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
