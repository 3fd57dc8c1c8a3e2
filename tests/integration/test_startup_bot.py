"""The GitHub client (PyGithub, ~0.5 s to import) and the bot are imported by `--pr` runs only."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_startup import imported_modules, plain_repo


def test_a_plain_check_imports_neither_the_github_client_nor_the_bot(tmp_path: Path) -> None:
    modules = imported_modules(plain_repo(tmp_path), tmp_path)
    assert "infra_fix_fixers.engine" in modules  # the measurement saw the run's own imports
    assert "infra_fix.bot.options" in modules  # the flags are declared, nothing more
    assert not {m for m in modules if m == "github" or m.startswith("github.")}
    assert not {m for m in modules if m.startswith(("requests", "urllib3", "jwt", "nacl"))}
    assert not {m for m in modules if m.startswith("infra_fix.bot.") and m != "infra_fix.bot.options"}
