"""Reading files from a repository nobody vetted: stat before reading, never open what is not a regular file,
bounded reads, and a located reason for every refusal."""

from __future__ import annotations

import os
import socket
import stat
import tracemalloc
from pathlib import Path

import pytest

from infra_fix import load
from infra_fix.disk import fsread
from infra_fix_fixers import Location

GIB = 1024 * 1024 * 1024


def _refusal(path: Path, root: Path) -> str:
    result = fsread.read(path, root.resolve())
    assert isinstance(result, Location), result
    return result.message


def test_a_fifo_is_named_and_never_opened(tmp_path: Path) -> None:
    """Opening a FIFO for reading waits for a writer: the read would hang the run forever."""
    os.mkfifo(tmp_path / "pyrightconfig.json")
    assert _refusal(tmp_path / "pyrightconfig.json", tmp_path) == "not a regular file: FIFO"


def test_a_folder_a_socket_and_a_device_are_named(tmp_path: Path) -> None:
    (tmp_path / "ruff.toml").mkdir()
    assert _refusal(tmp_path / "ruff.toml", tmp_path) == "not a regular file: directory"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(tmp_path / "renovate.json"))
        assert _refusal(tmp_path / "renovate.json", tmp_path) == "not a regular file: socket"
    try:
        os.mknod(tmp_path / "uv.lock", stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null's numbers
    except PermissionError:
        pytest.skip("mknod needs root")
    assert _refusal(tmp_path / "uv.lock", tmp_path) == "not a regular file: character device"


def test_a_symlink_loop_is_named_not_a_runtime_error(tmp_path: Path) -> None:
    (tmp_path / "pyrightconfig.json").symlink_to("pyrightconfig.json")
    (tmp_path / "a.toml").symlink_to("b.toml")
    (tmp_path / "b.toml").symlink_to("a.toml")
    assert "symbolic link loop" in _refusal(tmp_path / "pyrightconfig.json", tmp_path)
    assert "symbolic link loop" in _refusal(tmp_path / "a.toml", tmp_path)


def test_a_dangling_symlink_and_one_leaving_the_root_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (tmp_path / "secret.toml").write_text("token = 1\n")
    (root / "ruff.toml").symlink_to(tmp_path / "secret.toml")
    (root / "uv.lock").symlink_to("missing.lock")
    assert "points outside the repository" in _refusal(root / "ruff.toml", root)
    assert _refusal(root / "uv.lock", root) == "symbolic link to a missing file; not followed"


def test_a_symlink_inside_the_root_is_followed(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "ruff.toml").write_text("line-length = 88\n")
    (tmp_path / "ruff.toml").symlink_to("config/ruff.toml")
    assert fsread.read(tmp_path / "ruff.toml", tmp_path.resolve()) == b"line-length = 88\n"


def test_a_2_gib_file_is_refused_from_its_size_without_reading_it(tmp_path: Path) -> None:
    """A sparse file: 2 GiB long, no disk used. Refused from the stat, so memory stays small."""
    with open(tmp_path / "uv.lock", "wb") as out:
        out.truncate(2 * GIB)
    tracemalloc.start()
    try:
        message = _refusal(tmp_path / "uv.lock", tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message == "file is too large to be a configuration file (2048 MiB; the limit is 16 MiB); not read"
    assert peak < 1024 * 1024


def test_a_read_never_takes_more_than_the_limit(tmp_path: Path) -> None:
    """The bound holds on the read itself, not only on the stat (a file that grows between the two)."""
    (tmp_path / "uv.lock").write_bytes(b"x" * 5000)
    fd = os.open(tmp_path / "uv.lock", os.O_RDONLY)
    try:
        result = fsread._read_at_most(fd, 4096)
    finally:
        os.close(fd)
    assert isinstance(result, Location) and "too large" in result.message
    assert fsread.read(tmp_path / "uv.lock", tmp_path.resolve(), limit=5000) == b"x" * 5000


def test_read_exactly_answers_none_for_anything_but_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_bytes(b"data")
    (tmp_path / "link").symlink_to("f")
    (tmp_path / "dir").mkdir()
    os.mkfifo(tmp_path / "fifo")
    assert fsread.read_exactly(tmp_path / "f") == b"data"
    assert [fsread.read_exactly(tmp_path / name) for name in ("link", "dir", "fifo", "gone")] == [None] * 4


def test_the_loader_reports_what_git_does_not_list(tmp_path: Path) -> None:
    """git lists no FIFO and no folder: a folder named pyrightconfig.json must not look like a missing file,
    or a fixer would create it (issue 9: "created", then "not written")."""
    os.mkfifo(tmp_path / "pyrightconfig.json")
    (tmp_path / "ruff.toml").mkdir()
    (tmp_path / "scripts" / "lib").mkdir(parents=True)
    loaded = load.load(tmp_path, ("pyrightconfig.json", "ruff.toml", "scripts/*"))
    unreadable = {path: loc.message for path, loc in loaded.snapshot.unreadable.items()}
    assert unreadable == {
        "pyrightconfig.json": "not a regular file: FIFO",
        "ruff.toml": "not a regular file: directory",
    }
    assert loaded.snapshot.exists("ruff.toml") and not loaded.snapshot.exists("scripts/lib")
