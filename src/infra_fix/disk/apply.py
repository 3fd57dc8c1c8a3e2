"""Writing fixed files: atomically, with the file's identity (mode, owner, group, extended attributes), never over a
file changed since it was read, never outside the root, never into git's own folder (whatever links lead there).

The order is what makes it safe. Everything slow happens first, on a temporary file next to the target: write,
give it the target's identity, fsync. Only then, with nothing slow left, the target is compared with what was read
and the temporary file takes its place. On Linux the two are swapped in one step (renameat2 RENAME_EXCHANGE) and
the file swapped out is compared once more, so a save that lands between the comparison and the swap is swapped
back, not lost. Where the kernel cannot swap, a plain rename follows the comparison immediately.

A crash at any point leaves the target wholly old or wholly new (the data is on disk before the rename); what it
can leave is a temporary file, which the next `--apply` removes (`tempfiles.sweep`).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from infra_fix_fixers import Changed

from ..load import Loaded
from . import fsread, identity, signals, swap, tempfiles, testhook, textfile

NEW_FILE_MODE = 0o644


class WriteRefused(RuntimeError):
    pass


def write(loaded: Loaded, change: Changed) -> None:
    """Raises WriteRefused (with the reason) or OSError; on any failure the file on disk is as it was."""
    root = Path(os.path.realpath(loaded.root))
    target = Path(os.path.realpath(loaded.root / change.path))
    if not target.is_relative_to(root):
        raise WriteRefused("resolves outside the repository")
    if fsread.escapes(target, root, loaded.git_dirs):  # a link to .git/config, .git/info/exclude, .git/hooks/...
        raise WriteRefused("resolves into .git, git's own folder, through a symbolic link")
    previous = loaded.raw.get(change.path)
    if previous is None:
        _create(root, target, change.after.encode("utf-8"))
        return
    enc = loaded.encoding[change.path]
    _replace(target, textfile.encode(change.after, enc.bom, enc.newline), previous)


def _replace(target: Path, data: bytes, previous: bytes) -> None:
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        raise WriteRefused("was removed since it was read; not written") from None
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused(f"is no longer a regular file ({fsread.kind(info.st_mode)}); not written")
    kept = identity.of(str(target), info)
    if isinstance(kept, str):
        raise WriteRefused(f"{kept}; not written")
    fd, tmp = tempfiles.create(target)
    try:
        _fill(fd, data, kept)
        with signals.critical():
            _swap_in(tmp, target, previous)
    finally:
        tempfiles.remove(tmp, fd)
        os.close(fd)
    _sync_folder(target.parent)
    testhook.stage("written")


def _create(root: Path, target: Path, data: bytes) -> None:
    if os.path.lexists(target):
        raise WriteRefused(_existing(target))
    owner = os.stat(root)
    _make_folders(target.parent, owner)
    fd, tmp = tempfiles.create(target)
    try:
        _fill(fd, data, identity.new(NEW_FILE_MODE & ~_umask(), owner))
        with signals.critical():
            testhook.stage("compared")
            _link_in(tmp, target)
    finally:
        tempfiles.remove(tmp, fd)
        os.close(fd)
    _sync_folder(target.parent)
    testhook.stage("written")


def _fill(fd: int, data: bytes, kept: identity.Identity) -> None:
    """The slow part, before any comparison: the temporary file complete, with its identity, on disk."""
    testhook.stage("temporary file created")
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    refused = identity.give(fd, kept)
    if refused:
        raise WriteRefused(f"{refused}; not written")
    os.fsync(fd)
    testhook.stage("temporary file complete")


def _swap_in(tmp: str, target: Path, previous: bytes) -> None:
    """Compare, then swap at once; where the kernel swaps, check what was swapped out and swap back if it changed."""
    if fsread.read_exactly(target) != previous:
        raise WriteRefused("changed since it was read; not overwritten")
    testhook.stage("compared")
    if not swap.exchange(tmp, str(target)):
        os.replace(tmp, target)
        return
    testhook.stage("swapped")
    if fsread.read_exactly(tmp) != previous:
        swap.exchange(tmp, str(target))
        raise WriteRefused("changed while it was being written; not overwritten")
    os.unlink(tmp)  # the old file, as it was read (tempfiles.remove only ever removes our own file)


def _link_in(tmp: str, target: Path) -> None:
    """A new file appears only where nothing exists, even if something was created there since the check."""
    try:
        if swap.create(tmp, str(target)):
            return
        os.link(tmp, target)  # fails if the name exists: the portable no-clobber rename, in two steps
    except FileExistsError:
        raise WriteRefused(_existing(target)) from None
    except OSError:
        if os.path.lexists(target):  # a filesystem without hard links (FAT, some FUSE): check, then rename
            raise WriteRefused(_existing(target)) from None
        os.replace(tmp, target)


def _existing(target: Path) -> str:
    try:
        mode = os.lstat(target).st_mode
    except OSError:
        mode = stat.S_IFREG
    if stat.S_ISREG(mode):
        return "was created since it was read; not overwritten"
    return f"exists and is not a regular file ({fsread.kind(mode)}); not created"


def _make_folders(folder: Path, owner: os.stat_result) -> None:
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        with contextlib.suppress(FileExistsError):
            new.mkdir()
        identity.chown_like(str(new), owner)


def _sync_folder(folder: Path) -> None:
    """The rename itself made durable; a filesystem that cannot fsync a folder still renamed atomically."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
