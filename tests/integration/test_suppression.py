"""Inline suppression: `# infra-fix: ignore[CODE] reason` on a finding's line or alone above it (`//` in JSONC)
suppresses it there: no edit, no failure, the reason in the reports; a comment that suppresses nothing is reported."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from infra_fix_fixers.suppression import comments, suppressing
from tests.conftest import Ran, make_repo

Cli = Callable[..., Ran]
PYPROJECT = (
    '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.12"\n\n[tool.ruff]\n'
    "line-length = 88  # infra-fix: ignore[RF001] our screens are narrow\n"
)
WORKFLOW = (
    "name: CI\non:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  ruff:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - uses: actions/checkout@v4\n      # infra-fix: ignore[CI003] we format in CI on purpose\n"
    "      - run: ruff format .\n"
)


def test_a_comment_on_the_line_suppresses_the_finding_and_its_fix(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT})
    ran = cli("--apply", "--unsafe-fixes", "--select", "RF001")
    assert ran.code == 0, ran.stdout
    assert "pyproject.toml:7: RF001 suppressed: our screens are narrow" in ran.stdout
    assert "0 findings; 1 suppressed" in ran.stdout
    assert (tmp_path / "pyproject.toml").read_text() == PYPROJECT
    data = json.loads(cli("--check", "--select", "RF001", "--format", "json").stdout)
    assert [(f["code"], f["status"], f["suppressed"]) for f in data["findings"]] == [
        ("RF001", "suppressed", "our screens are narrow")
    ]
    assert cli("--check", "--select", "RF001", "--format", "github").stdout == ""
    sarif = json.loads(cli("--check", "--select", "RF001", "--format", "sarif").stdout)
    assert [r["suppressions"] for r in sarif["runs"][0]["results"]] == [
        [{"kind": "inSource", "justification": "our screens are narrow"}]
    ]


def test_a_comment_alone_above_the_line_suppresses_it_in_yaml(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT, ".github/workflows/ci.yml": WORKFLOW})
    ran = cli("--check", "--select", "CI003")
    assert ran.code == 0 and "CI003 suppressed: we format in CI on purpose" in ran.stdout
    without = WORKFLOW.replace("      # infra-fix: ignore[CI003] we format in CI on purpose\n", "")
    (tmp_path / ".github/workflows/ci.yml").write_text(without)
    assert cli("--check", "--select", "CI003").code == 1


def test_an_unused_suppression_is_reported(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT.replace("line-length = 88", "line-length = 120")})
    ran = cli("--check", "--select", "RF001")
    assert ran.code == 0
    assert "pyproject.toml:7: unused suppression of RF001 (no RF001 finding here)" in ran.stdout
    assert json.loads(cli("--check", "--select", "RF001", "--format", "json").stdout)["unused_suppressions"] == [
        {"path": "pyproject.toml", "line": 7, "code": "RF001"}
    ]
    assert "unused" not in cli("--check", "--select", "RF002").stdout  # RF001 not checked: nothing to say


def test_comment_forms() -> None:
    text = 'a = 1  # infra-fix: ignore[RF001, rf002] - why\n// infra-fix: ignore[PY005]\n"x": true,\n'
    found = comments(text)
    assert [(c.line, c.codes, c.reason, c.covers) for c in found] == [
        (1, ("RF001", "RF002"), "why", (1,)),
        (2, ("PY005",), "", (2, 3)),
    ]
    assert suppressing(text, "PY005", 3) is not None and suppressing(text, "PY005", 4) is None
    assert suppressing(text, "RF002", 1) is not None and suppressing(text, "RF003", 1) is None
    assert suppressing("x = 1  # infra-fix: ignore[RF]\n", "RF006", 1) is not None  # a prefix, as in --ignore
    assert comments("no comment here\n") == []
