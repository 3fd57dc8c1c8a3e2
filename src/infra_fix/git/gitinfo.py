"""What git knows about a work tree: where it starts, which files are the repository's (tracked or not ignored),
what origin/HEAD says the default branch is, which branches exist, and which paths it ignores.

Everything degrades to None outside a git work tree or without git. Nothing here guesses: the default branch is
origin/HEAD's or unknown (the core then reads the workflows' branch filters, and never picks `main` by default).
Names are git's bytes (`-z`), decoded as the file system decodes them (surrogateescape), so a Latin-1 name is a
name like any other. Every call goes through `runner`, with its protections.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from msgspec import Struct

from . import runner


class Refused(Exception):
    """git would take its configuration, or its idea of the work tree, from somewhere the repository chose."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class GitInfo(Struct, frozen=True):
    tracked: frozenset[str]
    listed: frozenset[str]  # tracked, plus untracked files that are not ignored
    default_branch: str | None  # what origin/HEAD points at
    branches: tuple[str, ...]  # local branches and origin's, without `origin/`
    git_dirs: tuple[Path, ...] = ()  # the repository's own git folders (never written to, never read through)


_BARE = re.compile(r"cannot use bare repository '(?P<path>.*)' \(safe\.bareRepository")


def toplevel(path: Path) -> Path | None:
    """The root of the git work tree holding `path` (a folder), or None outside one, or inside a folder that work
    tree ignores (a checkout kept in another repository's ignored folder is a repository of its own).

    Raises Refused where git would obey a configuration the repository can ship: a folder laid out as a bare
    repository (HEAD, config, objects/, refs/: tracked files can make one), a configuration that moves the work
    tree elsewhere (`core.worktree`), or a `.git` folder among files another repository tracks (an unpacked
    archive's: git itself never checks out a `.git`)."""
    if ".git" in Path(os.path.realpath(path)).parts:
        raise Refused(f"{path} is inside a git folder, which is git's own; infra-fix never works there")
    found = _rev_parse(path, "--show-toplevel", "--absolute-git-dir")
    if isinstance(found, str):
        bare = _BARE.search(found)
        if bare:
            raise Refused(
                f"{bare['path']} is laid out as a bare git repository (HEAD, config, objects/, refs/), whose "
                "configuration could run commands; infra-fix does not run git there (run it on the repository's "
                "root, or move that folder out of the way)"
            )
        return None
    if len(found) != 2:
        return None
    top, git_dir = Path(found[0]), Path(found[1])
    if not _is_own_git_dir(top, git_dir) or not _contains(top, path):
        raise Refused(
            f"the git configuration at {git_dir} moves the work tree to {top} (core.worktree); infra-fix writes "
            "only inside the folder that holds .git, so it does not use this repository"
        )
    if _ignored(path):
        return None
    outer = _tracked_by_outer(top)
    if outer is not None:
        raise Refused(
            f"{top}/.git sits among files that the repository at {outer} tracks (an unpacked archive's?); git "
            "would obey its configuration, so infra-fix does not run git there"
        )
    return top


def ignored(root: Path, paths: list[str] | tuple[str, ...], *, no_index: bool = False) -> dict[str, str]:
    """Which of `paths` (not tracked) git ignores, each with the rule that does (`.gitignore:3:pyrightconfig.json`).
    `no_index`: judge the patterns alone, tracked or not (whether `.gitignore` covers `.env`, even a tracked one)."""
    if not paths:
        return {}
    args = ["check-ignore", "-v", "-z", "--stdin", *(["--no-index"] if no_index else [])]
    result = _git(root, *args, stdin=b"".join(os.fsencode(p) + b"\0" for p in paths), ok=(0, 1))
    if result is None:
        return {}
    fields = result.split("\0")
    found = {}
    for source, line, pattern, path in zip(fields[0::4], fields[1::4], fields[2::4], fields[3::4], strict=False):
        if path and not pattern.startswith("!"):
            found[path] = f"{source}:{line}: {pattern}"
    return found


