"""Fixer packs from the entry-point group `infra_fix.fixers`; the built-in pack is found the same way."""

from __future__ import annotations

from importlib.metadata import entry_points

from infra_fix_fixers import Fixer, Pack
from infra_fix_fixers.pack import as_pack

GROUP = "infra_fix.fixers"


class PluginError(RuntimeError):
    pass


def load_packs() -> list[Pack]:
    """Every registered pack, the built-in pack first; two rules with one code, or two packs with one name, are
    refused."""
    eps = sorted(entry_points(group=GROUP), key=lambda ep: (ep.name != "builtin", ep.name))
    packs: list[Pack] = []
    owner: dict[str, str] = {}
    for ep in eps:
        pack = as_pack(ep.name, ep.load()())
        if any(p.name == pack.name for p in packs):
            raise PluginError(f"two packs are named {pack.name!r}")
        for fixer in pack.fixers:
            for rule in fixer.rules:
                if rule.code in owner:
                    raise PluginError(f"rule code {rule.code} is defined by both {owner[rule.code]} and {ep.name}")
                owner[rule.code] = ep.name
        packs.append(pack)
    if not any(p.fixers for p in packs):
        raise PluginError(f"no fixers registered under the entry-point group {GROUP!r}: is infra-fix-fixers installed?")
    return packs


def versions() -> list[str]:
    """`--version`: infra-fix's own version, then each registered pack's with the distribution that provides it
    (read from the entry points' metadata: no pack is imported)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        own = version("infra-fix")
    except PackageNotFoundError:  # a source tree that was never installed
        own = "(not installed)"
    lines = [f"infra-fix {own}"]
    for ep in sorted(entry_points(group=GROUP), key=lambda ep: (ep.name != "builtin", ep.name)):
        dist = ep.dist
        lines.append(f"  pack {ep.name} {dist.version} ({dist.name})" if dist else f"  pack {ep.name}")
    return lines


def load_fixers() -> list[Fixer]:
    return [fixer for pack in load_packs() for fixer in pack.fixers]
