"""Renames that check and act in one step, where the kernel offers them: Linux `renameat2` with RENAME_EXCHANGE
(swap two names atomically, so the old file can be checked after the swap and swapped back) and RENAME_NOREPLACE
(create a name only if it does not exist). Elsewhere each returns False and the caller falls back."""

from __future__ import annotations

import errno
import functools
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ctypes

_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


@functools.cache
def _renameat2() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    """The libc function, looked up on the first write: ctypes costs a --check that writes nothing 3 ms to import."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        func = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+, musl 1.2.3+
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return func


def exchange(a: str, b: str) -> bool:
    """Swaps two existing names; False where the system or the filesystem cannot."""
    return _call(a, b, _RENAME_EXCHANGE)


def create(src: str, dst: str) -> bool:
    """Renames `src` to `dst` unless `dst` exists (then FileExistsError); False where unsupported."""
    return _call(src, dst, _RENAME_NOREPLACE)


def _call(src: str, dst: str, flags: int) -> bool:
    func = _renameat2()
    if func is None:
        return False
    if func(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), flags) == 0:
        return True
    import ctypes

    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), src, None, dst)
