"""The CI integrations as their hosts read them: action.yml and the documented workflows through the schemas GitHub's
own formats are checked with (check-jsonschema's vendored copies, offline). The hooks through `pre-commit try-repo`
are in tests/install/test_hooks.py (each try-repo installs the repository with pip: `make install-check`)."""

from __future__ import annotations

import os
import re
import subprocess  # noqa: S404 - pre-commit, check-jsonschema and git with fixed arguments
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from infra_fix.plugins import load_fixers
from infra_fix_fixers.facts import READS

ROOT = Path(__file__).parents[2]
BIN = Path(sys.executable).parent
HOOKS = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=600, check=False)  # noqa: S603


def test_the_hooks_files_pattern_covers_every_file_infra_fix_reads() -> None:
    # Python source is read for the environment variables it reads (the example env file lists them); a commit of
    # code alone does not run the hook (it would on every commit), `infra-fix --check` in CI catches the variable
    patterns = (set(READS) | {p for fixer in load_fixers() for p in fixer.reads}) - {"**/*.py"}
    samples = {p.replace("*", "x" if p.endswith("/*") else "ci") for p in patterns}
    for hook in HOOKS:
        files = re.compile(hook["files"])
        assert hook["pass_filenames"] is False
        assert sorted(s for s in samples if not files.search(s)) == []
        assert not files.search("src/orders/models.py") and not files.search("docs/README.md")
        assert files.search("README.rst")  # its pre-commit.ci badge says the hooks run on every pull request
        assert files.search("backend/pyproject.toml")  # a project in a subfolder, a workspace member


@pytest.mark.parametrize(
    ("schema", "path"),
    [
        ("vendor.github-actions", "action.yml"),
        ("vendor.github-workflows", "docs/workflows/infra-fix.yml"),
        ("vendor.github-workflows", "docs/workflows/campaign.yml"),
    ],
)
def test_action_and_workflows_follow_githubs_schemas(schema: str, path: str) -> None:
    ran = _run(str(BIN / "check-jsonschema"), "--builtin-schema", schema, str(ROOT / path), cwd=ROOT)
    assert ran.returncode == 0, ran.stdout + ran.stderr


def test_the_schema_check_can_fail(tmp_path: Path) -> None:
    """The control: an action without `runs` is refused by the same check."""
    (tmp_path / "action.yml").write_text("name: x\ndescription: y\n")
    ran = _run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-actions", "action.yml", cwd=tmp_path)
    assert ran.returncode == 1


def test_the_reusable_workflow_is_callable_and_the_action_has_the_documented_inputs() -> None:
    action = YAML(typ="safe").load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    assert {"mode", "select", "ignore", "unsafe-fixes", "version", "sarif"} <= set(action["inputs"])
    steps = "\n".join(str(step) for step in action["runs"]["steps"])
    assert "GITHUB_STEP_SUMMARY" in steps and "github/codeql-action/upload-sarif" in steps
    workflow = YAML(typ="safe").load((ROOT / "docs/workflows/infra-fix.yml").read_text())
    assert "workflow_call" in workflow["on"]


def test_the_action_and_every_workflow_shipped_are_zizmor_clean() -> None:
    """No zizmor finding of medium severity or above (offline audits: pins, permissions, credentials, injection)."""
    shipped = ["action.yml", *sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("*/workflows/*.yml"))]
    assert {".github/workflows/ci.yml", "docs/workflows/campaign.yml"} <= set(shipped)
    ran = _run(str(BIN / "zizmor"), "--offline", "--min-severity", "medium", "--format", "plain", *shipped, cwd=ROOT)
    assert ran.returncode == 0, ran.stdout + ran.stderr


def test_pr_args_reach_infra_fix_one_line_one_argument(tmp_path: Path) -> None:
    """The Action's run step, in bash with infra-fix stood in by a script that prints its arguments: a line of
    pr-args is one argument, spaces and glob characters kept."""
    action = YAML(typ="safe").load((ROOT / "action.yml").read_text())
    script = next(step["run"] for step in action["runs"]["steps"] if step.get("id") == "run")
    stand_in = tmp_path / "infra-fix"
    stand_in.write_text('#!/bin/sh\nfor a in "$@"; do echo "[$a]"; done\n')
    stand_in.chmod(0o755)
    (tmp_path / "summary").touch()
    env = {
        "PATH": os.environ["PATH"],
        "INFRA_FIX": str(stand_in),
        "MODE": "pr",
        "TARGET": "sub dir",
        "PR_ARGS": "--label=needs review\n\n--reviewer=*\n",
        "RUNNER_TEMP": str(tmp_path),
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary"),
    }
    ran = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, env=env, check=False)  # noqa: S603, S607
    assert ran.stdout.splitlines() == ["[--pr]", "[--label=needs review]", "[--reviewer=*]", "[--]", "[sub dir]"]
    assert (tmp_path / "output").read_text() == "exit-code=0\n"
    assert "[--label=needs review]" in (tmp_path / "summary").read_text()
