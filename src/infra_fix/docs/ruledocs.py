"""Rule documentation from the rules themselves: `--explain CODE`, `--list-rules` and docs/rules.md.

Every rule gets the same sections, as ruff's rule pages: what it does, why (and the blueprint section it comes
from), fix safety (each tier it can take, and when), an example of each tier, and the settings it reads."""

from __future__ import annotations

import json

from infra_fix_fixers import Applicability, Example, Fixer, Rule

from ..output.links import anchor, rule_heading, tiers

SECTIONS = ("What it does", "Why", "Fix safety", "Example", "Options")

# What each tier means, whatever the rule: the second half of every Fix safety section.
TIER_MEANING = {
    Applicability.SAFE: "**safe**: `--apply` makes it; it cannot change what the project does when it runs.",
    Applicability.UNSAFE: "**unsafe**: right per the blueprint, but it may turn the project's CI red; only "
    "`--unsafe-fixes` makes it, and its message says what else to change in the same commit.",
    Applicability.MANUAL: "**manual**: reported with what to change, never edited.",
}

# What the tiers leave out, because any rule's fix can take it (the SDK decides, not the rule).
FALLBACKS = (
    "Any fix is manual where the human's word (a comment) argues against it or the edit cannot be verified, and a "
    "safe fix is unsafe in a file a formatter the project runs governs (prettier over YAML): each finding says why."
)


def rendered(rule: Rule) -> Rule:
    """The rule's texts with the blueprint's values filled in (`{line_length}` becomes 120)."""
    from infra_fix_fixers import Blueprint

    return rule.render(Blueprint().values())


def sentence(text: str) -> str:
    """A summary as documentation prints it: capitalised, one full stop (never `..`)."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


def explain(rule: Rule, default_path: str = "", *, level: int = 1, link_prefix: str = "") -> str:
    """A rule's documentation in fixed sections; `level` 2 nests it in docs/rules.md. `link_prefix` is where
    docs/blueprint.md is from the reader (`--explain` prints plain text: the path in the repository)."""
    from .blueprint import section_of

    options = rule.settings_read()
    rule = rendered(rule)
    h = "#" * level
    section = section_of(rule.code)
    why = [rule.rationale]
    if section is not None:
        why += ["", f"From the {section.source}: [{section.title}]({link_prefix}blueprint.md#{anchor(section.title)})."]
    parts = [
        f"{h} {rule_heading(rule)}",
        "",
        f"{h}# What it does",
        "",
        sentence(rule.summary),
        "",
        f"{h}# Why",
        "",
        *why,
        "",
        f"{h}# Fix safety",
        "",
        f"{tiers(rule)} ({rule.severity.value}). {rule.fix or 'Reported only; never edited.'}",
        "",
        *(f"- {TIER_MEANING[tier]}" for tier in rule.possible_tiers),
        "",
        f"{h}# Example",
        *_examples(rule, default_path, h),
        "",
        f"{h}# Options",
        "",
    ]
    if options:
        parts += [f"- `{name}` (default `{default_json(name)}`)" for name in options]
    else:
        parts.append("None: this rule reads no setting of `[tool.infra-fix]` beyond `select`, `ignore` and `exclude`.")
    return "\n".join(parts) + "\n"


def _examples(rule: Rule, default_path: str, h: str) -> list[str]:
    """One example of each tier the rule can take (a change it makes safely, one only --unsafe-fixes makes, a
    finding it leaves to a human), then a compliant case: before/after as a diff, as the tests run them."""
    chosen: dict[str, Example] = {}
    for ex in rule.examples:
        chosen.setdefault(_kind(ex, rule), ex)
    out: list[str] = []
    for kind in ("fixed", "fixed with --unsafe-fixes", "left to a human", "compliant"):
        ex = chosen.get(kind)
        if ex is None or (kind == "compliant" and len(chosen) > 1):
            continue
        path = ex.path or default_path
        out += ["", f"`{path}`, {ex.id.replace('-', ' ')} ({kind}):" if path else f"{ex.id.replace('-', ' ')}:", ""]
        if ex.before != ex.after:
            out += ["```diff", *_mini_diff(ex.before or "", ex.after or ""), "```"]
        else:
            out += ["```", *(ex.before or "(absent)").rstrip("\n").splitlines(), "```"]
    return out or ["", "No example: a rule of a pack that documents none."]


def _kind(ex: Example, rule: Rule) -> str:
    unsafe = Applicability.UNSAFE in rule.possible_tiers
    if ex.before != ex.after:
        return "fixed with --unsafe-fixes" if ex.unsafe_fixes and unsafe else "fixed"
    if not ex.finds:
        return "compliant"
    return "left to a human" if ex.unsafe_fixes or not unsafe or Applicability.MANUAL in rule.possible_tiers else ""


def _mini_diff(before: str, after: str) -> list[str]:
    import difflib

    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=2)
        if not line.startswith(("---", "+++", "@@"))
    ]


def default_json(name: str) -> str:
    """A blueprint value's default as JSON (`line-length` or `line_length`), as rules.md and configuration.md
    show it."""
    from infra_fix_fixers import Blueprint

    value = getattr(Blueprint(), name.replace("-", "_"), None)
    return json.dumps(list(value) if isinstance(value, tuple) else value)


def table(fixers: list[Fixer]) -> str:
    rules = [rendered(r) for f in fixers for r in f.rules]
    rows = [f"{r.code:<7} {tiers(r):<18} {r.name:<34} {sentence(r.summary)}" for r in rules]
    return "\n".join(sorted(rows)) + "\n"


def markdown(fixers: list[Fixer]) -> str:
    """docs/rules.md; a test fails when the committed file differs from this."""
    paths = {r.code: f.default_path for f in fixers for r in f.rules}
    rules = sorted((rendered(r) for f in fixers for r in f.rules), key=lambda r: r.code)
    head = [
        "# Rules",
        "",
        "Generated from the rules' own fields by `make docs`; do not edit by hand. The settings they read are in",
        "[configuration.md](configuration.md); the blueprint they come from, section by section, in",
        "[blueprint.md](blueprint.md).",
        "",
        FALLBACKS,
        "",
        "| code | name | fix | summary |",
        "| --- | --- | --- | --- |",
    ]
    head += [
        f"| [{r.code}](#{anchor(rule_heading(r))}) | {r.name} | {tiers(r)} | {sentence(r.summary)} |" for r in rules
    ]
    body = [explain(r, paths[r.code], level=2) for r in rules]
    return "\n".join(head) + "\n\n" + "\n".join(body)
