"""Disk → Snapshot: find the project's files, read the ones fixers asked for, once, with their encoding details."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from infra_fix_fixers import Location, Snapshot
from infra_fix_fixers.snapshot import compile_patterns, probe_paths

from .disk import fsread, textfile
from .git import gitinfo

# Never part of the project's own configuration, wherever they are.
PRUNED = {
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__", ".mypy_cache",
    ".pytest_cache", ".ruff_cache", ".eggs", "site-packages", ".claude", ".idea", ".vscode",
}  # fmt: skip
MAX_FILES = 200_000


@dataclass(frozen=True)
class Loaded:
    """How each read file looked on disk, so it can be written back the same way and checked for changes."""

    root: Path
    snapshot: Snapshot
    raw: dict[str, bytes] = field(default_factory=dict)
    encoding: dict[str, textfile.Decoded] = field(default_factory=dict)


def load(root: Path, patterns: tuple[str, ...]) -> Loaded:
    git = gitinfo.read(root)
    # git lists deleted-but-tracked files too: keep what is on disk
    paths = sorted(p for p in git.listed if os.path.lexists(root / p)) if git else _walk(root)
    paths = sorted({*paths, *fsread.shadowed(root, patterns, set(paths))})
    files: dict[str, str] = {}
    unreadable: dict[str, Location] = {}
    raw: dict[str, bytes] = {}
    encoding: dict[str, textfile.Decoded] = {}
    real_root = root.resolve()
    wanted = compile_patterns(patterns)
    for rel in paths:
        if not wanted(rel):
            continue
        data = fsread.read(root / rel, real_root)
        if isinstance(data, Location):
            unreadable[rel] = data
            continue
        decoded = textfile.decode(data)
        if isinstance(decoded, Location):
            unreadable[rel] = decoded
            continue
        files[rel], raw[rel], encoding[rel] = decoded.text, data, decoded
    ignored: dict[str, str | None] = {}
    if git:
        probes = probe_paths(git.listed)
        rules = gitinfo.ignored(root, probes, no_index=True)
        ignored = {path: rules.get(path) for path in probes}
    snapshot = Snapshot(
        files=files,
        paths=frozenset(paths),
        unreadable=unreadable,
        tracked=git.tracked if git else None,
        default_branch=git.default_branch if git else None,
        branches=git.branches if git else (),
        ignored=ignored,
    )
    return Loaded(root, snapshot, raw, encoding)


def _walk(root: Path) -> list[str]:
    found: list[str] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in PRUNED and not d.endswith(".egg-info"))
        rel_folder = os.path.relpath(folder, root)
        prefix = "" if rel_folder == "." else rel_folder.replace(os.sep, "/") + "/"
        found.extend(prefix + name for name in names)
        if len(found) > MAX_FILES:
            break
    return sorted(found)
