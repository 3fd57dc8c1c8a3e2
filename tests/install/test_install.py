"""The README's ways in, from a fresh copy of the checkout into temporary environments: `pip install`, `uv tool
install` and `pipx install` of the repository bring infra-fix and its rules (the `fixers/` member, a direct
reference pip resolves), and the installed command runs.

They download from the package index, so `make install-check` (and CI, `.ci/run`) runs them, not `make test`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    not os.environ.get("INFRA_FIX_INSTALL_TESTS"), reason="downloads from the package index: make install-check"
)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The checkout as a fresh clone of it would hold it: every file git tracks or would track, nothing ignored
    (no .venv, no caches), so an install cannot lean on anything a clone lacks."""
    listed = subprocess.run(  # noqa: S603
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],  # noqa: S607
        capture_output=True,
        check=True,
    ).stdout.decode()
    dest = tmp_path_factory.mktemp("clone") / "infra-fix"
    for rel in filter(None, listed.split("\0")):
        src = ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def _uv() -> list[str]:
    found = shutil.which("uv")
    return [found] if found else [sys.executable, "-m", "uv"]


def _runs(command: Path, sample: Path) -> None:
    """The installed command names both versions, and checks a repository."""
    version = subprocess.run([str(command), "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert version.startswith("infra-fix 0.1.0\n")
    assert "pack builtin 0.1.0 (infra-fix-fixers)" in version
    (sample / "pyproject.toml").write_text('[project]\nname = "sample"\nversion = "1"\nrequires-python = ">=3.11"\n')
    done = subprocess.run([str(command), "--check", str(sample)], capture_output=True, text=True, check=False)  # noqa: S603
    assert done.returncode == 1, done.stderr  # findings, not an error: the rules were installed and ran
    assert re.search(r"^pyproject\.toml:\d+: PP001 ", done.stdout, re.MULTILINE), done.stdout


def test_pip_install_of_the_repository(clone: Path, tmp_path: Path) -> None:
    venv.create(tmp_path / "venv", with_pip=True)
    pip = tmp_path / "venv" / "bin" / "pip"
    subprocess.run([str(pip), "install", "--quiet", str(clone)], check=True)  # noqa: S603
    (tmp_path / "sample").mkdir()
    _runs(tmp_path / "venv" / "bin" / "infra-fix", tmp_path / "sample")


def test_the_example_pack_installs_beside_infra_fix_and_runs(clone: Path, tmp_path: Path) -> None:
    """docs/writing-a-fixer.md's example pack (examples/pack), installed as a user installs a third-party pack:
    `--version` names it, `--explain` documents its rule, and its rule runs."""
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / "bin"
    pip = [str(bin_dir / "pip"), "install", "--quiet"]
    subprocess.run([*pip, str(clone), str(clone / "examples" / "pack")], check=True)  # noqa: S603
    command = str(bin_dir / "infra-fix")
    version = subprocess.run([command, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert "  pack example 0.1.0 (infra-fix-example-pack)" in version.splitlines()
    explained = subprocess.run([command, "--explain", "XP001"], capture_output=True, text=True, check=True).stdout  # noqa: S603
    assert explained.startswith("# XP001: project-description") and "## Fix safety" in explained
    (tmp_path / "sample").mkdir()
    (tmp_path / "sample" / "pyproject.toml").write_text('[project]\nname = "sample"\nversion = "1"\n')
    done = subprocess.run(  # noqa: S603
        [command, "--check", "--select", "XP001", str(tmp_path / "sample")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1 and "XP001 no description in [project]" in done.stdout, done.stdout + done.stderr


def test_uv_tool_install_of_the_repository(clone: Path, tmp_path: Path) -> None:
    env = {**os.environ, "UV_TOOL_DIR": str(tmp_path / "tools"), "UV_TOOL_BIN_DIR": str(tmp_path / "bin")}
    subprocess.run([*_uv(), "tool", "install", "--quiet", str(clone)], check=True, env=env)  # noqa: S603
    (tmp_path / "sample").mkdir()
    _runs(tmp_path / "bin" / "infra-fix", tmp_path / "sample")


def test_pipx_install_of_the_repository(clone: Path, tmp_path: Path) -> None:
    """pipx from the package index into a throwaway environment, as a user without pipx would get it."""
    venv.create(tmp_path / "pipx-venv", with_pip=True)
    bin_dir = tmp_path / "pipx-venv" / "bin"
    subprocess.run([str(bin_dir / "pip"), "install", "--quiet", "pipx"], check=True)  # noqa: S603
    env = {**os.environ, "PIPX_HOME": str(tmp_path / "pipx"), "PIPX_BIN_DIR": str(tmp_path / "bin")}
    subprocess.run([str(bin_dir / "pipx"), "install", "--quiet", str(clone)], check=True, env=env)  # noqa: S603
    (tmp_path / "sample").mkdir()
    _runs(tmp_path / "bin" / "infra-fix", tmp_path / "sample")
