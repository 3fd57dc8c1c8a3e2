"""Issue 14, items 1 and 7, one small repository per shape the maintainer trial met (none a copy of a real one):
adoptions presented as fixes (a renovate.json alone, a pre-commit config nothing runs or beside lefthook, pyright
settings for a pyright nobody runs), and results that depended on how infra-fix was run (the unsafe gate bypassed by
running twice, safe-then-unsafe differing from unsafe at once, labels the matching run did not keep)."""

from __future__ import annotations

import json
import os
import subprocess  # noqa: S404 - git on the test's own repository
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Ran, make_repo
from tests.integration.test_bad_input import CASES, KINDS

Cli = Callable[..., Ran]
PYPROJECT = (
    '[project]\nname = "shop"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n\n'
    '[dependency-groups]\ndev = ["pytest", "ruff==0.15.1", "pre-commit"]\n\n[tool.ruff]\nline-length = 120\n'
)
CODE = {"pyproject.toml": PYPROJECT, "src/shop/__init__.py": "", "tests/test_shop.py": "def test_x():\n    pass\n"}
CI = (
    "name: CI\non:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - uses: actions/checkout@v4\n      - uses: astral-sh/setup-uv@v6\n      - run: uv sync\n"
    "      - run: uv run pytest\n"
)
WORKFLOW = ".github/workflows/renovate.yml"


def repo(root: Path, files: dict[str, str]) -> Path:
    make_repo(root, files)
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("-c", "user.email=t@t", "-c", "user.name=t", "commit",
                 "-qm", "init")):  # fmt: skip
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=_env())  # noqa: S603,S607
    return root


def _env() -> dict[str, str]:
    return {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull}


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def report(cli: Cli, *args: str) -> dict[str, object]:
    return json.loads(cli(*args, "--format", "json").stdout)


def by_code(data: dict[str, object], code: str) -> list[dict[str, object]]:
    return [f for f in data["findings"] if f["code"] == code]  # type: ignore[union-attr]


# -- item 1: repairs and adoptions ----------------------------------------------------------------------------------


def test_renovate_json_alone_is_never_written(tmp_path: Path, cli: Cli) -> None:
    """A renovate.json without what runs it does nothing (or switches on the app's defaults): plain --apply, whose
    Renovate workflow is unsafe, writes neither; --unsafe-fixes writes both; the labels say so."""
    repo(tmp_path, {**CODE, ".github/workflows/ci.yml": CI})
    data = report(cli, "--apply")
    assert not (tmp_path / "renovate.json").exists() and not (tmp_path / WORKFLOW).exists()
    [config], [runner] = by_code(data, "RN001"), by_code(data, "RN004")
    assert (config["kind"], config["adoption"], config["status"]) == (
        "adoption",
        "Renovate",
        "fixable with --unsafe-fixes",
    )
    assert runner["status"] == "fixable with --unsafe-fixes"
    assert {"name": "Renovate", "status": "fixable with --unsafe-fixes"} in data["adoptions"]  # type: ignore[operator]
    cli("--apply", "--unsafe-fixes")
    assert (tmp_path / "renovate.json").exists() and (tmp_path / WORKFLOW).exists()


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("tox.ini", "[tox]\nenv_list = py\n\n[testenv:upgrade]\ncommands =\n    uv lock --upgrade\n    gha-update\n"),
        ("noxfile.py", 'import nox\n\n@nox.session\ndef update(s):\n    s.run("pre-commit", "autoupdate")\n'),
        ("Makefile", "upgrade:\n\tuv lock -U\n"),
        (".github/workflows/deps.yml", "on:\n  schedule:\n    - cron: '0 0 * * 1'\njobs:\n  up:\n    runs-on: x\n"
         "    steps:\n      - run: pip-compile --upgrade requirements.in\n"),
        (".github/dependabot.yml", "version: 2\nupdates: []\n"),
    ],
)  # fmt: skip
def test_renovate_is_never_proposed_beside_another_update_process(
    tmp_path: Path, cli: Cli, path: str, text: str
) -> None:
    repo(tmp_path, {**CODE, ".github/workflows/ci.yml": CI, path: text})
    data = report(cli, "--check", "--unsafe-fixes")
    assert not [f for f in data["findings"] if str(f["code"]).startswith("RN")]  # type: ignore[union-attr]
    cli("--apply", "--unsafe-fixes")
    assert not (tmp_path / "renovate.json").exists() and not (tmp_path / WORKFLOW).exists()


