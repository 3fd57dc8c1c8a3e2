"""Rule documentation from the rules themselves: `--explain CODE`, `--list-rules` and docs/rules.md."""

from __future__ import annotations

import json

from infra_fix_fixers import Fixer, Rule


def rendered(rule: Rule) -> Rule:
    """The rule's texts with the blueprint's values filled in (`{line_length}` becomes 120)."""
    from infra_fix_fixers import Blueprint

    return rule.render(Blueprint().values())


def explain(rule: Rule) -> str:
    """A rule's documentation in fixed sections (as ruff's rule docs), with its examples as diffs."""
    options = rule.settings_read()
    rule = rendered(rule)
    parts = [
        f"# {rule.code}: {rule.name}",
        "",
        rule.summary[0].upper() + rule.summary[1:] + ".",
        "",
        "## Why",
        rule.rationale,
        "",
        "## Fix",
        f"{tiers(rule)} ({rule.severity.value}). {rule.fix or 'Reported only; never edited.'}",
    ]
    if options:
        parts += ["", "## Options", *(f"- `{name}` (default `{_default(name)}`)" for name in options)]
    examples = [ex for ex in rule.examples if ex.before != ex.after][:2]
    if examples:
        parts += ["", "## Example"]
    for ex in examples:
        parts += ["", f"`{ex.path or '(default path)'}`, {ex.id.replace('-', ' ')}:", "", "```diff"]
        parts += _mini_diff(ex.before or "", ex.after or "")
        parts.append("```")
    return "\n".join(parts) + "\n"


def _mini_diff(before: str, after: str) -> list[str]:
    import difflib

    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=2)
        if not line.startswith(("---", "+++", "@@"))
    ]


def _default(name: str) -> str:
    from infra_fix_fixers import Blueprint

    value = getattr(Blueprint(), name.replace("-", "_"), None)
    return json.dumps(list(value) if isinstance(value, tuple) else value)


def tiers(rule: Rule) -> str:
    """Every tier the rule's findings can take, safest first (`safe/unsafe/manual`): a rule that is safe in one case
    and unsafe in another says both, so no one reads `safe` where most of its fixes need --unsafe-fixes."""
    return "/".join(tier.value for tier in rule.possible_tiers)


# What the tiers column leaves out, because any rule's fix can take it (the SDK decides, not the rule).
FALLBACKS = (
    "Any fix is manual where the human's word (a comment) argues against it or the edit cannot be verified, and a "
    "safe fix is unsafe in a file a formatter the project runs governs (prettier over YAML): each finding says why."
)


def table(fixers: list[Fixer]) -> str:
    rules = [rendered(r) for f in fixers for r in f.rules]
    rows = [f"{r.code:<7} {tiers(r):<18} {r.name:<34} {r.summary}" for r in rules]
    return "\n".join(sorted(rows)) + "\n"


def settings_table() -> list[str]:
    """The blueprint values `[tool.infra-fix]` may override, with their defaults, from the Blueprint type itself."""
    from dataclasses import fields

    from infra_fix_fixers import Blueprint

    rows = [
        "## Settings",
        "",
        "`[tool.infra-fix]` takes `select`, `ignore` (codes or prefixes), `unsafe-fixes`, `exclude` (path patterns),",
        "`[tool.infra-fix.ignore-reasons]` (code = reason), and any of these blueprint values:",
        "",
        "| key | default |",
        "| --- | --- |",
    ]
    for field in fields(Blueprint):
        default = getattr(Blueprint(), field.name)
        shown = json.dumps(list(default) if isinstance(default, tuple) else default)
        rows.append(f"| `{field.name.replace('_', '-')}` | `{shown}` |")
    return [*rows, ""]


def markdown(fixers: list[Fixer]) -> str:
    """docs/rules.md; a test fails when the committed file differs from this."""
    head = [
        "# Rules",
        "",
        "Generated from the rules' own fields by `make docs`; do not edit by hand.",
        "",
        FALLBACKS,
        "",
        "| code | name | fix | summary |",
        "| --- | --- | --- | --- |",
    ]
    rules = sorted((rendered(r) for f in fixers for r in f.rules), key=lambda r: r.code)
    head += [f"| [{r.code}](#{r.code.lower()}) | {r.name} | {tiers(r)} | {r.summary} |" for r in rules]
    body = [explain(r).replace(f"# {r.code}:", f"## {r.code}:", 1).replace("\n## ", "\n### ") for r in rules]
    return "\n".join([*head, "", *settings_table()]) + "\n" + "\n".join(body)
