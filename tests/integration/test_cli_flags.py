"""Flags say what they mean: an empty or unknown code is a usage error blamed on the flag, never a silent "every
rule" nor an error blamed on pyproject.toml; the time budget comes from --timeout or INFRA_FIX_TIMEOUT."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Ran, make_repo

PYPROJECT = '[project]\nname = "demo"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 88\n'
Cli = Callable[..., Ran]


@pytest.mark.parametrize(
    "args",
    [("--select", ""), ("--select", "RF001,"), ("--select", "RF001,,RF002"), ("--ignore", "")],
    ids=["select-empty", "select-trailing-comma", "select-empty-between", "ignore-empty"],
)
def test_an_empty_code_is_a_usage_error_not_every_rule(tmp_path: Path, cli: Cli, args: tuple[str, str]) -> None:
    """issue 9: `--select ""` selected every rule. ruff refuses it too ("Unknown rule selector ``")."""
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT})
    ran = cli("--apply", *args)
    assert ran.code == 2
    assert f"Invalid value for {args[0]}: empty rule code" in ran.stderr
    assert ran.stdout == "" and (tmp_path / "pyproject.toml").read_text() == PYPROJECT


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_an_unknown_code_is_blamed_on_the_flag(tmp_path: Path, cli: Cli, flag: str) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT})
    ran = cli("--check", flag, "RF001,XX999")
    assert ran.code == 2
    assert f"Invalid value for {flag}: unknown rule code or prefix 'XX999'" in ran.stderr
    assert "pyproject.toml" not in ran.stdout + ran.stderr


def test_all_and_spaces_around_codes_are_accepted(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT})
    assert "RF001" in cli("--check", "--select", "ALL").stdout
    assert "RF001" in cli("--check", "--select", " RF001 , RF002").stdout


def test_the_timeout_comes_from_the_flag_or_the_environment(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT})
    assert "Invalid value for '--timeout'" in cli("--check", "--timeout", "-1").stderr
    monkeypatch.setenv("INFRA_FIX_TIMEOUT", "0.001")  # a millisecond: over before the repository is read
    ran = cli("--check")
    assert ran.code == 2 and "gave up after 0.001 s" in ran.stdout
    assert cli("--check", "--timeout", "0", "--select", "RF001").code == 1  # the flag wins; 0 is no budget


def test_the_hooks_exit_flags_fail_only_on_a_run_that_wrote(tmp_path: Path, cli: Cli) -> None:
    """The fixing hook's entry (`--apply --exit-zero --exit-non-zero-on-fix`, as ruff's): exit 1 on the run that
    fixes, 0 on the next although manual findings and unsafe fixes remain; `--no-exit-zero` (a hook's `args`,
    after the entry) brings back the failure while findings remain; an unreadable file still exits 2."""
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT, "tests/test_x.py": ""})
    hook = ("--apply", "--exit-zero", "--exit-non-zero-on-fix")
    first = cli(*hook)
    assert first.code == 1 and "[fixed]" in first.stdout
    second = cli(*hook)
    assert second.code == 0 and "[fixed]" not in second.stdout and "[fixable with --unsafe-fixes]" in second.stdout
    assert cli(*hook, "--no-exit-zero").code == 1
    assert cli("--apply").code == 1  # without the flags, --apply still fails while findings remain
    (tmp_path / "pyproject.toml").write_text("[project\n")
    assert cli(*hook).code == 2


@pytest.mark.parametrize(
    "modes",
    [("--check", "--apply"), ("--apply", "--diff"), ("--diff", "--check"), ("--pr", "--apply"), ("--apply", "--pr")],
)
def test_the_modes_are_mutually_exclusive_and_nothing_is_written(
    tmp_path: Path, cli: Cli, modes: tuple[str, ...]
) -> None:
    """issue 14: `--check --apply` wrote files (the last flag won). Two modes are a usage error, before any read."""
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT, "tests/test_a.py": ""})
    ran = cli(*modes, "--unsafe-fixes")
    assert ran.code == 2
    assert f"{modes[0]} and {modes[1]} are mutually exclusive" in ran.stderr
    assert ran.stdout == "" and (tmp_path / "pyproject.toml").read_text() == PYPROJECT
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".git") == ["pyproject.toml", "tests"]


def test_one_mode_twice_is_that_mode(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT})
    assert cli("--check", "--check").code == 1


def test_list_rules_shows_every_tier_a_rule_can_take() -> None:
    """issue 14: `--list-rules` called PP004, PC001 and CI001 safe though most of their findings are unsafe."""
    from infra_fix.docs.ruledocs import table
    from infra_fix.plugins import load_fixers

    rows = {line.split()[0]: line.split()[1] for line in table(load_fixers()).splitlines()}
    assert rows["PC001"] == "safe/unsafe/manual"
    assert rows["PP004"] == "safe/unsafe/manual"
    assert rows["CI001"] == "safe/unsafe/manual"
    assert rows["PC005"] == "unsafe" and rows["RN005"] == "manual"


def test_list_rules_names_the_fallbacks_any_rule_can_take(cli: Cli) -> None:
    """A safe rule's fix is unsafe in a file a formatter the project runs governs, and any fix manual where the
    human's word argues against it: the tiers column cannot say so per rule, the listing says it once."""
    listed = cli("--list-rules").stdout
    assert listed.rstrip().endswith("each finding says why.")
    assert "prettier over YAML" in listed and "manual where the human's word" in listed
