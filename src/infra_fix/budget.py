"""A time budget for one repository, so that no input can make a CI job hang (issue 9: a 600-byte YAML alias bomb
ran past ten minutes).

Why a timer in the process and not a child process per repository: the run over a repository is one call into the
core with the snapshot in memory; a child would pickle the snapshot and the result for every repository, and with
`--jobs` each repository already runs in its own worker, where the same timer works. `setitimer` raises
`Exceeded` in the main thread at the next Python instruction, wherever the core is (parsers, alias expansion and
regular expressions in Python). It cannot stop a loop inside C code that never returns to the interpreter; for
that, faulthandler's watchdog thread (which needs no interpreter lock) ends the process a grace period later,
printing where it was stuck. A rename in progress is never cut: the timer waits for it (`signals.critical`).
"""

from __future__ import annotations

import contextlib
import faulthandler
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

from .disk import signals

DEFAULT_TIMEOUT = 120.0  # seconds for one repository: far above any real one (well under a second), far below CI's
HARD_STOP_GRACE = 30.0  # after the budget: the watchdog's exit, for code the timer cannot interrupt


class Exceeded(BaseException):
    """Not an Exception: the core's guard around each fixer must not turn it into one file's error and go on."""


@contextlib.contextmanager
def limit(seconds: float | None) -> Iterator[None]:
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    watchdog = _watchdog(seconds + HARD_STOP_GRACE)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if watchdog:
            faulthandler.cancel_dump_traceback_later()


def _expired(signum: int, frame: FrameType | None) -> None:
    if signals.deferring():
        signal.setitimer(signal.ITIMER_REAL, 0.05)  # a file is being renamed into place: let it finish
        return
    raise Exceeded


def _watchdog(seconds: float) -> bool:
    stream = sys.__stderr__
    try:
        if stream is None:
            return False
        faulthandler.dump_traceback_later(seconds, exit=True, file=stream)
    except (ValueError, OSError, AttributeError):  # no real stderr (an embedding host): no hard stop
        return False
    return True
