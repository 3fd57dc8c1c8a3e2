"""Where infra-fix's documentation lives on the web: the links in pull-request bodies and SARIF rule metadata.

`INFRA_FIX_DOCS_URL` points them at a mirror or a fork (GitHub Enterprise users often keep one inside).
"""

from __future__ import annotations

import os
import re

from infra_fix_fixers import Rule

HOME = "https://github.com/infra-fix/infra-fix"
DOCS = f"{HOME}/blob/main/docs/"
RULES_DOC = f"{DOCS}rules.md"


def anchor(heading: str) -> str:
    """The anchor GitHub derives from a Markdown heading (github-slugger: lower case, punctuation dropped, each
    space a hyphen); the docs site is configured to derive the same (mkdocs.yml, pymdownx's slugify)."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def rule_heading(rule: Rule) -> str:
    return f"{rule.code}: {rule.name}"


def tiers(rule: Rule) -> str:
    """Every tier the rule's findings can take, safest first (`safe/unsafe/manual`): a rule that is safe in one case
    and unsafe in another says both, so no one reads `safe` where most of its fixes need --unsafe-fixes."""
    return "/".join(tier.value for tier in rule.possible_tiers)


def rule_url(rule: Rule) -> str:
    """The rule's section of docs/rules.md, by the anchor GitHub derives from its heading `CODE: name`."""
    base = os.environ.get("INFRA_FIX_DOCS_URL", RULES_DOC)
    return f"{base}#{anchor(rule_heading(rule))}"
