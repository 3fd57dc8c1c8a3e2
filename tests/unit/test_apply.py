"""In-place writes: refused when the file changed since it was read, atomic, never outside the root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from infra_fix import load
from infra_fix.disk import apply, fsread
from infra_fix_fixers import Changed


def _loaded(root: Path, text: str) -> load.Loaded:
    (root / "ruff.toml").write_text(text)
    return load.load(root, ("ruff.toml",))


def test_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, "line-length = 88\n")
    (tmp_path / "ruff.toml").write_text("line-length = 99\n")
    with pytest.raises(apply.WriteRefused, match="changed since it was read"):
        apply.write(loaded, Changed("ruff.toml", "line-length = 88\n", "line-length = 120\n", ()))
    assert (tmp_path / "ruff.toml").read_text() == "line-length = 99\n"


def test_refuses_to_create_a_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, "")
    (tmp_path / "new.json").write_text("{}")
    with pytest.raises(apply.WriteRefused, match="created since"):
        apply.write(loaded, Changed("new.json", None, '{"a": 1}\n', ()))


def test_refuses_a_path_resolving_outside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    loaded = _loaded(root, "")
    with pytest.raises(apply.WriteRefused, match="outside"):
        apply.write(loaded, Changed("../escape.txt", None, "x\n", ()))
    assert not (tmp_path / "escape.txt").exists()


def test_creates_parent_folders_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path, "")
    apply.write(loaded, Changed(".github/workflows/ci.yml", None, "on: push\n", ()))
    assert (tmp_path / ".github/workflows/ci.yml").read_text() == "on: push\n"
    assert [p.name for p in (tmp_path / ".github/workflows").iterdir()] == ["ci.yml"]


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = _loaded(tmp_path, "line-length = 88\n")

    def boom(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(apply.os, "fsync", boom)
    with pytest.raises(OSError, match="No space"):
        apply.write(loaded, Changed("ruff.toml", "line-length = 88\n", "line-length = 120\n", ()))
    assert (tmp_path / "ruff.toml").read_text() == "line-length = 88\n"
    assert [p.name for p in tmp_path.iterdir()] == ["ruff.toml"]


def test_permission_denied_on_read_is_a_located_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """(The suite runs as root, for whom no mode bit denies a read: the refusal is simulated at the open.)"""
    (tmp_path / "ruff.toml").write_text("line-length = 88\n")
    real_open = os.open

    def denied(path: str | Path, flags: int, *args: int) -> int:
        if str(path).endswith("ruff.toml"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(fsread.os, "open", denied)
    loaded = load.load(tmp_path, ("ruff.toml",))
    assert loaded.snapshot.unreadable["ruff.toml"].message == "permission denied"
    assert "ruff.toml" not in loaded.snapshot.files
