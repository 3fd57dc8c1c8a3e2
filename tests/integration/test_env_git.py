"""The EV rules with real git: the examples' recorded answers are git's own, a developer's global excludes never
count as the repository's .gitignore, one `--apply` converges, and bad env files are located errors that stop
nothing else."""

from __future__ import annotations

import json
import os
import subprocess  # noqa: S404 - git and detect-secrets on the test's own repositories
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from infra_fix.git import gitinfo
from infra_fix_fixers.builtin import pack
from infra_fix_fixers.testing import Case, example_cases
from tests.conftest import Ran, committed, git

Cli = Callable[..., Ran]
PYPROJECT = '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n'
GIT_CASES = [c for c in example_cases(pack()) if c.rule.code.startswith("EV") and c.example.ignored is not None]


@pytest.mark.parametrize("case", GIT_CASES, ids=lambda c: c.id)
def test_the_examples_record_what_git_answers(tmp_path: Path, case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    files = dict(case.example.files)
    if case.example.before is not None:
        files[case.path] = case.example.before
    committed(tmp_path, files)
    recorded = case.example.ignored or {}
    answers = gitinfo.ignored(tmp_path, list(recorded), no_index=True)
    assert {p: answers.get(p) for p in recorded} == dict(recorded)


def test_a_global_excludes_file_is_not_the_repositorys_gitignore(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "ignore").write_text(".env\n.env*\n.venv/\n__pycache__/\n*.pyc\n")
    (home / "gitconfig").write_text(f"[core]\n\texcludesFile = {home / 'ignore'}\n")
    repo = committed(tmp_path / "repo", {"pyproject.toml": PYPROJECT, ".gitignore": "dist/\n"})
    monkeypatch.chdir(repo)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    ran = cli("--diff", "--select", "EV001")
    assert ran.code == 1 and "+.env\n" in ran.stdout  # git ignores .env on this machine only


def test_one_apply_converges_and_keeps_the_example_tracked(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "pyproject.toml": PYPROJECT,
        ".gitignore": "# build\ndist/\n",
        ".env.example": "POSTGRES_USER=postgres\n",
        "compose.yml": "services:\n  db:\n    environment:\n      POSTGRES_USER: ${POSTGRES_USER:?}\n"
        "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?}\n",
    }
    repo = committed(tmp_path, files)
    monkeypatch.chdir(repo)
    assert cli("--apply", "--select", "EV").code == 0
    assert "POSTGRES_PASSWORD=change-me" in (repo / ".env.example").read_text()
    assert git(repo, "check-ignore", "--no-index", "-v", ".env", "worker/.env.local").count(".gitignore:") == 2
    kept = subprocess.run(["git", "-C", str(repo), "check-ignore", "--no-index", ".env.example"], capture_output=True)  # noqa: S603,S607
    assert kept.returncode == 1  # the example stays tracked: `!.env.example` follows `.env.*`
    again = cli("--check", "--select", "EV")
    assert again.code == 0, again.stdout + again.stderr


def test_a_nested_gitignore_that_unignores_is_the_humans_word(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "pyproject.toml": PYPROJECT,
        ".gitignore": ".env\n.env-*\n.env.*\n.venv/\n__pycache__/\n*.pyc\n",
        "demo-app/pyproject.toml": PYPROJECT,
        "demo-app/.gitignore": "# the demo's settings are public\n!.env\n",
    }
    monkeypatch.chdir(committed(tmp_path, files))
    report = json.loads(cli("--check", "--select", "EV001", "--format", "json").stdout)
    [finding] = report["findings"]
    assert finding["path"] == "demo-app/.gitignore" and finding["line"] == 2 and finding["applicability"] == "manual"


def test_a_broken_example_file_is_a_located_error_and_the_rest_is_fixed(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = "ghp_" + "Qw3" * 12
    files: dict[str, str | bytes] = {
        "pyproject.toml": PYPROJECT,
        ".gitignore": "dist/\n",
        "compose.yml": "services:\n  a:\n    image: x:${TAG:?}\n",
        ".env.example": f"TAG=1\nnot an assignment {token}\n",
        "worker/pyproject.toml": PYPROJECT,
        "worker/compose.yml": "services:\n  w:\n    environment:\n      QUEUE_URL: ${QUEUE_URL:?}\n",
        "worker/.env": b"\xff\xfe\x00 a file git-crypt keeps locked",
        "api/pyproject.toml": PYPROJECT,
        "api/compose.yml": "services:\n  api:\n    environment:\n      API_TOKEN: ${API_TOKEN:?}\n",
        "api/.env.example": b"API_TOKEN=\xff\xfe not UTF-8\n",
    }
    repo = committed(tmp_path, files)
    monkeypatch.chdir(repo)
    ran = cli("--apply")
    assert ran.code == 2
    assert ".env.example:2:1: a line that is not KEY=value" in ran.stdout
    assert "api/.env.example" in ran.stdout and (repo / "api" / ".env.example").read_bytes().endswith(b"UTF-8\n")
    assert token not in ran.stdout + ran.stderr
    assert (repo / ".env.example").read_text() == files[".env.example"]  # nothing written to it
    assert "+.env" not in ran.stdout and ".env\n" in (repo / ".gitignore").read_text()  # the rest still fixed
    assert "QUEUE_URL=" in (repo / "worker" / ".env.example").read_text()


def test_the_example_file_passes_the_projects_detect_secrets_hook(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A repository that runs detect-secrets gets placeholder lines it accepts: the real scanner, on the file
    infra-fix created, finds nothing (without the pragma it flags `POSTGRES_PASSWORD=change-me`)."""
    files = {
        "pyproject.toml": PYPROJECT,
        ".gitignore": ".env\n.env-*\n.env.*\n!.env.example\n.venv/\n__pycache__/\n*.pyc\n",
        ".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/Yelp/detect-secrets\n    rev: v1.5.0\n"
        "    hooks:\n      - id: detect-secrets\n",
        "compose.yml": "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?}\n"
        "      OPENAI_API_KEY: ${OPENAI_API_KEY:?}\n      POSTGRES_USER: ${POSTGRES_USER:-postgres}\n",
    }
    repo = committed(tmp_path, files)
    monkeypatch.chdir(repo)
    assert cli("--apply", "--select", "EV").code == 0
    created = (repo / "example.env").read_text()
    assert "POSTGRES_PASSWORD=change-me  # pragma: allowlist secret" in created
    scan = subprocess.run(  # noqa: S603
        [str(Path(sys.executable).parent / "detect-secrets"), "scan", "example.env"],
        cwd=repo, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(scan.stdout)["results"] == {}
    bare = created.replace("  # pragma: allowlist secret", "")
    (repo / "bare.env").write_text(bare)
    flagged = subprocess.run(  # noqa: S603
        [str(Path(sys.executable).parent / "detect-secrets"), "scan", "bare.env"],
        cwd=repo, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(flagged.stdout)["results"]  # the control: the scanner does flag the placeholders bare
