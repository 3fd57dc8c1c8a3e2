"""The CI integrations as their hosts read them: the pre-commit hooks through `pre-commit try-repo`, action.yml and
the documented workflows through the schemas GitHub's own formats are checked with (check-jsonschema's vendored
copies, offline)."""

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
from tests.conftest import make_repo

ROOT = Path(__file__).parents[2]
BIN = Path(sys.executable).parent
HOOKS = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text())
PYPROJECT = '[project]\nname = "x"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 88\n'


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


def test_both_hooks_run_through_pre_commit_try_repo(tmp_path: Path) -> None:
    """One try-repo (each builds the hooks' environment anew, with pip, from this repository's committed HEAD):
    the fix hook edits the project, then the check hook still fails on what only a human or --unsafe-fixes can
    do. Which files start the hooks is the `files:` pattern, tested above."""
    repo = make_repo(tmp_path / "repo", {"pyproject.toml": PYPROJECT, "tests/test_x.py": "", "README.md": "# x\n"})
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull}
    for args in (
        ("init", "-q", "-b", "main"),
        ("add", "-A"),
        ("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "i"),
    ):
        assert _run("git", *args, cwd=repo, env=env).returncode == 0
    head = _run("git", "rev-parse", "HEAD", cwd=ROOT).stdout.strip()
    ran = _run(str(BIN / "pre-commit"), "try-repo", str(ROOT), "--ref", head, "--all-files", cwd=repo, env=env)
    assert ran.returncode == 1, ran.stdout + ran.stderr
    fix, check = ran.stdout.split("infra-fix (check the infrastructure files)")
    assert "files were modified by this hook" in fix
    assert 'testpaths = ["tests"]' in (repo / "pyproject.toml").read_text()
    assert "Failed" in check and "RF003" in check and "[fixable]" not in check


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
