"""What the driver read from disk, as plain data: the only input the pure core ever sees."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .model import Location


@dataclass(frozen=True)
class Snapshot:
    """A repository as text.

    `paths` lists every file found under the root (read or not), so facts can see the layout;
    `files` holds the text of the files fixers and facts asked for, newlines normalised to LF by the driver;
    `unreadable` holds the files that exist but could not be read, so no fixer mistakes them for missing.
    `tracked` is None outside a git work tree.
    """

    files: Mapping[str, str]
    paths: frozenset[str] = frozenset()
    unreadable: Mapping[str, Location] = field(default_factory=dict)
    tracked: frozenset[str] | None = None
    default_branch: str | None = None

    def __post_init__(self) -> None:
        if not self.paths:
            object.__setattr__(self, "paths", frozenset(self.files) | frozenset(self.unreadable))

    def exists(self, path: str) -> bool:
        return path in self.paths

    def text(self, path: str) -> str | None:
        return self.files.get(path)

    def glob(self, pattern: str) -> Iterator[str]:
        """Paths matching a shell pattern in which `*` stays within one folder, as in a gitignore."""
        depth = pattern.count("/")
        for path in sorted(self.paths):
            if path.count("/") == depth and fnmatch.fnmatchcase(path, pattern):
                yield path

    def has_dir(self, prefix: str) -> bool:
        prefix = prefix.rstrip("/") + "/"
        return any(p.startswith(prefix) for p in self.paths)


def wanted(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether the driver should read `path` for fixers that asked for `patterns` (same matching as `glob`)."""
    return any(path.count("/") == p.count("/") and fnmatch.fnmatchcase(path, p) for p in patterns)
