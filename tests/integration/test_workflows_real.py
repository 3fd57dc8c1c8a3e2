"""GitHub's workflow schema and Renovate's config schema accept every file the CI and RN fixers write
(check-jsonschema's vendored schemas, offline), and the Monday gate of the created renovate workflow really lets
only Mondays and manual runs through (its script run by bash with a stubbed `date`)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from infra_fix_fixers import Changed, Settings, Snapshot, remediate
from infra_fix_fixers.edit.jsonc import loads
from infra_fix_fixers.edit.yaml import load
from infra_fix_fixers.facts import discover
from infra_fix_fixers.fixer import Context
from infra_fix_fixers.rules import ci, precommit, renovate
from infra_fix_fixers.rules.renovate.workflow import workflow_template
from infra_fix_fixers.testing import example_cases, run_case

CI_FIXERS = [ci.FIXER, renovate.CONFIG, renovate.WORKFLOW]
CODE = {"src/demo/__init__.py": "", "tests/test_demo.py": ""}

CHECK = Path(sys.executable).parent / "check-jsonschema"
PY = '[project]\nname = "demo"\nrequires-python = ">=3.12"\n'


def written(fixer_cases: list, suffix: tuple[str, ...]) -> dict[str, str]:
    """Every text an example of these rules writes, by example id."""
    out = {}
    for case in fixer_cases:
        if case.example.before != case.example.after and case.path.endswith(suffix):
            after, _ = run_case(case)
            assert after is not None
            out[case.id] = after
    return out


WORKFLOW_OUTPUTS = {
    **written(example_cases(CI_FIXERS), (".yml", ".yaml")),
    **written(  # the workflow that runs a new pre-commit config's hooks
        [c for c in example_cases([precommit.FIXER, precommit.RUNNER]) if c.fixer is precommit.RUNNER], (".yml",)
    ),
    "everything-from-nothing": remediate(
        Snapshot(files={"pyproject.toml": PY, "Makefile": "sync-locks:\n\tuv lock\n", **CODE}, default_branch="main"),
        Settings(unsafe_fixes=True),
        CI_FIXERS,
    )
    .changes[0]
    .after,
}
CONFIG_OUTPUTS = written(
    [case for case in example_cases(CI_FIXERS) if case.fixer is renovate.CONFIG], (".json", ".json5", ".renovaterc")
)


def validate(tmp_path: Path, schema: str, name: str, text: str) -> None:
    target = tmp_path / name
    target.write_text(text)
    proc = subprocess.run(  # noqa: S603 - our own venv's tool on our own temp file
        [str(CHECK), "--builtin-schema", schema, str(target)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("case_id", sorted(WORKFLOW_OUTPUTS))
def test_github_accepts_written_workflow(tmp_path: Path, case_id: str) -> None:
    validate(tmp_path, "vendor.github-workflows", "workflow.yml", WORKFLOW_OUTPUTS[case_id])


@pytest.mark.parametrize("case_id", sorted(CONFIG_OUTPUTS))
def test_renovate_accepts_written_config(tmp_path: Path, case_id: str) -> None:
    """check-jsonschema reads .json strictly: a config with comments (which Renovate accepts) is validated as the
    data it means, its comments being the JSONC editor's concern (tests/unit/test_renovate.py)."""
    text = CONFIG_OUTPUTS[case_id]
    try:
        json.loads(text)
    except ValueError:
        text = json.dumps(loads(text))
    validate(tmp_path, "vendor.renovate", "renovate.json", text)


def test_everything_from_nothing_writes_three_files() -> None:
    result = remediate(Snapshot(files={"pyproject.toml": PY, **CODE}), Settings(unsafe_fixes=True), CI_FIXERS)
    assert {c.path for c in result.changes if isinstance(c, Changed)} == {
        ci.missing.CI_PATH,
        "renovate.json",
        ".github/workflows/renovate.yml",
    }


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(
    ("weekday", "event", "runs"),
    [("1", "schedule", "true"), ("3", "schedule", "false"), ("3", "workflow_dispatch", "true")],
)
def test_monday_gate_script(tmp_path: Path, weekday: str, event: str, runs: str) -> None:
    text = workflow_template(_ctx())
    script = load(text)[0]["jobs"]["gate"]["steps"][0]["run"]
    stub = tmp_path / "bin"
    stub.mkdir()
    (stub / "date").write_text(f"#!/bin/sh\necho {weekday}\n")
    (stub / "date").chmod(0o755)
    output = tmp_path / "out"
    env = {
        **os.environ,
        "PATH": f"{stub}:{os.environ['PATH']}",
        "GITHUB_EVENT_NAME": event,
        "GITHUB_OUTPUT": str(output),
    }
    subprocess.run(["bash", "-e", "-c", script], env=env, check=True, timeout=30)  # noqa: S603, S607
    assert output.read_text() == f"run={runs}\n"


def _ctx() -> Context:
    return Context(discover(Snapshot(files={})), None, Settings())
