"""Which repository, which API, which token; and the redaction every printed line goes through."""

from __future__ import annotations

import pytest

from infra_fix.bot import credentials, target
from infra_fix.bot.plan import Plan


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/acme/orders.git",
        "https://x-access-token:secret@github.com/acme/orders",
        "git@github.com:acme/orders.git",
        "ssh://git@github.example.com:2222/acme/orders.git",
        "https://github.example.com/acme/orders/",
    ],
)
def test_the_repository_comes_from_the_origin_url(url: str) -> None:
    assert target.repository({}, url) == "acme/orders"


def test_the_environment_wins_over_the_origin_url_and_a_campaign_wins_over_both() -> None:
    assert target.repository({"GITHUB_REPOSITORY": "acme/ci"}, "git@github.com:acme/orders.git") == "acme/ci"
    env = {"GITHUB_REPOSITORY": "acme/ci", "INFRA_FIX_REPOSITORY": "acme/orders"}
    assert target.repository(env, "/srv/git/orders.git") == "acme/orders"


def test_a_path_remote_without_the_environment_is_an_error_that_does_not_echo_the_url() -> None:
    with pytest.raises(target.TargetError) as err:
        target.repository({}, "/home/me/secret-token-in-a-path/orders.git")
    assert "secret-token" not in str(err.value)


def test_the_api_url_follows_github_actions() -> None:
    assert target.api_url({}) == "https://api.github.com"
    assert target.api_url({"GITHUB_API_URL": "https://ghe.example.com/api/v3/"}) == "https://ghe.example.com/api/v3"


def test_infra_fix_token_wins_over_github_token() -> None:
    assert credentials.token({"GITHUB_TOKEN": "a", "INFRA_FIX_TOKEN": "b"}) == "b"
    assert credentials.token({"GITHUB_TOKEN": "a", "INFRA_FIX_TOKEN": " "}) == "a"
    assert credentials.token({}) is None


def test_redaction_removes_the_token_and_any_credentials_in_urls() -> None:
    redact = credentials.Redactor(["s3cr3t", None])
    text = redact("failed: s3cr3t at https://user:other@host/x and http://s3cr3t@h/y")
    assert "s3cr3t" not in text and "other" not in text
    assert "https://***@host/x" in text


def test_the_fingerprint_ignores_where_a_change_lands_but_not_what_it_is() -> None:
    patch = "diff --git a/p b/p\n--- a/p\n+++ b/p\n@@ -3,3 +3,3 @@\n ctx\n-a = 1\n+a = 2\n"
    moved = patch.replace("@@ -3,3 +3,3 @@\n ctx", "@@ -9,3 +9,3 @@\n other context")
    assert Plan((), patch, ()).fingerprint == Plan((), moved, ()).fingerprint
    assert Plan((), patch, ()).fingerprint != Plan((), patch.replace("+a = 2", "+a = 3"), ()).fingerprint
