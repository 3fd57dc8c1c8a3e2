"""Shared helpers: build a small repository on disk from {path: text}, and run the CLI in-process."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from infra_fix.cli import main


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str


def make_repo(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode())
    return root


def git(folder: Path, *args: str) -> str:
    """The test's own git on a repository it builds: no user or system configuration, no hooks, a fixed author."""
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    ident = ("-c", "user.name=t", "-c", "user.email=t@t", "-c", "core.hooksPath=/dev/null")
    proc = subprocess.run(["git", *ident, "-C", str(folder), *args], capture_output=True, text=True, env=env)  # noqa: S603,S607
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def committed(root: Path, files: Mapping[str, str | bytes], message: str = "initial") -> Path:
    """`make_repo`, then a git repository with every file committed on `main`."""
    make_repo(root, files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)
    return root


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Ran]:
    """Run `infra-fix ARGS` with the working folder at tmp_path; stdout and stderr apart."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    for name in ("FORCE_COLOR", "NO_COLOR"):  # plain output whatever the environment running the tests says
        monkeypatch.delenv(name, raising=False)

    def run(*args: str) -> Ran:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        # the raw bytes: .stdout would translate CRLF, hiding exactly what a patch must keep
        return Ran(result.exit_code, result.stdout_bytes.decode(), result.stderr_bytes.decode())

    return run


FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """A repository from fixtures/ as a fresh git repository on `main`, the working folder at its root."""

    def make(name: str) -> Path:
        root = tmp_path / name.replace("/", "-")
        shutil.copytree(FIXTURES / name, root)
        commit = ("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "init")
        for args in (("init", "-q", "-b", "main"), ("add", "-A"), commit):
            subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)  # noqa: S603,S607
        monkeypatch.chdir(root)
        return root

    return make
