"""tox, followed as tox builds its environments: from tox.ini, from pyproject.toml's `[tool.tox]` (native, or a
`legacy_tox_ini` string) or from tox.toml, in tox's own order; generative names expanded (`{py39,py310}-tests`),
`commands` inherited from the base unless an environment sets its own, factor conditions (`typing: pyright src`)
kept only where the environment has the factor, and substitutions read as a run without arguments gives them.

Each configuration is read once per run, and each distinct command text scanned once, whatever refers to it: an
18,000-line tox.ini with 7,000 generated environments costs one read and a few scans.
"""

from __future__ import annotations

import functools
import posixpath
import re
import shlex
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from .hits import Hit
from .words import join

if TYPE_CHECKING:
    from .scan import Scanner

TOX_FILES = ("tox.ini", "pyproject.toml", "tox.toml")  # the order tox looks in
_FACTOR_CONDITION = re.compile(r"\s*([\w.!-]+(?:\s*,\s*[\w.!-]+)*):\s+(?=\S)")  # `py311,typing: pyright src`


class ToxConfig(Struct, frozen=True):
    """Each environment's command lines (factor conditions and substitutions applied), and the base's as written,
    for an environment that needs no section of its own (`tox -e py312`)."""

    commands: dict[str, str]
    base: str


def tox(scanner: Scanner, args: list[str], cwd: str) -> set[Hit]:
    """`tox [-e env,env] [-f factor,factor]`: the environments named, or those with every factor given (all of them
    when neither is), run in `cwd`."""
    envs: list[str] = []
    factors: list[str] = []
    for i, arg in enumerate(args):
        for short, long_, into in (("-e", "--env", envs), ("-f", "--factor", factors)):
            if arg in (short, long_) and i + 1 < len(args):
                into += args[i + 1].split(",")
            elif arg.startswith(short) and len(arg) > 2 and not arg.startswith("--"):
                into += arg[2:].split(",")
    path = tox_config(scanner, cwd)
    if path is None:
        return set()
    config = _read(scanner, path)
    if factors or not envs:
        texts = [t for e, t in config.commands.items() if not factors or set(factors) <= set(e.split("-"))]
    else:
        texts = [
            config.commands[e] if e in config.commands else _substituted(_for_factors(config.base, set(e.split("-"))))
            for e in envs
        ]
    return {h.moved(cwd) for text in texts for h in _hits(scanner, path, text)}


def tox_envs(scanner: Scanner, path: str) -> dict[str, frozenset[Hit]]:
    """The hits of each environment of the tox configuration at `path`."""
    return {env: _hits(scanner, path, text) for env, text in _read(scanner, path).commands.items()}


def tox_env_names(scanner: Scanner, path: str) -> list[str]:
    return [env for env in _read(scanner, path).commands if env]


def tox_config(scanner: Scanner, cwd: str) -> str | None:
    """The file tox reads in `cwd`: tox.ini, else a pyproject.toml with a `[tool.tox]` table, else tox.toml."""
    for name in TOX_FILES:
        path = join(cwd, name)
        if scanner.snapshot.exists(path) and (name != "pyproject.toml" or _table(scanner, path) is not None):
            return path
    return None


def tox_configs(scanner: Scanner) -> list[str]:
    """The file tox reads in every folder that has one."""
    folders = {posixpath.dirname(p) for name in TOX_FILES for p in scanner.snapshot.named(name)}
    return [path for folder in sorted(folders) if (path := tox_config(scanner, folder)) is not None]


def _hits(scanner: Scanner, path: str, text: str) -> frozenset[Hit]:
    """An environment's hits, through the memo by its command lines: thousands of generated environments share a
    few, and an environment that runs tox again (`tox -e lint`) is followed, a cycle is not."""
    return scanner.memo(("tox", path, text), lambda: scanner.script(text))


def _read(scanner: Scanner, path: str) -> ToxConfig:
    key = ("tox", path)
    if key not in scanner.parsed:
        from ..ini import sections

        base: str | None = None
        own: dict[str, str | None] = {}
        native = _table(scanner, path)
        if isinstance(native, dict) and not isinstance(native.get("legacy_tox_ini"), str):
            base, own = _native_envs(native)
        text = native.get("legacy_tox_ini") if isinstance(native, dict) else scanner.snapshot.text(path)
        for section in sections(text if isinstance(text, str) else ""):
            name, values = section.name.strip(), dict(section.values)
            if name == "testenv":
                base = values.get("commands")
            elif name.startswith("testenv:"):
                for env in _expand(name.removeprefix("testenv:")):
                    own[env] = values.get("commands")
            elif name == "tox":
                for entry in re.split(r"[\s,]+", values.get("envlist", "")):
                    own.update({env: own.get(env) for env in _expand(entry) if env})
        commands = {
            env: _substituted(_for_factors(lines if lines is not None else base or "", set(env.split("-"))))
            for env, lines in (own or {"": None}).items()
        }
        scanner.parsed[key] = ToxConfig(commands, base or "")
    return scanner.parsed[key]  # type: ignore[return-value]


