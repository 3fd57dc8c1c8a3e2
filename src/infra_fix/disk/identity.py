"""What makes a file that file, beyond its bytes: mode, owner and group, extended attributes (POSIX ACLs are the
`system.posix_acl_access` attribute). A replaced file gets all of them back; what cannot be kept is a reason to
refuse the write, never a silent loss (issue 9: `--apply` as root left root-owned files in a user's checkout)."""

from __future__ import annotations

import contextlib
import os
import stat

from msgspec import Struct


class Identity(Struct, frozen=True):
    mode: int
    uid: int | None  # None: leave as created (a new file when not running as root)
    gid: int | None
    xattrs: tuple[tuple[str, bytes], ...] = ()


def of(path: str, info: os.stat_result) -> Identity | str:
    """The identity of an existing regular file, or why replacing it would lose something."""
    if info.st_nlink > 1:
        return f"has {info.st_nlink} hard links, which a replacement would split"
    try:
        names = os.listxattr(path) if hasattr(os, "listxattr") else []
    except OSError:
        names = []  # the filesystem keeps no extended attributes
    xattrs: list[tuple[str, bytes]] = []
    for name in names:
        try:
            xattrs.append((name, os.getxattr(path, name)))
        except OSError:
            return f"its extended attribute {name} cannot be read, so it could not be kept"
    return Identity(stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid, tuple(xattrs))


def new(mode: int, owner: os.stat_result | None) -> Identity:
    """A new file: `mode` as the umask allows; as root, the owner of `owner` (the repository's root folder), so a
    root run does not leave root-owned files in someone's checkout."""
    if owner is not None and _root():
        return Identity(mode, owner.st_uid, owner.st_gid)
    return Identity(mode, None, None)


def give(fd: int, identity: Identity) -> str | None:
    """Gives the open file `identity`; returns why it could not, or None. Owner first: chown clears set-id bits."""
    _chown(fd, identity.uid, identity.gid)
    refused = _set_xattrs(fd, identity.xattrs)
    os.chmod(fd, identity.mode)
    return refused


def chown_like(path: str, owner: os.stat_result) -> None:
    """A folder made for a new file, as root: the owner of the repository, like the file."""
    if _root() and hasattr(os, "chown"):
        with contextlib.suppress(PermissionError):
            os.chown(path, owner.st_uid, owner.st_gid, follow_symlinks=False)


def _chown(fd: int, uid: int | None, gid: int | None) -> None:
    if uid is None or gid is None or not hasattr(os, "fchown"):
        return
    # Only root may give a file away; anyone may set a group they belong to. Where neither is allowed (or root is
    # squashed, as on NFS) the file keeps the writer's ids: the content is still right, and that is the best we can.
    with contextlib.suppress(PermissionError):
        if _root():
            os.fchown(fd, uid, gid)
        elif gid != os.getegid():
            os.fchown(fd, -1, gid)


def _set_xattrs(fd: int, xattrs: tuple[tuple[str, bytes], ...]) -> str | None:
    if not hasattr(os, "setxattr"):
        return None
    wanted = dict(xattrs)
    with contextlib.suppress(OSError):
        for name in os.listxattr(fd):  # inherited from the folder (a default ACL), which the old file did not have
            if name not in wanted:
                with contextlib.suppress(OSError):
                    os.removexattr(fd, name)
    for name, value in xattrs:
        try:
            os.setxattr(fd, name, value)
        except OSError:
            try:
                kept = os.getxattr(fd, name) == value  # e.g. a SELinux label the new file got anyway
            except OSError:
                kept = False
            if not kept:
                return f"its extended attribute {name} cannot be kept"
    return None


def _root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0
