"""Where infra-fix's documentation lives on the web: the links in pull-request bodies and SARIF rule metadata.

`INFRA_FIX_DOCS_URL` points them at a mirror or a fork (GitHub Enterprise users often keep one inside).
"""

from __future__ import annotations

import os
import re

from infra_fix_fixers import Rule

HOME = "https://github.com/infra-fix/infra-fix"
RULES_DOC = f"{HOME}/blob/main/docs/rules.md"


def rule_url(rule: Rule) -> str:
    """The rule's section of docs/rules.md, by the anchor GitHub derives from its heading `CODE: name`."""
    base = os.environ.get("INFRA_FIX_DOCS_URL", RULES_DOC)
    anchor = re.sub(r"[^a-z0-9_ -]", "", f"{rule.code}: {rule.name}".lower()).replace(" ", "-")
    return f"{base}#{anchor}"
