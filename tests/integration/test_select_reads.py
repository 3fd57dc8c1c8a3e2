"""`--select` reads only the files the selected families' fixers and the facts declare (run.selected): each
family's findings and edits are then those it makes with every file read, on the fixtures and the real
repositories of the corpus. A fact that reads a file no fixer of its family declares fails here."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from infra_fix.config import Flags
from infra_fix.load import load
from infra_fix.plugins import load_fixers
from infra_fix.run import patterns_of, selected
from infra_fix_fixers import Changed, Settings, discover, remediate

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("SHARED", ROOT.parent / "shared"), "corpus", "repos")
FIXERS = load_fixers()
FAMILIES = sorted({rule.code[:2] for fixer in FIXERS for rule in fixer.rules})


def roots() -> list[Path]:
    found = [p for p in (ROOT / "fixtures").iterdir() if p.is_dir()]
    return found + (sorted(p for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else [])


@pytest.mark.parametrize("root", roots(), ids=lambda p: p.name)
def test_a_family_selected_reads_what_it_needs(root: Path) -> None:
    every = load(root, patterns_of(FIXERS)).snapshot
    if not discover(every).projects:
        pytest.skip("no project")
    for family in FAMILIES:
        fixers = selected(FIXERS, Flags(select=(family,)))
        assert fixers, family
        settings = Settings(select=(family,), unsafe_fixes=True)
        only = load(root, patterns_of(fixers)).snapshot
        assert remediate(only, settings, fixers) == remediate(every, settings, fixers), family


def test_a_pin_in_a_requirements_file_is_read_for_the_hooks(tmp_path: Path) -> None:
    """The project facts read the requirements files (the ruff a new hook pins): they are the facts' reads, not
    only the families' that happen to glance at them."""
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "lib"\nversion = "1"\nrequires-python = ">=3.11"\n')
    (tmp_path / "requirements.txt").write_text("pytest==8.3.0\nruff==0.12.11\n")
    test_a_family_selected_reads_what_it_needs(tmp_path)
    fixers = selected(FIXERS, Flags(select=("PC",)))
    settings = Settings(select=("PC",), unsafe_fixes=True)
    result = remediate(load(tmp_path, patterns_of(fixers)).snapshot, settings, fixers)
    assert any("rev: v0.12.11" in item.after for item in result.files if isinstance(item, Changed))
