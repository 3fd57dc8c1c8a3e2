"""What the environment facts keep about a read: a name and a place, never a value, except a default plain enough to
document (`INFO`, `5432`, `http://localhost:8000`) and judged to be no secret by the one detector (facts/secrets.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from msgspec import Struct

from .secrets import in_text, is_reference, looks_generated, secret_name

# A default worth writing into an example env file as it is: one word, a number, a host, a path or a URL.
_PLAIN = re.compile(r"[A-Za-z0-9_.,:/@+\-]{1,80}")


@dataclass(frozen=True, order=True)
class Read:
    """One place that reads a variable."""

    path: str
    line: int
    name: str
    # "environ", "getenv", "setdefault", "decouple", "settings", "compose", "compose-pass", "makefile",
    # "dockerfile-arg", "dockerfile-env" (a name the image sets)
    how: str
    default: bool  # the reader goes on without it (a default, a membership test); False: it is required
    shown: str | None = field(default=None, compare=False)  # the default, where it is plainly no secret


class EnvLoad(Struct, frozen=True, order=True):
    """One place that loads an env file: `target` is the path as written there (relative to wherever that reader
    resolves it), None where the reader looks for `.env` itself (`load_dotenv()` with no path)."""

    path: str
    line: int
    target: str | None
    how: str  # "python-dotenv", "settings", "compose", "makefile"


def shown_default(name: str, value: object) -> str | None:
    """`value` as an example env file may show it, or None: a credential-named variable's default is never shown, nor
    a value holding a token or a URL password, nor one that looks generated, nor anything but a plain word."""
    if value is None or isinstance(value, float):
        return None
    text = str(value)
    if secret_name(name) or not _PLAIN.fullmatch(text) or is_reference(text):
        return None
    if in_text(text):  # a token or a URL password, whatever the name
        return None
    if looks_generated(text) and "/" not in text:  # a random-looking word; paths and URLs are structure
        return None
    return text


__all__ = ["EnvLoad", "Read", "shown_default"]
