"""Facts: the repository's projects and the [ADAPT] values every fixer shares, derived from their own files."""

from __future__ import annotations

import pytest

from infra_fix_fixers.facts import (
    discover,
    hook_rev,
    locked_version,
    pinned_version,
    python_floor,
    setup_cfg_requires,
    setup_py_requires,
)
from infra_fix_fixers.snapshot import Snapshot


@pytest.mark.parametrize(
    ("spec", "floor"),
    [
        (">=3.9", (3, 9)),
        (">=3.10,<4", (3, 10)),
        (">= 3.12.1", (3, 12)),
        ("~=3.11", (3, 11)),
        (">3.8", (3, 8)),  # PEP 440: `>3.8` admits 3.8.1
        (">3.8.99", (3, 9)),
        ("==3.13.*", (3, 13)),
        ("==3.14.*", (3, 14)),
        ("^3.10", (3, 10)),
        ("~3.10", (3, 10)),
        ("<3.13,>=3.9", (3, 9)),
        ("!=3.9.*,>=3.8", (3, 8)),
        (">=3.6, !=3.7.*", (3, 6)),
        (">=3.8,<3.9 || >=3.10", (3, 8)),
        ("<4", None),
        ("<3.12", None),  # no lower bound: no floor, not 3.0
        ("", None),
        (">=2.7", (3, 0)),
    ],
)
def test_python_floor(spec: str, floor: tuple[int, int] | None) -> None:
    assert python_floor(spec) == floor


def test_python_version_file_is_never_the_floor() -> None:
    """`.python-version` names the interpreter developers use (3.14), not the oldest supported (setup.py's 3.6)."""
    setup = 'from setuptools import setup\nsetup(name="x", python_requires=">=3.6")\n'
    files = {".python-version": "3.14\n", "setup.py": setup, "pyproject.toml": "[tool.ruff]\nline-length = 99\n"}
    project = discover(Snapshot(files=files)).root
    assert project is not None
    assert project.python_floor == (3, 6) and project.python_floor_source == "setup.py"
    alone = discover(Snapshot(files={".python-version": "3.12\n", "pyproject.toml": '[project]\nname = "x"\n'})).root
    assert alone is not None and alone.python_floor is None


def test_floor_sources_in_order() -> None:
    assert setup_py_requires("setup(\n    python_requires='>=3.8',\n)") == ">=3.8"
    assert setup_cfg_requires("[metadata]\nname = x\n[options]\npython_requires = >=3.9\n") == ">=3.9"
    assert setup_cfg_requires("[metadata]\npython_requires = >=3.9\n") is None  # only [options] counts
    poetry = '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.10"\n'
    project = discover(Snapshot(files={"pyproject.toml": poetry})).root
    assert project is not None and project.python_floor == (3, 10) and project.installer == "poetry"


def test_only_exact_pins_count_as_the_projects_ruff() -> None:
    assert pinned_version(["ruff==0.6.9"], "ruff") == "0.6.9"
    assert pinned_version(["Ruff[x] == 0.6.9 ; python_version > '3.8'"], "ruff") == "0.6.9"
    assert pinned_version(["ruff>=0.6"], "ruff") is None
    assert pinned_version(["ruff-lsp==1.0"], "ruff") is None
    assert pinned_version(["ruff==0.6.*"], "ruff") is None


def test_locked_version_by_layout_and_by_parse() -> None:
    lock = 'version = 1\n\n[[package]]\nname = "ruff"\nversion = "0.8.1"\nsource = { registry = "x" }\n'
    assert locked_version(lock, "ruff") == "0.8.1"
    odd = '[[package]]\nversion = "0.8.2"\nname = "ruff"\n'
    assert locked_version(odd, "ruff") == "0.8.2"
    assert locked_version('[[package]]\nname = "ruff-lsp"\nversion = "1"\n', "ruff") is None


