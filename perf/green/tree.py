"""A project's full source tree from its sdist, as a git repository on branch `main`, and ways to reset it.

An sdist is close to the repository's tree but not equal: the build adds `PKG-INFO`, `*.egg-info/` and appends an
`[egg_info]` section (with a `tag_build = ` line that ends in a space) to setup.cfg. Those would make hygiene hooks
fail for reasons no repository has, so they are removed before the first commit; the report says so.
"""

from __future__ import annotations

import re
import shutil
import subprocess  # noqa: S404 - fixed argument lists, never a shell
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

GIT_ID = ("-c", "user.name=green", "-c", "user.email=green@example.invalid", "-c", "commit.gpgsign=false")
ARCHIVES = (".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip")
_EGG_INFO = re.compile(r"\n*\[egg_info\]\ntag_build = ?\ntag_date = 0\n*\Z")


def git(repo: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run git in `repo` with a fixed identity; never raises on a non-zero exit."""
    argv = ["git", *GIT_ID, *args]
    return subprocess.run(argv, cwd=repo, input=stdin, capture_output=True, text=True, check=False)  # noqa: S603


def archive_of(slot: Path) -> Path | None:
    """The sdist archive cached in one `~/.cache/infra-fix-corpus/sdist/NAME-VERSION` folder."""
    found = sorted(p for p in slot.glob("*") if p.name.endswith(ARCHIVES)) if slot.is_dir() else []
    return found[0] if found else None


def member_count(archive: Path) -> int:
    """Regular files in the archive (to skip huge projects before extracting them)."""
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            return sum(not i.is_dir() for i in zf.infolist())
    with tarfile.open(archive) as tf:
        return sum(m.isfile() for m in tf)


def extract(archive: Path, dest: Path) -> None:
    """Unpack the sdist's one top folder into `dest` (regular files and symlinks; nothing outside `dest`)."""
    dest.mkdir(parents=True)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                rel = _inner(info.filename)
                if rel and not info.is_dir():
                    _write(dest / rel, zf.read(info))
        return
    with tarfile.open(archive) as tf:
        for member in tf:
            rel = _inner(member.name)
            if not rel:
                continue
            if member.isfile():
                handle = tf.extractfile(member)
                _write(dest / rel, handle.read() if handle else b"")
                if member.mode & 0o111:
                    (dest / rel).chmod(0o755)
            elif member.issym() and not member.linkname.startswith("/"):
                target = dest / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(member.linkname)


def _inner(name: str) -> str:
    parts = PurePosixPath(name).parts[1:]  # sdists wrap everything in one top folder
    if not parts or ".." in parts or parts[0].startswith("/"):
        return ""
    return "/".join(parts)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def drop_sdist_artifacts(root: Path) -> list[str]:
    """Remove what the sdist build added and no repository holds; return what was removed or trimmed."""
    removed: list[str] = []
    if (root / "PKG-INFO").is_file():
        (root / "PKG-INFO").unlink()
        removed.append("PKG-INFO")
    for egg in sorted(root.glob("**/*.egg-info")):
        if egg.is_dir():
            shutil.rmtree(egg)
            removed.append(egg.relative_to(root).as_posix() + "/")
    setup_cfg = root / "setup.cfg"
    if setup_cfg.is_file():
        text = setup_cfg.read_text(encoding="utf-8", errors="surrogateescape")
        trimmed = _EGG_INFO.sub("\n", text)
        if trimmed != text:
            removed.append("setup.cfg [egg_info]")
            if trimmed.strip():
                setup_cfg.write_text(trimmed, encoding="utf-8", errors="surrogateescape")
            else:
                setup_cfg.unlink()
    return removed


def commit_all(repo: Path, message: str) -> str:
    """Commit everything git does not ignore; return the commit id."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-verify", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD").stdout.strip()


def init_repo(repo: Path) -> str:
    """A fresh repository on branch `main` holding the tree; return the first commit. Every file of the tree is
    committed, ignored or not: a tracked file a `.gitignore` covers (urllib3's `.*` over its pre-commit config) is
    tracked in the real repository."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A", "-f")
    return commit_all(repo, "sdist tree")


def reset(repo: Path, commit: str) -> None:
    """Branch `main` back at `commit`, checked out; new untracked files go (ignored ones stay: never written)."""
    git(repo, "checkout", "-q", "-f", "-B", "main", commit)
    git(repo, "clean", "-q", "-fd")


def tracked(repo: Path) -> list[str]:
    """`git ls-files`: what pre-commit and CI see."""
    return git(repo, "ls-files", "-z").stdout.split("\0")[:-1]


def changed_files(repo: Path, base: str) -> tuple[list[str], list[str]]:
    """(modified, created) paths between `base` and the work tree, new untracked files included."""
    git(repo, "add", "-A")
    modified, created = [], []
    for line in git(repo, "diff", "--cached", "--name-status", "--no-renames", base).stdout.splitlines():
        status, _, path = line.partition("\t")
        (created if status == "A" else modified).append(path)
    return modified, created


def diff_text(repo: Path, base: str, paths: list[str] | None = None) -> str:
    """The patch from `base` to the work tree (new files included)."""
    git(repo, "add", "-A")
    return git(repo, "diff", "--cached", "--no-color", "--no-renames", base, "--", *(paths or [])).stdout
