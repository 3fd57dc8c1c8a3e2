"""What the driver read from disk, as plain data: the only input the pure core ever sees."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping

from msgspec import Struct, field
from msgspec.structs import force_setattr

from .model import Location


class Snapshot(Struct, frozen=True, dict=True):
    """A repository as text, every path relative to the repository's root.

    `paths` lists every file found under the root (read or not), so facts can see the layout;
    `files` holds the text of the files fixers and facts asked for, newlines normalised to LF by the driver;
    `unreadable` holds the files that exist but could not be read, so no fixer mistakes them for missing.
    `tracked` is None outside a git work tree.
    `ignored` answers, for the paths git was asked about (`IGNORE_PROBES` in every folder that holds a project's or a
    container's files, as `git check-ignore --no-index` judges them, whether tracked or not), which `.gitignore`
    rule ignores each (`.gitignore:3: .env*`), or None where none does. A path not asked about is absent: unknown.
    """

    files: Mapping[str, str]
    paths: frozenset[str] = frozenset()
    unreadable: Mapping[str, Location] = field(default_factory=dict)
    tracked: frozenset[str] | None = None
    default_branch: str | None = None
    branches: tuple[str, ...] = ()  # the branches git knows, local and origin's (without `origin/`)
    ignored: Mapping[str, str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.paths:
            force_setattr(self, "paths", frozenset(self.files) | frozenset(self.unreadable))

    def exists(self, path: str) -> bool:
        return path in self.paths

    def text(self, path: str) -> str | None:
        return self.files.get(path)

    def git_ignores(self, path: str) -> str | None:
        """The `.gitignore` rule that ignores `path` (`.gitignore:3: .env*`), or None where none does. A folder is
        asked about with a trailing slash (`.venv/`). Raises KeyError for a path git was not asked about (outside
        git, or not an `IGNORE_PROBES` name): a rule must not take "unknown" for "not ignored"."""
        return self.ignored[path]

    def glob(self, pattern: str) -> Iterator[str]:
        """Paths matching a gitignore-style pattern: `*` and `?` stay within one folder, `**/` spans folders."""
        match = compile_patterns((pattern,))
        folder, _, name = pattern.rpartition("/")
        if _WILD.isdisjoint(folder) and "**" not in name:  # one folder's files: only they can match
            prefix = f"{folder}/" if folder else ""
            yield from (p for p in (prefix + n for n in self.children_files(folder)) if p in self.paths and match(p))
            return
        for path in self._sorted:
            if match(path):
                yield path

    def has_dir(self, folder: str) -> bool:
        """Whether some file lies below `folder` ("" is the root)."""
        return folder.rstrip("/") in self._tree

    def children(self, folder: str) -> tuple[str, ...]:
        """The names of the folders directly inside `folder` ("" is the root), sorted."""
        return self._tree.get(folder.rstrip("/"), ((), ()))[0]

    def children_files(self, folder: str) -> tuple[str, ...]:
        """The names of the files directly inside `folder` ("" is the root), sorted."""
        return self._tree.get(folder.rstrip("/"), ((), ()))[1]

    def named(self, name: str) -> tuple[str, ...]:
        """Every path whose last part is `name`, sorted: `env.py` or `pyproject.toml` at any depth."""
        return self._by_name.get(name, ())

    def named_like(self, matches: Callable[[str], bool]) -> tuple[str, ...]:
        """Every path whose last part `matches` (`Dockerfile.dev`, `docker-compose.prod.yml`), sorted; one test per
        distinct name, not per path."""
        return tuple(sorted(p for name, paths in self._by_name.items() if matches(name) for p in paths))

    @functools.cached_property
    def _sorted(self) -> tuple[str, ...]:
        return tuple(sorted(self.paths))

    @functools.cached_property
    def _tree(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """folder -> (its sub-folders' names, its files' names), built once: layout questions must not scan every
        path each time."""
        tree: dict[str, tuple[set[str], set[str]]] = {}
        for path in self.paths:
            parts = path.split("/")
            for depth in range(len(parts)):
                dirs, files = tree.setdefault("/".join(parts[:depth]), (set(), set()))
                (dirs if depth + 1 < len(parts) else files).add(parts[depth])
        return {folder: (tuple(sorted(d)), tuple(sorted(f))) for folder, (d, f) in tree.items()}

    @functools.cached_property
    def _by_name(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for path in self._sorted:
            found.setdefault(path.rpartition("/")[2], []).append(path)
        return {name: tuple(paths) for name, paths in found.items()}


# The names whose ignoring the blueprint judges (.env and its variants, the venv, bytecode, the lock, the example env
# files that must stay tracked), asked of git in every folder holding a project's or a container's files.
IGNORE_PROBES = (
    ".env", ".env.local", ".env.production", ".env-dev", ".env.example", "example.env", "env.example", ".venv/",
    "__pycache__/", "module.pyc", "uv.lock",
)  # fmt: skip
_PROBE_MARKERS = re.compile(
    r"(?:pyproject\.toml|setup\.py|setup\.cfg|requirements[\w.-]*\.txt|alembic\.ini|(?:docker-)?compose[\w.-]*\.ya?ml"
    r"|Dockerfile[\w.-]*|[\w.-]+\.[Dd]ockerfile|Containerfile|\.gitignore|\.env[\w.-]*|Makefile)"
)


def probe_paths(paths: frozenset[str] | set[str]) -> tuple[str, ...]:
    """The paths to ask git about: `IGNORE_PROBES` at the root and in every folder holding a project's or a
    container's files."""
    folders = {""} | {p.rpartition("/")[0] for p in paths if _PROBE_MARKERS.fullmatch(p.rpartition("/")[2])}
    return tuple(f"{folder}/{name}" if folder else name for folder in sorted(folders) for name in IGNORE_PROBES)


def wanted(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether the driver should read `path` for fixers that asked for `patterns` (same matching as `glob`)."""
    return compile_patterns(patterns)(path)


_WILD = frozenset("*?[")


@functools.lru_cache(maxsize=64)
def compile_patterns(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """One test for a set of patterns, so a 40,000-path tree is matched in one pass per path. `**/name` (most of
    the fixers' patterns) is the file's name matching `name` wherever it is: a set lookup, or one regex over the name,
    rather than an alternation of `(?:[^/]+/)*` prefixes that backtracks through every folder of every path."""
    names: set[str] = set()
    name_globs: list[str] = []
    others: list[str] = []
    for pattern in patterns:
        name = pattern[3:] if pattern.startswith("**/") else None
        if name is None or "/" in name or "**" in name or "[" in name:
            others.append(pattern)
        elif _WILD & set(name):
            name_globs.append(name)
        else:
            names.add(name)
    by_name = _regex(name_globs)
    whole = _regex(others)

    def match(path: str) -> bool:
        name = path.rpartition("/")[2]
        return name in names or by_name(name) is not None or whole(path) is not None

    return match


def _regex(patterns: list[str]) -> Callable[[str], re.Match[str] | None]:
    regex = "|".join(f"(?:{_translate(p)})" for p in patterns) or "(?!)"
    return re.compile(regex, re.S).fullmatch


def _translate(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                out.append(re.escape("["))
                i += 1
            else:
                body = pattern[i + 1 : end].replace("\\", "\\\\")
                out.append(f"[{'^' + body[1:] if body.startswith('!') else body}]")
                i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)
