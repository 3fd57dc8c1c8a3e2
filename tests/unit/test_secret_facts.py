"""The one secret detector every family stands on: what counts, what never does, and that nothing quotes a value."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infra_fix_fixers.facts.secrets import (
    assigned,
    frontend_public,
    in_text,
    is_placeholder,
    is_reference,
    looks_generated,
    secret_name,
    url_password,
)


@pytest.mark.parametrize(
    "name",
    ["POSTGRES_PASSWORD", "SECRET_KEY", "DJANGO_SECRET_KEY", "API_KEY", "OPENAI_API_KEY", "GITEE_TOKEN",
     "NEXTAUTH_SECRET", "MYSQL_ROOT_PASSWORD", "db.password", "cookie-secret", "REDIS_PASS", "SENTRY_DSN"],
)  # fmt: skip
def test_credential_names(name: str) -> None:
    assert secret_name(name)


@pytest.mark.parametrize(
    "name",
    ["NEXT_PUBLIC_POSTHOG_KEY", "PUBLIC_KEY", "POSTGRES_PASSWORD_FILE", "ACCESS_TOKEN_EXPIRE_MINUTES",
     "JWT_SECRET_ALGORITHM", "POSTGRES_USER", "DATABASE_URL", "KEYBOARD_LAYOUT", "MONKEY", "AUTH_ENABLED",
     "TOKEN_URL", "SECRET_KEY_PATH", "PASSWORD_MIN_LENGTH", "PASSAGE", "AUTH_RATELIMIT", "STRIPE_PUBLISHABLE_KEY",
     # a frontend's build-time variables are compiled into its public pages; a fingerprint is published
     "VITE_API_KEY", "REACT_APP_FIREBASE_API_KEY", "NEXT_PUBLIC_SUPABASE_ANON_KEY", "NUXT_PUBLIC_API_KEY",
     "EXPO_PUBLIC_API_KEY", "GATSBY_ALGOLIA_SEARCH_KEY", "VUE_APP_API_KEY", "PUBLIC_TOKEN", "GPG_KEY_FINGERPRINT",
     "SIGNING_KEY_FPR", "CERT_THUMBPRINT", "TOKEN_CHECKSUM", "PASSWORD_MIN_SCORE", "PASSWORD_STRENGTH",
     "DEFAULT_REFRESH_TOKEN_LIFETIME"],
)  # fmt: skip
def test_names_that_are_not_credentials(name: str) -> None:
    assert not secret_name(name)


@pytest.mark.parametrize(
    "value",
    ["", "  ", "change-me", "changethis", "CHANGEME", "your_key_here", "your-secret", "<token>", "[password]", "xxx",
     "***", "placeholder", "dummy", "true", "false", "/run/secrets/db_password", "./secrets/key", "replace-me-please",
     "secret-key-here", "sk_test_xxxx", "postgresql://db:5432/app", '"change-me"', "*** REPLACE ***", "0000000000",
     "!reset null"],
)  # fmt: skip
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize("value", ["postgres", "secret", "hunter2", "123456", "s3cr3t!", "password", "admin"])
def test_weak_real_values_are_not_placeholders(value: str) -> None:
    """gitleaks stays quiet on these (under 10 characters, low entropy); they are still the password a service runs
    with."""
    assert not is_placeholder(value)


@pytest.mark.parametrize(
    "value", ["${DB_PASSWORD}", "${DB_PASSWORD:?set it}", "$TOKEN", "{{ vault_pw }}", "${{ secrets.TOKEN }}",
              "%(here)s/x", "{% if x %}"]
)  # fmt: skip
def test_references(value: str) -> None:
    assert is_reference(value)


def test_assigned_by_name_spans_the_value_without_its_quotes() -> None:
    line = 'POSTGRES_PASSWORD: "postgres"'
    value_at = line.index('"')
    found = assigned("POSTGRES_PASSWORD", line[value_at:], value_at)
    assert found is not None
    assert line[found.start : found.end] == "postgres"
    assert found.name == "POSTGRES_PASSWORD"
    assert "postgres" not in found.kind


@pytest.mark.parametrize(
    ("name", "value"),
    [("POSTGRES_PASSWORD", "${POSTGRES_PASSWORD}"), ("SECRET_KEY", "changethis"), ("POSTGRES_USER", "postgres"),
     ("NEXT_PUBLIC_KEY", "phc_abcdef0123456789"), ("AUTH_ENABLED", "true"), ("API_KEY", "")],
)  # fmt: skip
def test_assigned_leaves_alone(name: str, value: str) -> None:
    assert assigned(name, value) is None


def test_a_token_is_found_whatever_the_name() -> None:
    token = "ghp_" + "a1B2" * 9
    found = assigned("SOMETHING", f"x {token} y", 10)
    assert found is not None
    assert (found.start, found.end) == (12, 12 + len(token))
    assert found.kind == "a GitHub token"


@pytest.mark.parametrize(
    ("name", "public"),
    [("VITE_API_URL", True), ("next_public_key", True), ("REACT_APP_SENTRY_DSN", True), ("PUBLIC_SITE", True),
     ("API_URL", False), ("MY_VITE_KEY", False), ("VITE", False)],
)  # fmt: skip
def test_frontend_public(name: str, public: bool) -> None:
    assert frontend_public(name) is public


def test_a_token_in_a_public_name_is_still_found_by_its_value() -> None:
    token = "ghp_" + "a1B2" * 9
    found = assigned("VITE_GITHUB_TOKEN", token)
    assert found is not None and found.kind == "a GitHub token"
    assert assigned("VITE_API_KEY", "Xk29dLq0vPz8Rt4Wm") is None


def test_url_passwords() -> None:
    url = "postgresql://app:s3cret@db:5432/app"
    span = url_password(url)
    assert span is not None
    assert url[span[0] : span[1]] == "s3cret"
    assert url_password("driver://user:pass@localhost/dbname") is None  # alembic's template
    assert url_password("postgresql://app:${DB_PASSWORD}@db/app") is None
    assert url_password("postgresql://app@db/app") is None
    assert url_password("postgresql://app:change-me@db/app") is None


def test_in_text_finds_every_secret_in_order() -> None:
    text = "a = postgresql://u:pw1234@h/d\nb = AKIAABCDEFGHIJKLMNOP\n"
    kinds = [s.kind for s in in_text(text)]
    assert kinds == ["a password in a URL", "an AWS access key id"]
    assert [text[s.start : s.end] for s in in_text(text)] == ["pw1234", "AKIAABCDEFGHIJKLMNOP"]


@given(st.text(max_size=60), st.text(max_size=60))
def test_a_found_secret_is_inside_the_value_and_never_in_its_description(name: str, value: str) -> None:
    found = assigned(name, value, 3)
    if found is not None:
        assert 3 <= found.start < found.end <= 3 + len(value)
        secret = value[found.start - 3 : found.end - 3]
        assert secret not in found.kind or len(secret) < 4


@pytest.mark.parametrize(
    ("name", "value"),
    [("AMQP_URL", "amqp://guest:guest@localhost:5672"), ("GOOGLE_APPLICATION_CREDENTIALS", "gcp-key.json"),
     ("SECRET_KEY", "ChangeMeChangeMe"), ("PAPERLESS_SECRET_KEY", "ci-typing-not-a-real-secret"),
     ("GITHUB_CLIENT_SECRET", "fakefakefakefakefake"),
     ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), ("MCP_API_KEY", "test-api-key-12345"),
     ("STRIPE_KEY", "__UNSET__"), ("secret-ids", "OPENAI, prod/openai")],
)  # fmt: skip
def test_what_the_corpus_taught_is_no_secret(name: str, value: str) -> None:
    assert assigned(name, value) is None


def test_an_interpolation_default_is_judged_and_its_span_is_the_default() -> None:
    value = "${DB_PASSWORD:-surfsense}"
    found = assigned("DB_PASSWORD", value, 10)
    assert found is not None and found.kind == "a credential default of an interpolation"
    assert value[found.start - 10 : found.end - 10] == "surfsense"
    assert assigned("DB_PASSWORD", "${DB_PASSWORD:-change-me}") is None
    assert assigned("DB_PASSWORD", "${DB_PASSWORD:-}") is None
    assert assigned("LOG_LEVEL", "${LOG_LEVEL:-debug}") is None


@pytest.mark.parametrize(
    ("value", "generated"),
    [("postgres", False), ("hunter2hunter2", False), ("minioadmin123", False), ("OGU6P2TNUEwxekD0OHe7", True),
     ("a\nmulti-line value 123456", False), ("change-me-1234567890", False)],
)  # fmt: skip
def test_looks_generated_as_gitleaks_generic_rule(value: str, generated: bool) -> None:
    assert looks_generated(value) is generated
