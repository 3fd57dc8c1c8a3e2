"""The bot's proposals share one reading of the folder: the whole plan, the repairs and each adoption alone are
runs under different policies over the same files, facts and settings. Reading the folder again for each was most
of the bot's time per repository (2 + one per adoption)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest

from infra_fix import run as run_module
from infra_fix.bot.plan import Plan, _only, _plan, proposals
from infra_fix.config import Flags
from infra_fix.plugins import load_packs
from infra_fix_fixers.adoptions import Policy

FLAGS = Flags(unsafe_fixes=True)


def _fresh(folder: Path, policy: Policy | None) -> Plan:
    """One policy's plan from a reading of its own, as each proposal was computed before they shared one."""
    fixers = [f for pack in load_packs() for f in pack.fixers]
    with contextlib.chdir(folder):
        return _plan(run_module.runner(run_module.Target(folder, ("",)), run_module.Mode.DIFF, FLAGS, fixers), policy)


def test_the_proposals_read_the_folder_once_and_equal_runs_that_read_it_each(
    checkout: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = checkout("demo")
    loads = []
    real = run_module.load
    monkeypatch.setattr(run_module, "load", lambda *a, **k: loads.append(a) or real(*a, **k))
    fixers = [f for pack in load_packs() for f in pack.fixers]

    whole, found = proposals(folder, FLAGS, fixers, "infra-fix/blueprint")

    assert len(loads) == 1
    assert found[0].adoption is None and len(found) >= 2  # the repairs, and at least one adoption
    assert whole == _fresh(folder, None)
    assert found[0].plan == _only(_fresh(folder, Policy(adoptions=frozenset())), None)
    for proposal in found[1:]:
        name = proposal.adoption
        assert name is not None
        alone = _fresh(folder, Policy(repairs=False, adoptions=frozenset({name})))
        assert proposal.plan.patch  # each adoption changes files
        assert proposal.plan == _only(alone, name)


def test_an_apply_run_is_not_asked_twice(checkout: Callable[[str], Path]) -> None:
    """An --apply run writes the files it read: a second run over that reading would fix stale texts."""
    folder = checkout("demo")
    fixers = [f for pack in load_packs() for f in pack.fixers]
    run = run_module.runner(run_module.Target(folder, ("",)), run_module.Mode.APPLY, Flags(), fixers)
    run(None, False)
    with pytest.raises(RuntimeError, match="read them again"):
        run(None, False)
