"""Regular expressions compiled on their first use, not when their module is imported.

Python compiles a pattern in Python: a long alternation costs a millisecond or more, paid by every run that imports
the module, although many runs never judge what the pattern is for (a comment by a key a fix touches, a secret
found next to an allow-mark). Such a pattern is declared with `lazy_pattern` and called where it is used:
`_REASON().search(text)`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function returning `re.compile(pattern, flags)`, compiled on its first call."""
    return functools.cache(lambda: re.compile(pattern, flags))
