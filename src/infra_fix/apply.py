"""Writing fixed files: atomically, with the file's mode, never over a file changed since it was read, never
outside the root."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from infra_fix_fixers import Changed

from . import textfile
from .load import Loaded


class WriteRefused(RuntimeError):
    pass


def write(loaded: Loaded, change: Changed) -> None:
    """Raises WriteRefused (with the reason) or OSError; on any failure the file on disk is as it was."""
    root = loaded.root.resolve()
    target = (loaded.root / change.path).resolve()
    if not target.is_relative_to(root):
        raise WriteRefused("resolves outside the repository")
    previous = loaded.raw.get(change.path)
    if previous is None:
        if os.path.lexists(target):
            raise WriteRefused("was created since it was read; not overwritten")
        data, mode = change.after.encode("utf-8"), 0o644 & ~_umask()
        target.parent.mkdir(parents=True, exist_ok=True)
    else:
        if target.read_bytes() != previous:
            raise WriteRefused("changed since it was read; not overwritten")
        enc = loaded.encoding[change.path]
        data, mode = textfile.encode(change.after, enc.bom, enc.newline), stat.S_IMODE(target.stat().st_mode)
    _atomic_write(target, data, mode)


def _atomic_write(target: Path, data: bytes, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".infra-fix")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
