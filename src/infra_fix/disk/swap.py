"""Renames that check and act in one step, where the kernel offers them: Linux `renameat2` with RENAME_EXCHANGE
(swap two names atomically, so the old file can be checked after the swap and swapped back) and RENAME_NOREPLACE
(create a name only if it does not exist). Elsewhere each returns False and the caller falls back."""

from __future__ import annotations

import ctypes
import errno
import os
import sys

_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


def _renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    if not sys.platform.startswith("linux"):
        return None
    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+, musl 1.2.3+
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


_FUNC = _renameat2()


def exchange(a: str, b: str) -> bool:
    """Swaps two existing names; False where the system or the filesystem cannot."""
    return _call(a, b, _RENAME_EXCHANGE)


def create(src: str, dst: str) -> bool:
    """Renames `src` to `dst` unless `dst` exists (then FileExistsError); False where unsupported."""
    return _call(src, dst, _RENAME_NOREPLACE)


def _call(src: str, dst: str, flags: int) -> bool:
    if _FUNC is None:
        return False
    if _FUNC(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), src, None, dst)
