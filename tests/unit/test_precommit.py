"""The PC fixer over realistic configs: styles kept, hooks found wherever they are, refusals reported."""

from __future__ import annotations

import pytest

from infra_fix_fixers import Changed, Failed, Finding, Settings, Severity, Snapshot, remediate
from infra_fix_fixers.rules import precommit
from infra_fix_fixers.rules.precommit.document import normalise_url

LOCK = '[[package]]\nname = "ruff"\nversion = "0.15.1"\n'
PROJECT = '[project]\nname = "demo"\n'
COMPLETE_HOOKS = (
    "  - repo: https://github.com/pre-commit/pre-commit-hooks\n"
    "    rev: v6.0.0\n"
    "    hooks:\n"
    "      - id: trailing-whitespace\n"
    "      - id: end-of-file-fixer\n"
    "      - id: check-yaml\n"
    "      - id: check-added-large-files\n"
    "      - id: check-toml\n"
    "      - id: check-json\n"
)


def run(
    text: str | None, files: dict[str, str] | None = None, path: str = ".pre-commit-config.yaml", **settings: object
) -> tuple[str | None, list[Finding]]:
    all_files = dict(files or {})
    if text is not None:
        all_files[path] = text
    result = remediate(Snapshot(files=all_files), Settings(**settings), [precommit.FIXER])  # type: ignore[arg-type]
    after, found = text, []
    for entry in result.files:
        assert not isinstance(entry, Failed), entry.error
        if entry.path == path and isinstance(entry, Changed):
            after = entry.after
        found += list(entry.findings)
    return after, found


def test_keeps_comments_ci_section_and_default_language_version() -> None:
    text = (
        "# See https://pre-commit.com\n"
        "default_language_version:\n"
        "  python: python3.12\n"
        "exclude: |\n"
        "  (?x)^(\n"
        "    docs/.*|\n"
        "    vendor/.*\n"
        "  )$\n"
        "repos:\n"
        "  # hygiene\n"
        "  - repo: https://github.com/pre-commit/pre-commit-hooks\n"
        "    rev: v5.0.0  # pinned\n"
        "    hooks:\n"
        "      - id: trailing-whitespace\n"
        "        args: [--markdown-linebreak-ext=md]\n"
        "      - id: end-of-file-fixer\n"
        "\n"
        "  # lint\n"
        "  - repo: https://github.com/astral-sh/ruff-pre-commit\n"
        "    rev: v0.15.1\n"
        "    hooks:\n"
        "      - id: ruff-check\n"
        "        args: [--fix]\n"
        "      - id: ruff-format\n"
        "ci:\n"
        "  autoupdate_schedule: monthly\n"
        "  skip: [ruff-check]\n"
    )
    after, found = run(text, {"uv.lock": LOCK, "pyproject.toml": PROJECT})
    expected = text.replace(
        "      - id: end-of-file-fixer\n",
        "      - id: end-of-file-fixer\n      - id: check-yaml\n      - id: check-added-large-files\n"
        "      - id: check-toml\n      - id: check-json\n",
    )
    assert after == expected
    assert {f.code for f in found} == {"PC003"}
    assert all(f.fixed and f.severity is Severity.WARNING for f in found)


def test_hooks_at_the_keys_column_under_hooks_keep_that_style() -> None:
    text = (
        "repos:\n"
        "  - repo: https://github.com/pre-commit/pre-commit-hooks\n"
        "    rev: v6.0.0\n"
        "    hooks:\n"
        "    - id: check-yaml\n"
        "    - id: check-toml\n"
    )
    after, _ = run(text, select=("PC002",), unsafe_fixes=True)
    assert after is not None
    assert after.startswith(text + "    - id: trailing-whitespace\n    - id: end-of-file-fixer\n")
    assert "\n\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.14.13\n    hooks:\n" in after
    assert after.endswith("    hooks:\n    - id: ruff\n      args: [--fix]\n    - id: ruff-format\n")


def test_no_final_newline_is_kept() -> None:
    local = (
        "  - repo: local\n    hooks:\n      - id: ruff\n        name: ruff\n        entry: ruff check\n"
        "        language: system\n"
    )
    text = "repos:\n" + local + COMPLETE_HOOKS.replace("      - id: check-json\n", "").removesuffix("\n")
    after, found = run(text)
    assert after == text + "\n      - id: check-json"
    assert [(f.code, f.fixed) for f in found] == [("PC003", True)]


