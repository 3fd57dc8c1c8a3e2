"""git is asked once, at load, which of the blueprint's names each folder's .gitignore rules cover (tracked or not),
so that rules about `.env`, `.venv` or `uv.lock` read git's answer and never guess from the text of a .gitignore."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from infra_fix.load import load
from tests.conftest import make_repo


def _repo(tmp_path: Path, files: dict[str, str]) -> Path:
    make_repo(tmp_path, files)
    git = shutil.which("git") or "git"
    subprocess.run([git, "init", "-q", str(tmp_path)], check=True)  # noqa: S603 - fixed arguments
    subprocess.run([git, "-C", str(tmp_path), "add", "-A"], check=True)  # noqa: S603
    return tmp_path


def test_probes_in_every_project_folder_with_the_rule_that_ignores(tmp_path: Path) -> None:
    root = _repo(
        tmp_path,
        {
            ".gitignore": "#uv.lock\n.env*\n!.env.example\nbackend/.venv/\n",
            "pyproject.toml": "[project]\nname='a'\n",
            "backend/pyproject.toml": "[project]\nname='b'\n",
            ".env": "tracked=1\n",  # tracked, and still covered by .env*
        },
    )
    snapshot = load(root, ("**/pyproject.toml",)).snapshot
    assert snapshot.git_ignores(".env") == ".gitignore:2: .env*"
    assert snapshot.git_ignores(".env.example") is None
    assert snapshot.git_ignores("uv.lock") is None  # `#uv.lock` is a comment
    assert snapshot.git_ignores(".venv/") is None
    assert snapshot.git_ignores("backend/.venv/") == ".gitignore:4: backend/.venv/"
    with pytest.raises(KeyError):
        snapshot.git_ignores("docs/.env")  # not a folder of the project's files: unknown, never "not ignored"


def test_outside_git_nothing_is_known(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname='a'\n")
    snapshot = load(tmp_path, ("**/pyproject.toml",)).snapshot
    with pytest.raises(KeyError):
        snapshot.git_ignores(".env")
