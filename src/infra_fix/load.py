"""Disk → Snapshot: find the project's files, read the ones fixers asked for, once, with their encoding details."""

from __future__ import annotations

import os
from collections import deque
from pathlib import Path

from msgspec import Struct, field

from infra_fix_fixers import Location, Snapshot
from infra_fix_fixers.snapshot import compile_patterns, probe_paths

from .disk import fsread, textfile
from .git import gitinfo

# Never part of the project's own configuration, wherever they are.
PRUNED = {
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__", ".mypy_cache",
    ".pytest_cache", ".ruff_cache", ".eggs", "site-packages", ".claude", ".idea", ".vscode",
}  # fmt: skip
MAX_FILES = 200_000  # outside git only (git's own listing has no limit): a home folder given by mistake


class Loaded(Struct, frozen=True):
    """How each read file looked on disk, so it can be written back the same way and checked for changes."""

    root: Path
    snapshot: Snapshot
    raw: dict[str, bytes] = field(default_factory=dict)
    encoding: dict[str, textfile.Decoded] = field(default_factory=dict)
    git_dirs: tuple[Path, ...] = ()  # git's own folders: never read through, never written to
    unwalked: tuple[str, ...] = ()  # folders the walk did not look into (MAX_FILES reached)


def load(root: Path, patterns: tuple[str, ...]) -> Loaded:
    git = gitinfo.read(root)
    unwalked: tuple[str, ...] = ()
    if git:  # git lists deleted-but-tracked files too: keep what is on disk
        base = os.fspath(root)
        paths = sorted(p for p in git.listed if os.path.lexists(os.path.join(base, p)))
    else:
        paths, unwalked = walk(root)
    git_dirs = git.git_dirs if git else ()
    paths = sorted({*paths, *fsread.shadowed(root, patterns, set(paths))})
    files: dict[str, str] = {}
    unreadable: dict[str, Location] = {}
    raw: dict[str, bytes] = {}
    encoding: dict[str, textfile.Decoded] = {}
    real_root = root.resolve()
    wanted = compile_patterns(patterns)
    real_folders: dict[str, str] = {}
    for rel in paths:
        if not wanted(rel):
            continue
        data = fsread.read(root / rel, real_root, git_dirs=git_dirs, real_folders=real_folders)
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
    return Loaded(root, snapshot, raw, encoding, git_dirs, unwalked)


def walk(root: Path, limit: int | None = None) -> tuple[list[str], tuple[str, ...]]:
    """Every file under `root` outside git (links not followed, PRUNED folders skipped), breadth first and without
    recursion (a tree 100,000 folders deep is a list, not a stack of calls); past `limit` files, the folders not
    looked into are returned with the files, so the report can name them instead of going quiet about them."""
    limit = MAX_FILES if limit is None else limit
    found: list[str] = []
    queue: deque[str] = deque([""])
    while queue:
        if len(found) >= limit:
            return sorted(found), tuple(sorted(queue))
        folder = queue.popleft()
        try:
            with os.scandir(root / folder if folder else root) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue  # unreadable, or replaced meanwhile: git would not list it either
        for entry in entries:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if not is_dir:
                found.append(rel)
            elif entry.name not in PRUNED and not entry.name.endswith(".egg-info"):
                queue.append(rel)
    return sorted(found), ()


def unwalked_message(folders: tuple[str, ...]) -> str:
    """The walk's limit, said as such: which folders (and so which projects) were not looked at."""
    named = ", ".join(f"{f}/" for f in folders[:10]) + (f" and {len(folders) - 10} more" if len(folders) > 10 else "")
    return (
        f"more than {MAX_FILES:,} files outside git: stopped listing them, so projects in {len(folders)} folder"
        f"{'s' if len(folders) != 1 else ''} were not looked at ({named}); run infra-fix on a smaller folder"
    )