def test_repo_url_matches_despite_git_suffix_scheme_and_case() -> None:
    text = (
        "repos:\n  - repo: http://GitHub.com/Pre-Commit/pre-commit-hooks.git\n    rev: v6.0.0\n    hooks:\n"
        "      - id: trailing-whitespace\n"
    )
    after, _ = run(text, select=("PC002",), unsafe_fixes=True)
    assert after is not None
    assert after.startswith(text + "      - id: end-of-file-fixer\n")
    assert after.count("pre-commit-hooks") == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/astral-sh/ruff-pre-commit",
        "https://github.com/astral-sh/ruff-pre-commit.git",
        "git@github.com:astral-sh/ruff-pre-commit.git",
        "HTTPS://www.github.com/astral-sh/ruff-pre-commit/",
    ],
)
def test_normalise_url(url: str) -> None:
    assert normalise_url(url) == "github.com/astral-sh/ruff-pre-commit"


def test_old_charliermarsh_repo_counts_and_gets_its_rev_checked() -> None:
    text = (
        "repos:\n" + COMPLETE_HOOKS + "  - repo: https://github.com/charliermarsh/ruff-pre-commit\n"
        '    rev: "v0.1.0"\n    hooks:\n      - id: ruff\n        args: [--fix]\n      - id: ruff-format\n'
    )
    after, found = run(text, {"uv.lock": LOCK, "pyproject.toml": PROJECT})
    assert after == text.replace('"v0.1.0"', '"v0.15.1"')
    assert [f.code for f in found] == ["PC004"]


def test_frozen_sha_matching_the_pin_is_compliant() -> None:
    text = (
        "repos:\n" + COMPLETE_HOOKS + "  - repo: https://github.com/astral-sh/ruff-pre-commit\n"
        "    rev: 0123456789abcdef0123456789abcdef01234567  # frozen: v0.15.1\n    hooks:\n      - id: ruff\n"
        "        args: [--fix]\n      - id: ruff-format\n"
    )
    assert run(text, {"uv.lock": LOCK, "pyproject.toml": PROJECT}) == (text, [])


def test_frozen_sha_not_matching_is_manual() -> None:
    text = (
        "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n"
        "    rev: 0123456789abcdef0123456789abcdef01234567  # frozen: v0.4.1\n    hooks:\n      - id: ruff\n"
    )
    after, found = run(text, {"uv.lock": LOCK, "pyproject.toml": PROJECT}, select=("PC004",))
    assert after == text
    (finding,) = found
    assert not finding.fixed and not finding.fixable
    assert finding.line == 3


def test_minimum_hooks_are_errors_the_rest_warnings() -> None:
    _, found = run("repos: []\n")
    by_code = {f.code: f.severity for f in found}
    assert by_code == {"PC002": Severity.ERROR, "PC003": Severity.WARNING}


def test_empty_flow_repos_is_reported_not_rewritten() -> None:
    after, found = run("repos: []\n")
    assert after == "repos: []\n"
    assert found and not any(f.fixed for f in found)


def test_disabled_rule_adds_nothing() -> None:
    text = (
        "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
        "      - id: trailing-whitespace\n      - id: end-of-file-fixer\n"
    )
    after, found = run(text, select=("PC003",))
    assert after is not None and "ruff" not in after
    assert {f.code for f in found} == {"PC003"}


def test_ruff_without_fix_is_unsafe_and_not_edited_by_default() -> None:
    text = (
        "repos:\n" + COMPLETE_HOOKS + "  - repo: https://github.com/astral-sh/ruff-pre-commit\n"
        "    rev: v0.14.13\n    hooks:\n      - id: ruff\n      - id: ruff-format\n"
    )
    after, found = run(text)
    assert after == text
    assert [(f.code, f.fixed) for f in found] == [("PC005", False)]
    after, found = run(text, unsafe_fixes=True)
    assert after == text.replace("      - id: ruff\n", "      - id: ruff\n        args: [--fix]\n")


def test_no_fix_argument_is_left_to_a_human() -> None:
    text = (
        "repos:\n" + COMPLETE_HOOKS + "  - repo: https://github.com/astral-sh/ruff-pre-commit\n"
        "    rev: v0.14.13\n    hooks:\n      - id: ruff\n        args: [--no-fix]\n      - id: ruff-format\n"
    )
    after, found = run(text, unsafe_fixes=True)
    assert after == text
    assert [(f.code, f.fixed) for f in found] == [("PC005", False)]


def test_yml_spelling_is_the_target_when_it_is_the_only_one() -> None:
    text = "repos:\n" + COMPLETE_HOOKS
    after, found = run(text, path=".pre-commit-config.yml", unsafe_fixes=True)
    assert after is not None and "ruff-format" in after
    assert {f.path for f in found} == {".pre-commit-config.yml"}


def test_not_a_pre_commit_config_is_reported() -> None:
    after, found = run("- a\n- b\n")
    assert after == "- a\n- b\n"
    assert [f.code for f in found] == ["PC002"]


def test_invalid_yaml_fails_with_a_position() -> None:
    result = remediate(
        Snapshot(files={".pre-commit-config.yaml": "repos:\n  - repo: [x\n"}), Settings(), [precommit.FIXER]
    )
    (failed,) = result.failures
    assert failed.error.line == 3
