"""Colour, as ruff does it: on a terminal only, unless `--color always|never`, `NO_COLOR` or `FORCE_COLOR` says
otherwise. Applied last, to the finished text (already redacted and made printable), so colour never hides or
changes a character of what is reported and a pipe or a file gets plain text."""

from __future__ import annotations

import os
import re
from typing import TextIO

RESET = "\033[0m"
BOLD = "\033[1m"
RED = "\033[31m"
GREEN = "\033[32m"
YELLOW = "\033[33m"
BLUE = "\033[34m"
MAGENTA = "\033[35m"
CYAN = "\033[36m"


def wanted(choice: str, stream: TextIO) -> bool:
    """`--color` first; in `auto`, `NO_COLOR` (any value) turns colour off and `FORCE_COLOR` (any value) on, as
    no-color.org and force-color.org say; else colour only when the stream is a terminal that is not `dumb`."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def paint(text: str, *codes: str) -> str:
    return "".join(codes) + text + RESET if text else text


_FINDING = re.compile(r"^(?P<where>\S.*?): (?P<code>[A-Z]+[0-9]+) (?P<message>.*) \[(?P<status>[^\[\]]+)\]$")
_STATUS = {"fixed": GREEN, "fixed by the patch": GREEN, "fixable": CYAN, "manual": MAGENTA}


def report(text: str) -> str:
    """The text report coloured: a finding's path bold, its code red, its status by tier; errors red, the summary
    and the groups' heads bold. Lines it does not recognise (snippets, notes) stay as they are."""
    out = []
    for line in text.split("\n"):
        found = _FINDING.match(line)
        if found:
            status = found["status"]
            colour = _STATUS.get(status, YELLOW if "unsafe" in status else RED if "error" in status else BLUE)
            line = (
                f"{paint(found['where'], BOLD)}: {paint(found['code'], BOLD, RED)} {found['message']} "
                f"{paint('[' + status + ']', colour)}"
            )
        elif line.endswith("[error: left unchanged]"):
            line = paint(line, RED)
        elif re.match(r"^\d+ findings?\b|^Left to do:$|^Adopting ", line):
            line = paint(line, BOLD)
        out.append(line)
    return "\n".join(out)


def diff(patch: str) -> str:
    """A unified diff as git colours it: headers bold, hunk ranges cyan, removed lines red, added lines green."""
    out = []
    for line in patch.split("\n"):
        if line.startswith(("diff --git ", "--- ", "+++ ", "new file mode ")):
            line = paint(line, BOLD)
        elif line.startswith("@@"):
            line = paint(line, CYAN)
        elif line.startswith("-"):
            line = paint(line, RED)
        elif line.startswith("+"):
            line = paint(line, GREEN)
        out.append(line)
    return "\n".join(out)
