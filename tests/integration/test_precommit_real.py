"""pre-commit itself accepts every config the PC fixer writes (`pre-commit validate-config`, offline)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from infra_fix_fixers import Changed, Settings, Snapshot, remediate
from infra_fix_fixers.rules import precommit

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
LOCK = '[[package]]\nname = "ruff"\nversion = "0.15.1"\n'

INPUTS = {
    "absent": None,
    "four-space-dash-at-key-column": (
        "repos:\n-   repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v4.0.0\n    hooks:\n"
        "    -   id: check-yaml\n# formatting\n-   repo: https://github.com/astral-sh/ruff-pre-commit\n"
        "    rev: 'v0.3.0'\n    hooks:\n    -   id: ruff-format\n"
    ),
    "other-repos-only-no-final-newline": (
        "default_language_version:\n  python: python3.12\nrepos:\n  - repo: https://github.com/psf/black\n"
        "    rev: 24.1.0\n    hooks:\n      - id: black\n\n  - repo: https://github.com/pycqa/isort\n"
        "    rev: 5.13.2\n    hooks:\n      - id: isort\nci:\n  autofix_prs: false"
    ),
    "local-hooks-and-exclude-block": (
        "exclude: |\n  (?x)^(\n    docs/.*\n  )$\nrepos:\n  - repo: local\n    hooks:\n      - id: pytest\n"
        "        name: pytest\n        entry: pytest\n        language: system\n        pass_filenames: false\n"
    ),
    "ruff-without-fix-and-hooks-at-key-column": (
        "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit.git\n    rev: v0.1.0\n    hooks:\n"
        "    - id: ruff\n      args: [--show-fixes]\n  - repo: http://github.com/pre-commit/pre-commit-hooks\n"
        "    rev: v6.0.0\n    hooks:\n    - id: trailing-whitespace\n      exclude: ^docs/\n"
    ),
    "ruff-without-args": (
        "repos:\n- repo: https://github.com/astral-sh/ruff-pre-commit\n  rev: v0.15.1\n  hooks:\n  - id: ruff-check\n"
    ),
}


def fixed_config(text: str | None) -> str:
    files = {"uv.lock": LOCK}
    if text is not None:
        files[".pre-commit-config.yaml"] = text
    result = remediate(Snapshot(files=files), Settings(unsafe_fixes=True), [precommit.FIXER, precommit.RUNNER])
    (changed,) = (c for c in result.changes if c.path == ".pre-commit-config.yaml")
    assert isinstance(changed, Changed)
    return changed.after


@pytest.mark.parametrize("name", list(INPUTS))
def test_pre_commit_validates_the_fixed_config(name: str, tmp_path: Path) -> None:
    after = fixed_config(INPUTS[name])
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text(after)
    proc = subprocess.run(  # noqa: S603 - our own venv's pre-commit on a file we wrote
        [str(PRE_COMMIT), "validate-config", str(path)], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", list(INPUTS))
def test_fixed_config_is_a_fixed_point(name: str) -> None:
    after = fixed_config(INPUTS[name])
    files = {"uv.lock": LOCK, ".pre-commit-config.yaml": after}
    result = remediate(Snapshot(files=files), Settings(unsafe_fixes=True), [precommit.FIXER, precommit.RUNNER])
    assert result.changes == ()
    assert not any(f.fixed for f in result.findings)
