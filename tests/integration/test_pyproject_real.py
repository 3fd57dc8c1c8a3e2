"""The PP fixer's output read by the real tools: ruff (which validates [project] and [build-system], RUF200), uv
(which parses the whole pyproject, dependency groups included), and pytest (which must find the testpaths we
wrote, and read the pasted `[tool.pytest.ini_options]` block as it read the INI section). No network."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from infra_fix_fixers import Changed, Settings, Snapshot, remediate
from infra_fix_fixers.rules.pyproject import FIXER

BIN = Path(sys.executable).parent
TESTS = {"tests/test_demo.py": "def test_demo():\n    pass\n"}

PROJECTS = {
    "bare-project": '[project]\nname = "demo"\nversion = "1.0.0"\n',
    "uv-groups-include": (
        '[project]\nname = "demo"\nversion = "1.0.0"\ndependencies = ["httpx"]\n\n'
        '[dependency-groups]\ntest = ["pytest>=8", "pytest-asyncio"]\ndev = [{ include-group = "test" }]\n\n'
        "[tool.ruff]\nline-length = 120\n"
    ),
    "dotted-extras-no-final-newline": (
        "[project]\nname = 'demo'\nversion = '1.0.0'\noptional-dependencies.test = ['pytest']"
    ),
    "inline-extras": '[project]\nname = "demo"\nversion = "1.0.0"\noptional-dependencies = { docs = ["mkdocs"] }\n',
    "comments-and-urls": (
        '# demo\n[project]  # meta\nname = "demo"\nversion = "1.0.0"\n\n[project.urls]\nHome = "https://x"\n\n'
        '[tool.pytest.ini_options]\naddopts = "-q"\n'
    ),
}


def fixed(text: str, files: dict[str, str]) -> str:
    snapshot = Snapshot(files={**files, "pyproject.toml": text})
    result = remediate(snapshot, Settings(select=("PP",), unsafe_fixes=True), [FIXER])
    changed = [f for f in result.files if isinstance(f, Changed) and f.path == "pyproject.toml"]
    assert changed, "expected the fixer to change this project"
    return changed[0].after


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_ruff_parses_the_fixed_pyproject(name: str, tmp_path: Path) -> None:
    files = {**TESTS, ".python-version": "3.12\n"}
    write(tmp_path, {**files, "pyproject.toml": fixed(PROJECTS[name], files)})
    proc = subprocess.run(  # noqa: S603 - fixed argv of tools from our venv (or uv), no shell
        [str(BIN / "ruff"), "check", "--no-cache", "--select", "RUF200", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Failed to parse" not in proc.stdout + proc.stderr


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv is not installed")
@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_uv_reads_the_fixed_pyproject(name: str, tmp_path: Path) -> None:
    files = {**TESTS, ".python-version": "3.12\n"}
    write(tmp_path, {**TESTS, "pyproject.toml": fixed(PROJECTS[name], files)})  # no .python-version: pyenv's uv shim
    env = {**os.environ, "UV_OFFLINE": "1", "UV_NO_CACHE": "1", "UV_NO_CONFIG": "1"}
    proc = subprocess.run(  # noqa: S603 - fixed argv of tools from our venv (or uv), no shell
        [str(shutil.which("uv")), "version", "--short"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert (proc.returncode, proc.stdout.strip()) == (0, "1.0.0"), proc.stderr


def _collected(root: Path) -> list[str]:
    proc = subprocess.run(  # noqa: S603 - fixed argv of tools from our venv (or uv), no shell
        [str(BIN / "pytest"), "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return sorted(line for line in proc.stdout.splitlines() if "::" in line)


def test_pytest_finds_the_testpaths_written(tmp_path: Path) -> None:
    files = {**TESTS, "scripts/test_slow_smoke.py": "def test_smoke():\n    pass\n"}
    write(tmp_path, {**files, "pyproject.toml": fixed(PROJECTS["bare-project"], files)})
    assert _collected(tmp_path) == ["tests/test_demo.py::test_demo"]


def test_pasted_pytest_block_means_what_the_ini_section_meant(tmp_path: Path) -> None:
    setup_cfg = "[tool:pytest]\ntestpaths =\n    checks\npython_files = check_*.py\npython_functions = check_*\n"
    files = {
        "setup.cfg": setup_cfg,
        "checks/check_a.py": "def check_one():\n    pass\n\ndef test_not_collected():\n    pass\n",
        "tests/test_demo.py": "def test_demo():\n    pass\n",
    }
    pyproject = '[project]\nname = "demo"\nversion = "1.0.0"\n'
    write(tmp_path, {**files, "pyproject.toml": pyproject})
    before = _collected(tmp_path)
    snapshot = Snapshot(files={**files, "pyproject.toml": pyproject})
    (finding,) = remediate(snapshot, Settings(select=("PP007",)), [FIXER]).findings
    block = finding.message.split(":\n", 1)[1]
    (tmp_path / "setup.cfg").unlink()
    (tmp_path / "pyproject.toml").write_text(pyproject + "\n" + block)
    assert _collected(tmp_path) == before == ["checks/check_a.py::check_one"]
