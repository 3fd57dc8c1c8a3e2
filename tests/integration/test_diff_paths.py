"""Patch headers name files the way git does, so that `git apply` and `patch -p1` find them: C-style quotes for
paths with quotes, backslashes, control characters or non-ASCII bytes; a tab after a name with a space."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from infra_fix.output.diff import quote
from tests.conftest import Ran, make_repo

PYPROJECT = '[project]\nname = "demo"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 88\n'
NAMES = ["with space", "tab\there", 'quote"d', "back\\slash", "new\nline", "caf\u00e9", 'all of \t"\\\n\u00e9 it']
Cli = Callable[..., Ran]


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False)  # noqa: S603,S607


@pytest.mark.parametrize(
    ("name", "quoted"),
    [
        ("a/plain/path.toml", "a/plain/path.toml"),
        ("a/with space", "a/with space"),
        ("a/tab\there", '"a/tab\\there"'),
        ('a/quote"d', '"a/quote\\"d"'),
        ("a/caf\u00e9", '"a/caf\\303\\251"'),
        ("a/bell\x07del\x7f", '"a/bell\\adel\\177"'),
    ],
    ids=["plain", "space", "tab", "quote", "non-ascii", "control"],
)
def test_quote_is_gits_quote_c_style(name: str, quoted: str) -> None:
    assert quote(name) == quoted


def test_git_apply_and_patch_accept_every_odd_path_and_the_headers_are_gits(tmp_path: Path, cli: Cli) -> None:
    for name in NAMES:
        make_repo(tmp_path / name, {"pyproject.toml": PYPROJECT})
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "init")
    ran = cli("--diff", "--unsafe-fixes", "--select", "RF001", *NAMES)
    assert ran.code == 1 and ran.stdout.count("diff --git ") == len(NAMES)
    patch = ran.stdout.encode()
    gnu_patch = shutil.which("patch")
    if gnu_patch:
        dry = subprocess.run(  # noqa: S603 - GNU patch, fixed arguments
            [gnu_patch, "-p1", "--dry-run", "--batch"], cwd=tmp_path, input=patch, capture_output=True, check=False
        )
        assert dry.returncode == 0, dry.stdout.decode() + dry.stderr.decode()
    applied = _git(tmp_path, "apply", "-", stdin=patch)
    assert applied.returncode == 0, applied.stderr.decode()
    for name in NAMES:
        assert "line-length = 120" in (tmp_path / name / "pyproject.toml").read_text(), name
    ours = [line for line in ran.stdout.splitlines() if line.startswith(("diff --git", "--- ", "+++ "))]
    gits = [
        line for line in _git(tmp_path, "diff").stdout.decode().splitlines() if line.startswith(("diff", "---", "+++"))
    ]
    assert sorted(ours) == sorted(gits)
