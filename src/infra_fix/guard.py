"""One repository's run, fenced: the repository lock while applying, the time budget, and a last resort that
turns anything unexpected into that repository's located error instead of a traceback that would stop every other
repository of the call."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from infra_fix_fixers import Location

from . import budget
from .budget import DEFAULT_TIMEOUT
from .disk import lock


class Stopped(Exception):
    """The run over a repository ended early, for a reason that belongs to one of its files (or to the root, ".")."""

    def __init__(self, path: str, location: Location) -> None:
        super().__init__(location.message)
        self.path = path
        self.location = location


@contextlib.contextmanager
def fenced(root: Path, *, applying: bool, seconds: float | None) -> Iterator[None]:
    with contextlib.ExitStack() as stack:
        if applying:
            try:
                stack.enter_context(lock.held(root, seconds or DEFAULT_TIMEOUT))
            except lock.Busy as err:
                raise Stopped(".", Location(f"{err}; nothing done here")) from None
        try:
            with budget.limit(seconds):
                yield
        except budget.Exceeded as err:
            message = (
                f"gave up after {seconds:g} s, the time budget for one repository (--timeout, INFRA_FIX_TIMEOUT); "
                "nothing more done in this repository"
            )
            raise Stopped(blame(err.__traceback__), Location(message)) from None


def unexpected(err: Exception) -> Stopped:
    """A bug or a resource limit (RecursionError, MemoryError) as a located error. The message names the exception's
    type; its text is kept short, and the renderers redact anything shaped like a secret in it."""
    text = str(err).splitlines()[0][:200] if str(err) else ""
    detail = f"{type(err).__name__}: {text}" if text else type(err).__name__
    return Stopped(blame(err.__traceback__), Location(f"internal error ({detail}); nothing done in this repository"))


def blame(tb: TracebackType | None) -> str:
    """The file the run was working on when it stopped, else the root ("."). It is the outermost call that was
    given a relative `path` as an argument: a fixer's `fix(path, ...)`, the facts' reading of pyproject.toml. Only
    arguments count: a loop variable (the engine's) may still name the previous file."""
    while tb is not None:
        code = tb.tb_frame.f_code
        if "path" in code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]:
            value = tb.tb_frame.f_locals.get("path")
            if isinstance(value, str) and value and not value.startswith("/"):
                return value
        tb = tb.tb_next
    return "."
