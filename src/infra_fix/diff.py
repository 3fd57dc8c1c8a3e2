"""Unified diffs that `git apply` and `patch -p1` accept, new files and missing final newlines included."""

from __future__ import annotations

import difflib
import re


def unified(path: str, before: str | None, after: str) -> str:
    """The patch turning `before` (None: the file does not exist) into `after`; texts as on disk (CRLF kept)."""
    old = _lines(before or "")
    new = _lines(after)
    head = [f"diff --git a/{path} b/{path}\n"]
    if before is None:
        head.append("new file mode 100644\n")
    body = []
    for line in difflib.unified_diff(old, new, "/dev/null" if before is None else f"a/{path}", f"b/{path}", n=3):
        body.append(line)
        if not line.endswith("\n"):
            body.append("\n\\ No newline at end of file\n")
    return "".join(head + body) if body else ""


def _lines(text: str) -> list[str]:
    """Lines split on LF only: str.splitlines would also split on form feeds and other separators diff keeps."""
    return [line for line in re.split(r"(?<=\n)", text) if line]
