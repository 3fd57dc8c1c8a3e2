"""What commands really run: the blueprint's blocking checks, read from commands, never from job names.

A command covers a check when it runs the tool (`ruff check`, `uv run pytest`, `.venv/bin/pyright`) or hands over
to something that does, followed into its configuration: Makefile targets (recipes and prerequisites), pre-commit
and prek hooks (a local hook's `entry` is a command too), tox environments and nox sessions, Taskfile tasks, the
repository's own scripts. Each hit keeps the folder it runs in and the paths it is given, so coverage can be judged
per project in a monorepo (`working-directory: backend`, `cd backend && ...`, `make -C backend`, `pytest
backend/tests`). Every file handed over to is read and scanned once per run, whatever refers to it: a 18,000-line
tox.ini costs one scan, not one per line that mentions tox.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from typing import Any

from ...snapshot import Snapshot
from ..hooks import precommit_config
from . import just, nox, precommit, runners, tox
from .hits import (
    CHECKS,
    MYPY,
    OTHER_TYPE_CHECKERS,
    PYREFLY,
    PYRIGHT,
    PYTEST,
    PYTYPE,
    RUFF_CHECK,
    RUFF_FORMAT,
    RUFF_FORMAT_WRITE,
    TOOL_CHECKS,
    TY,
    Hit,
)
from .words import commands, interpreter_module, is_python, join, script_path, unwrap

_ASSIGNMENT = re.compile(r"(?:export\s+)?([A-Za-z_]\w*)=(\"[^\"$`]*\"|'[^']*'|[^\s$`'\"]*)")
# a script's own folder, as scripts write it: `$(dirname "$0")`, `${0%/*}`, `$(dirname "${BASH_SOURCE[0]}")`
_SCRIPT_DIR = re.compile(
    r"""\$\(\s*dirname\s+["']?\$(?:0|\{?BASH_SOURCE(?:\[0\])?\}?)["']?\s*\)|\$\{(?:0|BASH_SOURCE(?:\[0\])?)%/\*\}"""
)
_NOT_BLOCKING = re.compile(r"\|\|\s*(?:true|:|exit\s+0)\s*$")
_SUBCOMMAND_TOOLS = {("ty", "check"): TY, ("pyrefly", "check"): PYREFLY}
_TAKES_VALUE = {"-k", "-m", "-c", "-p", "-o", "--config", "--rootdir", "--ignore", "-n", "--project", "-e", "--env"}


class Scanner:
    """Reads commands for a repository; what each file hands over to is scanned once and remembered."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._memo: dict[tuple[str, ...], frozenset[Hit]] = {}
        self._busy: set[tuple[str, ...]] = set()  # what is being scanned (a cycle contributes nothing)
        self.parsed: dict[tuple[str, str], object] = {}  # a task runner's file as read, by (kind, path)
        self.unfollowed: set[str] = set()  # what a command hands over to that is not in the repository
        self._scripts: dict[tuple[str, str], frozenset[Hit]] = {}  # a step's script, often written in many jobs

    # -- lines ----------------------------------------------------------------------------------------------------

    def script(self, text: str, cwd: str = "") -> set[Hit]:
        """A shell script's hits: lines run in order, `cd` moves the later ones, `|| true` makes a line
        non-blocking, backslash continuations join."""
        known = self._scripts.get((text, cwd))
        if known is not None:
            return set(known)
        start = cwd
        hits: set[Hit] = set()
        variables: dict[str, str] = {}
        for line in re.sub(r"\\\n\s*", " ", text).splitlines():
            if _NOT_BLOCKING.search(line) or line.lstrip().startswith("#"):
                continue
            assigned = _ASSIGNMENT.fullmatch(line.strip())
            if assigned:  # `export SOURCE_FILES="app tests"`: what `$SOURCE_FILES` stands for further down
                variables[assigned.group(1)] = assigned.group(2).strip("'\"")
                continue
            found, cwd = self._line(_expand_variables(line, variables), cwd)
            hits |= found
        self._scripts[text, start] = frozenset(hits)
        return hits

    def _line(self, line: str, cwd: str) -> tuple[set[Hit], str]:
        hits: set[Hit] = set()
        for words in commands(line):
            if words[0] == "cd" and len(words) > 1:
                cwd = join(cwd, words[1])
                continue
            hits |= self._command(words, cwd)
        return hits, cwd

    def _command(self, words: list[str], cwd: str) -> set[Hit]:
        words, cwd = unwrap(words, cwd)
        if not words:
            return set()
        tool = posixpath.basename(words[0]).removesuffix(".exe")
        if is_python(tool):  # `python -Im pytest`, `{envpython} -b -m coverage run -m pytest`
            module = interpreter_module(words)
            if module is not None:
                return self._command(module, cwd)
        if tool == "coverage" and words[1:2] == ["run"]:  # `coverage run [options] -m pytest -v`
            module = words.index("-m") if "-m" in words else -1
            return self._command(words[module + 1 :], cwd) if module > 0 else set()
        if tool == "ruff":
            return self._ruff(words[1:], cwd)
        if tool in TOOL_CHECKS:
            return {Hit(TOOL_CHECKS[tool], cwd, self._paths(words[1:], cwd))}
        if (tool, words[1] if len(words) > 1 else "") in _SUBCOMMAND_TOOLS:
            return {Hit(_SUBCOMMAND_TOOLS[tool, words[1]], cwd, self._paths(words[2:], cwd))}
        handed = self._runner(tool, words, cwd)
        if handed is not None:
            return handed
        script = script_path(words, cwd)
        if script and self.snapshot.text(script) is not None:
            return {h.moved(cwd) for h in self.file(script)}
        if script and (self.snapshot.exists(script) or "$" not in script):
            self.unfollowed.add(script)  # not there, or a file infra-fix does not read
        return set()

    def _runner(self, tool: str, words: list[str], cwd: str) -> set[Hit] | None:
        """A task runner's hits (None: `tool` is none): make, pre-commit and prek, lefthook, tox, nox, just,
        Taskfile, poe, hatch."""
        if tool in ("make", "gmake"):
            return runners.make(self, words[1:], cwd)
        if tool in ("pre-commit", "prek"):
            run = precommit.hook_run(words[1:])
            return self.hooks(run.ids, cwd, stage=run.stage, config=run.config) if run else set()
        if tool == "lefthook":
            return precommit.lefthook(self, words[1:], cwd)
        if tool == "tox":
            return tox.tox(self, words[1:], cwd)
        if tool == "hatch":
            return runners.hatch(self, words[1:], cwd)
        if tool == "nox":
            return nox.nox(self, words[1:], cwd)
        if tool == "just":
            return just.just(self, words[1:], cwd)
        if tool in ("task", "go-task"):
            return runners.task(self, [w for w in words[1:] if not w.startswith("-")], cwd)
        if tool == "poe":
            return runners.poe(self, [w for w in words[1:] if not w.startswith("-")][:1], cwd)
        return None

    def _ruff(self, args: list[str], cwd: str) -> set[Hit]:
        if not args or args[0].startswith("-") or args[0] == "check" or self.snapshot.exists(join(cwd, args[0])):
            rest = args[1:] if args and args[0] == "check" else args
            return {Hit(RUFF_CHECK, cwd, self._paths(rest, cwd))}
        if args[0] == "format":
            checks = any(re.fullmatch(r"--(?:check|diff|exit-non-zero-on-format)", a) for a in args)
            return {Hit(RUFF_FORMAT if checks else RUFF_FORMAT_WRITE, cwd, self._paths(args[1:], cwd))}
        return set()

    def _paths(self, args: list[str], cwd: str) -> tuple[str, ...]:
        """Positional arguments that name something in the repository (an option's value is not a path)."""
        paths, skip = [], False
        for arg in args:
            if skip:
                skip = False
                continue
            if arg.startswith("-"):
                skip = arg in _TAKES_VALUE
                continue
            path = arg.split("::", 1)[0].rstrip("/")
            full = join(cwd, path)
            if "$" in path:
                paths.append(path)  # a value infra-fix cannot read: some paths, which it cannot tell
            elif path in (".", "") or self.snapshot.exists(full) or self.snapshot.has_dir(full):
                paths.append(path or ".")
        return () if not paths or "." in paths else tuple(paths)

    # -- what commands hand over to ---------------------------------------------------------------------------------

    def file(self, path: str) -> frozenset[Hit]:
        """The hits of a file whose lines are commands (a script), relative to the folder it is run from.
        `$(dirname "$0")` and its kin are the script's own folder: a script that calls its neighbour
        (`"$(dirname "$0")/run-pyright"`) is followed."""

        def scan() -> set[Hit]:
            text = self.snapshot.text(path) or ""
            return self.script(_SCRIPT_DIR.sub(posixpath.dirname(path) or ".", text))

        return self.memo(("file", path), scan)

    def hooks(
        self, ids: Iterable[str], cwd: str = "", *, stage: str = precommit.DEFAULT_STAGE, config: str | None = None
    ) -> set[Hit]:
        """The hits of the pre-commit (or prek) hooks named (all when none is) that run at `stage`, from the
        repository's config or the one `--config` names."""
        if config is None:
            data = precommit_config(self.snapshot)
        else:
            path = join(cwd, config)
            data = self.data(path)
            if not data:
                self.unfollowed.add(path)
        run = precommit.HookRun(tuple(ids), stage, config)
        return set(
            self.memo(("hooks", stage, config or "", *sorted(run.ids)), lambda: precommit.hooks(self, data, run))
        )

    def data(self, path: str) -> dict[str, Any]:
        """A task runner's TOML or YAML file as data (tox.toml, a pyproject.toml's tool tables, a Taskfile), read once
        however many commands, environments and tasks refer to it; {} when absent or unparsable (its own fixer
        reports it). Shared: never change it."""
        key = ("data", path)
        if key not in self.parsed:
            text = self.snapshot.text(path)
            self.parsed[key] = (_toml_data(text) if path.endswith(".toml") else yaml_data(text)) or {}
        return self.parsed[key]  # type: ignore[return-value]

    def memo(self, key: tuple[str, ...], compute: Callable[[], set[Hit]]) -> frozenset[Hit]:
        """`compute()` once per run for `key` (a file, a Makefile target, a task); a key met again while it is being
        computed is a cycle, and contributes nothing."""
        if key in self._memo:
            return self._memo[key]
        if key in self._busy:
            return frozenset()
        self._busy.add(key)
        try:
            found = frozenset(compute())
        finally:
            self._busy.discard(key)
        self._memo[key] = found
        return found


def _expand_variables(line: str, variables: dict[str, str]) -> str:
    """`$NAME` and `${NAME}` replaced by what the script assigned them; others left for the paths to refuse."""
    if not variables or "$" not in line:
        return line
    return re.sub(r"\$\{?([A-Za-z_]\w*)\}?", lambda m: variables.get(m.group(1), m.group(0)), line)


def yaml_data(text: str | None) -> dict[str, Any] | None:
    """The mapping a one-document YAML text holds; None when there is no text, it does not parse (its own fixer
    reports it, with its position) or it holds something else."""
    if text is None:
        return None
    from ...edit.yaml import load
    from ...model import ParseError

    try:
        docs = load(text)
    except (ParseError, RecursionError):
        return None
    return docs[0] if len(docs) == 1 and isinstance(docs[0], dict) else None


def _toml_data(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    from ...edit.toml_scan import load
    from ...model import ParseError

    try:
        return load(text)
    except ParseError:
        return None


__all__ = [
    "CHECKS",
    "MYPY",
    "OTHER_TYPE_CHECKERS",
    "PYREFLY",
    "PYRIGHT",
    "PYTEST",
    "PYTYPE",
    "RUFF_CHECK",
    "RUFF_FORMAT",
    "RUFF_FORMAT_WRITE",
    "TY",
    "Hit",
    "Scanner",
    "yaml_data",
]
