"""Controls for the green check: each of its checks, fed a deliberately bad change, must flag it (`make green`).

A checker that cannot fail proves nothing; these build tiny repositories, make the kind of edit issue 7 saw break
real projects (a narrower line length, a new selected rule, check-json over a JSON-with-comments file, an unpinned
checkout in a zizmor-clean workflow, an edited nightly workflow, a Renovate workflow beside Dependabot, a ruff CI
step over a tree that fails it), and assert the same functions `green_check.py` runs name the broken check. A
harmless change must give no problem at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from green import checks, ruffrun, tree, workflows

CODE = 'def greet(name):\n    return print(name, name.upper(), name.lower(), name.title(), name.casefold(), sep="-")\n'
RUFF_CONFIG = '[project]\nname = "x"\nversion = "1"\n\n[tool.ruff]\nline-length = 120\n'
PINNED = """name: ci
on:
  pull_request:
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false
      - run: make test
"""
NIGHTLY = """name: nightly image
on:
  schedule:
    - cron: "0 3 * * *"
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make image
"""


def _repo(tmp_path: Path, files: dict[str, str]) -> checks.Side:
    repo = tmp_path / "repo"
    for rel, text in files.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    return checks.Side(repo, tree.init_repo(repo))


def _edit(before: checks.Side, files: dict[str, str]) -> tuple[checks.Side, checks.Change]:
    """Write the bad change as infra-fix would, commit it, and describe it as project.py does."""
    for rel, text in files.items():
        (before.repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (before.repo / rel).write_text(text)
    modified, created = tree.changed_files(before.repo, before.commit)
    patch = tree.diff_text(before.repo, before.commit)
    after = checks.Side(before.repo, tree.commit_all(before.repo, "bad change"))
    return after, checks.Change(modified, created, patch, {}, {})


def test_narrower_line_length_is_flagged_by_ruff_format(tmp_path: Path) -> None:
    before = _repo(tmp_path, {"pyproject.toml": RUFF_CONFIG, "src/x.py": CODE})
    after, change = _edit(before, {"pyproject.toml": RUFF_CONFIG.replace("120", "80")})
    problems = checks.ruff_problems(before, after, change, [])
    assert [p.key for p in problems] == [("format", "venv")]
    assert "0 -> 1 files would be reformatted" in problems[0].message


def test_new_selected_rule_is_flagged_by_ruff_check(tmp_path: Path) -> None:
    before = _repo(tmp_path, {"pyproject.toml": RUFF_CONFIG, "src/x.py": CODE})
    after, change = _edit(before, {"pyproject.toml": RUFF_CONFIG + '\n[tool.ruff.lint]\nextend-select = ["ANN"]\n'})
    problems = checks.ruff_problems(before, after, change, [])
    assert [p.key for p in problems] == [("ruff", "venv")]
    assert "ANN001 0 -> 1" in problems[0].message


def test_a_configuration_ruff_rejects_is_flagged(tmp_path: Path) -> None:
    before = _repo(tmp_path, {"pyproject.toml": RUFF_CONFIG, "src/x.py": CODE})
    after, change = _edit(before, {"pyproject.toml": RUFF_CONFIG + 'target-version = "py36"\n'})
    problems = checks.ruff_problems(before, after, change, [])
    assert [p.key for p in problems] == [("ruff", "venv")]
    assert "rejects the configuration" in problems[0].message


def test_check_json_over_jsonc_is_flagged(tmp_path: Path) -> None:
    config = "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
    before = _repo(
        tmp_path,
        {
            ".pre-commit-config.yaml": config + "      - id: check-yaml\n",
            "tsconfig.json": '{\n  // strict\n  "a": 1\n}\n',
        },
    )
    after, change = _edit(
        before, {".pre-commit-config.yaml": config + "      - id: check-yaml\n      - id: check-json\n"}
    )
    problems = checks.new_check_problems(after, change, before.text(".pre-commit-config.yaml"), [])
    assert [p.key for p in problems] == [("hook", "check-json")]
    assert "tsconfig.json" in problems[0].message


def test_trailing_whitespace_hook_respects_its_exclude(tmp_path: Path) -> None:
    config = "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
    before = _repo(tmp_path, {".pre-commit-config.yaml": config + "      - id: check-yaml\n", "docs/a.txt": "x \n"})
    hook = "      - id: trailing-whitespace\n        exclude: ^docs/\n"
    after, change = _edit(before, {".pre-commit-config.yaml": config + "      - id: check-yaml\n" + hook})
    assert checks.new_check_problems(after, change, before.text(".pre-commit-config.yaml"), []) == []


def test_ruff_step_added_to_ci_over_a_failing_tree_is_flagged(tmp_path: Path) -> None:
    before = _repo(
        tmp_path, {"pyproject.toml": RUFF_CONFIG, "src/x.py": "import os\n", ".github/workflows/ci.yml": PINNED}
    )
    after, change = _edit(before, {".github/workflows/ci.yml": PINNED + "      - run: .venv/bin/ruff check .\n"})
    problems = checks.new_check_problems(after, change, None, [])
    assert [p.key for p in problems] == [("new-check", "ruff check")]
    assert "F401 1" in problems[0].message


def test_unpinned_checkout_is_flagged_by_zizmor(tmp_path: Path) -> None:
    before = _repo(tmp_path, {".github/workflows/ci.yml": PINNED})
    job = "  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make lint\n"
    after, change = _edit(before, {".github/workflows/ci.yml": PINNED + job})
    kinds = {p.key for p in checks.workflow_problems(before, after, change, [])}
    assert ("zizmor", ".github/workflows/ci.yml", "unpinned-uses") in kinds
    assert ("zizmor", ".github/workflows/ci.yml", "artipacked") in kinds


def test_edited_nightly_workflow_is_flagged(tmp_path: Path) -> None:
    before = _repo(tmp_path, {".github/workflows/nightly.yml": NIGHTLY})
    after, change = _edit(before, {".github/workflows/nightly.yml": NIGHTLY.replace("on:\n", "on:\n  pull_request:\n")})
    problems = checks.workflow_problems(before, after, change, [])
    assert ("workflow", ".github/workflows/nightly.yml") in {p.key for p in problems}


def test_job_outside_the_aggregator_is_flagged(tmp_path: Path) -> None:
    gate = "  alls-green:\n    needs: [test]\n    runs-on: ubuntu-latest\n    steps:\n"
    gate += "      - uses: re-actors/alls-green@v1\n"
    before = _repo(tmp_path, {".github/workflows/ci.yml": PINNED + gate})
    job = "  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make lint\n"
    after, change = _edit(before, {".github/workflows/ci.yml": PINNED + gate + job})
    keys = {p.key for p in checks.workflow_problems(before, after, change, [])}
    assert ("aggregator", ".github/workflows/ci.yml") in keys


def test_renovate_workflow_beside_dependabot_is_flagged(tmp_path: Path) -> None:
    before = _repo(tmp_path, {".github/dependabot.yml": "version: 2\nupdates: []\n"})
    workflow = "name: renovate\non:\n  workflow_dispatch:\njobs:\n  r:\n    runs-on: ubuntu-latest\n    steps: []\n"
    after, change = _edit(before, {".github/workflows/renovate.yml": workflow})
    keys = {p.key for p in checks.workflow_problems(before, after, change, [])}
    assert ("bot", ".github/workflows/renovate.yml") in keys


def test_harmless_change_gives_no_problem(tmp_path: Path) -> None:
    before = _repo(tmp_path, {"pyproject.toml": RUFF_CONFIG, "src/x.py": CODE, ".github/workflows/ci.yml": PINNED})
    after, change = _edit(
        before, {"pyproject.toml": RUFF_CONFIG + '\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'}
    )
    notes: list[str] = []
    problems = checks.ruff_problems(before, after, change, notes)
    problems += checks.new_check_problems(after, change, None, notes)
    problems += checks.workflow_problems(before, after, change, notes)
    assert problems == []


@pytest.mark.parametrize(
    ("path", "text", "gating"),
    [
        pytest.param(".github/workflows/ci.yml", PINNED, True, id="pull-request-ci"),
        pytest.param(".github/workflows/nightly.yml", NIGHTLY, False, id="schedule-only"),
        pytest.param(
            ".github/workflows/reuse.yml", PINNED.replace("pull_request:", "workflow_call:"), False, id="reusable"
        ),
        pytest.param(
            ".github/workflows/deps.yml",
            PINNED.replace("pull_request:", "pull_request:\n    types: [labeled]"),
            False,
            id="label-gated",
        ),
        pytest.param(".github/workflows/release.yml", PINNED, False, id="named-release"),
        pytest.param(".github/workflows/ci.yml", PINNED.replace("make test", "poe check"), True, id="task-runner"),
        pytest.param(".github/workflows/ci.yml", PINNED.replace("make test", "echo hi"), False, id="runs-no-check"),
    ],
)
def test_workflow_classification(path: str, text: str, gating: bool) -> None:
    assert workflows.classify(path, text).gating is gating


@pytest.mark.parametrize(
    "output",
    [
        pytest.param(
            "Would reformat: src/x.py\n1 file would be reformatted\nerror: Failed to parse src/bad.py:1:5: Expected",
            id="ruff-0.8",
        ),
        pytest.param(
            "invalid-syntax: Expected an identifier\n --> src/bad.py:1:5\n  |\n1 | def (\n  |     ^\n\n"
            "unformatted: File would be reformatted\n --> src/x.py:2:18\n  |\n1 | def greet(name):\n"
            "  -     return x: 1\n2 +     return (\n  |\n\n1 file would be reformatted\n",
            id="ruff-0.17",
        ),
    ],
)
def test_format_verdict_reads_old_and_new_output(output: str) -> None:
    reformat, errors = ruffrun.format_verdict(output)
    assert reformat == {"src/x.py"}
    assert len(errors) == 1
    assert "src/bad.py" in next(iter(errors))
