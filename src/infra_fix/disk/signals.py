"""SIGTERM and SIGINT without leftovers: a cancelled CI job (SIGTERM) or Ctrl-C (SIGINT) removes the temporary file
being written and exits 143 or 130, as a shell reports a process killed by that signal.

The handler does not unwind the stack: it removes the registered in-flight temporary files and leaves with
`os._exit`, so no code between creating a temporary file and registering it can be cut short. A few steps must not
be cut at all (creating and registering a temporary file; comparing, renaming and checking the target): they run
in `critical()`, and a signal that arrives meanwhile takes effect when the step is done. A killed run (SIGKILL)
cannot clean up; the next `--apply` removes what it left (`stale.py`).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from types import FrameType

HANDLED = (signal.SIGTERM, signal.SIGINT)

_inflight: set[str] = set()
_state = {"depth": 0, "pending": 0}


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Our handlers for the duration of a run (main thread only: Python delivers signals there), then the old ones."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in HANDLED}
    install()
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def install() -> None:
    """Also a process pool's initializer: each worker removes its own temporary files."""
    for sig in HANDLED:
        signal.signal(sig, _handler)


@contextlib.contextmanager
def critical() -> Iterator[None]:
    """A step that must finish once started; a signal received meanwhile is acted on at its end."""
    _state["depth"] += 1
    try:
        yield
    finally:
        _state["depth"] -= 1
        if not _state["depth"] and _state["pending"]:
            _terminate(_state["pending"])


def deferring() -> bool:
    return _state["depth"] > 0


def track(path: str) -> None:
    """A temporary file that must not outlive the process; call inside `critical()` with its creation."""
    _inflight.add(path)


def untrack(path: str) -> None:
    _inflight.discard(path)


def _handler(signum: int, frame: FrameType | None) -> None:
    if _state["depth"]:
        _state["pending"] = signum
        return
    _terminate(signum)


def _terminate(signum: int) -> None:
    # Pool workers clean up their own temporary files: pass the signal on and give them a moment to do it.
    # (Without multiprocessing imported there is no pool, and importing it in a signal handler is no good idea.)
    multiprocessing = sys.modules.get("multiprocessing")
    children = multiprocessing.active_children() if multiprocessing else []
    for child in children:
        if child.pid:
            with contextlib.suppress(OSError):
                os.kill(child.pid, signum)
    for child in children:
        child.join(5)
    for path in list(_inflight):
        with contextlib.suppress(OSError):
            os.unlink(path)
    name = signal.Signals(signum).name
    os.write(2, f"infra-fix: stopped by {name}; files already written are complete, no temporary file left\n".encode())
    os._exit(128 + signum)
