"""The Makefile and uv rules against the real tools, on the tests' own repositories (never a real repository's
Makefile: `make -n` runs its `$(shell ...)`): git says the lock is no longer ignored; GNU make reads every Makefile
the fixer wrote, with each added target phony and `make help` listing them; uv checks the locks (`uv lock --check
--offline`) after the fix wherever it did before, and `make sync-locks` regenerates a member's lock, failing loudly
when a member cannot be locked. A CRLF Makefile comes back CRLF with every recipe byte kept; a broken one is a
located error and every other file is still fixed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Ran, make_repo
from tests.make_db import database, needs_make, run_make

Cli = Callable[..., Ran]
UV = shutil.which("uv")
GIT = shutil.which("git") or "git"
needs_uv = pytest.mark.skipif(UV is None, reason="uv is not installed")
PYPROJECT = (
    '[project]\nname = "acme"\nversion = "0.1.0"\nrequires-python = ">=3.11"\n\n'
    '[dependency-groups]\ndev = ["pytest>=8", "ruff>=0.15"]\n\n[tool.uv]\npackage = false\n'
)
CI = (
    "on: pull_request\njobs:\n  checks:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
    "      - run: uv run ruff check .\n      - run: uv run ruff format --check .\n      - run: uv run pytest\n"
)


def _git(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed argument lists
        [GIT, "-C", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,  # noqa: S607
    )


def _repo(root: Path, files: dict[str, str | bytes]) -> Path:
    make_repo(root, files)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "init")
    return root


def _findings(ran: Ran) -> list[dict[str, object]]:
    return json.loads(ran.stdout)["findings"]


# -- UV001 with git itself -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gitignore", "where", "expected"),
    [
        (".venv/\n\n# uv\nuv.lock\n", ".gitignore", ".venv/\n\n# uv\n#uv.lock\n"),
        ("*.lock\n", ".gitignore", "*.lock\n!/uv.lock\n"),
        ("uv.lock\n*.lock\n", ".gitignore", "uv.lock\n*.lock\n!/uv.lock\n"),
        ("build/\n", "sub", None),  # the subfolder's own .gitignore ignores the lock: that file is edited
    ],
    ids=["the-line", "a-glob", "two-rules", "a-subfolder-gitignore"],
)
def test_git_no_longer_ignores_the_lock(
    tmp_path: Path, cli: Cli, gitignore: str, where: str, expected: str | None
) -> None:
    files: dict[str, str | bytes] = {".gitignore": gitignore, "pyproject.toml": PYPROJECT, "acme.py": ""}
    if where == "sub":
        files = {".gitignore": gitignore, "app/.gitignore": "/uv.lock\n", "app/pyproject.toml": PYPROJECT,
                 "app/acme.py": ""}  # fmt: skip
    root = _repo(tmp_path, files)
    lock = "app/uv.lock" if where == "sub" else "uv.lock"
    assert _git(root, "check-ignore", "-q", lock).returncode == 0
    ran = cli("--apply", "--select", "UV001", ".")
    assert ran.code in (0, 1), ran.stderr
    assert _git(root, "check-ignore", "-q", lock).returncode == 1  # git: not ignored
    if expected is not None:
        assert (root / ".gitignore").read_text() == expected
    else:
        assert (root / "app/.gitignore").read_text() == "" and (root / ".gitignore").read_text() == gitignore
    assert cli("--diff", "--select", "UV", ".").stdout == ""


def test_a_commented_line_ignores_nothing(tmp_path: Path, cli: Cli) -> None:
    root = _repo(tmp_path, {".gitignore": "# uv\n#uv.lock\n", "pyproject.toml": PYPROJECT, "uv.lock": "version = 1\n"})
    ran = cli("--check", "--select", "UV001,UV002", "--format", "json", ".")
    assert _findings(ran) == [] and (root / ".gitignore").read_text() == "# uv\n#uv.lock\n"


def test_a_global_excludes_rule_is_reported_not_edited(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    excludes = tmp_path / "global-ignore"
    excludes.write_text("uv.lock\n")
    config = tmp_path / "gitconfig"
    config.write_text(f"[core]\n\texcludesFile = {excludes}\n")
    root = _repo(tmp_path / "repo", {"pyproject.toml": PYPROJECT, "acme.py": ""})
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    ran = cli("--check", "--select", "UV", "--format", "json", ".")
    [finding] = _findings(ran)
    assert finding["code"] == "UV002" and "global-ignore" in str(finding["message"])
    assert sorted(p.name for p in root.iterdir()) == [".git", "acme.py", "pyproject.toml"]


# -- GNU make reads what the fixer wrote ----------------------------------------------------------------------------


@needs_make
def test_make_reads_every_makefile_the_fixer_wrote(tmp_path: Path, cli: Cli) -> None:
    makefile = (
        "# Acme: what we run\nRUN := uv run\n\nlint:\n\t$(RUN) ruff check .\n\t$(RUN) ruff format --check .\n\n"
        "ifdef CI\nci: lint\n\t@echo in CI\nendif\n\ndefine NOTE\nnot: a rule\nendef\n\n%.txt: %.md\n\tcp $< $@\n"
    )
    root = _repo(tmp_path, {"pyproject.toml": PYPROJECT, "uv.lock": "version = 1\n", "tests/test_a.py": "",
                            ".github/workflows/ci.yml": CI, "Makefile": makefile})  # fmt: skip
    before = database(root / "Makefile")
    ran = cli("--apply", "--select", "MK", ".")
    assert ran.code in (0, 1), ran.stderr
    text = (root / "Makefile").read_text()
    after = database(root / "Makefile")
    added = set(after) - set(before)
    assert added == {"test", "check", "help"}
    assert all(after[n].phony for n in (*added, "lint"))
    assert {n: (t.prerequisites, t.recipe) for n, t in before.items()} == {
        n: (t.prerequisites, t.recipe) for n, t in after.items() if n in before
    }
    assert after["check"].prerequisites == ("lint", "test")
    assert "ifdef CI\n.PHONY: ci\nci: lint\n" in text  # the conditional rule's declaration stays in its branch
    dry = run_make(root, "-n", "help")
    assert dry.returncode == 0 and "awk" in dry.stdout
    listed = run_make(root, "help")
    # the listing reads the file's text: a conditional target is listed, and so is the rule a define body writes
    # (the known limit of the grep idiom every `help` of this kind shares)
    assert listed.returncode == 0 and listed.stdout.split() == ["lint", "ci", "not", "help", "test", "check"]
    assert cli("--diff", "--select", "MK", ".").stdout == ""


@needs_make
def test_help_prints_the_hash_descriptions(tmp_path: Path, cli: Cli) -> None:
    root = _repo(tmp_path, {"pyproject.toml": PYPROJECT, "Makefile": ".PHONY: up\nup: ## Start it all\n\ttrue\n"})
    cli("--apply", "--select", "MK002", ".")
    printed = run_make(root, "help")
    assert printed.returncode == 0
    assert [line.split(None, 1) for line in printed.stdout.strip().split("\n")] == [
        ["up", "Start it all"], ["help", "Show this help"],
    ]  # fmt: skip


@needs_make
def test_help_prints_the_descriptions_above_the_rules(tmp_path: Path, cli: Cli) -> None:
    text = "## up: Start it all\nup:\n\ttrue\n\n## down: Stop it\ndown:\n\ttrue\n"
    root = _repo(tmp_path, {"pyproject.toml": PYPROJECT, "Makefile": text})
    cli("--apply", "--select", "MK001,MK002", ".")
    printed = run_make(root, "help")
    assert printed.returncode == 0
    assert printed.stdout == "  up: Start it all\n  down: Stop it\n  help: Show this help\n"


@needs_make
def test_a_crlf_makefile_stays_crlf_every_recipe_byte_kept(tmp_path: Path, cli: Cli) -> None:
    text = "lint:\r\n\truff check .  \r\n\r\ntest:\r\n\tpytest \\\r\n\t  -q\r\n"
    root = _repo(tmp_path, {"pyproject.toml": PYPROJECT, "Makefile": text.encode()})
    cli("--apply", "--select", "MK001,MK002", ".")
    data = (root / "Makefile").read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") and b"\truff check .  \r\n\r\ntest:\r\n\tpytest \\\r\n" in data
    assert data.startswith(b".PHONY: lint test help\r\n\r\nlint:\r\n")
    made = database(root / "Makefile")
    assert made["test"].recipe == ("pytest \\", "  -q") and all(t.phony for t in made.values())


def test_a_broken_makefile_is_a_located_error_and_the_rest_is_fixed(tmp_path: Path, cli: Cli) -> None:
    broken = "lint:\n\truff check .\n\ndefine NOTE\nsecret ghp_notreallyatoken\n"
    root = _repo(tmp_path, {"pyproject.toml": PYPROJECT, "Makefile": broken, ".gitignore": "uv.lock\n",
                            "acme.py": ""})  # fmt: skip
    ran = cli("--apply", "--select", "MK,UV001", ".")
    assert ran.code == 2
    report = ran.stdout + ran.stderr
    assert "Makefile:4:1:" in report and "define" in report and "ghp_" not in report
    assert (root / "Makefile").read_text() == broken
    assert (root / ".gitignore").read_text() == ""  # the other file was fixed


# -- uv as the oracle --------------------------------------------------------------------------------------------


def _ok(uv: str, args: list[str], where: Path, env: dict[str, str]) -> bool:
    return subprocess.run([uv, *args], cwd=where, env=env, capture_output=True, check=False).returncode == 0  # noqa: S603


def _member(name: str, extra: str = "") -> str:
    return f'[project]\nname = "{name}"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = []\n{extra}'


@needs_uv
@needs_make
def test_uv_accepts_the_locks_and_sync_locks_fails_loudly(tmp_path: Path, cli: Cli) -> None:
    env = {**os.environ, "UV_OFFLINE": "1", "UV_NO_PROGRESS": "1", "GIT_CONFIG_GLOBAL": os.devnull}
    worker = _member("worker", "\n[tool.uv.sources]\napi = { workspace = true }\n").replace(
        "dependencies = []", 'dependencies = ["api"]'
    )
    root = make_repo(tmp_path, {
        "pyproject.toml": _member("platform", '\n[tool.uv.workspace]\nmembers = ["api", "worker"]\n'),
        "api/pyproject.toml": _member("api"),
        "worker/pyproject.toml": worker,
        "Makefile": ".PHONY: lint\nlint: ## Lint\n\ttrue\n",
    })  # fmt: skip
    uv = UV or "uv"
    for folder in (root, tmp_path / "alone"):
        if folder != root:  # api's own lock, made where uv cannot see the workspace
            shutil.copytree(root / "api", folder)
        assert subprocess.run([uv, "lock"], cwd=folder, env=env, capture_output=True, check=False).returncode == 0  # noqa: S603
    shutil.copy(tmp_path / "alone/uv.lock", root / "api/uv.lock")
    _repo(root, {})
    checks = [(root, ["lock", "--check", "--offline"]), (root / "api", ["lock", "--check", "--offline"])]
    assert all(_ok(uv, args, where, env) for where, args in checks)

    ran = cli("--apply", "--select", "UV,MK001,MK002", "--format", "json", ".")
    assert ran.code in (0, 1), ran.stderr
    text = (root / "Makefile").read_text()
    assert "for member in api; do" in text and "worker" not in text
    assert all(_ok(uv, args, where, env) for where, args in checks)
    assert cli("--apply", ".").code in (0, 1)  # every family's safe fixes: the locks still match
    assert all(_ok(uv, args, where, env) for where, args in checks)
    assert database(root / "Makefile")["sync-locks"].phony

    (root / "api/uv.lock").write_text((root / "api/uv.lock").read_text().replace('version = "0.1.0"', 'version = "0"'))
    synced = run_make(root, "sync-locks", env=env)
    assert synced.returncode == 0, synced.stderr
    assert subprocess.run([uv, "lock", "--check", "--offline"], cwd=tmp_path / "alone", env=env,  # noqa: S603
                          capture_output=True, check=False).returncode == 0  # fmt: skip
    assert (root / "api/uv.lock").read_text() == (tmp_path / "alone/uv.lock").read_text()

    (root / "api/pyproject.toml").write_text(_member("api").replace("[]", '["no-such-package-on-any-index"]'))
    failed = run_make(root, "sync-locks", env=env)
    assert failed.returncode != 0 and "no-such-package" in failed.stderr  # loudly: make stops, uv says why
