"""The Makefile rules (MK) and the uv rules in recipes (UV005-UV007) on small repositories: what they add, where
they stay silent, and the judgement calls (a file target is no command, a target doing the job under another name
counts, another task runner means no Makefile, a check nothing runs yet is unsafe, a secret is never printed)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from infra_fix_fixers.builtin import pack
from infra_fix_fixers.engine import remediate
from infra_fix_fixers.facts.commands.words import commands, uv_invocation
from infra_fix_fixers.model import Changed, Failed, Finding
from infra_fix_fixers.settings import Settings
from infra_fix_fixers.snapshot import Snapshot

FIXERS = [f for f in pack() if f.name in ("makefile", "uv-gitignore", "uv-project", "renovate-config")]
PYPROJECT = (
    '[project]\nname = "acme"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n\n'
    '[dependency-groups]\ndev = ["pytest>=8", "ruff>=0.15", "pyright"]\n'
)
LOCK = 'version = 1\nrequires-python = ">=3.12"\n'
CI = (
    "on: pull_request\njobs:\n  checks:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
    "      - run: uv run ruff check .\n      - run: uv run ruff format --check .\n      - run: uv run pyright\n"
    "      - run: uv run pytest\n"
)
UV = {"pyproject.toml": PYPROJECT, "uv.lock": LOCK, "tests/test_acme.py": "", "acme/__init__.py": ""}
UV_CI = {**UV, ".github/workflows/ci.yml": CI}


def run(
    files: Mapping[str, str], *, unsafe: bool = False, select: tuple[str, ...] = ("MK", "UV")
) -> tuple[dict[str, str], list[Finding]]:
    result = remediate(Snapshot(files=dict(files)), Settings(select=select, unsafe_fixes=unsafe), FIXERS)
    failed = [f for f in result.files if isinstance(f, Failed)]
    assert not failed, failed
    texts = {c.path: c.after for c in result.changes if isinstance(c, Changed)}
    again = remediate(Snapshot(files={**files, **texts}), Settings(select=select, unsafe_fixes=unsafe), FIXERS)
    assert not again.changes, [c.path for c in again.changes]  # one run converges
    return texts, list(result.findings)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


# -- no Makefile beside another task runner ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "runner",
    [
        {"justfile": "set dotenv-load\n\ntest:\n    uv run pytest\n"},
        {"Taskfile.yml": "version: '3'\ntasks:\n  test:\n    cmds: [uv run pytest]\n"},
        {"tox.ini": "[tox]\nenv_list = py312\n\n[testenv]\ncommands = pytest\n"},
        {"noxfile.py": "import nox\n"},
        {"pyproject.toml": PYPROJECT + "\n[tool.poe.tasks]\ntest = 'pytest'\n"},
        {"pyproject.toml": PYPROJECT + "\n[tool.hatch.envs.default.scripts]\ntest = 'pytest'\n"},
        {"scripts/test.sh": "#!/bin/sh\nuv run pytest\n"},
    ],
    ids=["justfile", "taskfile", "tox", "nox", "poe", "hatch", "scripts"],
)
def test_no_makefile_beside_another_task_runner(runner: dict[str, str]) -> None:
    texts, found = run({**UV_CI, **runner}, unsafe=True)
    assert "Makefile" not in texts
    assert "MK006" not in codes(found)


def test_a_makefile_is_an_adoption_made_whole_at_its_least_safe_targets_tier() -> None:
    texts, found = run(UV_CI)  # CI runs every check: each target is safe, so is the Makefile
    made = texts["Makefile"]
    assert made.startswith(".PHONY: help lint format-check typecheck test check\n\nhelp: ## Show this help\n")
    assert "\ncheck: lint format-check typecheck test ## Run every check\n" in made and "\tuv run pyright\n" in made
    [finding] = found
    assert finding.code == "MK006" and finding.fixed and finding.adoption is not None
    texts, found = run(UV)  # nothing runs the checks yet: the whole Makefile is unsafe, never a part of it
    assert texts == {} and [(f.code, f.applicability.value, f.fixed) for f in found] == [("MK006", "unsafe", False)]
    texts, _ = run(UV, unsafe=True)
    assert texts["Makefile"] == made


def test_no_makefile_for_a_project_in_a_subfolder_or_with_one_target() -> None:
    texts, _ = run({f"backend/{k}": v for k, v in UV_CI.items()}, unsafe=True)
    assert "Makefile" not in texts
    only_pytest = PYPROJECT.replace(', "ruff>=0.15", "pyright"', "")
    texts, _ = run({**UV_CI, "pyproject.toml": only_pytest}, unsafe=True)
    assert "Makefile" not in texts


# -- MK001 ----------------------------------------------------------------------------------------------------------


def test_a_target_named_like_a_tracked_folder_is_declared_phony() -> None:
    """`make docs` beside a docs/ folder says "up to date" until docs is phony."""
    texts, _ = run({"Makefile": "docs:\n\tcd docs && mkdocs build\n", "docs/index.md": ""}, select=("MK001",))
    assert texts["Makefile"] == ".PHONY: docs\n\ndocs:\n\tcd docs && mkdocs build\n"


@pytest.mark.parametrize(
    "rule",
    [
        "venv:\n\tpython3 -m venv venv\n",
        "stamp: requirements.txt\n\ttouch stamp\n",
        "out:\n\tmkdir -p out\n",
        "report:\n\tpytest > report\n",
        "build: src\n\tcp -r src build\n",
        "hello: hello.c\n",
        "node_modules: package.json\n\tnpm install\n",
        "dist:\n\tpython -m build -o $@\n",
        "%.hash: FORCE\n\tpython check_sum.py $@\n\nFORCE:\n",  # aiohttp: the FORCE idiom, written on purpose
    ],
    ids=["venv", "touch", "mkdir", "redirect", "cp", "implicit-rule", "node-modules", "automatic-variable", "force"],
)
def test_file_targets_are_not_declared_phony(rule: str) -> None:
    texts, found = run({"Makefile": rule}, select=("MK001",))
    assert texts == {} and found == []


def test_special_targets_and_precious_files_are_not_declared_phony() -> None:
    text = ".PRECIOUS: cache\n.SECONDARY:\n.DELETE_ON_ERROR:\ncache:\n\tfetch-data\n"
    assert run({"Makefile": text}, select=("MK001",)) == ({}, [])


# -- MK003 ----------------------------------------------------------------------------------------------------------


def test_targets_doing_the_job_under_other_names_count() -> None:
    text = (
        ".PHONY: ci-lint typing unit all\n\nci-lint:\n\tuv run ruff check .\n\tuv run ruff format --check .\n\n"
        "typing:\n\tuv run mypy src\n\nunit:\n\tuv run pytest\n\nall: ci-lint typing unit\n"
    )
    texts, found = run({**UV_CI, "Makefile": text}, select=("MK003",))
    assert texts == {} and found == []  # `all` already runs every check: no `check` beside it


def test_check_names_the_files_own_targets_once() -> None:
    text = ".PHONY: lint tests\n\nlint:\n\tuv run ruff check .\n\tuv run ruff format --check .\n\n"
    text += "tests:\n\tuv run pytest\n"
    texts, _ = run({**UV_CI, "Makefile": text}, select=("MK003",))
    assert texts["Makefile"] == text.replace("lint tests\n", "lint tests typecheck check\n") + (
        "\ntypecheck:\n\tuv run pyright\n\ncheck: lint typecheck tests\n"
    )


def test_a_check_nothing_runs_yet_is_unsafe() -> None:
    text = ".PHONY: test\n\ntest:\n\tuv run pytest\n"
    texts, found = run({**UV, "Makefile": text}, select=("MK003",))
    assert texts == {}
    assert {f.applicability.value for f in found} == {"unsafe"}
    assert all("unsafe" in f.message for f in found)
    texts, _ = run({**UV, "Makefile": text}, select=("MK003",), unsafe=True)
    assert "\nlint:\n\tuv run ruff check .\n" in texts["Makefile"]


def test_tools_run_as_the_project_installs() -> None:
    poetry = '[tool.poetry]\nname = "a"\n\n[tool.poetry.group.dev.dependencies]\nruff = "*"\npytest = "*"\n'
    files = {"pyproject.toml": poetry, "poetry.lock": "", "tests/test_a.py": "", ".github/workflows/ci.yml": CI}
    texts, _ = run({**files, "Makefile": "serve:\n\tdocker compose up\n"}, select=("MK003",))
    assert "\nlint:\n\tpoetry run ruff check .\n" in texts["Makefile"]
    grouped = PYPROJECT.replace("dev = [", 'lint = ["ruff"]\ndev = [').replace('"ruff>=0.15", ', "")
    texts, _ = run({**UV_CI, "pyproject.toml": grouped, "Makefile": "serve:\n\ttrue\n"}, select=("MK003",))
    assert "\nlint:\n\tuv run --group lint ruff check .\n" in texts["Makefile"]


def test_a_hatch_script_that_runs_the_check_is_run_by_name() -> None:
    """mem0: `lint: hatch run lint`, and hatch's default environment has `format-check = ["ruff format --check"]`."""
    scripts = '\n[tool.hatch.envs.default.scripts]\nlint = ["ruff check"]\nformat-check = ["ruff format --check"]\n'
    files = {"pyproject.toml": PYPROJECT + scripts, "tests/test_acme.py": "", "Makefile": "lint:\n\thatch run lint\n"}
    texts, _ = run(files, select=("MK003",), unsafe=True)
    assert "\nformat-check:\n\thatch run format-check\n" in texts["Makefile"]


