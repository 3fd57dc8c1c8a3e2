"""Reading one file the way an adversarial repository cannot abuse: stat first, never open what is not a regular
file (opening a FIFO blocks, opening a device can rewind a tape), check the size before reading, then read at most
that much. Every refusal is a `Location` naming the reason; nothing here raises for a file's sake."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from pathlib import Path

from infra_fix_fixers import Location

MAX_BYTES = 16 * 1024 * 1024  # far above any configuration file; uv.lock of large workspaces stays under 5 MiB
_GLOB = set("*?[")

# O_NONBLOCK: even if a FIFO is swapped in between stat and open, open does not wait for a writer.
# O_NOFOLLOW: the path is already resolved; a symbolic link put there meanwhile is refused, not followed.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def kind(mode: int) -> str:
    """What a non-regular file is, in the words `ls -l` and `stat` use."""
    kinds = (
        (stat.S_ISDIR, "directory"),
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISLNK, "symbolic link"),
    )
    return next((name for test, name in kinds if test(mode)), "special file")


def read(
    path: Path,
    real_root: Path,
    limit: int = MAX_BYTES,
    *,
    git_dirs: tuple[Path, ...] = (),
    real_folders: dict[str, str] | None = None,
) -> bytes | Location:
    """The file's bytes, or why they cannot be read. A link may point anywhere inside the root, never outside and
    never into git's own folders (their config can hold a token, and a fix would be written back there).
    `real_folders` keeps each folder's resolved path for the files read after it (one load: a thousand files in a
    few dozen folders resolve a few dozen folders, not every folder of every path again)."""
    try:
        resolved = _realpath(path, real_folders)
    except OSError as err:
        return _link_problem(path, err)
    outside = escapes(resolved, real_root, git_dirs)
    if outside:
        return Location(f"symbolic link {outside}; not followed")
    try:
        refused = _refusal(os.stat(resolved), limit)
        if refused:
            return refused
        fd = os.open(resolved, _OPEN_FLAGS)
        try:
            # the same questions again on what was opened: the path may have been swapped since the stat
            refused = _refusal(os.fstat(fd), limit)
            return refused or _read_at_most(fd, limit)
        finally:
            os.close(fd)
    except PermissionError:
        return Location("permission denied")
    except OSError as err:
        return Location(_reason(err))


def _realpath(path: Path, real_folders: dict[str, str] | None) -> str:
    """`os.path.realpath(path, strict=True)`; a file that is no link resolves to its folder's resolved path (kept in
    `real_folders`) and its name."""
    if real_folders is None:
        return os.path.realpath(path, strict=True)
    folder, name = os.path.split(os.fspath(path))
    if name in ("", ".", "..") or stat.S_ISLNK(os.lstat(path).st_mode):
        return os.path.realpath(path, strict=True)
    real = real_folders.get(folder)
    if real is None:
        real = real_folders[folder] = os.path.realpath(folder, strict=True)
    return os.path.join(real, name)


def escapes(resolved: Path | str, real_root: Path, git_dirs: tuple[Path, ...] = ()) -> str | None:
    """Where a resolved path leads that infra-fix never goes, in words ("to /etc/x points outside the repository",
    "into .git, git's own folder"), or None when it stays in the work tree. (Compared as strings: both are resolved,
    and pathlib's comparisons cost more than the read on a large tree.)"""
    target, root = os.fspath(resolved), os.fspath(real_root)
    if not _within(target, root):
        return f"to {target} points outside the repository"
    inside = target[len(root) :].lstrip("/")
    in_git = any(_within(target, os.fspath(d)) for d in git_dirs)
    if in_git or any(part.lower() == ".git" for part in inside.split("/")):
        return f"leads into git's own folder ({inside or '.'})"
    return None


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder if folder.endswith("/") else folder + "/")


def read_exactly(path: Path | str, limit: int = MAX_BYTES) -> bytes | None:
    """A regular file's bytes without following a link, or None for anything else (gone, a folder, a link, too
    large): for comparing what is on disk with what was read, where any doubt means "not the same"."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        if _refusal(os.fstat(fd), limit):
            return None
        data = _read_at_most(fd, limit)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if isinstance(data, bytes) else None


def shadowed(root: Path, patterns: tuple[str, ...], listed: set[str]) -> list[str]:
    """Paths named like a wanted file that are not regular files, and that neither git nor the walk lists (git lists
    no FIFO or folder): reported as unreadable, never mistaken for missing, so nothing is created over them.

    A folder counts only where the pattern's last part names a file (`pyrightconfig.json`, `*.yml`): `scripts/*`
    must not turn every sub-folder of scripts/ into an error."""
    found: list[str] = []
    # `**/name` (at any depth) is looked for at the root: scanning every folder for a folder named like a config
    # file would cost a walk of the whole tree
    roots = [p[3:] for p in patterns if p.startswith("**/")]
    for pattern in (*patterns, *roots):
        folder, _, name = pattern.rpartition("/")
        if _GLOB & set(folder):
            continue
        try:
            entries = list(os.scandir(root / folder)) if folder else list(os.scandir(root))
        except OSError:
            continue
        for entry in entries:
            rel = f"{folder}/{entry.name}" if folder else entry.name
            if rel in listed or not fnmatch.fnmatchcase(entry.name, name):
                continue
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue
            if stat.S_ISREG(mode) or stat.S_ISLNK(mode) or (stat.S_ISDIR(mode) and not _names_a_file(name)):
                continue
            found.append(rel)
    return sorted(set(found))


def _names_a_file(name: str) -> bool:
    return not (_GLOB & set(name)) or "." in name


def _refusal(info: os.stat_result, limit: int) -> Location | None:
    if not stat.S_ISREG(info.st_mode):
        return Location(f"not a regular file: {kind(info.st_mode)}")
    if info.st_size > limit:
        return _too_large(info.st_size, limit)
    return None


def _read_at_most(fd: int, limit: int) -> bytes | Location:
    """Reads until end of file, but never more than `limit` + 1 bytes: a file that grows after the stat is caught."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = os.read(fd, min(1 << 20, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
    return _too_large(size, limit)


def _too_large(size: int, limit: int) -> Location:
    return Location(
        f"file is too large to be a configuration file ({size / 1024 / 1024:.0f} MiB; the limit is "
        f"{limit // 1024 // 1024} MiB); not read"
    )


def _link_problem(path: Path, err: OSError) -> Location:
    if err.errno == errno.ELOOP:
        return Location("symbolic link loop (it resolves to itself); not followed")
    if err.errno == errno.ENOENT and os.path.islink(path):
        return Location("symbolic link to a missing file; not followed")
    if isinstance(err, PermissionError):
        return Location("permission denied")
    return Location(_reason(err))


def _reason(err: OSError) -> str:
    """The system's words for an error, without the file name or anything else it carries (never file content)."""
    return err.strerror or type(err).__name__
