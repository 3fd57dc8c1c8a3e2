"""Text the repository supplied (file names, values quoted in messages, ignore-reasons), made inert before it is
shown: a terminal must not act on it, and no output may fail on it.

A file name is any bytes but `/` and NUL: git hands over non-UTF-8 names as bytes, which infra-fix keeps as
surrogate escapes (`os.fsdecode`); printed, those would stop the run with UnicodeEncodeError. A name or a value
can also carry ESC (colours, cursor moves, OSC 8 links, OSC 52 clipboard writes), other control characters, or
the bidirectional overrides of "Trojan Source". Each is shown as a Python-style escape (`\\x1b`, `\\u202e`), an
undecodable byte as `\\xe9`, the way `git` and `ls` show them quoted. Markdown and SARIF have their own rules
(markdown.py, sarif.py); they start from `printable` too.
"""

from __future__ import annotations

import re

# C0 and C1 controls (DEL included), bidirectional embeddings, overrides and isolates, and surrogates (the bytes a
# name held that are not UTF-8)
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_IN_TEXT = re.compile(f"[{_UNSAFE}]")  # a message may keep its newlines and tabs
_IN_NAME = re.compile(f"[\t\n{_UNSAFE}]")  # a name is one line


def printable(text: str, *, lines: bool = True) -> str:
    """`text` with every character a terminal could act on shown as an escape. `lines=False` (a name): newline
    and tab are escaped too."""
    return (_IN_TEXT if lines else _IN_NAME).sub(_escape, text)


def raw_bytes(text: str) -> bytes:
    """The bytes a name stands for (a surrogate escape is the byte it kept)."""
    return text.encode("utf-8", "surrogateescape")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(char, f"\\x{code:02x}")
    return f"\\u{code:04x}"
