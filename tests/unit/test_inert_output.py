"""Repository-supplied text is inert in every output: Markdown (rendered by a CommonMark parser with GitHub's
tables and autolinks, markdown-it-py's "gfm-like"), terminals, SARIF."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from infra_fix.output import inert, markdown, report, sarif
from infra_fix_fixers import Applicability, Failed, Finding, Location, Severity, Skipped

GFM = MarkdownIt("gfm-like")  # tables, strikethrough, autolinks of bare URLs and e-mail addresses, raw HTML
GFM.linkify.set({"fuzzy_link": False})  # as GitHub: `setup.py` is no link (its `www.` links: see _mentions)
ACTIVE = {"link_open", "image", "html_block", "strong_open", "em_open", "s_open", "heading_open", "blockquote_open"}
HOSTILE = [
    "ci`.yml",
    "`` [x](https://evil.example) ``",
    "a``[link](https://evil.example)`",
    "@acme/security-team please look",
    "fixes #1234 and acme/other#5",
    "<img src=x onerror=alert(1)> <!-- hidden --> <details>",
    "![tracker](https://evil.example/pixel.png)",
    "**bold** _em_ ~~gone~~ \\`escaped\\`",
    "see www.evil.example and https://evil.example/x?y=1",
    "| cell | break |\nnew row",
    "# heading\n> quote\n- item",
    "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07 \x1b]52;c;ZXZpbA==\x07",
    "name\udce9 from Latin-1",
    "&lt;script&gt; &#64;team",
]


def _tokens(text: str) -> list[Token]:
    found: list[Token] = []
    stack = list(GFM.parse(text))
    while stack:
        token = stack.pop()
        found.append(token)
        stack += token.children or []
    return found


def _active(text: str) -> list[str]:
    """What a renderer would act on: links, images, emphasis, block structure, HTML other than our `<br>`."""
    return [t.type for t in _tokens(text) if t.type in ACTIVE or (t.type == "html_inline" and t.content != "<br>")]


def _mentions(text: str) -> list[str]:
    """`@name`, `#123` and `www.host` outside code, in the text a reader sees: GitHub's mentions, issue references
    and the `www.` autolinks markdown-it does not make."""
    plain = [t.content for t in _tokens(text) if t.type == "text"]
    return [m for p in plain for m in re.findall(r"(?<![\w&])[@#][\w-]+|www\.", p)]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_message_renders_as_the_characters_it_is(text: str) -> None:
    for rendered in (markdown._text(text), markdown._cell(text), f"- `x.yml`: {markdown._text(text)}"):
        assert _active(rendered) == [], rendered
        assert _mentions(rendered) == [], rendered


@pytest.mark.parametrize("text", HOSTILE)
def test_a_name_is_one_code_span_whatever_its_backticks(text: str) -> None:
    rendered = markdown._code(text)
    inline = [t for t in _tokens(rendered) if t.type not in ("paragraph_open", "paragraph_close", "inline")]
    assert [t.type for t in inline] == ["code_inline"]
    assert inline[0].content == inert.printable(text.replace("\r", ""), lines=False)


def test_a_name_in_a_table_cell_stays_in_its_cell() -> None:
    cell = markdown._code("a|b`c|", cell=True)
    table = GFM.parse(f"| File | Rule |\n| --- | --- |\n| {cell} | RF001 |\n")
    cells = [t for t in table if t.type == "td_open"]
    assert len(cells) == 2
    codes = [c.content for t in table if t.type == "inline" for c in t.children or [] if c.type == "code_inline"]
    assert codes == ["a|b`c|"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("`[]()!<>@#*_~|\\&: \nhtps/.wx") + ["\x1b", "\u202e", "\udce9"])))
def test_any_text_is_inert(text: str) -> None:
    assert _active(markdown._text(text)) == []
    assert _mentions(markdown._text(text)) == []
    code = [t for t in _tokens(markdown._code(text)) if t.type == "code_inline"]
    assert len(code) == 1
    assert code[0].content == (inert.printable(text.replace("\r", ""), lines=False) or " ")  # an empty name: ` `


def test_the_pull_request_body_links_only_to_the_rules_documentation() -> None:
    name = "pkg`@acme/team [x](https://evil.example)`/pyproject.toml"
    message = "value `a`` b` @owner ![i](https://evil.example/i.png)"
    finding = Finding("RF003", name, message, 3, severity=Severity.ERROR, applicability=Applicability.MANUAL)
    entries = [
        report.Entry(name, finding),
        report.Entry(name, Failed(name, Location("bad `toml` <b>here</b> @team", 2, 5))),
        report.Entry(name, Skipped(name, "ignored by git (.gitignore:1: [x](https://evil.example))")),
    ]
    ignored = [("pyproject.toml", "RF001", "@acme/leads said so, see https://evil.example and #12")]
    body = markdown.render(entries, ignored, {}, fingerprint="0123456789abcdef")
    assert _mentions(body) == []
    allowed = {"heading_open", "html_block", "strong_open"}  # its own headings, bold counts, <details>, comment
    assert [t for t in _active(body) if t not in allowed] == []
    html_blocks = [t.content for t in _tokens(body) if t.type == "html_block"]
    assert all("evil" not in block and "@" not in block for block in html_blocks)


def test_the_terminal_gets_no_control_character_and_no_lone_surrogate() -> None:
    name = "ci\x1b]52;c;ZXZpbA==\x07\u202e\udce9.yml"
    finding = Finding("CI001", name, "value \x1b[31mred\x1b[0m", severity=Severity.ERROR)
    text = report.text([report.Entry(name, finding)], [("pyproject.toml", "RF001", "why\x1b[2J")])
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\ud800-\udfff]", text)
    assert "ci\\x1b]52;c;ZXZpbA==\\x07\\u202e\\xe9.yml: CI001 value \\x1b[31mred\\x1b[0m [manual]" in text
    text.encode("utf-8")  # printable on any UTF-8 terminal: no UnicodeEncodeError
    report.github([report.Entry(name, finding)]).encode("utf-8")
    json.loads(report.as_json([report.Entry(name, finding)]))


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("c#d.yml", "c%23d.yml"),
        ("g%41h.yml", "g%2541h.yml"),
        ("a b/x?.yml", "a%20b/x%3F.yml"),
        ("x:y.yml", "x%3Ay.yml"),  # not a scheme
        ("caf\udce9/pyproject.toml", "caf%E9/pyproject.toml"),  # the byte itself, as RFC 3986 wants
        ("naïve/pyproject.toml", "na%C3%AFve/pyproject.toml"),
    ],
)
def test_sarif_uris_name_that_file_and_no_other(path: str, uri: str) -> None:
    assert sarif.uri(path) == uri
    assert urllib.parse.unquote_to_bytes(uri) == inert.raw_bytes(path)
