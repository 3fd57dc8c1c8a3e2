"""facts/secrets.py tries its token pattern only where a token's leading literal is (`anchored.finditer` with
`_TOKEN_LEADS`): it must find what the pattern's own `finditer` finds over the whole text, overlapping and adjacent
tokens included."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers.facts import anchored, secrets
from tests.property.budget import examples

PIECES = st.sampled_from(
    [
        *secrets._TOKEN_LEADS,
        "PRIVATE KEY-----",
        "RSA ",
        "A" * 20,
        "a1_" * 12,
        "0123456789" * 4,
        " ",
        "\n",
        "-",
        "_",
        "=",
        '"',
        "x",
        "EXAMPLE",
        "://u:p@h",
    ]  # fmt: skip
)


def spans(matches: object) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_the_leads_find_every_token(text: str) -> None:
    assert spans(anchored.finditer(secrets._token(), text, secrets._TOKEN_LEADS)) == spans(
        secrets._token().finditer(text)
    )


def test_a_token_after_a_lead_that_is_not_one() -> None:
    text = "sk-short ghp_" + "a" * 36 + " xoxb-" + "1" * 12
    assert [m.group(0)[:4] for m in anchored.finditer(secrets._token(), text, secrets._TOKEN_LEADS)] == ["ghp_", "xoxb"]


URL_PIECES = st.sampled_from(["http", "://", "u", ":", "p", "@", "h", "\n", " ", "/", "_", "a+b", "-", "'", "\u2028"])


@settings(max_examples=examples(500), deadline=None)
@given(st.lists(URL_PIECES, max_size=20).map("".join))
def test_urls_found_line_by_line_as_in_the_whole_text(text: str) -> None:
    found = [(m.start(), m.end()) for m in secrets._url_matches(text)]
    assert found == [(m.start(), m.end()) for m in secrets._URL_PASSWORD.finditer(text)]