def test_a_workspace_root_runs_tests_over_every_member() -> None:
    root = PYPROJECT + '\n[tool.uv.workspace]\nmembers = ["packages/*"]\n'
    member = '[project]\nname = "core"\nversion = "1"\n'
    files = {**UV_CI, "pyproject.toml": root, "packages/core/pyproject.toml": member, "Makefile": "serve:\n\ttrue\n"}
    texts, _ = run(files, select=("MK003",))
    assert "\ntest:\n\tuv run --all-packages pytest\n" in texts["Makefile"]


def test_migrate_only_for_plain_alembic_run_on_the_host() -> None:
    files = {
        **UV_CI,
        "pyproject.toml": PYPROJECT.replace('"pyright"', '"pyright", "alembic"'),
        "alembic.ini": "[alembic]\nscript_location = migrations\n",
        "migrations/env.py": "",
        "Makefile": ".PHONY: test\ntest:\n\tuv run pytest\n",
    }
    texts, _ = run(files, select=("MK003",))
    assert "\nmigrate:\n\tuv run alembic upgrade head\n" in texts["Makefile"]
    flask = {**files, "migrations/alembic.ini": "[alembic]\n", "alembic.ini": None}
    flask = {k: v for k, v in flask.items() if v is not None}
    texts, _ = run(flask, select=("MK003",))
    assert "migrate" not in texts.get("Makefile", "")  # Flask-Migrate: `flask db upgrade`, not alembic
    docker = {**files, "Makefile": ".PHONY: test\ntest:\n\tdocker compose run --rm app pytest\n"}
    texts, _ = run(docker, select=("MK003",))
    assert "migrate" not in texts.get("Makefile", "")  # the tools run in containers: so does the database


