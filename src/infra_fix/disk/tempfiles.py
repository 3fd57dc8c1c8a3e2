"""Our temporary files: `.NAME.XXXXXXXX.infra-fix` next to the file NAME they will replace, created so that a
signal can never leave one behind (`signals.py`), and removed by the next `--apply` when a killed run (SIGKILL,
power loss) did leave one. Nothing else is ever removed: only that exact name, only a regular file git does not
track, only in the folders of the files the fixers own (reached without following a link), only when it is older
than the sweeping run."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from . import signals

SUFFIX = ".infra-fix"
_NAME = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}" + re.escape(SUFFIX), re.DOTALL)  # mkstemp's names match too


def create(target: Path) -> tuple[int, str]:
    """A new empty file (mode 0600) in the target's folder, open for writing, registered for removal on a signal."""
    import secrets  # here: its hmac and hashlib are start-up cost for every run that writes nothing

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        path = str(target.parent / f".{target.name}.{secrets.token_hex(4)}{SUFFIX}")
        with signals.critical():
            try:
                fd = os.open(path, flags, 0o600)
            except FileExistsError:
                continue
            signals.track(path)
        return fd, path
    raise FileExistsError(f"no free temporary name next to {target.name}")


def remove(path: str, fd: int) -> None:
    """Removes our temporary file, if the name still holds the file `fd` has open (a swap may have put another
    file there: that one is left alone)."""
    with signals.critical():
        with contextlib.suppress(OSError):
            ours, there = os.fstat(fd), os.lstat(path)
            if (ours.st_dev, ours.st_ino) == (there.st_dev, there.st_ino):
                os.unlink(path)
        signals.untrack(path)


def sweep(
    root: Path,
    folders: Iterable[str],
    wanted: Callable[[str], object],
    before: float,
    tracked: frozenset[str] | None = None,
) -> list[str]:
    """Removes the temporary files a killed run left next to the wanted files of `folders`; returns their paths.

    Only what infra-fix provably made: the exact name, next to a file a fixer owns, a regular file older than this
    run, not one git tracks (`tracked`; None outside git), in a folder reached without following any symbolic
    link (a `.github` that links elsewhere is not ours to clean)."""
    real_root = os.path.realpath(root)
    removed: list[str] = []
    for folder in sorted(set(folders)):
        fd = _open_folder(real_root, folder)
        if fd is None:
            continue
        try:
            for name in sorted(os.listdir(fd)):
                match = _NAME.fullmatch(name)
                rel = f"{folder}/{name}" if folder else name
                if not match or not wanted(f"{folder}/{match['name']}" if folder else match["name"]):
                    continue
                if tracked is not None and rel in tracked:
                    continue
                with contextlib.suppress(OSError):
                    info = os.stat(name, dir_fd=fd, follow_symlinks=False)
                    if stat.S_ISREG(info.st_mode) and info.st_mtime < before:
                        os.unlink(name, dir_fd=fd)
                        removed.append(rel)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def _open_folder(real_root: str, folder: str) -> int | None:
    """The folder, opened, if it is a real folder of the work tree: no symbolic link on the way, not git's own."""
    path = os.path.join(real_root, *folder.split("/")) if folder else real_root
    if os.path.realpath(path) != os.path.normpath(path) or ".git" in folder.lower().split("/"):
        return None
    try:
        return os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
