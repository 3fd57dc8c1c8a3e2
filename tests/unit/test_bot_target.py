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


@pytest.mark.parametrize(
    ("env", "server"),
    [
        ({}, "https://github.com"),
        ({"GITHUB_SERVER_URL": "https://ghe.example.com/"}, "https://ghe.example.com"),
        ({"GITHUB_API_URL": "https://ghe.example.com/api/v3"}, "https://ghe.example.com"),
        ({"GITHUB_API_URL": "http://127.0.0.1:8080"}, "http://127.0.0.1:8080"),  # a stand-in on loopback
        ({"GITHUB_API_URL": "http://[::1]:8080"}, "http://[::1]:8080"),
    ],
)
def test_the_git_server_is_github_actions_or_the_apis_host(env: dict[str, str], server: str) -> None:
    assert target.server_url(env) == server


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("GITHUB_API_URL", "http://api.github.com"),
        ("GITHUB_API_URL", "http://10.0.0.5/api/v3"),
        ("GITHUB_SERVER_URL", "http://ghe.example.com"),
        ("GITHUB_API_URL", "ftp://api.github.com"),
        ("GITHUB_API_URL", "https://"),
        ("GITHUB_SERVER_URL", "file:///srv/git"),
    ],
)
def test_the_token_never_crosses_a_network_in_clear_text(name: str, url: str) -> None:
    with pytest.raises(target.TargetError, match=name):
        target.server_url({name: url}) if name == "GITHUB_SERVER_URL" else target.api_url({name: url})


@pytest.mark.parametrize(
    "origin",
    [
        "https://github.com/acme/orders.git",
        "https://github.com/Acme/Orders",
        "https://x-access-token:secret@github.com/acme/orders/",
        "git@github.com:acme/orders.git",
        "ssh://git@github.com:22/acme/orders.git",
        "https://github.com:443/acme/orders",
    ],
)
def test_an_origin_that_is_a_clone_of_the_repository_is_accepted(origin: str) -> None:
    target.check_origin(origin, "https://github.com", "acme/orders")


@pytest.mark.parametrize(
    "origin",
    [
        "https://github.com/acme/other.git",
        "https://evil.example/acme/orders.git",
        "https://github.com.evil.example/acme/orders.git",
        "https://github.com@evil.example/acme/orders.git",
        "https://github.com:8443/acme/orders.git",
        "git@evil.example:acme/orders.git",
        "/srv/git/acme/orders.git",
        "ext::sh -c touch% /tmp/pwned",
        "https://github.com/acme/orders/../other",
    ],
)
def test_any_other_origin_is_refused_without_echoing_its_credentials(origin: str) -> None:
    with pytest.raises(target.TargetError, match="updates only the repository the checkout was cloned from") as err:
        target.check_origin(origin.replace("https://", "https://user:s3cr3t@", 1), "https://github.com", "acme/orders")
    assert "s3cr3t" not in str(err.value)


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