def test_a_makefile_outside_the_projects_is_left_alone() -> None:
    files = {**UV_CI, "native/Makefile": "all:\n\tcc -o x x.c\n"}
    texts, _ = run(files, unsafe=True)
    assert "native/Makefile" not in texts


def test_an_unreadable_include_holds_back_new_targets() -> None:
    text = "include $(TOP)/common.mk\n\ntest:\n\tuv run pytest\n"
    texts, found = run({**UV_CI, "Makefile": text}, select=("MK002", "MK003"))
    assert texts == {} and found == []


# -- MK004, MK005, MK007: reported, never edited ----------------------------------------------------------------


def test_a_secret_is_named_never_printed() -> None:
    token = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    text = f"PASSWORD := s3cr3t-Value\nAPI = x\n\npush:\n\tcurl -H 'Authorization: token {token}' https://x\n"
    texts, found = run({"Makefile": text}, select=("MK007",))
    assert texts == {} and len(found) == 2
    assert all("s3cr3t" not in f.message and token not in f.message for f in found)
    assert [f.line for f in found] == [1, 5]


def test_env_caveats_name_variables_not_values() -> None:
    files = {"Makefile": "-include .env\nexport\n\nup:\n\ttrue\n", ".env.example": 'DB_PASSWORD="hunter2 x"\n'}
    texts, found = run(files, select=("MK004",))
    assert texts == {} and "DB_PASSWORD" in found[0].message and "hunter2" not in found[0].message


# -- UV005-UV007 in recipes -------------------------------------------------------------------------------------


WS_ROOT = PYPROJECT + '\n[tool.uv.workspace]\nmembers = ["api", "worker"]\n'
API = '[project]\nname = "api"\nversion = "1"\nrequires-python = ">=3.12"\n'
WORKER = API.replace('"api"', '"worker"') + 'dependencies = ["api"]\n\n[tool.uv.sources]\napi = { workspace = true }\n'
WORKSPACE = {"pyproject.toml": WS_ROOT, "uv.lock": LOCK, "api/pyproject.toml": API, "worker/pyproject.toml": WORKER}


def test_sync_locks_lists_only_members_that_lock_alone_and_renovate_runs_it() -> None:
    files = {**WORKSPACE, "api/uv.lock": LOCK, "worker/uv.lock": LOCK, "Makefile": "lint:\n\ttrue\n",
             "renovate.json": '{\n  "extends": ["config:recommended"]\n}\n'}  # fmt: skip
    texts, found = run(files, select=("UV", "RN003"))
    assert "for member in api; do" in texts["Makefile"] and "worker" not in texts["Makefile"].split("sync-locks")[1]
    assert "make sync-locks" in texts["renovate.json"]  # the same run: Renovate sees the target just added
    assert "UV004" in codes(found)  # worker's lock: uv ignores it, and it cannot be made alone


