"""Flags say what they mean: the time budget comes from --timeout or INFRA_FIX_TIMEOUT."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Ran, make_repo

PYPROJECT = '[project]\nname = "demo"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 88\n'
Cli = Callable[..., Ran]


def test_the_timeout_comes_from_the_flag_or_the_environment(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT})
    assert "Invalid value for '--timeout'" in cli("--check", "--timeout", "-1").stderr
    monkeypatch.setenv("INFRA_FIX_TIMEOUT", "0.001")  # a millisecond: over before the repository is read
    ran = cli("--check")
    assert ran.code == 2 and "gave up after 0.001 s" in ran.stdout
    assert cli("--check", "--timeout", "0", "--select", "RF001").code == 1  # the flag wins; 0 is no budget
