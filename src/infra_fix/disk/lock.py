"""One `--apply` at a time in a repository: two at once would each read the files, and the second's writes would
be refused as "changed since it was read" (safe, but a spurious error). The lock is `flock` on the repository's root
folder itself, so no lock file is created anywhere and two paths to the same folder (a symbolic link) share it.
Where flock is unavailable (Windows) or refused (some network filesystems), runs go unlocked and the
changed-since-read check is what keeps every file whole."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

POLL = 0.05


class Busy(Exception):
    pass


@contextlib.contextmanager
def held(root: Path, wait: float) -> Iterator[None]:
    """Holds the repository's lock; raises Busy when another run keeps it for longer than `wait` seconds."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        fd = os.open(root, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(f"another infra-fix --apply is working in this repository (waited {wait:g} s)") from None
                time.sleep(POLL)
            except OSError:
                break  # no flock here: go unlocked
        yield
    finally:
        os.close(fd)
