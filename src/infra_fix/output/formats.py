"""The CI formats beside text, json and github: `sarif` (code scanning) and `markdown` (the pull-request body, or
a step summary). One entry point, so run.py's hook for them is a single call."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from infra_fix_fixers import Fixer, Rule

from . import markdown, report, sarif


def render(fmt: str, entries: list[report.Entry], ignored: list[tuple[str, str, str]], fixers: list[Fixer]) -> str:
    rules = rules_by_code(fixers)
    if fmt == "sarif":
        return sarif.render(entries, rules, own_version())
    return markdown.render(entries, ignored, rules, version=own_version())


def rules_by_code(fixers: list[Fixer]) -> dict[str, Rule]:
    return {rule.code: rule for fixer in fixers for rule in fixer.rules}


def own_version() -> str:
    try:
        return version("infra-fix")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return ""
