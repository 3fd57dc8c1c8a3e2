"""How many examples a property test draws: modest by default, so that `make test` stays quick; a deeper pass sets
INFRA_FIX_DEEP to a factor (`INFRA_FIX_DEEP=40 pytest tests/property`)."""

from __future__ import annotations

import os


def examples(default: int) -> int:
    return default * max(1, int(os.environ.get("INFRA_FIX_DEEP", "1")))
