"""Whole repositories from fixtures/, run as users run infra-fix: the patch, `--apply` then `--check` (only what a
human must do is left), and the real tools on the result (ruff's resolved settings per member, pyright, GitHub's
workflow schema). Each scenario is a shape the repository model must get right: a uv workspace with a virtual root,
an app repository with its Python project in `backend/`, a `.gitignore`d pyrightconfig.json, basedpyright."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Ran

BIN = Path(sys.executable).parent
Cli = Callable[..., Ran]


Checkout = Callable[[str], Path]


def patched(patch: str) -> set[str]:
    return set(re.findall(r"^\+\+\+ b/(.+)$", patch, re.M))


def tool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603


def ruff_settings(root: Path, file: str) -> dict[str, str]:
    """What the real ruff applies to one file: the settings file and a few resolved values."""
    shown = tool(str(BIN / "ruff"), "check", "--show-settings", file, cwd=root)
    assert shown.returncode == 0, shown.stderr
    keys = r"Settings path|linter\.line_length|linter\.unresolved_target_version"
    found = dict(re.findall(rf"^({keys})\s*[:=]\s*(.+)$", shown.stdout, re.M))
    enabled = shown.stdout.split("linter.rules.enabled = [", 1)[1].split("]", 1)[0]
    found["rules"] = enabled
    found["ignores"] = shown.stdout.split("linter.per_file_ignores = {", 1)[1].split("}", 1)[0]
    return found


def apply_then_check(cli: Cli) -> Ran:
    """`--apply --unsafe-fixes`, then `--check`: only manual findings may remain."""
    applied = cli("--apply", "--unsafe-fixes")
    assert applied.code in (0, 1), applied.stdout
    checked = cli("--check", "--format", "json")
    data = json.loads(checked.stdout)
    assert data["errors"] == []
    assert {f["status"] for f in data["findings"]} <= {"manual"}, [
        (f["path"], f["code"], f["status"]) for f in data["findings"] if f["status"] != "manual"
    ]
    return checked


def validate_workflows(root: Path) -> None:
    for path in sorted((root / ".github" / "workflows").glob("*.y*ml")):
        ran = tool(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path), cwd=root)
        assert ran.returncode == 0, ran.stdout + ran.stderr


# -- a uv workspace: a virtual root, three members ----------------------------------------------------------------


def test_workspace_members_are_judged_where_their_settings_live(checkout: Checkout, cli: Cli) -> None:
    checkout("workspace")
    ran = cli("--diff", "--unsafe-fixes")  # the Makefile runs pyright: a new configuration of it is unsafe
    files = patched(ran.stdout)
    # the virtual root: no [project] findings, no ruff table for nothing; the members' own settings judged in place
    assert "PP001" not in ran.stderr and "PP003" not in ran.stderr
    assert {"pyproject.toml", "packages/core/pyproject.toml", "pyrightconfig.json"} <= files
    assert not any(f.startswith("examples/") for f in files)  # a sample project is left alone
    assert "[tool.ruff]" not in _added(ran.stdout, "packages/api/pyproject.toml")  # it inherits the root's
    assert '"include": ["packages/api/src", "packages/core/src", "packages/worker/src"]' in ran.stdout
    assert '"root": "packages/api/src",\n+            "pythonVersion": "3.12"' in ran.stdout  # floors differ
    assert "uv sync --all-packages" in ran.stdout  # one job covers every member


def test_workspace_converges_and_the_real_ruff_reads_what_was_meant(checkout: Checkout, cli: Cli) -> None:
    root = checkout("workspace")
    apply_then_check(cli)
    inherited = ruff_settings(root, "packages/api/src/acme_api/__init__.py")
    assert inherited["Settings path"] == f'"{root / "pyproject.toml"}"'
    assert inherited["linter.line_length"] == "120"
    assert inherited["linter.unresolved_target_version"] == "3.11"  # the oldest floor of the members it governs
    assert "**/tests/**/*.py" in inherited["ignores"]
    own = ruff_settings(root, "packages/core/src/acme_core/__init__.py")
    assert own["Settings path"] == f'"{root / "packages/core/pyproject.toml"}"'
    assert own["linter.line_length"] == "120" and own["linter.unresolved_target_version"] == "3.11"
    assert "flake8-bandit" in own["rules"] or "suspicious" in own["rules"]  # S selected in core's own table
    assert not (root / "examples" / "demo" / "pyrightconfig.json").exists()
    checked = tool(str(BIN / "pyright"), "--outputjson", cwd=root)
    report = json.loads(checked.stdout)
    assert report["summary"]["errorCount"] == 0, report["generalDiagnostics"]
    validate_workflows(root)


# -- an app repository: the Python project in backend/, no root pyproject --------------------------------------------


def test_app_repository_files_go_to_the_root_and_jobs_to_backend(checkout: Checkout, cli: Cli) -> None:
    root = checkout("app")
    ran = cli("--diff")
    files = patched(ran.stdout)
    assert {".github/workflows/ci.yml", ".pre-commit-config.yaml", "backend/pyproject.toml"} <= files
    assert not any(f.startswith(("backend/.github", "backend/.pre-commit", "backend/renovate")) for f in files)
    assert ".github/workflows/frontend.yml" not in files  # a node workflow limited to frontend/: not the CI
    assert "working-directory: backend" in ran.stdout
    assert r"exclude: ^(frontend/tsconfig\.json)$" in ran.stdout  # check-json never reads a JSON-with-comments file
    selected = cli("--diff", "backend")  # a path inside the repository: its project, and the root's files
    assert patched(selected.stdout) == files
    apply_then_check(cli)
    validate_workflows(root)
    assert tool(str(BIN / "ruff"), "check", "--no-fix", "--exit-zero", "backend", cwd=root).returncode == 0


def test_from_inside_a_project_the_patch_says_where_to_apply_it(
    checkout: Checkout, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = checkout("app")
    monkeypatch.chdir(root / "backend")
    ran = cli("--diff")
    assert "+++ b/.github/workflows/ci.yml" in ran.stdout  # paths stay relative to the repository's root
    assert f"apply it there: git -C {root.resolve()} apply" in ran.stderr
    (root / "fix.patch").write_text(ran.stdout)
    applied = subprocess.run(["git", "-C", str(root), "apply", "fix.patch"], capture_output=True, check=False)  # noqa: S603,S607
    assert applied.returncode == 0, applied.stderr


# -- a .gitignore'd pyrightconfig.json, and basedpyright --------------------------------------------------------------


def test_an_ignored_file_is_never_created_and_the_run_converges(checkout: Checkout, cli: Cli) -> None:
    root = checkout("ignored")
    first = cli("--apply")
    assert first.code == 1 and "pyrightconfig.json: skipped: ignored by git (.gitignore:2" in first.stdout
    assert not (root / "pyrightconfig.json").exists()
    second = cli("--apply")
    assert second.code == 1, second.stdout  # findings remain for a human; nothing fails, nothing is written
    assert "[fixed]" not in second.stdout and not (root / "pyrightconfig.json").exists()


def test_basedpyright_settings_count_and_ci_runs_basedpyright(checkout: Checkout, cli: Cli) -> None:
    checkout("based")
    ran = cli("--diff", "--unsafe-fixes")  # basedpyright has never run here: its job is an unsafe fix
    assert "PY001" not in ran.stderr and "pyrightconfig.json" not in patched(ran.stdout)
    assert "PY006" not in ran.stderr  # basedpyright's "recommended" is stricter than "basic"
    assert "basedpyright" in _added(ran.stdout, ".github/workflows/ci.yml")


def _added(patch: str, path: str) -> str:
    """The lines a patch adds to one file."""
    section = patch.split(f"+++ b/{path}\n", 1)
    if len(section) < 2:
        return ""
    body = section[1].split("\ndiff --git ", 1)[0]
    return "\n".join(line[1:] for line in body.splitlines() if line.startswith("+"))
