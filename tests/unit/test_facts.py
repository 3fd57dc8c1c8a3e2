"""Facts: the [ADAPT] values every fixer shares, derived from the project's own files."""

from __future__ import annotations

import pytest

from infra_fix_fixers.facts import compute, hook_version, locked_version, pinned_version, python_floor
from infra_fix_fixers.snapshot import Snapshot


@pytest.mark.parametrize(
    ("spec", "floor"),
    [
        (">=3.9", (3, 9)),
        (">=3.10,<4", (3, 10)),
        (">= 3.12.1", (3, 12)),
        ("~=3.11", (3, 11)),
        (">3.8", (3, 9)),
        ("==3.13.*", (3, 13)),
        ("^3.10", (3, 10)),
        ("<3.13,>=3.9", (3, 9)),
        ("!=3.9.*,>=3.8", (3, 8)),
        ("<4", None),
        ("", None),
    ],
)
def test_python_floor(spec: str, floor: tuple[int, int] | None) -> None:
    assert python_floor(spec) == floor


def test_floor_falls_back_to_python_version_file() -> None:
    facts = compute(Snapshot(files={".python-version": "3.12.4\n", "pyproject.toml": '[project]\nname = "x"\n'}))
    assert facts.python_floor == (3, 12) and facts.python_floor_source == ".python-version"


def test_only_exact_pins_count_as_the_projects_ruff() -> None:
    assert pinned_version({"project": {"optional-dependencies": {"dev": ["ruff==0.6.9"]}}}, "ruff") == "0.6.9"
    assert pinned_version({"dependency-groups": {"lint": ["ruff>=0.6"]}}, "ruff") is None
    assert pinned_version({"dependency-groups": {"lint": ["ruff-lsp==1.0"]}}, "ruff") is None


def test_locked_version_by_layout_and_by_parse() -> None:
    lock = 'version = 1\n\n[[package]]\nname = "ruff"\nversion = "0.8.1"\nsource = { registry = "x" }\n'
    assert locked_version(lock, "ruff") == "0.8.1"
    odd = '[[package]]\nversion = "0.8.2"\nname = "ruff"\n'
    assert locked_version(odd, "ruff") == "0.8.2"
    assert locked_version('[[package]]\nname = "ruff-lsp"\nversion = "1"\n', "ruff") is None


def test_hook_version_reads_the_rev_after_comments() -> None:
    config = "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    # ruff\n    rev: 'v0.9.3'\n"
    assert hook_version(config, "ruff-pre-commit") == "0.9.3"
    assert hook_version("repos: []\n", "ruff-pre-commit") is None


def test_source_test_and_migration_folders() -> None:
    paths = frozenset(
        {
            "src/pkg/__init__.py",
            "tests/test_a.py",
            "worker/pyproject.toml",
            "worker/flows/__init__.py",
            "db/migrations/env.py",
            "db/migrations/versions/001.py",
            "tests/fixtures/migrations/env.py",
            "tests/fixtures/migrations/versions/1.py",
        }
    )
    pyproject = '[project]\nname = "x"\n\n[tool.uv.workspace]\nmembers = ["worker"]\n'
    facts = compute(Snapshot(files={"pyproject.toml": pyproject}, paths=paths | {"pyproject.toml"}))
    assert facts.source_dirs == ("src", "worker/flows")
    assert facts.test_dirs == ("tests",)
    assert facts.migration_dirs == ("db/migrations",)
    assert facts.workspace_members == ("worker",)


def test_an_unparsable_pyproject_is_recorded_with_its_position() -> None:
    facts = compute(Snapshot(files={"pyproject.toml": "[project\n"}))
    assert facts.pyproject is None
    assert facts.unparsable["pyproject.toml"].line == 1
