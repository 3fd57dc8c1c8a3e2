"""Bytes ⇄ text: fixers see LF text; every file gets its BOM and newlines back byte for byte; what is not UTF-8
text is a located error."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from infra_fix.disk.textfile import Decoded, decode, encode
from infra_fix_fixers import Location


@pytest.mark.parametrize(
    ("data", "newline"),
    [(b"a\nb\n", "\n"), (b"a\r\nb\r\n", "\r\n"), (b"a\rb\r", "\r"), (b"a\rb", "\r"), (b"one line", "\n")],
    ids=["lf", "crlf", "cr-only", "cr-only-no-final-newline", "no-newline"],
)
def test_fixers_see_lf_and_the_file_gets_its_newlines_back(data: bytes, newline: str) -> None:
    decoded = decode(data)
    assert isinstance(decoded, Decoded) and decoded.newline == newline
    assert "\r" not in decoded.text
    assert encode(decoded.text + "c\n", decoded.bom, decoded.newline).endswith(b"c" + newline.encode())


def test_cr_only_file_is_lines_not_one_line() -> None:
    """Classic Mac OS newlines: without this every finding was on line 1 and no edit ever converged (issue 9)."""
    decoded = decode(b"repos:\r  - repo: local\r    hooks: []\r")
    assert isinstance(decoded, Decoded)
    assert decoded.text.splitlines() == ["repos:", "  - repo: local", "    hooks: []"]


def test_mixed_newlines_are_passed_through_untouched() -> None:
    decoded = decode(b"a\r\nb\nc\rd")
    assert isinstance(decoded, Decoded) and decoded.text == "a\r\nb\nc\rd" and decoded.newline == "\n"


@given(st.binary(max_size=200).map(lambda b: b.replace(b"\0", b"")), st.booleans())
@example(b"a\r\r\nb\r\n", False)
def test_decode_then_encode_gives_back_the_same_bytes(data: bytes, bom: bool) -> None:
    """Any mix of CR, LF and CRLF, stray CRs before a CRLF included: an untouched text is written back unchanged."""
    raw = (b"\xef\xbb\xbf" if bom else b"") + data
    decoded = decode(raw)
    if isinstance(decoded, Decoded):
        assert encode(decoded.text, decoded.bom, decoded.newline) == raw


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        (b"\xff\xfea\x00", (1, 1), "file is UTF-16 encoded; only UTF-8 is supported"),
        (b"\xfe\xff\x00a", (1, 1), "file is UTF-16 encoded; only UTF-8 is supported"),
        (b"\xff\xfe\x00\x00a\x00\x00\x00", (1, 1), "file is UTF-32 encoded; only UTF-8 is supported"),
        (b'a = 1\nname = "caf\xe9"\n', (2, 12), "not valid UTF-8 (byte 0xe9)"),
        (b"a = 1\rb = \xe9\r", (2, 5), "not valid UTF-8 (byte 0xe9)"),
        (b"x = 1\n\n  y\x00\n", (3, 4), "binary file (NUL byte)"),
    ],
    ids=["utf-16-le", "utf-16-be", "utf-32", "latin-1", "latin-1-cr-only", "nul"],
)
def test_what_is_not_utf8_text_is_located(data: bytes, where: tuple[int, int], message: str) -> None:
    assert decode(data) == Location(message, *where)