def test_a_renovate_json_with_only_the_defaults_proves_no_app(tmp_path: Path, cli: Cli) -> None:
    """The app's onboarding and infra-fix write the same defaults: beside them alone, RN004 is the human's call
    (manual), never silently "the app is installed"; a configuration tuned beyond them is the app's."""
    defaults = (
        '{\n  "$schema": "https://docs.renovatebot.com/renovate-schema.json",\n  "extends": ["config:recommended"]\n}\n'
    )
    repo(tmp_path, {**CODE, "renovate.json": defaults})
    [runner] = by_code(report(cli, "--check", "--unsafe-fixes"), "RN004")
    assert runner["status"] == "manual" and "if the Renovate app is installed" in str(runner["message"])
    (tmp_path / "renovate.json").write_text(defaults.replace("]\n}", '],\n  "schedule": ["on monday"]\n}'))
    assert by_code(report(cli, "--check", "--unsafe-fixes"), "RN004") == []


def test_no_pre_commit_where_lefthook_runs_the_hooks(tmp_path: Path, cli: Cli) -> None:
    ci = CI.replace(
        "      - run: uv run pytest\n", "      - run: uv run pytest\n      - run: lefthook run pre-commit\n"
    )
    lefthook = "pre-commit:\n  commands:\n    lint:\n      run: uv run ruff check {staged_files}\n"
    repo(tmp_path, {**CODE, ".github/workflows/ci.yml": ci, "lefthook.yml": lefthook})
    data = report(cli, "--check", "--unsafe-fixes")
    assert not [f for f in data["findings"] if str(f["code"]).startswith("PC")]  # type: ignore[union-attr]
    cli("--apply", "--unsafe-fixes")
    assert not (tmp_path / ".pre-commit-config.yaml").exists()
    assert not (tmp_path / ".github/workflows/pre-commit.yml").exists()


def test_a_new_pre_commit_config_comes_with_what_runs_it_and_nothing_else_moves_in(tmp_path: Path, cli: Cli) -> None:
    repo(tmp_path, {**CODE, ".github/workflows/ci.yml": CI})
    first = report(cli, "--apply")
    assert (tmp_path / ".pre-commit-config.yaml").exists()
    runner = (tmp_path / ".github/workflows/pre-commit.yml").read_text()
    assert "pipx run pre-commit run --all-files" in runner and "persist-credentials: false" in runner
    parts = {(f["code"], f["adoption_part"]) for f in first["findings"] if f["adoption"] == "pre-commit" and f["fixed"]}  # type: ignore[union-attr]
    assert parts == {("PC001", "config"), ("PC006", "runner")}
    # the next run finds the hooks' workflow a workflow of their own: no other job moves in, nothing is left to do
    before = tree(tmp_path)
    cli("--apply")
    assert tree(tmp_path) == before


def test_pyright_settings_only_with_the_job_that_runs_pyright(tmp_path: Path, cli: Cli) -> None:
    repo(tmp_path, {**CODE, ".github/workflows/ci.yml": CI})
    cli("--apply")
    assert not (tmp_path / "pyrightconfig.json").exists()
    assert "pyright" not in (tmp_path / ".github/workflows/ci.yml").read_text()
    cli("--apply", "--unsafe-fixes")
    assert (tmp_path / "pyrightconfig.json").exists()
    assert "pyright" in (tmp_path / ".github/workflows/ci.yml").read_text()


def test_an_adoption_with_a_part_git_ignores_is_not_made_at_all(tmp_path: Path, cli: Cli) -> None:
    repo(tmp_path, {**CODE, ".github/workflows/ci.yml": CI, ".gitignore": "renovate.json\n"})
    data = report(cli, "--apply", "--unsafe-fixes")
    assert not (tmp_path / WORKFLOW).exists() and not (tmp_path / "renovate.json").exists()
    assert {f["status"] for f in by_code(data, "RN001") + by_code(data, "RN004")} == {"manual"}


# -- item 7: one answer however it is run ---------------------------------------------------------------------------


def test_safe_then_unsafe_ends_where_unsafe_at_once_does(tmp_path: Path, cli: Cli) -> None:
    """The issue's example: the renovate.json the first run wrote made the second conclude the app was installed, and
    the Renovate workflow never came; and hooks appended to a config later came in another order."""
    files = {
        **CODE,
        ".github/workflows/ci.yml": CI,
        ".pre-commit-config.yaml": "repos:\n- repo: https://github.com/astral-sh/ruff-pre-commit\n  rev: v0.15.1\n"
        "  hooks:\n  - id: ruff-format\n",
    }
    at_once, stepwise = tmp_path / "at-once", tmp_path / "stepwise"
    repo(at_once, files)
    repo(stepwise, files)
    cli("--apply", "--unsafe-fixes", "at-once")
    cli("--apply", "stepwise")
    cli("--apply", "--unsafe-fixes", "stepwise")
    assert tree(stepwise) == tree(at_once)
    assert (stepwise / WORKFLOW).exists()