def read(root: Path) -> GitInfo | None:
    if (_git(root, "rev-parse", "--is-inside-work-tree") or "").strip() != "true":
        return None
    if _ignored(root):
        return None  # a checkout kept inside another repository's ignored folder: git knows nothing of its files
    tracked = _paths(_git(root, "ls-files", "-z", "--cached"))
    others = _paths(_git(root, "ls-files", "-z", "--others", "--exclude-standard"))
    dirs = _rev_parse(root, "--absolute-git-dir", "--git-common-dir")
    git_dirs = tuple(dict.fromkeys(Path(root, d).resolve() for d in dirs)) if isinstance(dirs, list) else ()
    return GitInfo(tracked, tracked | others, _default_branch(root), _branches(root), git_dirs)


def _rev_parse(path: Path, *args: str) -> list[str] | str:
    """rev-parse's lines, or git's complaint (empty when git is missing or silent)."""
    try:
        result = runner.run(path, "rev-parse", *args)
    except runner.Unavailable:
        return ""
    if result.code != 0:
        return result.error
    return result.text.splitlines()


def _is_own_git_dir(top: Path, git_dir: Path) -> bool:
    """Whether `git_dir` is the one `top/.git` names: the folder itself, or the gitfile of a linked work tree or a
    submodule. Anything else is a configuration that points the work tree somewhere (core.worktree)."""
    dot_git = top / ".git"
    try:
        if dot_git.is_dir():
            return os.path.samefile(dot_git, git_dir)
        first = dot_git.read_text(encoding="utf-8", errors="surrogateescape").splitlines()[0]
    except (OSError, IndexError):
        return False
    if not first.startswith("gitdir: "):
        return False
    named = Path(first.removeprefix("gitdir: ").strip())
    try:
        return os.path.samefile(named if named.is_absolute() else top / named, git_dir)
    except OSError:
        return False


def _contains(top: Path, path: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(top))


def _tracked_by_outer(top: Path) -> Path | None:
    """The repository above `top` when it tracks files inside `top`, whose `.git` folder then came from elsewhere."""
    if not (top / ".git").is_dir() or top.parent == top:
        return None
    above = _rev_parse(top.parent, "--show-toplevel")
    if not isinstance(above, list) or not above:
        return None
    outer = Path(above[0])
    inside = os.path.relpath(os.path.realpath(top), os.path.realpath(outer)).replace(os.sep, "/")
    listed = _git(outer, "ls-files", "-z", "--stage", "--", f"{inside}/") or ""
    # a gitlink (mode 160000: a submodule, or a clone added as one) is the outer repository's pointer, not files
    files = [entry for entry in listed.split("\0") if entry and not entry.startswith("160000 ")]
    return outer if files else None


def _ignored(root: Path) -> bool:
    return _git(root, "check-ignore", "-q", ".") is not None


def _default_branch(root: Path) -> str | None:
    remote_head = (_git(root, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD") or "").strip()
    return remote_head.split("/", 1)[-1] if remote_head else None


def _branches(root: Path) -> tuple[str, ...]:
    refs = (_git(root, "for-each-ref", "--format=%(refname)", "refs/heads", "refs/remotes/origin") or "").split()
    names = (r.removeprefix("refs/heads/").removeprefix("refs/remotes/origin/") for r in refs)
    return tuple(sorted({n for n in names if n != "HEAD"}))


def _git(root: Path, *args: str, stdin: bytes | None = None, ok: tuple[int, ...] = (0,)) -> str | None:
    """stdout (names decoded with surrogateescape), or None when git is missing, slow or failing."""
    try:
        result = runner.run(root, *args, stdin=stdin)
    except runner.Unavailable:
        return None
    return result.text if result.code in ok else None


def _paths(output: str | None) -> frozenset[str]:
    return frozenset(p for p in (output or "").split("\0") if p)
