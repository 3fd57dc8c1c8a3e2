"""A replaced file keeps its identity: mode, owner, group, extended attributes (ACLs); what cannot be kept (hard
links, an attribute that cannot be set) is a refusal that leaves the file as it was."""

from __future__ import annotations

import errno
import os
import stat
import struct
from pathlib import Path

import pytest

from infra_fix import load
from infra_fix.disk import apply, identity
from infra_fix_fixers import Changed

OLD, NEW = "line-length = 88\n", "line-length = 120\n"
CHANGE = Changed("ruff.toml", OLD, NEW, ())
ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")


def _loaded(root: Path) -> load.Loaded:
    (root / "ruff.toml").write_text(OLD)
    return load.load(root, ("ruff.toml",))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".infra-fix"))


@pytest.fixture
def labelled(tmp_path: Path) -> tuple[load.Loaded, Path]:
    """ruff.toml, read, with the extended attribute user.label = b"x"."""
    loaded = _loaded(tmp_path)
    target = tmp_path / "ruff.toml"
    try:
        os.setxattr(target, "user.label", b"x")
    except OSError:
        pytest.skip("this filesystem keeps no user.* extended attributes")
    return loaded, target


@ROOT_ONLY
def test_owner_group_and_mode_are_kept_when_run_as_root(tmp_path: Path) -> None:
    """issue 9: `--apply` as root over someone else's checkout left root-owned files."""
    loaded = _loaded(tmp_path)
    target = tmp_path / "ruff.toml"
    os.chown(target, 1234, 5678)
    target.chmod(0o2640)  # setgid too: chown clears it, so the mode must be set after the owner
    apply.write(loaded, CHANGE)
    info = target.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 5678, 0o2640)
    assert target.read_text() == NEW


@ROOT_ONLY
def test_a_new_file_and_its_new_folders_belong_to_the_repositorys_owner(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    os.chown(tmp_path, 1234, 5678)
    apply.write(loaded, Changed(".github/workflows/ci.yml", None, "on: push\n", ()))
    for path in (tmp_path / ".github", tmp_path / ".github/workflows", tmp_path / ".github/workflows/ci.yml"):
        assert (path.stat().st_uid, path.stat().st_gid) == (1234, 5678), path


def test_a_hard_linked_file_is_refused_and_both_names_untouched(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    os.link(tmp_path / "ruff.toml", tmp_path / "shared.toml")
    with pytest.raises(apply.WriteRefused, match="has 2 hard links, which a replacement would split; not written"):
        apply.write(loaded, CHANGE)
    assert (tmp_path / "ruff.toml").read_text() == OLD
    assert os.path.samefile(tmp_path / "ruff.toml", tmp_path / "shared.toml")
    assert _leftovers(tmp_path) == []


def test_user_extended_attributes_are_copied(labelled: tuple[load.Loaded, Path]) -> None:
    loaded, target = labelled
    os.setxattr(target, "user.origin", b"checked out by the deploy bot")
    apply.write(loaded, CHANGE)
    assert os.getxattr(target, "user.origin") == b"checked out by the deploy bot"
    assert os.getxattr(target, "user.label") == b"x"
    assert target.read_text() == NEW


def test_a_posix_acl_is_copied(tmp_path: Path) -> None:
    """The ACL `setfacl -m u:1234:r` writes, as the kernel stores it (no setfacl needed)."""
    loaded = _loaded(tmp_path)
    target = tmp_path / "ruff.toml"
    entries = [
        (0x01, 6, 0xFFFFFFFF),
        (0x02, 4, 1234),
        (0x04, 4, 0xFFFFFFFF),
        (0x10, 4, 0xFFFFFFFF),
        (0x20, 4, 0xFFFFFFFF),
    ]
    acl = struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *entry) for entry in entries)
    try:
        os.setxattr(target, "system.posix_acl_access", acl)
    except OSError as err:
        pytest.skip(f"no POSIX ACLs on this filesystem ({err.strerror})")
    apply.write(loaded, CHANGE)
    assert os.getxattr(target, "system.posix_acl_access") == acl
    assert target.read_text() == NEW


def test_an_attribute_that_cannot_be_kept_is_a_refusal(
    labelled: tuple[load.Loaded, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded, target = labelled

    def refuse(path: int | str, name: str, value: bytes, *args: int) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(identity.os, "setxattr", refuse)
    with pytest.raises(apply.WriteRefused, match="its extended attribute user.label cannot be kept; not written"):
        apply.write(loaded, CHANGE)
    assert target.read_text() == OLD and os.getxattr(target, "user.label") == b"x"
    assert _leftovers(target.parent) == []


def test_an_attribute_the_new_file_has_anyway_is_not_a_refusal(
    labelled: tuple[load.Loaded, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SELinux label, say, that may not be set but that the new file got from its folder."""
    loaded, target = labelled
    real_setxattr = os.setxattr
    calls: list[str] = []

    def inherited_then_refused(path: int | str, name: str, value: bytes, *args: int) -> None:
        calls.append(name)
        real_setxattr(path, name, value)
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(identity.os, "setxattr", inherited_then_refused)
    apply.write(loaded, CHANGE)
    assert calls == ["user.label"] and target.read_text() == NEW


def test_attributes_the_old_file_did_not_have_are_not_added(
    labelled: tuple[load.Loaded, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temporary file may inherit attributes (a folder's default ACL) that the file it replaces never had."""
    loaded, target = labelled
    real_give = identity.give

    def inherit(fd: int, kept: identity.Identity) -> str | None:
        os.setxattr(fd, "user.inherited", b"1")
        return real_give(fd, kept)

    monkeypatch.setattr(apply.identity, "give", inherit)
    apply.write(loaded, CHANGE)
    assert os.listxattr(target) == ["user.label"]
