"""Fixer packs from the entry-point group `infra_fix.fixers`; the built-in pack is found the same way."""

from __future__ import annotations

from importlib.metadata import entry_points

from infra_fix_fixers import Fixer

GROUP = "infra_fix.fixers"


class PluginError(RuntimeError):
    pass


def load_fixers() -> list[Fixer]:
    """Every registered pack's fixers, the built-in pack first; two rules with one code are refused."""
    eps = sorted(entry_points(group=GROUP), key=lambda ep: (ep.name != "builtin", ep.name))
    fixers: list[Fixer] = []
    owner: dict[str, str] = {}
    for ep in eps:
        for fixer in ep.load()():
            for rule in fixer.rules:
                if rule.code in owner:
                    raise PluginError(f"rule code {rule.code} is defined by both {owner[rule.code]} and {ep.name}")
                owner[rule.code] = ep.name
            fixers.append(fixer)
    if not fixers:
        raise PluginError(f"no fixers registered under the entry-point group {GROUP!r}: is infra-fix-fixers installed?")
    return fixers
