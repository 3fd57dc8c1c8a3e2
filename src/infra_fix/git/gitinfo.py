"""What git knows about a work tree: where it starts, which files are the repository's (tracked or not ignored),
what origin/HEAD says the default branch is, which branches exist, and which paths it ignores.

Everything degrades to None outside a git work tree or without git. Nothing here guesses: the default branch is
origin/HEAD's or unknown (the core then reads the workflows' branch filters, and never picks `main` by default).
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
    default_branch: str | None  # what origin/HEAD points at
    branches: tuple[str, ...]  # local branches and origin's, without `origin/`


def toplevel(path: Path) -> Path | None:
    """The root of the git work tree holding `path` (a folder), or None outside one, or inside a folder that work
    tree ignores (a checkout kept in another repository's ignored folder is a repository of its own)."""
    git = shutil.which("git")
    if git is None:
        return None
    top = _git(git, path, "rev-parse", "--show-toplevel").strip()
    return Path(top) if top and not _ignored(git, path) else None


def ignored(root: Path, paths: list[str] | tuple[str, ...], *, no_index: bool = False) -> dict[str, str]:
    """Which of `paths` (not tracked) git ignores, each with the rule that does (`.gitignore:3:pyrightconfig.json`).
    `no_index`: judge the patterns alone, tracked or not (whether `.gitignore` covers `.env`, even a tracked one)."""
    git = shutil.which("git")
    if git is None or not paths:
        return {}
    try:
        proc = subprocess.run(  # noqa: S603 - fixed arguments
            [git, "-C", str(root), "check-ignore", "-v", "-z", "--stdin", *(["--no-index"] if no_index else [])],
            input="\0".join(paths) + "\0",
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {}
    fields = proc.stdout.split("\0")
    found = {}
    for source, line, pattern, path in zip(fields[0::4], fields[1::4], fields[2::4], fields[3::4], strict=False):
        if path and not pattern.startswith("!"):
            found[path] = f"{source}:{line}: {pattern}"
    return found


def read(root: Path) -> GitInfo | None:
    git = shutil.which("git")
    if git is None or not _git(git, root, "rev-parse", "--is-inside-work-tree").strip() == "true":
        return None
    if _ignored(git, root):
        return None  # a checkout kept inside another repository's ignored folder: git knows nothing of its files
    tracked = _paths(_git(git, root, "ls-files", "-z", "--cached"))
    others = _paths(_git(git, root, "ls-files", "-z", "--others", "--exclude-standard"))
    return GitInfo(tracked, tracked | others, _default_branch(git, root), _branches(git, root))


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
    return remote_head.split("/", 1)[-1] if remote_head else None


def _branches(git: str, root: Path) -> tuple[str, ...]:
    refs = _git(git, root, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes/origin").split()
    names = (r.removeprefix("refs/heads/").removeprefix("refs/remotes/origin/") for r in refs)
    return tuple(sorted({n for n in names if n != "HEAD"}))


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
