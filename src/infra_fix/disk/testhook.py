"""A pause between the stages of writing files, for the crash and race tests only.

`INFRA_FIX_TEST_PAUSE=N:PATH`: the N-th stage this process reaches writes its name to PATH and waits until PATH is
removed (or the process is killed). Unset, as it always is outside the test suite, a stage costs one lookup.
"""

from __future__ import annotations

import os
import time

ENV = "INFRA_FIX_TEST_PAUSE"
_reached = [0]


def stage(name: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    wanted, _, marker = spec.partition(":")
    _reached[0] += 1
    if _reached[0] != int(wanted):
        return
    with open(marker, "w", encoding="utf-8") as out:
        out.write(name)
    while os.path.exists(marker):
        time.sleep(0.005)
