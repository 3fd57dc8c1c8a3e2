"""What a repository already uses in place of a tool the blueprint would adopt (issue 14, item 1: never an adoption
beside an equivalent that already does its job), each answer naming what was found and where."""

from __future__ import annotations

import pytest

from infra_fix_fixers.facts.equivalents import dependency_updates, hook_runner, renovate_runner, task_runner
from infra_fix_fixers.facts.repository import discover
from infra_fix_fixers.snapshot import Snapshot

PYPROJECT = '[project]\nname = "x"\nrequires-python = ">=3.12"\n'


def _snapshot(files: dict[str, str]) -> Snapshot:
    return Snapshot(files={"pyproject.toml": PYPROJECT, **files})


@pytest.mark.parametrize(
    ("files", "found"),
    [
        ({"justfile": "lint:\n    ruff check .\n"}, "just (justfile)"),
        ({"Taskfile.yml": "version: '3'\n"}, "Taskfile (Taskfile.yml)"),
        ({"tox.ini": "[tox]\n"}, "tox (tox.ini)"),
        ({"noxfile.py": "import nox\n"}, "nox (noxfile.py)"),
        ({"pyproject.toml": PYPROJECT + "\n[tool.poe.tasks]\nlint = 'ruff check .'\n"}, "poethepoet"),
        ({"pyproject.toml": PYPROJECT + "\n[tool.hatch.envs.default.scripts]\nlint = 'ruff check .'\n"}, "hatch"),
        ({"pyproject.toml": PYPROJECT + "\n[tool.tox]\nrequires = ['tox>=4']\n"}, "tox ([tool.tox]"),
    ],
)
def test_a_task_runner_stands_in_for_make(files: dict[str, str], found: str) -> None:
    answer = task_runner(discover(_snapshot(files)))
    assert answer is not None and answer.startswith(found)


def test_no_task_runner_where_only_make_or_nothing_is_there() -> None:
    assert task_runner(discover(_snapshot({"Makefile": "lint:\n\truff check .\n"}))) is None
    assert task_runner(discover(_snapshot({"pyproject.toml": PYPROJECT + "\n[tool.poe]\n"}))) is None  # no tasks
    assert task_runner(discover(_snapshot({"pyproject.toml": PYPROJECT + "\n[tool.hatch.envs.default]\n"}))) is None


def test_a_task_runner_is_looked_for_in_the_projects_folder() -> None:
    repo = discover(_snapshot({"backend/pyproject.toml": PYPROJECT, "backend/justfile": "test:\n    pytest\n"}))
    assert task_runner(repo, "backend") == "just (backend/justfile)"
    assert task_runner(repo) is None


@pytest.mark.parametrize("name", ["lefthook.yml", ".lefthook.toml", ".overcommit.yml", "hk.pkl"])
def test_another_hook_runner_stands_in_for_pre_commit(name: str) -> None:
    assert hook_runner(_snapshot({name: ""})) is not None
    assert hook_runner(_snapshot({})) is None


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (".github/dependabot.yml", "version: 2\nupdates: []\n"),
        ("tox.ini", "[testenv:upgrade]\ncommands = uv lock --upgrade\n"),
        ("Makefile", "up:\n\tuv lock -U\n"),
        ("noxfile.py", 'import nox\n\n@nox.session\ndef up(s):\n    s.run("uv", "lock", "--upgrade")\n'),
        (".github/workflows/deps.yml", "jobs:\n  up:\n    steps:\n      - run: pre-commit autoupdate\n"),
    ],
)
def test_another_process_updates_the_dependencies(path: str, text: str) -> None:
    answer = dependency_updates(_snapshot({path: text}))
    assert answer is not None and path in answer


def test_locking_without_upgrading_updates_nothing() -> None:
    assert dependency_updates(_snapshot({"Makefile": "lock:\n\tuv lock\n", "tox.ini": "[tox]\n"})) is None


def test_a_workflow_that_runs_renovate_is_found() -> None:
    workflow = "jobs:\n  r:\n    steps:\n      - uses: renovatebot/github-action@v43\n"
    assert renovate_runner(_snapshot({".github/workflows/deps.yml": workflow})) is not None
    assert renovate_runner(_snapshot({})) is None