def _table(scanner: Scanner, path: str) -> dict[str, Any] | None:
    """tox's settings in a TOML file (tox.toml's top level, pyproject.toml's `[tool.tox]`); None for tox.ini, an
    unparsable file (its own fixer reports it) or a pyproject.toml without them."""
    if not path.endswith(".toml"):
        return None
    data: Any = scanner.data(path)
    if path.endswith("pyproject.toml"):
        tool = data.get("tool")
        data = tool.get("tox") if isinstance(tool, dict) else None
    return data if isinstance(data, dict) else None


def _native_envs(table: dict[str, Any]) -> tuple[str | None, dict[str, str | None]]:
    """tox's TOML format as the INI format's commands text: `[env_run_base]` is the base, `[env.NAME]` and
    `env_list` the environments; a command is a list of words, `{ replace = "posargs", default = [...] }` its
    defaults, any other replacement a word infra-fix cannot read."""

    def commands(env: object) -> str | None:
        lines = env.get("commands") if isinstance(env, dict) else None
        if not isinstance(lines, list):
            return None
        return "\n".join(shlex.join(_native_words(line)) for line in lines if isinstance(line, list))

    base = commands(table.get("env_run_base"))
    envs = table.get("env")
    own = {str(name): commands(env) for name, env in envs.items()} if isinstance(envs, dict) else {}
    listed = table.get("env_list")
    for name in listed if isinstance(listed, list) else ():
        own.setdefault(str(name), None)
    return base, own


def _native_words(line: list[Any]) -> list[str]:
    words: list[str] = []
    for word in line:
        if isinstance(word, str):
            words.append(word)
        elif isinstance(word, dict) and word.get("replace") == "posargs" and isinstance(word.get("default"), list):
            words += [w for w in word["default"] if isinstance(w, str)]
        elif isinstance(word, dict) and word.get("replace") != "posargs":
            words.append("${TOX_SUBSTITUTION}")  # a value tox computes: some path, never the whole project
    return words


@functools.lru_cache(maxsize=1024)  # thousands of generated environments share a few command texts
def _substituted(commands: str) -> str:
    """tox's substitutions as the command runs without arguments: `{posargs:pytest -vv}` is `pytest -vv`,
    `{posargs}` nothing, `{env:X:default}` its default; another `{...}` is a value infra-fix cannot read."""
    commands = re.sub(r"\{posargs:([^{}]*)\}", r"\1", commands)
    commands = re.sub(r"\{posargs\}|(?<!\S)\[\](?!\S)", "", commands)
    return re.sub(r"\{env:[^:{}]+:([^{}]*)\}", r"\1", commands)


def _expand(name: str) -> list[str]:
    """tox's generative names: `{py39,py310}-{a,b}` is four environments."""
    match = re.search(r"\{([^{}]*)\}", name)
    if not match:
        return [name]
    head, tail = name[: match.start()], name[match.end() :]
    return [env for part in match.group(1).split(",") for env in _expand(head + part.strip() + tail)]


def _for_factors(commands: str, factors: set[str]) -> str:
    """The command lines that run for an environment with `factors`: `a,b: cmd` runs with a or b, `a-b: cmd` with a
    and b, `!a: cmd` without a."""
    kept = []
    for line in commands.splitlines():
        match = _FACTOR_CONDITION.match(line)
        if match is None:
            kept.append(line)
        elif any(_holds(condition, factors) for condition in match.group(1).split(",")):
            kept.append(line[match.end() :])
    return "\n".join(kept)


def _holds(condition: str, factors: set[str]) -> bool:
    parts = [p.strip() for p in condition.split("-") if p.strip()]
    return all((p[1:] not in factors) if p.startswith("!") else (p in factors) for p in parts)


__all__ = ["TOX_FILES", "ToxConfig", "tox", "tox_config", "tox_configs", "tox_env_names", "tox_envs"]
