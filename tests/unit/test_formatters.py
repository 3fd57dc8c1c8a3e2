"""A fix to a file the repository's own formatting or linting hooks cover (pyproject-fmt, prettier, yamlfmt,
yamllint, taplo...) is unsafe: infra-fix cannot run them, so it cannot promise they stay green."""

from __future__ import annotations

import pytest

from infra_fix_fixers import Applicability, Changed, Settings, Snapshot, remediate
from infra_fix_fixers.facts.formatters import formatter_of, formatters
from infra_fix_fixers.rules.pyproject import FIXER

PYPROJECT = '[project]\nname = "demo"\nrequires-python = ">=3.11"\n'
TESTS = {"tests/test_demo.py": "def test_demo():\n    pass\n"}


def config(*hooks: str, repo: str = "https://github.com/x/y", top: str = "") -> str:
    listed = "".join(f"      - {h}\n" for h in hooks)
    return f"{top}repos:\n  - repo: {repo}\n    rev: v1\n    hooks:\n{listed}"


def covering(text: str, path: str) -> str | None:
    found = formatter_of(formatters(Snapshot(files={".pre-commit-config.yaml": text})), path)
    return found.hook if found else None


@pytest.mark.parametrize(
    ("hooks", "path", "hook"),
    [
        pytest.param(("id: pyproject-fmt",), "pyproject.toml", "pyproject-fmt", id="pyproject-fmt"),
        pytest.param(("id: pyproject-fmt",), "ruff.toml", None, id="pyproject-fmt-only-pyproject"),
        pytest.param(("id: taplo-format",), "backend/ruff.toml", "taplo-format", id="taplo-any-toml"),
        pytest.param(("id: prettier",), ".github/workflows/ci.yml", "prettier", id="prettier-yaml"),
        pytest.param(("id: prettier",), "pyproject.toml", None, id="prettier-no-toml"),
        pytest.param(("{id: prettier, types_or: [markdown]}",), "renovate.json", None, id="prettier-narrowed"),
        pytest.param(("{id: prettier, exclude: ^\\.github/}",), ".github/workflows/ci.yml", None, id="excluded"),
        pytest.param(("{id: yamllint, files: ^docs/}",), ".pre-commit-config.yaml", None, id="files-narrowed"),
        pytest.param(("id: yamlfmt",), ".pre-commit-config.yaml", "yamlfmt", id="yamlfmt"),
        pytest.param(("id: check-yaml",), ".pre-commit-config.yaml", None, id="a-checker-not-a-formatter"),
        pytest.param(("id: biome-check",), "pyrightconfig.json", "biome-check", id="biome-json"),
    ],
)
def test_which_hooks_cover_which_files(hooks: tuple[str, ...], path: str, hook: str | None) -> None:
    assert covering(config(*hooks), path) == hook


def test_a_local_hook_counts_by_the_tool_its_entry_runs() -> None:
    local = config("{id: fmt-toml, name: fmt, entry: uv run pyproject-fmt, language: system}", repo="local")
    assert covering(local, "pyproject.toml") == "fmt-toml"
    other = config("{id: lint, name: lint, entry: make lint, language: system}", repo="local")
    assert covering(other, "pyproject.toml") is None


def test_the_config_top_level_files_and_exclude_apply_too() -> None:
    assert covering(config("id: yamlfmt", top="exclude: ^\\.github/\n"), ".github/workflows/ci.yml") is None
    assert covering(config("id: yamlfmt", top="files: ^src/\n"), ".pre-commit-config.yaml") is None
    assert covering(config("id: yamlfmt", top="files: ^\\.\n"), ".pre-commit-config.yaml") == "yamlfmt"


def test_a_safe_fix_becomes_unsafe_under_the_projects_formatter_and_says_what_to_run() -> None:
    files = {**TESTS, "pyproject.toml": PYPROJECT, ".pre-commit-config.yaml": config("id: pyproject-fmt")}
    result = remediate(Snapshot(files=files), Settings(select=("PP005",)), [FIXER])
    (finding,) = result.findings
    assert finding.applicability is Applicability.UNSAFE and not finding.fixed
    assert "`pre-commit run pyproject-fmt --files pyproject.toml`" in finding.message
    assert not [c for c in result.changes if isinstance(c, Changed)]
    without = remediate(Snapshot(files={**files, ".pre-commit-config.yaml": config("id: check-toml")}),
                        Settings(select=("PP005",)), [FIXER])  # fmt: skip
    assert [f.fixed for f in without.findings] == [True]
    unsafe = remediate(Snapshot(files=files), Settings(select=("PP005",), unsafe_fixes=True), [FIXER])
    assert [f.fixed for f in unsafe.findings] == [True]


def test_editorconfig_checker_run_by_tox_covers_every_file() -> None:
    editorconfig = "root = true\n\n[*]\nindent_size = 4\n"
    tox = "[testenv:linting]\ncommands =\n    ruff check\n    ec .\n"
    found = formatter_of(formatters(Snapshot(files={".editorconfig": editorconfig, "tox.ini": tox})), ".x.yaml")
    assert found is not None and "`ec .x.yaml`" in found.advice(".x.yaml")
    assert formatters(Snapshot(files={"tox.ini": tox})) == ()  # nothing to check against
    assert (
        formatters(Snapshot(files={".editorconfig": editorconfig, "tox.ini": "[testenv]\ncommands = spec .\n"})) == ()
    )
