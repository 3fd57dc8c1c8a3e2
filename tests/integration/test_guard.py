"""Each repository's run is fenced: a time budget ends a hang with a located error, an unexpected exception becomes
that repository's error, and every other repository of the call is still handled."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from infra_fix import budget, plugins
from infra_fix.config import Flags
from infra_fix.plugins import load_fixers
from infra_fix.run import Mode, Output, run
from infra_fix_fixers import Applicability, Context, Fixer, Outcome, Pack, Rule
from tests.conftest import Ran, make_repo

PYPROJECT = (
    '[project]\nname = "demo"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 88\nselect = ["E", "F"]\n'
)
FIXED = 'lint.select = ["E", "F"]'  # RF004's safe move of the legacy key: the sign a repository was fixed
RULE = Rule("ZZ001", "test-rule", "a rule of the tests", "none", Applicability.SAFE)


def _hangs(path: str, text: str | None, ctx: Context) -> Outcome:
    while True:  # what an alias bomb's expansion looks like from outside: Python code that never ends
        pass


def _owns_hang_toml(ctx: Context) -> tuple[str, ...]:
    return tuple(p for p in ("hang.toml",) if ctx.snapshot.exists(p))


def _overflows(ctx: Context) -> tuple[str, ...]:
    if ctx.snapshot.exists("deep.toml"):
        raise RecursionError("maximum recursion depth exceeded")
    return ()


HANGING = Fixer("hanging", (RULE,), ("hang.toml",), _owns_hang_toml, _hangs)
OVERFLOWING = Fixer("overflowing", (RULE,), ("deep.toml",), _overflows, _hangs)


def _run(roots: list[Path], fixers: list[Fixer], timeout: float | None, jobs: int = 1) -> Ran:
    out = io.StringIO()
    code = run(roots, Mode.APPLY, Flags(timeout=timeout), fixers, Output("text", out, out), jobs)
    return Ran(code, out.getvalue(), "")


def test_a_hang_ends_at_the_budget_with_a_located_error_and_other_repositories_are_fixed(tmp_path: Path) -> None:
    hang = make_repo(tmp_path / "hang", {"pyproject.toml": PYPROJECT, "hang.toml": "x = 1\n"})
    fine = make_repo(tmp_path / "fine", {"pyproject.toml": PYPROJECT})
    started = time.monotonic()
    ran = _run([hang, fine], [*load_fixers(), HANGING], timeout=0.5)
    assert time.monotonic() - started < 20  # a guard against the hang, not a speed claim
    assert ran.code == 2
    assert (
        "hang.toml: gave up after 0.5 s, the time budget for one repository (--timeout, INFRA_FIX_TIMEOUT)"
        in ran.stdout
    )
    assert FIXED in (fine / "pyproject.toml").read_text()
    assert (hang / "pyproject.toml").read_text() == PYPROJECT  # nothing of the stopped repository was written


def test_the_budget_works_in_pool_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --jobs each repository runs in a worker process, whose main thread runs the same timer."""
    packs = [*plugins.load_packs(), Pack("hanging", (HANGING,))]
    monkeypatch.setattr(plugins, "load_packs", lambda: packs)  # the forked workers see it
    hang = make_repo(tmp_path / "hang", {"pyproject.toml": PYPROJECT, "hang.toml": "x = 1\n"})
    fine = make_repo(tmp_path / "fine", {"pyproject.toml": PYPROJECT})
    started = time.monotonic()
    ran = _run([hang, fine], [*load_fixers(), HANGING], timeout=0.5, jobs=2)
    assert time.monotonic() - started < 20
    assert ran.code == 2 and "hang.toml: gave up after 0.5 s" in ran.stdout
    assert FIXED in (fine / "pyproject.toml").read_text()


def test_an_unexpected_exception_is_that_repositorys_error(tmp_path: Path) -> None:
    """issue 9: a RecursionError outside the per-file guard stopped the whole run with a traceback."""
    deep = make_repo(tmp_path / "deep", {"pyproject.toml": PYPROJECT, "deep.toml": "x = 1\n"})
    fine = make_repo(tmp_path / "fine", {"pyproject.toml": PYPROJECT})
    ran = _run([deep, fine], [*load_fixers(), OVERFLOWING], timeout=None)
    assert ran.code == 2
    assert ran.stdout.startswith(".: nested too deeply to be read safely")
    assert FIXED in (fine / "pyproject.toml").read_text()


def test_a_deeply_nested_pyproject_is_located_not_a_traceback(tmp_path: Path) -> None:
    nested = PYPROJECT.split("[tool.ruff]")[0] + "classifiers = " + "[" * 2000 + "]" * 2000 + "\n"
    deep = make_repo(tmp_path / "deep", {"pyproject.toml": nested})
    ran = _run([deep], load_fixers(), timeout=None)
    assert ran.code == 2
    assert ran.stdout.startswith("pyproject.toml:5:")
    assert "nested more than 100 levels deep" in ran.stdout.splitlines()[0]


def test_the_budget_is_off_at_zero_and_restores_what_it_replaced() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with budget.limit(None):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    with budget.limit(30):
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert signal.getsignal(signal.SIGALRM) == before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
