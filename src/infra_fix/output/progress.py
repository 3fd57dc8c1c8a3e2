"""Progress for runs over several repositories: one line on stderr, rewritten as each repository finishes, and only
on a terminal (a log or a pipe gets nothing; the report itself is on its own stream, unchanged)."""

from __future__ import annotations

from typing import TextIO


class Progress:
    def __init__(self, err: TextIO, total: int, *, shown: bool) -> None:
        self.err, self.total, self.shown, self.done = err, total, shown, 0

    def finished(self, name: str) -> None:
        self.done += 1
        if self.shown:
            self.err.write(f"\r\033[K[{self.done}/{self.total}] {name}")
            self.err.flush()

    def close(self) -> None:
        if self.shown and self.done:
            self.err.write("\r\033[K")
            self.err.flush()
