"""Issue 7's classes of unmergeable patches, one small repository each (fixtures/regressions/): a fix that turns green
CI red, an edit to a workflow that is not CI, a wrong fact, a job that cannot pass, a choice overridden. Each test
runs infra-fix as a user runs it and checks that the patch is one a maintainer would merge."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from infra_fix_fixers.edit.yaml import load
from tests.conftest import Ran

Cli = Callable[..., Ran]
Checkout = Callable[[str], Path]
BIN = Path(sys.executable).parent


def patched(patch: str) -> set[str]:
    return set(re.findall(r"^\+\+\+ b/(.+)$", patch, re.M))


def findings(cli: Cli, *args: str) -> list[dict[str, object]]:
    ran = cli("--check", "--format", "json", *args)
    return json.loads(ran.stdout)["findings"]


def workflow(root: Path, name: str) -> dict[str, object]:
    return load((root / ".github" / "workflows" / name).read_text())[0]


# -- edits to files that are not CI -------------------------------------------------------------------------------


def test_a_nightly_image_workflow_is_not_ours(checkout: Checkout, cli: Cli) -> None:
    checkout("regressions/nightly")
    ran = cli("--diff", "--unsafe-fixes")
    assert ".github/workflows/nightly.yml" not in patched(ran.stdout)
    assert not [f for f in findings(cli) if f["path"] == ".github/workflows/nightly.yml"]


def test_a_label_gated_matrix_is_not_ours(checkout: Checkout, cli: Cli) -> None:
    checkout("regressions/labelgated")
    ran = cli("--diff", "--unsafe-fixes")
    assert ".github/workflows/deps-matrix.yml" not in patched(ran.stdout)
    assert not [f for f in findings(cli) if f["path"] == ".github/workflows/deps-matrix.yml"]


def test_versions_with_a_purpose_are_never_rewritten(checkout: Checkout, cli: Cli) -> None:
    """A step named for its version, a version under a comment saying why, a job on a newer Python for code that
    needs it: none is rewritten (the floor, 3.10, is tested by the main job)."""
    root = checkout("regressions/pinned")
    before = (root / ".github/workflows/ci.yml").read_text()
    cli("--apply", "--unsafe-fixes")
    assert (root / ".github/workflows/ci.yml").read_text() == before
    [abi] = [f for f in findings(cli, "--select", "CI006")]
    assert abi["status"] == "manual" and "the wheel check needs the oldest ABI" in str(abi["message"])


# -- wrong facts --------------------------------------------------------------------------------------------------


def test_the_floor_is_setup_pys_not_python_version(checkout: Checkout, cli: Cli) -> None:
    root = checkout("regressions/floor")
    ran = cli("--diff", "--unsafe-fixes", "--select", "RF002")
    assert '+target-version = "py37"' in ran.stdout  # python_requires >=3.6, clamped to ruff's oldest target
    assert "py314" not in ran.stdout and "setup.py" in ran.stderr
    assert (root / ".python-version").read_text() == "3.14\n"


def test_a_detached_head_in_a_master_repository_is_no_false_ci004(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What actions/checkout gives: a detached HEAD, `origin/master` fetched, no origin/HEAD. The workflows' own
    branch filters name master: that is the default branch, never a guessed `main`."""
    source = tmp_path / "upstream"
    shutil.copytree(Path(__file__).parents[2] / "fixtures" / "regressions" / "master", source)

    def git(*args: str, cwd: Path) -> str:
        ran = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)  # noqa: S603,S607
        return ran.stdout.strip()

    git("init", "-q", "-b", "master", cwd=source)
    git("add", "-A", cwd=source)
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "init", cwd=source)
    sha = git("rev-parse", "HEAD", cwd=source)
    work = tmp_path / "work"
    work.mkdir()
    git("init", "-q", cwd=work)
    git("remote", "add", "origin", str(source), cwd=work)
    git("fetch", "-q", "origin", f"+{sha}:refs/remotes/origin/master", cwd=work)
    git("checkout", "-q", "--detach", sha, cwd=work)
    monkeypatch.chdir(work)
    assert not [f for f in findings(cli, "--select", "CI004")]
    rename = (work / ".github/workflows/ci.yml").read_text().replace("[master]", "[main, master]")
    (work / ".github/workflows/ci.yml").write_text(rename)  # filters that name two branches: still master
    assert not [f for f in findings(cli, "--select", "CI004")]


# -- jobs that cannot pass ------------------------------------------------------------------------------------------


def test_a_poetry_project_gets_poetry_jobs(checkout: Checkout, cli: Cli) -> None:
    root = checkout("regressions/poetry")
    cli("--apply", "--unsafe-fixes", "--select", "CI001")
    text = (root / ".github/workflows/ci.yml").read_text()
    assert "poetry install" in text and "uv sync" not in text
    assert "poetry run pytest" in text and "poetry run ruff check ." in text


def test_a_windows_only_project_is_tested_on_windows(checkout: Checkout, cli: Cli) -> None:
    root = checkout("regressions/windows")
    cli("--apply", "--unsafe-fixes", "--select", "CI001")
    jobs = workflow(root, "ci.yml")["jobs"]
    assert isinstance(jobs, dict) and jobs["pytest"]["runs-on"] == "windows-latest"
    assert jobs["pytest"]["steps"][-1]["run"] == "python -m pytest"  # installed by the job: not a dependency


