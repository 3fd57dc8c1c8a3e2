"""What git knows about a work tree: which files are the project's (tracked or not ignored) and its default branch.

Everything degrades to None outside a git work tree or without git: the fixers then fall back to defaults.
"""

from __future__ import annotations

import shutil
import subprocess  # noqa: S404 - git is run with fixed arguments, never through a shell
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class GitInfo:
    tracked: frozenset[str]
    listed: frozenset[str]  # tracked, plus untracked files that are not ignored
    default_branch: str | None


def read(root: Path) -> GitInfo | None:
    git = shutil.which("git")
    if git is None or not _git(git, root, "rev-parse", "--is-inside-work-tree").strip() == "true":
        return None
    if _ignored(git, root):
        return None  # a checkout kept inside another repository's ignored folder: git knows nothing of its files
    tracked = _paths(_git(git, root, "ls-files", "-z", "--cached"))
    others = _paths(_git(git, root, "ls-files", "-z", "--others", "--exclude-standard"))
    return GitInfo(tracked, tracked | others, _default_branch(git, root))


def _ignored(git: str, root: Path) -> bool:
    try:
        proc = subprocess.run(  # noqa: S603 - fixed arguments
            [git, "-C", str(root), "check-ignore", "-q", "."], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return proc.returncode == 0


def _default_branch(git: str, root: Path) -> str | None:
    remote_head = _git(git, root, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD").strip()
    if remote_head:
        return remote_head.split("/", 1)[-1]
    configured = _git(git, root, "config", "--get", "init.defaultBranch").strip()
    current = _git(git, root, "symbolic-ref", "--quiet", "--short", "HEAD").strip()
    for name in ("main", "master"):
        if name in (current, configured):
            return name
    return current or configured or None


def _git(git: str, root: Path, *args: str) -> str:
    try:
        proc = subprocess.run(  # noqa: S603 - fixed arguments
            [git, "-C", str(root), *args], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return proc.stdout if proc.returncode == 0 else ""


def _paths(output: str) -> frozenset[str]:
    return frozenset(p for p in output.split("\0") if p)
