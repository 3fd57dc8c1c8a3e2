"""`infra-fix --pr` end to end: real git with a bare repository as origin, and the GitHub stand-in on loopback.

Each scenario is one of issue 8's: the assertions are on what the remote and the API ended up with (the stand-in's
request log and origin's refs), never on what the bot says it did.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.bot_world import BRANCH, World, entered, git

SELECT = ("--select", "RF")  # the ruff rules: enough to exercise every path, and quick


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    world = entered(tmp_path, monkeypatch, runner_token=False)
    yield world
    world.standin.stop()


def test_first_run_opens_one_pull_request_with_the_fixes(world: World) -> None:
    ran = world.bot("--label", "infrastructure", "--reviewer", "alice", "--draft")
    assert ran.code == 0, ran.stderr
    [pull] = [p for p in world.standin.pulls if p["head"] == BRANCH]  # the repairs (adoptions: test_adoption_prs)
    assert (pull["state"], pull["head"], pull["base"], pull["draft"]) == ("open", BRANCH, "main", True)
    assert pull["labels"] == ["infrastructure"] and pull["requested_reviewers"] == ["alice"]
    assert BRANCH in ",".join(world.refs()).replace("refs/heads/", "")
    changed = git(world.origin, "diff", "--name-only", "main", BRANCH).split()
    assert "pyproject.toml" in changed
    message = git(world.origin, "log", "-1", "--format=%an <%ae>%n%B", BRANCH)
    assert message.startswith("infra-fix[bot] <") and "PP005" in message
    assert "PP005" in pull["body"] and "<!-- infra-fix:fingerprint:" in pull["body"]
    assert git(world.checkout, "status", "--porcelain") == ""  # the user's checkout is left as it was
    assert git(world.checkout, "worktree", "list").count("\n") == 1


def test_a_second_run_with_nothing_new_pushes_nothing_and_writes_nothing(world: World) -> None:
    assert world.bot(*SELECT).code == 0
    refs, requests = world.refs(), len(world.standin.log)
    ran = world.bot(*SELECT)
    assert ran.code == 0, ran.stderr
    assert world.refs() == refs
    assert world.standin.writes(since=requests) == []
    assert "up to date" in ran.stdout


def test_a_new_finding_updates_the_same_pull_request(world: World) -> None:
    world.bot(*SELECT)
    first = world.refs()[f"refs/heads/{BRANCH}"]
    pyproject = (world.people / "pyproject.toml").read_text()
    world.commit_to_main({"pyproject.toml": pyproject + "select = ['E', 'F']\n"}, "lint the old way")
    ran = world.bot(*SELECT)
    assert ran.code == 0, ran.stderr
    assert len(world.standin.pulls) == 1 and world.standin.pulls[0]["state"] == "open"
    assert world.refs()[f"refs/heads/{BRANCH}"] != first
    assert "RF004" in world.pull_body()  # the new finding, in the same pull request
    assert git(world.origin, "merge-base", "main", BRANCH).strip() == world.refs()["refs/heads/main"]


def test_a_base_that_moved_elsewhere_is_not_a_reason_to_rebase(world: World) -> None:
    world.bot(*SELECT)
    branch = world.refs()[f"refs/heads/{BRANCH}"]
    world.commit_to_main({"README.md": "# orders\n"}, "docs")
    requests = len(world.standin.log)
    assert world.bot(*SELECT).code == 0
    assert world.refs()[f"refs/heads/{BRANCH}"] == branch
    assert world.standin.writes(since=requests) == []
    # asked to follow the base, it does
    assert world.bot(*SELECT, "--rebase-when", "behind-base-branch").code == 0
    assert git(world.origin, "merge-base", "main", BRANCH).strip() == world.refs()["refs/heads/main"]


def test_a_base_that_conflicts_with_the_branch_is_rebased(world: World) -> None:
    world.bot(*SELECT)
    branch = world.refs()[f"refs/heads/{BRANCH}"]
    body = world.pull_body()
    pyproject = (world.people / "pyproject.toml").read_text()
    # a comment on the line next to the bot's edit: the same change set, but git cannot merge the two
    edited = pyproject.replace("line-length = 88\n", "line-length = 88  # width\n")
    world.commit_to_main({"pyproject.toml": edited}, "explain the width")
    assert world.bot(*SELECT).code == 0
    assert world.refs()[f"refs/heads/{BRANCH}"] != branch
    assert git(world.origin, "merge-base", "main", BRANCH).strip() == world.refs()["refs/heads/main"]
    assert world.pull_body() == body  # the same change set: the same description


def test_a_human_commit_stops_the_bot_with_one_comment_across_runs(world: World) -> None:
    world.bot(*SELECT)
    world.commit_to_branch("pyproject.toml", (world.people / "pyproject.toml").read_text() + "# mine\n")
    theirs = world.refs()[f"refs/heads/{BRANCH}"]
    pyproject = (world.people / "pyproject.toml").read_text()
    world.commit_to_main({"pyproject.toml": pyproject + "select = ['E']\n"}, "a new finding too")
    for _ in range(2):
        ran = world.bot(*SELECT)
        assert ran.code == 0, ran.stderr
        assert world.refs()[f"refs/heads/{BRANCH}"] == theirs  # never force-pushed over
        assert "Jane Doe" in ran.stdout
    [comment] = world.standin.comments[1]
    assert "stopped updating" in comment["body"] and "Jane Doe" in comment["body"]
    requests = len(world.standin.log)
    world.bot(*SELECT)
    assert world.standin.writes(since=requests) == []
    # --force takes the branch back
    assert world.bot(*SELECT, "--force").code == 0
    assert git(world.origin, "log", "-1", "--format=%ae", BRANCH).startswith("infra-fix")


def test_a_pull_request_a_human_closed_is_not_reopened(world: World) -> None:
    world.bot(*SELECT)
    world.standin.close_as_human(1)
    requests = len(world.standin.log)
    ran = world.bot(*SELECT)
    assert ran.code == 0, ran.stderr
    assert world.standin.writes(since=requests) == []
    assert [p["state"] for p in world.standin.pulls] == ["closed"]
    assert "#1 was closed unmerged" in ran.stdout
    # a different change set is a new proposal
    pyproject = (world.people / "pyproject.toml").read_text()
    world.commit_to_main({"pyproject.toml": pyproject + "select = ['E']\n"}, "a new finding")
    assert world.bot(*SELECT).code == 0
    assert [p["state"] for p in world.standin.pulls] == ["closed", "open"]


def test_a_compliant_project_gets_its_pull_request_closed_and_branch_deleted(world: World) -> None:
    world.bot(*SELECT)
    git(world.people, "fetch", "-q", "origin")
    git(world.people, "push", "-q", "origin", f"origin/{BRANCH}:refs/heads/main")  # the fixes land on main
    ran = world.bot(*SELECT)
    assert ran.code == 0, ran.stderr
    assert world.standin.pulls[0]["state"] == "closed"
    [comment] = world.standin.comments[1]
    assert "nothing left to change" in comment["body"]
    assert f"refs/heads/{BRANCH}" not in world.refs()
    delete = [r for r in world.standin.log if r.method == "DELETE"]
    assert [r.path for r in delete] == [f"/repos/acme/orders/git/refs/heads/{BRANCH}"]
    # and the closed pull request does not count as one a human closed
    requests = len(world.standin.log)
    assert world.bot(*SELECT).code == 0
    assert world.standin.writes(since=requests) == []


def test_rate_limits_are_waited_out_as_github_says(world: World) -> None:
    reset = str(int(time.time()) + 30)
    secondary = "You have exceeded a secondary rate limit."
    world.standin.fail("GET", "/repos/acme/orders", 429, headers={"Retry-After": "7"}, message=secondary)
    primary = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    world.standin.fail(
        "GET", "/repos/acme/orders/pulls", 403, headers=primary, message="API rate limit exceeded for x."
    )
    world.standin.fail("POST", "/repos/acme/orders/pulls", 502, times=2)
    ran = world.bot(*SELECT)
    assert ran.code == 0, ran.stderr
    assert len(world.standin.pulls) == 1
    assert world.sleeps[0] == 7  # Retry-After
    assert 28 <= world.sleeps[1] <= 32  # until X-RateLimit-Reset
    assert world.sleeps[2:] == [2.0]  # the 502s: urllib3 retries the first at once, then backs off


def test_a_persistent_api_error_exits_2_and_leaves_no_branch_behind(world: World) -> None:
    before = world.refs()
    world.standin.fail("POST", "/repos/acme/orders/pulls", 502, times=-1)
    ran = world.bot(*SELECT)
    assert ran.code == 2
    assert "open the pull request" in ran.stderr
    assert world.standin.pulls == []
    assert world.refs() == before  # the pushed branch was deleted again


def test_an_api_error_before_any_write_leaves_the_remote_untouched(world: World) -> None:
    before = world.refs()
    world.standin.fail("GET", "/repos/acme/orders/pulls", 500, times=-1)
    ran = world.bot(*SELECT)
    assert ran.code == 2 and "list pull requests" in ran.stderr
    assert world.refs() == before and world.standin.writes() == []


def test_dry_run_prints_the_plan_and_the_body_and_changes_nothing(world: World) -> None:
    before = world.refs()
    ran = world.bot(*SELECT, "--dry-run")
    assert ran.code == 0, ran.stderr
    assert "would push infra-fix/blueprint and open a pull request into main" in ran.stdout
    assert "## infra-fix: the blueprint's fixes" in ran.stdout and "| File | Rule |" in ran.stdout
    assert world.refs() == before and world.standin.writes() == []


def test_no_token_is_a_usage_error(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INFRA_FIX_TOKEN")
    ran = world.bot(*SELECT)
    assert ran.code == 2 and "no token" in ran.stderr
    assert world.standin.log == []


def test_an_unparsable_file_is_named_and_the_other_fixes_are_still_proposed(world: World) -> None:
    world.commit_to_main({"renovate.json": '{"extends": [\n'}, "half a renovate config")
    ran = world.bot()
    assert ran.code == 2
    assert "renovate.json" in ran.stderr
    [pull] = [p for p in world.standin.pulls if p["head"] == BRANCH]
    assert "renovate.json" in pull["body"] and "errors" in pull["body"] and "PP005" in pull["body"]
    assert "renovate.json" not in git(world.origin, "diff", "--name-only", "main", BRANCH).split()
