"""The PY fixer's output read by the real pyright: no configuration error, and every setting visibly in effect
(include and exclude decide which files are analysed, pythonVersion which syntax passes, typeCheckingMode and
reportMissingImports which errors appear). Two pyright runs: a commented pyrightconfig.json and [tool.pyright]."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from infra_fix_fixers import Changed, Settings, Snapshot, remediate
from infra_fix_fixers.rules.pyright import FIXER

PYRIGHT = Path(sys.executable).parent / "pyright"
PYPROJECT = '[project]\nname = "app"\nrequires-python = ">=3.11"\n'
SOURCE = {
    # reportMissingImports, a 3.12 statement (pythonVersion 3.11), a return type error (basic mode, not "off")
    "src/app/__init__.py": (
        "import nonexistent_module_xyz\n\ntype Alias = int\n\n\ndef f(x: int) -> str:\n    return x\n"
    ),
    "migrations/env.py": 'wrong: int = "migrations must be excluded"\n',
    "migrations/versions/0001_init.py": 'wrong: int = "versions too"\n',
    "tests/test_app.py": 'wrong: int = "tests are not included"\n',
    "uv.lock": "version = 1\n",
}
USER_CONFIG = (
    '// the team\'s settings\n{\n  "typeCheckingMode": "off", // noisy\n  "reportGeneralTypeIssues": false,\n}\n'
)


def fixed(files: dict[str, str], path: str) -> str:
    result = remediate(Snapshot(files=files), Settings(select=("PY",), unsafe_fixes=True), [FIXER])
    [changed] = [f for f in result.files if isinstance(f, Changed) and f.path == path]
    return changed.after


def pyright(root: Path, files: dict[str, str]) -> dict[str, object]:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / ".venv/lib/python3.11/site-packages").mkdir(parents=True)  # what `uv sync` leaves behind
    run = subprocess.run([PYRIGHT, "--outputjson"], cwd=root, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
    # pyright prints configuration problems on stderr ("Config ... entry must be", "could not be parsed", a venv
    # "not found") and still analyses with defaults, so a clean stderr is what proves the file was read as meant.
    assert run.stderr.strip() == "", run.stderr
    assert run.returncode in (0, 1), run.stdout
    return json.loads(run.stdout)


def assert_settings_in_effect(report: dict[str, object], root: Path) -> None:
    summary = report["summary"]
    assert isinstance(summary, dict) and summary["filesAnalyzed"] == 1  # only src/: tests and migrations left out
    diagnostics = report["generalDiagnostics"]
    assert isinstance(diagnostics, list)
    assert {Path(d["file"]).relative_to(root).as_posix() for d in diagnostics} == {"src/app/__init__.py"}
    rules = {d.get("rule") for d in diagnostics}
    messages = " | ".join(d["message"] for d in diagnostics)
    assert "reportMissingImports" in rules
    assert "reportReturnType" in rules  # typeCheckingMode raised from "off"
    assert "requires Python 3.12 or newer" in messages  # pythonVersion 3.11 read


@pytest.mark.parametrize("variant", ["pyrightconfig-json", "tool-pyright"])
def test_fixed_config_is_read_by_pyright_with_every_setting_in_effect(variant: str, tmp_path: Path) -> None:
    root = tmp_path.resolve()
    if variant == "pyrightconfig-json":
        files = {**SOURCE, "pyproject.toml": PYPROJECT, "pyrightconfig.json": USER_CONFIG}
        files["pyrightconfig.json"] = fixed(files, "pyrightconfig.json")
        assert files["pyrightconfig.json"].startswith(
            '// the team\'s settings\n{\n  "typeCheckingMode": "basic", // noisy\n'
        )
    else:
        files = {**SOURCE, "pyproject.toml": PYPROJECT + '\n[tool.pyright]\ntypeCheckingMode = "off"  # noisy\n'}
        files["pyproject.toml"] = fixed(files, "pyproject.toml")
        assert 'typeCheckingMode = "basic"  # noisy\n' in files["pyproject.toml"]
    assert_settings_in_effect(pyright(root, files), root)
