"""The environment reads of a Python file come from a walk of its syntax tree that skips the subtrees on no line
naming what a read goes through (facts/env_python.py `_walk_near`): it must find what a walk of the whole tree finds,
decorators above a `def` included. Checked on this repository's own code and fixtures, and on the shared corpus."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from infra_fix_fixers.facts import env_python

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(os.environ.get("SHARED", ROOT.parent / "shared"), "corpus", "repos")
BASES = env_python.SETTINGS | {"AppSettings", "Settings"}
DECORATED = "import os\n\n\n@pytest.mark.skipif(os.environ.get('CI') != 'true', reason='CI')\ndef test_x():\n    pass\n"


def readings(path: str, text: str) -> tuple[object, ...]:
    return (
        env_python.python_reads(path, text, BASES),
        env_python.literal_defaults(path, text, BASES),
        env_python.python_loads(path, text),
    )


def test_a_read_in_a_decorator_is_found() -> None:
    assert [r.name for r in env_python.python_reads("t.py", DECORATED)] == ["CI"]


def test_the_pruned_walk_finds_what_the_whole_walk_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [*ROOT.glob("fixtures/**/*.py"), *ROOT.glob("fixers/src/**/*.py"), *ROOT.glob("tests/**/*.py")]
    if CORPUS.is_dir():
        paths += CORPUS.rglob("*.py")
    texts = {}
    for path in paths:
        try:
            texts[str(path)] = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
    texts["decorated.py"] = DECORATED
    pruned = {path: readings(path, text) for path, text in texts.items()}
    monkeypatch.setattr(env_python, "_walk_near", lambda tree, text, words: ast.walk(tree))
    whole = {path: readings(path, text) for path, text in texts.items()}
    assert pruned == whole
    assert sum(bool(r[0]) for r in whole.values()) > 1  # files that read variables were among them


def test_the_plan_skips_parsing_only_files_whose_reads_it_drops(monkeypatch: pytest.MonkeyPatch) -> None:
    """rules/env/plan.py parses no test, doc, example or script file, nor the Python of a project that cannot be
    configured through an env file (a library reading its environment): the contexts that exist or are configured
    are those it gives when every Python file is parsed, on the fixtures and the corpus."""
    from infra_fix.load import load
    from infra_fix.plugins import load_fixers
    from infra_fix.run import patterns_of
    from infra_fix_fixers import Settings, Snapshot, discover
    from infra_fix_fixers.facts.environment import kind_of
    from infra_fix_fixers.fixer import Context
    from infra_fix_fixers.rules.env import plan

    def relevant(contexts: tuple[plan.EnvContext, ...]) -> tuple[plan.EnvContext, ...]:
        return tuple(c for c in contexts if c.exists or c.configured)

    patterns = patterns_of(load_fixers())
    roots = [p for p in (ROOT / "fixtures").iterdir() if p.is_dir()]
    roots += [p for p in CORPUS.iterdir() if p.is_dir()] if CORPUS.is_dir() else []
    app = {
        "pyproject.toml": '[project]\nname = "app"\nversion = "1"\n',
        "app/settings.py": "import os\nURL = os.environ['DATABASE_URL']\n",
        "tests/test_settings.py": "import os\nos.environ['ONLY_IN_TESTS']\n",
        "Dockerfile": "FROM python:3.12\n",
    }
    planned = 0
    for root in [None, *roots]:
        repo = discover(Snapshot(app) if root is None else load(root, patterns).snapshot)
        if not repo.projects:
            continue
        counted = plan._plan(Context(repo, None, Settings()))
        with monkeypatch.context() as patch:
            patch.setattr(plan, "_counted", lambda path: kind_of(path) == "python")
            patch.setattr(plan, "_may_be_configured", lambda *_: True)
            assert relevant(plan._plan(Context(repo, None, Settings()))) == relevant(counted), root
        planned += bool(relevant(counted))
    assert planned