def test_hook_rev_is_read_through_the_yaml_tree() -> None:
    config = "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    # ruff\n    rev: 'v0.9.3'\n"
    assert hook_rev(Snapshot(files={".pre-commit-config.yaml": config}), "astral-sh/ruff-pre-commit") == "0.9.3"
    assert hook_rev(Snapshot(files={".pre-commit-config.yaml": "repos: []\n"}), "astral-sh/ruff-pre-commit") is None
    duplicated = config + "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.1.0\n"
    assert hook_rev(Snapshot(files={".pre-commit-config.yaml": duplicated}), "astral-sh/ruff-pre-commit") is None


def test_a_rev_frozen_to_a_commit_is_its_frozen_tag_or_unknown_never_the_hash() -> None:
    sha = "38bfb07c0c64c304f47eb52090f8288150c77730"
    frozen = f'repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: "{sha}" # frozen: v0.17.1\n'
    assert hook_rev(Snapshot(files={".pre-commit-config.yaml": frozen}), "astral-sh/ruff-pre-commit") == "0.17.1"
    bare = f"repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: {sha}\n"
    assert hook_rev(Snapshot(files={".pre-commit-config.yaml": bare}), "astral-sh/ruff-pre-commit") is None


def test_source_test_and_migration_folders_are_per_project() -> None:
    paths = frozenset(
        {
            "src/pkg/__init__.py",
            "tests/test_a.py",
            "worker/pyproject.toml",
            "worker/flows/__init__.py",
            "worker/tests/test_w.py",
            "db/migrations/env.py",
            "db/migrations/versions/001.py",
            "tests/fixtures/migrations/env.py",
            "tests/fixtures/migrations/versions/1.py",
        }
    )
    pyproject = '[project]\nname = "x"\n\n[tool.uv.workspace]\nmembers = ["worker"]\n'
    files = {"pyproject.toml": pyproject, "worker/pyproject.toml": '[project]\nname = "w"\n'}
    repo = discover(Snapshot(files=files, paths=paths | {"pyproject.toml"}))
    root, worker = repo.project(""), repo.project("worker")
    assert root is not None and worker is not None
    assert root.source_dirs == ("src",) and root.test_dirs == ("tests",)
    assert root.migration_dirs == ("db/migrations",) and root.members == ("worker",)
    assert worker.kind == "member" and worker.workspace == ""
    assert worker.source_dirs == ("flows",) and worker.test_dirs == ("tests",)


def test_an_unparsable_pyproject_is_recorded_with_its_position() -> None:
    repo = discover(Snapshot(files={"pyproject.toml": "[project\n"}))
    assert repo.root is not None and repo.root.pyproject is None
    assert repo.unparsable["pyproject.toml"].line == 1


def test_wrong_shapes_are_recorded_not_raised() -> None:
    text = '[project]\nname = "x"\noptional-dependencies = ["dev"]\n\n[tool]\nuv = ["x"]\n'
    project = discover(Snapshot(files={"pyproject.toml": text})).root
    assert project is not None
    assert ("project.optional-dependencies", "a table") in project.shape_problems
    assert ("tool.uv", "a table") in project.shape_problems


def test_samples_are_no_projects_unless_the_user_names_them() -> None:
    app = '[project]\nname = "app"\n'
    files = {"pyproject.toml": app, "examples/demo/pyproject.toml": app, "examples/demo/vendor/lib/pyproject.toml": app}
    assert [p.dir for p in discover(Snapshot(files=files)).projects] == [""]
    named = discover(Snapshot(files=files), ("examples/demo",))
    assert [p.dir for p in named.projects] == ["", "examples/demo"]  # what is vendored below it still is not
    assert [p.dir for p in named.select(("examples/demo",)).chosen] == ["examples/demo"]


def test_every_member_of_a_workspace_reads_the_one_lock() -> None:
    root = '[project]\nname = "root"\n\n[tool.uv.workspace]\nmembers = ["packages/*"]\n'
    lock = '[[package]]\nname = "other"\nversion = "1"\n\n[[package]]\nname = "ruff"\nversion = "0.15.2"\n'
    files = {"pyproject.toml": root, "uv.lock": lock}
    files |= {f"packages/p{i}/pyproject.toml": f'[project]\nname = "p{i}"\n' for i in range(3)}
    repo = discover(Snapshot(files=files))
    assert [p.ruff_version for p in repo.projects] == ["0.15.2"] * 4
