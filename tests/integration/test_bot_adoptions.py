"""`infra-fix --pr` with adoptions: one pull request for the repairs and one per adoption, each on its own branch,
each applying to the base alone and closable on its own; an adoption a human declined is never proposed again, and
one no longer called for is closed with the reason. Real git and the GitHub stand-in, as test_bot.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.bot_world import BRANCH, World, entered, git

PRECOMMIT = f"{BRANCH}-adopt-pre-commit"


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    world = entered(tmp_path, monkeypatch, runner_token=False)
    yield world
    world.standin.stop()


def _pull(world: World, head: str) -> dict:
    [pull] = [p for p in world.standin.pulls if p["head"] == head]
    return pull


def _changed(world: World, branch: str) -> list[str]:
    return sorted(git(world.origin, "diff", "--name-only", "main", branch).split())


def test_the_repairs_and_each_adoption_get_a_pull_request_of_their_own(world: World) -> None:
    ran = world.bot()
    assert ran.code == 0, ran.stderr
    assert sorted(p["head"] for p in world.standin.pulls) == [BRANCH, PRECOMMIT]  # the others need --unsafe-fixes
    repairs, adoption = _pull(world, BRANCH), _pull(world, PRECOMMIT)
    assert repairs["title"] == "infra-fix: bring the infrastructure files up to the blueprint"
    assert adoption["title"] == "infra-fix: adopt pre-commit"
    # the adoption whole (its config and the workflow that runs it), and nothing of it in the repairs
    assert _changed(world, PRECOMMIT) == [".github/workflows/pre-commit.yml", ".pre-commit-config.yaml"]
    assert ".pre-commit-config.yaml" not in _changed(world, BRANCH) and "pyproject.toml" in _changed(world, BRANCH)
    assert "PC001" in adoption["body"] and "PC006" in adoption["body"] and "PP005" not in adoption["body"]
    assert "PP005" in repairs["body"] and "PC001" not in repairs["body"]
    # each branch is the base plus its own commit: either can be merged, or closed, without the other
    for branch in (BRANCH, PRECOMMIT):
        assert git(world.origin, "rev-list", "--count", f"main..{branch}").strip() == "1"
    # a second run with nothing new writes nothing
    requests = len(world.standin.log)
    assert world.bot().code == 0
    assert world.standin.writes(since=requests) == []


def test_an_adoption_closed_unmerged_is_never_proposed_again_and_the_repairs_go_on(world: World) -> None:
    world.bot()
    number = _pull(world, PRECOMMIT)["number"]
    world.standin.close_as_human(number)
    # the change set of the adoption changes (a JSON file the new check-json hook now covers): still declined
    world.commit_to_main({"data/config.json": "{}\n"}, "some data")
    ran = world.bot()
    assert ran.code == 0, ran.stderr
    assert [p["state"] for p in world.standin.pulls if p["head"] == PRECOMMIT] == ["closed"]
    assert f"#{number} was closed unmerged: this adoption was declined" in ran.stdout
    assert _pull(world, BRANCH)["state"] == "open"


def test_closing_the_repairs_leaves_the_adoption_open(world: World) -> None:
    world.bot()
    world.standin.close_as_human(_pull(world, BRANCH)["number"])
    assert world.bot().code == 0
    assert _pull(world, PRECOMMIT)["state"] == "open" and _pull(world, BRANCH)["state"] == "closed"


def test_an_adoption_no_longer_called_for_is_closed_with_the_reason(world: World) -> None:
    world.bot()
    # the project chose another hook runner: pre-commit is no longer proposed beside it
    world.commit_to_main({"lefthook.yml": "pre-commit:\n  commands: {}\n"}, "hooks with lefthook")
    ran = world.bot()
    assert ran.code == 0, ran.stderr
    assert _pull(world, PRECOMMIT)["state"] == "closed"
    number = _pull(world, PRECOMMIT)["number"]
    [comment] = world.standin.comments[number]
    assert "nothing left to adopt here for pre-commit" in comment["body"]
    assert f"refs/heads/{PRECOMMIT}" not in world.refs()
    assert _pull(world, BRANCH)["state"] == "open"