def test_a_setting_the_plain_run_adds_is_what_the_unsafe_run_at_once_adds(tmp_path: Path, cli: Cli) -> None:
    """A pyright set to "off": the plain run turns reportMissingImports on (safe), the unsafe one raises the mode,
    after which the setting is pyright's default. One unsafe run judged the setting after raising the mode and left it
    out, so the two orders ended in different files (and the label "fixable" was not what --unsafe-fixes did)."""
    pyproject = PYPROJECT.replace('"pre-commit"]', '"pre-commit", "pyright"]') + (
        '\n[tool.pyright]\ninclude = ["src"]\npythonVersion = "3.12"\ntypeCheckingMode = "off"\n'
    )
    files = {**CODE, "pyproject.toml": pyproject, ".github/workflows/ci.yml": CI + "      - run: uv run pyright\n"}
    at_once, stepwise = tmp_path / "at-once", tmp_path / "stepwise"
    repo(at_once, files)
    repo(stepwise, files)
    [label] = by_code(report(cli, "--check", "at-once"), "PY004")
    assert label["status"] == "fixable"
    cli("--apply", "--unsafe-fixes", "at-once")
    cli("--apply", "stepwise")
    cli("--apply", "--unsafe-fixes", "stepwise")
    assert tree(stepwise) == tree(at_once)
    assert 'typeCheckingMode = "basic"\nreportMissingImports = true\n' in (at_once / "pyproject.toml").read_text()


def test_every_label_is_what_the_matching_run_then_does(tmp_path: Path, cli: Cli) -> None:
    for name in ("plain", "unsafe"):
        repo(tmp_path / name, {**CODE, ".github/workflows/ci.yml": CI})
    labels = report(cli, "--check", "plain")
    fixed_plain = report(cli, "--apply", "plain")
    fixed_unsafe = report(cli, "--apply", "--unsafe-fixes", "unsafe")

    def keys(data: dict[str, object], *statuses: str, fixed: bool | None = None) -> list[tuple[object, ...]]:
        return sorted(
            (f["path"].split("/", 1)[1], f["code"], f["line"])  # type: ignore[index,union-attr]
            for f in data["findings"]  # type: ignore[union-attr]
            if (fixed is None or f["fixed"] is fixed) and (not statuses or f["status"] in statuses)
        )

    assert keys(labels, "fixable") == keys(fixed_plain, fixed=True)
    promised = Counter(keys(labels, "fixable", "fixable with --unsafe-fixes"))
    made = Counter(keys(fixed_unsafe, fixed=True))
    assert promised - made == Counter()  # every promise kept ...
    # ... and beyond them, only what an unsafe fix brings about (RF003's rules get their limits, RF005), never a
    # finding the plain run called manual
    assert not set(made - promised) & set(keys(labels, "manual"))
    assert keys(labels, "manual") == keys(fixed_unsafe, "manual")
    assert keys(fixed_plain, "fixable") == [] and keys(fixed_unsafe, "fixable", "fixable with --unsafe-fixes") == []


def test_a_second_apply_adds_no_hook_the_first_called_unsafe(tmp_path: Path, cli: Cli) -> None:
    """The unsafe gate bypassed by running twice, reproduced: the first --apply wrote a CI job from the Makefile's
    lint target; the second took that job for evidence and added the ruff hooks the first had called unsafe."""
    lock = 'version = 1\n\n[[package]]\nname = "ruff"\nversion = "0.15.1"\n'
    make = "lint:\n\tuv run ruff check .\n\tuv run ruff format --check .\n\ntest:\n\tuv run pytest\n"
    repo(tmp_path, {**CODE, "uv.lock": lock, "Makefile": make})
    cli("--apply")
    after_one = tree(tmp_path)
    assert ".github/workflows/ci.yml" in after_one  # the CI workflow adopted (its jobs run the Makefile's targets)
    cli("--apply")
    assert tree(tmp_path) == after_one


@pytest.mark.parametrize("case", ["directory", "latin-1", "nul"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_second_apply_changes_nothing_whatever_file_is_bad(tmp_path: Path, cli: Cli, kind: str, case: str) -> None:
    """The hostile-input probe: a second plain --apply added what the first had classed unsafe (the unsafe gate
    bypassed by running twice). Now the first run's own output never changes the second run's judgement."""
    make, _ = CASES[case]
    files = {**CODE, ".github/workflows/ci.yml": CI}
    repo(tmp_path, {k: v for k, v in files.items() if k != kind})
    (tmp_path / kind).parent.mkdir(parents=True, exist_ok=True)
    make(tmp_path / kind)
    cli("--apply")
    after_one = tree(tmp_path)
    cli("--apply")
    assert tree(tmp_path) == after_one
