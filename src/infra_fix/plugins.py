"""Fixer packs from the entry-point group `infra_fix.fixers`; the built-in pack is found the same way."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing itself costs a third of `--version`'s start-up: the idiom pyright reads too
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

    from infra_fix_fixers import Fixer, Pack

    Loader = Callable[[], Any]
    Dist = tuple[str, str] | None  # the (name, version) of the distribution an entry point comes from

GROUP = "infra_fix.fixers"
_ENTRY = r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$"  # importlib's pattern


class PluginError(RuntimeError):
    pass


def load_packs() -> list[Pack]:
    """Every registered pack, the built-in pack first; two rules with one code, or two packs with one name, are
    refused."""
    from infra_fix_fixers.pack import as_pack

    packs: list[Pack] = []
    owner: dict[str, str] = {}
    for name, load, _ in _packs_in_order():
        pack = as_pack(name, load()())
        if any(p.name == pack.name for p in packs):
            raise PluginError(f"two packs are named {pack.name!r}")
        for fixer in pack.fixers:
            for rule in fixer.rules:
                if rule.code in owner:
                    raise PluginError(f"rule code {rule.code} is defined by both {owner[rule.code]} and {name}")
                owner[rule.code] = name
        packs.append(pack)
    if not any(p.fixers for p in packs):
        raise PluginError(f"no fixers registered under the entry-point group {GROUP!r}: is infra-fix-fixers installed?")
    return packs


def versions() -> list[str]:
    """`--version`: infra-fix's own version, then each registered pack's with the distribution that provides it
    (read from the entry points' metadata: no pack is imported, and neither is click nor importlib.metadata)."""
    from . import __version__

    lines = [f"infra-fix {__version__}"]
    for name, _, dist in _packs_in_order():
        lines.append(f"  pack {name} {dist[1]} ({dist[0]})" if dist else f"  pack {name}")
    return lines


def _packs_in_order() -> list[tuple[str, Loader, Dist]]:
    """The entry points of GROUP, the built-in pack first, then by name: the order packs load and print in."""
    return sorted(entry_points(GROUP), key=lambda ep: (ep[0] != "builtin", ep[0]))


def load_fixers() -> list[Fixer]:
    return [fixer for pack in load_packs() for fixer in pack.fixers]


def entry_points(group: str) -> list[tuple[str, Loader, Dist]]:
    """(name, loader, distribution) of every entry point of `group`, as importlib.metadata's `entry_points` finds
    them: the first distribution of each name on `sys.path` counts. Read here from the `entry_points.txt` of each
    installed distribution, because importing importlib.metadata (zipfile, email, csv...) costs as much as the
    rest of a small run's start-up; a `sys.path` entry that is not a folder (a zip) leaves it to importlib."""
    if not all(os.path.isdir(entry or ".") for entry in sys.path if os.path.exists(entry or ".")):
        from importlib.metadata import entry_points as found

        return [(ep.name, ep.load, (ep.dist.name, ep.dist.version) if ep.dist else None) for ep in found(group=group)]
    seen: set[str] = set()
    points: list[tuple[str, Loader, Dist]] = []
    for name, folder, text in _distributions():
        if name not in seen:
            seen.add(name)
            found_here = list(_section(text, group))
            dist = _metadata(folder) if found_here else None
            points += [(key, _loader(value), dist) for key, value in found_here]
    return points


def _distributions() -> Iterator[tuple[str, str, str]]:
    """(normalized name, its metadata folder, entry_points.txt) of each distribution on sys.path that has one, in
    path order."""
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for folder in names:
            if not folder.endswith((".dist-info", ".egg-info")):
                continue
            try:
                with open(os.path.join(entry or ".", folder, "entry_points.txt"), encoding="utf-8") as file:
                    text = file.read()
            except OSError:
                continue
            name = folder.rpartition(".")[0].partition("-")[0]  # name-version.dist-info, name.egg-info
            yield _normalized(name), os.path.join(entry or ".", folder), text


def _metadata(folder: str) -> Dist:
    """The Name and Version headers of a distribution's METADATA (PKG-INFO for an egg-info)."""
    headers: dict[str, str] = {}
    for file in ("METADATA", "PKG-INFO"):
        try:
            with open(os.path.join(folder, file), encoding="utf-8") as handle:
                for line in handle:
                    if not line.strip():
                        break
                    key, _, value = line.partition(":")
                    headers.setdefault(key.strip().lower(), value.strip())
        except OSError:
            continue
        break
    return (headers["name"], headers["version"]) if "name" in headers and "version" in headers else None


def _section(text: str, group: str) -> Iterator[tuple[str, str]]:
    """The `name = value` lines of one `[group]` of an entry_points.txt (importlib.metadata's reading)."""
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == group:
            key, _, value = line.partition("=")
            yield key.strip(), value.strip()


def _normalized(name: str) -> str:
    """A distribution's name as PEP 503 compares them (`re.sub(r"[-_.]+", "_", name).lower()`, without `re`)."""
    folded = "".join("_" if c in "-_." else c for c in name).lower()
    while "__" in folded:
        folded = folded.replace("__", "_")
    return folded


def _loader(value: str) -> Loader:
    return lambda: _load(value)


def _load(value: str) -> Any:  # noqa: ANN401 - whatever the entry point names
    import functools
    import importlib
    import re

    match = re.match(_ENTRY, value)
    if match is None:
        raise PluginError(f"entry point {value!r} of {GROUP!r} is not `module:attribute`")
    module = importlib.import_module(match.group("module"))
    return functools.reduce(getattr, filter(None, (match.group("attr") or "").split(".")), module)
