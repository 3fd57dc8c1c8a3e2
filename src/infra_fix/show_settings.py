"""`--show-settings PATH`: the settings in effect for a file or folder, and where each came from (ruff's
`--show-settings`): a flag, the project's own `[tool.infra-fix]`, the repository's, or the default."""

from __future__ import annotations

import json
import os
from dataclasses import fields
from pathlib import Path

from infra_fix_fixers import Blueprint, Pack, discover
from infra_fix_fixers.settings import PackSettings

from . import config
from .git import gitinfo
from .load import load
from .run import patterns_of

_GENERAL = (("select", "select"), ("ignore", "ignore"), ("unsafe-fixes", "unsafe_fixes"), ("exclude", "exclude"))


def show(path: Path, flags: config.Flags, packs: list[Pack]) -> str:
    root = gitinfo.toplevel(path if path.is_dir() else path.parent) or (path if path.is_dir() else path.parent)
    rel = os.path.relpath(path.resolve(), root.resolve()).replace(os.sep, "/")
    rel = "" if rel == "." else rel
    fixers = [fixer for pack in packs for fixer in pack.fixers]
    repo = discover(load(root, patterns_of(fixers)).snapshot)
    tables: tuple[PackSettings, ...] = tuple(t for p in packs if (t := p.table()))
    codes = tuple(rule.code for f in fixers for rule in f.rules)
    try:
        resolved = config.resolve(repo, flags, codes, tables)
    except config.BadSettings as err:
        return f"{err.path}: {err}\n"
    project = repo.owner(rel) if rel else repo.root
    folder = project.dir if project is not None else None
    settings = resolved.projects.get(folder, resolved.repository) if folder is not None else resolved.repository
    home = config.home(repo)
    layers = []  # (file shown, its [tool.infra-fix] table), the nearest first
    if folder is not None and folder != home and folder in resolved.projects:
        layers.append((f"{folder}/pyproject.toml", config.table(repo.pyprojects.get(folder), folder)))
    if home is not None:
        layers.append(
            (f"{home}/pyproject.toml" if home else "pyproject.toml", config.table(repo.pyprojects.get(home), home))
        )
    given = {"select": flags.select, "ignore": flags.ignore, "unsafe-fixes": flags.unsafe_fixes}

    def origin(key: str) -> str:
        if given.get(key) is not None:
            return f"--{key}"
        where = next((shown for shown, table in layers if key in table), None)
        return f"{where} [tool.infra-fix]" if where else "default"

    where = f"{root}" + (f" ({rel})" if rel else "")
    head = f"# Settings for {where}: project {folder or '.'}" if folder is not None else f"# Settings for {where}"
    lines = [head]
    rows = [(key, getattr(settings, attr)) for key, attr in _GENERAL]
    rows += [("ignore-reasons", dict(settings.ignore_reasons))]
    rows += [(f.name.replace("_", "-"), getattr(settings.blueprint, f.name)) for f in fields(Blueprint)]
    width = max(len(key) for key, _ in rows)
    for key, value in rows:
        shown = json.dumps(list(value) if isinstance(value, tuple) else value)
        lines.append(f"{key:<{width}} = {shown}  # {origin(key)}")
    return "\n".join(lines) + "\n"
