"""The bot's etiquette, one rule a test: decide.py is pure, so every case is a value in and a decision out."""

from __future__ import annotations

import pytest
from msgspec.structs import replace

from infra_fix.bot.decide import Branch, Do, Seen, decide

MINE = Branch("b" * 40, foreign=(), behind=False, conflicts=False)
OPEN = Seen(True, "fp1", "body", open_pr=7, open_fingerprint="fp1", open_body="body", closed_same=None, branch=MINE,
            warned=False)  # fmt: skip


def test_an_up_to_date_pull_request_is_left_alone() -> None:
    assert decide(OPEN, force=False, rebase_when="conflicted").do is Do.NOTHING


def test_a_new_change_set_is_pushed_to_the_same_pull_request() -> None:
    decision = decide(replace(OPEN, fingerprint="fp2", body="new"), force=False, rebase_when="never")
    assert (decision.do, decision.push, decision.body) == (Do.UPDATE, True, True)


def test_only_a_changed_description_is_a_body_update_without_a_push() -> None:
    decision = decide(replace(OPEN, body="new manual finding"), force=False, rebase_when="conflicted")
    assert (decision.do, decision.push, decision.body) == (Do.UPDATE, False, True)


@pytest.mark.parametrize(
    ("rebase_when", "behind", "conflicts", "push"),
    [
        ("conflicted", True, False, False),
        ("conflicted", True, True, True),
        ("behind-base-branch", True, False, True),
        ("behind-base-branch", False, False, False),
        ("never", True, True, False),
    ],
)
def test_rebase_when(rebase_when: str, behind: bool, conflicts: bool, push: bool) -> None:
    seen = replace(OPEN, branch=replace(MINE, behind=behind, conflicts=conflicts))
    assert decide(seen, force=False, rebase_when=rebase_when).push is push


def test_someone_elses_commit_stops_the_bot_with_one_comment() -> None:
    seen = replace(OPEN, fingerprint="fp2", branch=replace(MINE, foreign=("abc1234 (Jane)",)))
    first = decide(seen, force=False, rebase_when="conflicted")
    assert (first.do, first.comment, first.push) == (Do.STOP, True, False)
    again = decide(replace(seen, warned=True), force=False, rebase_when="conflicted")
    assert (again.do, again.comment) == (Do.STOP, False)
    forced = decide(seen, force=True, rebase_when="conflicted")
    assert (forced.do, forced.push) == (Do.UPDATE, True)


def test_a_change_set_a_human_closed_is_not_proposed_again_but_a_new_one_is() -> None:
    seen = replace(OPEN, open_pr=None, open_fingerprint=None, open_body="", closed_same=3, branch=None)
    assert decide(seen, force=False, rebase_when="conflicted").do is Do.NOTHING
    assert decide(replace(seen, closed_same=None), force=False, rebase_when="conflicted").do is Do.OPEN


def test_compliance_closes_the_pull_request_and_deletes_the_branch() -> None:
    decision = decide(replace(OPEN, has_changes=False), force=False, rebase_when="conflicted")
    assert (decision.do, decision.delete_branch) == (Do.CLOSE, True)


def test_no_fix_because_a_file_did_not_parse_is_not_compliance() -> None:
    decision = decide(replace(OPEN, has_changes=False, errors=True), force=False, rebase_when="conflicted")
    assert decision.do is Do.NOTHING
    assert decide(replace(OPEN, errors=True, fingerprint="fp2"), force=False, rebase_when="conflicted").push


def test_compliance_without_a_pull_request_keeps_a_branch_with_someone_elses_commits() -> None:
    seen = replace(OPEN, has_changes=False, open_pr=None, branch=replace(MINE, foreign=("abc (Jane)",)))
    assert decide(seen, force=False, rebase_when="conflicted").do is Do.NOTHING
    assert decide(replace(seen, branch=MINE), force=False, rebase_when="conflicted").do is Do.DELETE_BRANCH


def test_an_adoption_a_human_declined_stays_declined_whatever_its_change_set() -> None:
    """`_look` passes, for an adoption, any pull request a human closed on its branch, not only the same change set."""
    seen = replace(OPEN, open_pr=None, open_fingerprint=None, open_body="", closed_same=3, branch=None)
    decision = decide(replace(seen, declined_for_good=True, fingerprint="another"), force=False, rebase_when="never")
    assert decision.do is Do.NOTHING and "this adoption was declined, and is not proposed again" in decision.why
