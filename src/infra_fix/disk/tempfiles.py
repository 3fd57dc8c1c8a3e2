"""Our temporary files: `.NAME.XXXXXXXX.infra-fix` next to the file NAME they will replace, created so that a
signal can never leave one behind (`signals.py`), and removed by the next `--apply` when a killed run (SIGKILL,
power loss) did leave one. Nothing else is ever removed: only that exact name, only a regular file, only in the
folders of the files the fixers own, only when it is older than the sweeping run."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from . import signals

SUFFIX = ".infra-fix"
_NAME = re.compile(r"\.(?P<name>.+)\.[a-z0-9_]{8}" + re.escape(SUFFIX), re.DOTALL)  # mkstemp's names match too


def create(target: Path) -> tuple[int, str]:
    """A new empty file (mode 0600) in the target's folder, open for writing, registered for removal on a signal."""
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


def sweep(root: Path, folders: Iterable[str], wanted: Callable[[str], object], before: float) -> list[str]:
    """Removes the temporary files a killed run left next to the wanted files of `folders`; returns their paths."""
    removed: list[str] = []
    for folder in sorted(set(folders)):
        try:
            entries = list(os.scandir(root / folder)) if folder else list(os.scandir(root))
        except OSError:
            continue
        for entry in entries:
            match = _NAME.fullmatch(entry.name)
            if not match or not wanted(f"{folder}/{match['name']}" if folder else match["name"]):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < before:
                    os.unlink(entry.path)
                    removed.append(f"{folder}/{entry.name}" if folder else entry.name)
    return removed