def test_a_new_job_follows_sha_pins_credentials_permissions_and_joins_the_aggregator(
    checkout: Checkout, cli: Cli
) -> None:
    root = checkout("regressions/pinned-sha")
    before = _zizmor(root)
    cli("--apply", "--unsafe-fixes", "--select", "CI002")
    jobs = workflow(root, "ci.yml")["jobs"]
    assert isinstance(jobs, dict)
    pyright = jobs["pyright"]
    uses = [step["uses"] for step in pyright["steps"] if "uses" in step]
    assert uses == [
        "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683",
        "astral-sh/setup-uv@f0ec1fc3b38f5e7cd731bb6ce540c5af426746bb",
    ]
    assert pyright["steps"][0]["with"] == {"persist-credentials": False}
    assert pyright["permissions"] == {"contents": "read"}
    assert "pyright" in jobs["required-ci"]["needs"]  # it gates the merge like the others
    if before is not None:
        assert _zizmor(root) == before  # no new finding from the auditor the repository runs


def _zizmor(root: Path) -> list[str] | None:
    zizmor = shutil.which("zizmor") or (str(BIN / "zizmor") if (BIN / "zizmor").exists() else None)
    if zizmor is None:
        return None
    ran = subprocess.run(  # noqa: S603 - the auditor, offline, on the fixture's workflows
        [zizmor, "--offline", "--format", "json", ".github/workflows"], cwd=root, capture_output=True, text=True
    )
    return sorted(f"{f['ident']}:{f['locations'][0]['symbolic']['key']}" for f in json.loads(ran.stdout or "[]"))


# -- checks the project already runs -------------------------------------------------------------------------------


def test_checks_run_through_a_local_reusable_workflow_count(checkout: Checkout, cli: Cli) -> None:
    checkout("regressions/reusable")
    ran = cli("--diff")
    assert not {".github/workflows/ci.yml", ".github/workflows/checks.yml"} & patched(ran.stdout)
    assert "CI002" not in ran.stderr and "CI001" not in ran.stderr
    assert "CI006" not in ran.stderr  # the floor is tested through the reusable workflow's input


def test_checks_run_through_taskfile_make_and_prek_count(checkout: Checkout, cli: Cli) -> None:
    checkout("regressions/tasks")
    ran = cli("--diff", "--select", "CI")
    assert "CI002" not in ran.stderr and "CI001" not in ran.stderr


def test_an_18000_line_tox_ini_is_scanned_once(checkout: Checkout, cli: Cli) -> None:
    """issue 7: every workflow line calling tox re-scanned tox.ini (622k calls for 16 jobs, past ten minutes)."""
    root = checkout("regressions/reusable")
    envs = [f"[testenv:e{i}]\ncommands =\n" + "".join(f"    python -c 'print({j})'\n" for j in range(8)) for i in
            range(1800)]  # fmt: skip
    (root / "tox.ini").write_text(
        "[tox]\nenvlist = py311\n\n[testenv]\ncommands = pytest {posargs}\n\n" + "\n".join(envs)
    )
    assert len((root / "tox.ini").read_text().splitlines()) > 18000
    steps = "".join(f"      - run: tox -e e{i}\n      - run: make -C . check || true\n" for i in range(20))
    for n in range(25):
        (root / f".github/workflows/w{n}.yml").write_text(
            f"on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"
        )
    started = time.monotonic()
    ran = cli("--check", "--select", "CI")
    assert time.monotonic() - started < 60, "a hang guard, not a speed claim (perf/ measures the speed)"
    assert ran.code in (0, 1) and "Traceback" not in ran.stdout


# -- choices overridden -------------------------------------------------------------------------------------------


def test_commented_out_and_explained_choices_stand(checkout: Checkout, cli: Cli) -> None:
    root = checkout("regressions/comments")
    before = {name: (root / name).read_text() for name in ("pyproject.toml", "pyrightconfig.json")}
    cli("--apply", "--unsafe-fixes", "--select", "RF003,PY002,PY004")
    assert {name: (root / name).read_text() for name in before} == before
    found = {f["code"]: f for f in findings(cli, "--select", "RF003,PY002,PY004")}
    assert "Note: B and N rules are NOT enabled" in str(found["RF003"]["message"])
    assert found["RF003"]["status"] == found["PY002"]["status"] == found["PY004"]["status"] == "manual"
    assert '"include": ["src"]' in str(found["PY002"]["message"])
    assert "the plugins are optional imports" in str(found["PY004"]["message"])


def test_an_anyio_suite_gets_no_asyncio_mode(checkout: Checkout, cli: Cli) -> None:
    checkout("regressions/anyio")
    assert not findings(cli, "--select", "PP006")


def test_a_rev_newer_than_the_lock_is_reported_never_downgraded(checkout: Checkout, cli: Cli) -> None:
    root = checkout("regressions/newer-rev")
    cli("--apply", "--select", "PC004")
    assert "rev: v0.16.3" in (root / ".pre-commit-config.yaml").read_text()
    [found] = findings(cli, "--select", "PC004")
    assert found["status"] == "manual" and "never downgrade" not in str(found["message"]).lower()
    assert "newer than the ruff the lock pins (0.15.1)" in str(found["message"])


def test_dependabot_satisfies_the_dependency_bot_rules(checkout: Checkout, cli: Cli) -> None:
    checkout("regressions/dependabot")
    ran = cli("--diff", "--select", "RN")
    assert ran.stdout == "" and not findings(cli, "--select", "RN")