def test_an_existing_sync_locks_is_judged_never_rewritten() -> None:
    loop = "sync-locks:\n\t@for p in api worker; do (cd /tmp/$$p && uv lock); done\n"
    files = {**WORKSPACE, "api/uv.lock": LOCK, "worker/uv.lock": LOCK, "Makefile": loop}
    texts, found = run(files, select=("UV005",))
    assert texts == {}
    messages = " ".join(f.message for f in found)
    assert "without `set -e`" in messages and "locks worker on its own" in messages


def test_uv_lock_in_a_deploy_recipe_only() -> None:
    text = "update:\n\tuv lock --upgrade\n\nrelease: update\n\ttwine upload dist/*\n\nship:\n\tuv lock --locked\n"
    _, found = run({**UV, "Makefile": text}, select=("UV006",))
    assert [(f.line, "through `update`" in f.message) for f in found] == [(2, True)]


def test_python_outside_a_workspace_members_requires_python() -> None:
    api = API.replace(">=3.12", ">=3.13")
    files = {**WORKSPACE, "api/pyproject.toml": api, "Makefile": "sync:\n\tuv sync -p 3.12\n"}
    _, found = run(files, select=("UV007",))
    assert len(found) == 1 and "of api" in found[0].message


def test_githubs_template_comment_above_an_uncommented_lock_is_the_humans_word() -> None:
    gitignore = (
        "# uv\n#   Similar to Pipfile.lock, it is generally recommended to include uv.lock in version control.\n"
        "#   This is especially recommended for binary packages to ensure reproducibility, and is more\n"
        "#   commonly ignored for libraries.\nuv.lock\n"
    )
    files = {"pyproject.toml": PYPROJECT, ".gitignore": gitignore}
    snapshot = Snapshot(files=files, ignored={"uv.lock": ".gitignore:5: uv.lock"})
    result = remediate(snapshot, Settings(select=("UV001",)), FIXERS)
    [finding] = result.findings
    assert not result.changes and not finding.fixed and "commonly ignored for libraries" in finding.message


def test_a_makefile_linter_hook_makes_the_edits_unsafe() -> None:
    """checkmake and mbake hold a Makefile to their own rules: a verified edit may still fail them."""
    precommit = "repos:\n  - repo: https://github.com/mrtazz/checkmake\n    rev: 0.2.2\n"
    precommit += "    hooks:\n      - id: checkmake\n"
    files = {"Makefile": "lint:\n\truff check .\n", ".pre-commit-config.yaml": precommit}
    texts, found = run(files, select=("MK001",))
    assert texts == {} and found[0].applicability.value == "unsafe" and "checkmake" in found[0].message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("uv lock", [("lock", [])]),
        ("cd api && uv --directory x lock -P acme; echo done", [("lock", ["--directory", "x", "-P", "acme"])]),
        ("uv run -p 3.14 pytest -p no:randomly", [("run", ["-p", "3.14"])]),  # pytest's -p is pytest's
        ("env A=1 uv sync --python=3.12 | tee log", [("sync", ["--python=3.12"])]),
        ("uvx --python 3.12 ruff check", [("tool run", ["--python", "3.12"])]),
        ('echo "uv lock" && ruff check', []),  # a quoted word is an argument
    ],
)
def test_uv_commands_as_the_shared_command_analysis_reads_them(line: str, expected: list[object]) -> None:
    found = [u for u in map(uv_invocation, commands(line)) if u is not None]
    assert found == expected


def test_uv_lock_read_as_commands_not_as_text() -> None:
    text = (
        "deploy:\n\t@echo 'run uv lock first'\n\t-uv lock --upgrade-package=acme\n"
        "\tuv --offline lock --check\n\tcd api && uv lock\n\tfly deploy\n"
    )
    _, found = run({**UV, "Makefile": text}, select=("UV006",))
    assert [f.line for f in found] == [5]  # the echo, the project's own upgrade and the check pass


def test_python_outside_only_where_uv_resolves_the_project() -> None:
    pyproject = PYPROJECT.replace('requires-python = ">=3.12"', 'requires-python = "==3.13.*"')
    recipe = "venv:\n\tuv venv --python 3.12\n\tuvx -p 3.12 tox\n\tuv run --no-project -p 3.12 x.py\n"
    recipe += "\tuv lock -p 3.12\n"
    _, found = run({"pyproject.toml": pyproject, "uv.lock": LOCK, "Makefile": recipe}, select=("UV007",))
    assert [f.line for f in found] == [5]  # uv 0.13.9: venv, uvx and --no-project accept 3.12; lock refuses it
