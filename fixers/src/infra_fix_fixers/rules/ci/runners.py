"""Task runners a command hands over to, followed into their definitions: Makefile targets (recipes and
prerequisites), tox environments, Taskfile tasks and poethepoet tasks (nox sessions are read as a script, scan.py).

Each definition is read once per run and each target scanned once, through the scanner's memo, whatever refers to
them: an 18,000-line tox.ini costs one read. Each function answers in the folder the runner runs its commands in.
"""

from __future__ import annotations

import functools
import posixpath
import re
import shlex
from typing import TYPE_CHECKING, Any

from .scan import Hit, Scanner, yaml_data
from .words import join

if TYPE_CHECKING:
    from ...edit.makefile import Makefile

_FACTOR_CONDITION = re.compile(r"\s*([\w.!-]+(?:\s*,\s*[\w.!-]+)*):\s+(?=\S)")  # `py311,typing: pyright src`
TOX_FILES = ("tox.ini", "pyproject.toml", "tox.toml")  # the order tox looks in
TASKFILES = ("Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml")


# -- make -------------------------------------------------------------------------------------------------------------


def make(scanner: Scanner, args: list[str], cwd: str) -> set[Hit]:
    """`make [-C dir] [targets]`."""
    directory, targets, skip = cwd, [], False
    for i, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if arg in ("-C", "--directory") and i + 1 < len(args):
            directory, skip = join(cwd, args[i + 1]), True
        elif arg.startswith("-C") and len(arg) > 2:
            directory = join(cwd, arg[2:])
        elif not arg.startswith("-") and "=" not in arg:
            targets.append(arg)
    makefile = join(directory, "Makefile")
    return {h for t in targets or [None] for h in make_target(scanner, makefile, t)}


def makefile(scanner: Scanner, path: str) -> Makefile | None:
    """A Makefile's rules, read once however many commands run its targets."""
    key = ("make", path)
    if key not in scanner.parsed:
        from ...edit.makefile import targets

        text = scanner.snapshot.text(path)
        scanner.parsed[key] = targets(text) if text is not None else None
    return scanner.parsed[key]  # type: ignore[return-value]


def make_target(scanner: Scanner, path: str, target: str | None) -> frozenset[Hit]:
    """The hits of a Makefile target (None: the first), its prerequisites' included; recipes run in the Makefile's
    folder."""
    table = makefile(scanner, path)
    name = target or (table.first if table else None)
    if table is None or name is None or name not in table.rules:
        return frozenset()
    rule = table.rules[name]

    def scan() -> set[Hit]:
        found: set[Hit] = set()
        for prerequisite in rule.prerequisites:
            found |= make_target(scanner, path, prerequisite)
        for line in rule.recipe:
            found |= scanner.script(line.lstrip("@-+ \t"), posixpath.dirname(path))
        return found

    return scanner.memo(("make", path, name), scan)


# -- tox --------------------------------------------------------------------------------------------------------------


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
    commands = _tox_commands(scanner, path)
    if factors or not envs:
        names = [e for e in commands if not factors or set(factors) <= set(e.split("-"))]
    else:
        names = [e for e in envs if e in commands]
    chosen = [_env_hits(scanner, path, commands[env]) for env in names]
    base = str(scanner.parsed.get(("tox-base", path)) or "")
    chosen += [
        _env_hits(scanner, path, _substituted(_for_factors(base, set(e.split("-"))))) for e in envs if e not in commands
    ]
    return {h.moved(cwd) for hits in chosen for h in hits}


def tox_envs(scanner: Scanner, path: str) -> dict[str, frozenset[Hit]]:
    """The hits of each tox environment, as tox builds it: generative names expanded (`{py39,py310}-tests`), the
    envlist's environments included, `commands` inherited from `[testenv]` unless the environment sets its own, a
    line's factor condition (`typing: pyright src`) kept only where the environment has the factor."""
    key = ("tox-envs", path)
    if key not in scanner.parsed:
        found = {env: _env_hits(scanner, path, text) for env, text in _tox_commands(scanner, path).items()}
        scanner.parsed[key] = found
    return scanner.parsed[key]  # type: ignore[return-value]


def _env_hits(scanner: Scanner, path: str, text: str) -> frozenset[Hit]:
    """An environment's hits, through the memo by its command lines: thousands of generated environments share a
    few (an 18,000-line tox.ini has 7,000 environments and far fewer distinct commands), and an environment that
    runs tox again (`tox -e lint`) is followed, a cycle is not."""
    return scanner.memo(("tox", path, text), lambda: scanner.script(text))


def _tox_commands(scanner: Scanner, path: str) -> dict[str, str]:
    """Each environment's command lines, read once per run."""
    key = ("tox", path)
    if key not in scanner.parsed:
        from ..pyproject.ini import sections

        base: str | None = None
        own: dict[str, str | None] = {}
        native = _tox_table(scanner, path)
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
        scanner.parsed[key] = {
            env: _substituted(_for_factors(commands if commands is not None else base or "", set(env.split("-"))))
            for env, commands in (own or {"": None}).items()
        }
        scanner.parsed[("tox-base", path)] = base  # for environments that need no section: `tox -e py312`
    return scanner.parsed[key]  # type: ignore[return-value]


def tox_config(scanner: Scanner, cwd: str) -> str | None:
    """The file tox reads in `cwd`, in tox's own order: tox.ini, pyproject.toml with a `[tool.tox]` table (native
    or `legacy_tox_ini`), tox.toml."""
    for name in TOX_FILES:
        path = join(cwd, name)
        if scanner.snapshot.exists(path) and (name != "pyproject.toml" or _tox_table(scanner, path) is not None):
            return path
    return None


def tox_configs(scanner: Scanner) -> list[str]:
    """The file tox reads in every folder that has one."""
    folders = {posixpath.dirname(p) for name in TOX_FILES for p in scanner.snapshot.named(name)}
    return [path for folder in sorted(folders) if (path := tox_config(scanner, folder)) is not None]


def _tox_table(scanner: Scanner, path: str) -> dict[str, Any] | None:
    """tox's settings in a TOML file (tox.toml's top level, pyproject.toml's `[tool.tox]`); None for tox.ini, an
    unparsable file (its own fixer reports it) or a pyproject.toml without them."""
    if not path.endswith(".toml"):
        return None
    key = ("tox-toml", path)
    if key not in scanner.parsed:
        from ...edit.toml_scan import load
        from ...model import ParseError

        try:
            data: Any = load(scanner.snapshot.text(path) or "")
        except ParseError:
            data = {}
        if path.endswith("pyproject.toml"):
            data = data.get("tool", {}).get("tox") if isinstance(data.get("tool"), dict) else None
        scanner.parsed[key] = data if isinstance(data, dict) else None
    return scanner.parsed[key]  # type: ignore[return-value]


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


# -- Taskfile ---------------------------------------------------------------------------------------------------------


def task(scanner: Scanner, tasks: list[str], cwd: str) -> set[Hit]:
    """`task [names]` (go-task): the Taskfile of `cwd`, its `default` task when none is named."""
    for name in TASKFILES:
        path = join(cwd, name)
        if scanner.snapshot.exists(path):
            return {h for t in tasks or ["default"] for h in taskfile_task(scanner, path, t)}
    return set()


def taskfile_task(scanner: Scanner, path: str, name: str) -> frozenset[Hit]:
    """A task's `cmds` and `deps` (other tasks included), run in the Taskfile's folder."""

    def scan() -> set[Hit]:
        definition = yaml_data(scanner.snapshot.text(path)).get("tasks", {})
        found: set[Hit] = set()
        entry = definition.get(name) if isinstance(definition, dict) else None
        if not isinstance(entry, dict):
            return found
        for dep in entry.get("deps") or []:
            dep_name = dep.get("task") if isinstance(dep, dict) else dep
            if isinstance(dep_name, str):
                found |= taskfile_task(scanner, path, dep_name)
        for cmd in entry.get("cmds") or []:
            if isinstance(cmd, str):
                found |= scanner.script(cmd, posixpath.dirname(path))
            elif isinstance(cmd, dict) and isinstance(cmd.get("task"), str):
                found |= taskfile_task(scanner, path, cmd["task"])
        return found

    return scanner.memo(("task", path, name), scan)


# -- poethepoet -------------------------------------------------------------------------------------------------------


# -- hatch ------------------------------------------------------------------------------------------------------------


def hatch(scanner: Scanner, args: list[str], cwd: str) -> set[Hit]:
    """`hatch test` (pytest), `hatch fmt [--check]` (ruff), `hatch run [env:]script|command`: a script of the
    environment (`[tool.hatch.envs.<env>.scripts]` in pyproject.toml, or hatch.toml's `[envs.<env>.scripts]`), else
    the command itself."""
    from .scan import PYTEST, RUFF_CHECK, RUFF_FORMAT, RUFF_FORMAT_WRITE

    command, rest = args[0], [a for a in args[1:] if not a.startswith("-")]
    if command == "test":
        return {Hit(PYTEST, cwd)}
    if command == "fmt":
        return {Hit(RUFF_CHECK, cwd), Hit(RUFF_FORMAT if "--check" in args else RUFF_FORMAT_WRITE, cwd)}
    if not rest:
        return set()
    env, _, name = rest[0].rpartition(":")
    scripts = _hatch_scripts(scanner, cwd, env or "default")
    if name in scripts:
        return set(scanner.memo(("hatch", cwd, env, name), lambda: _hatch_script(scanner, scripts, name, cwd)))
    return scanner.script(shlex.join([name, *args[args.index(rest[0]) + 1 :]]), cwd)


def _hatch_script(scanner: Scanner, scripts: dict[str, Any], name: str, cwd: str) -> set[Hit]:
    lines = scripts[name] if isinstance(scripts[name], list) else [scripts[name]]
    found: set[Hit] = set()
    for line in (str(x) for x in lines):
        first = line.split(maxsplit=1)[0] if line.strip() else ""
        if first in scripts:  # a script may run another by name
            found |= scanner.memo(("hatch-script", cwd, first), lambda f=first: _hatch_script(scanner, scripts, f, cwd))
        else:
            found |= scanner.script(line, cwd)
    return found


def _hatch_scripts(scanner: Scanner, cwd: str, env: str) -> dict[str, Any]:
    from ...edit.toml_scan import load
    from ...model import ParseError

    for name, prefix in (("hatch.toml", ()), ("pyproject.toml", ("tool", "hatch"))):
        text = scanner.snapshot.text(join(cwd, name))
        if text is None:
            continue
        try:
            data: Any = load(text)
        except ParseError:
            continue
        for key in (*prefix, "envs", env, "scripts"):
            data = data.get(key) if isinstance(data, dict) else None
        if isinstance(data, dict):
            return data
    return {}


def poe(scanner: Scanner, tasks: list[str], cwd: str) -> set[Hit]:
    """poethepoet's tasks (`[tool.poe.tasks]` of the nearest pyproject.toml above `cwd`); its commands run in `cwd`,
    where `poe` was called."""
    folder = cwd
    while True:
        path = join(folder, "pyproject.toml")
        text = scanner.snapshot.text(path)
        if text is not None and "tool.poe" in text.replace(" ", ""):
            return {h.moved(cwd) for t in tasks for h in poe_task(scanner, path, t)}
        if not folder:
            return set()
        folder = posixpath.dirname(folder)


def poe_task(scanner: Scanner, path: str, name: str) -> frozenset[Hit]:
    def scan() -> set[Hit]:
        from ...edit.toml_scan import load
        from ...model import ParseError

        try:
            tasks = load(scanner.snapshot.text(path) or "").get("tool", {}).get("poe", {}).get("tasks", {})
        except (ParseError, AttributeError):
            tasks = {}
        return _poe_value(scanner, path, tasks.get(name) if isinstance(tasks, dict) else None)

    return scanner.memo(("poe", path, name), scan)


def _poe_value(scanner: Scanner, path: str, value: Any) -> set[Hit]:  # noqa: ANN401 - a task as TOML gives it
    if isinstance(value, str):
        return scanner.script(value)
    if isinstance(value, list):
        return {h for item in value for h in _poe_value(scanner, path, item)}
    if not isinstance(value, dict):
        return set()
    for kind in ("cmd", "shell"):
        if isinstance(value.get(kind), str):
            return scanner.script(value[kind])
    if isinstance(value.get("ref"), str):
        return set(poe_task(scanner, path, value["ref"].split()[0]))
    sequence = value.get("sequence")
    return _poe_value(scanner, path, sequence) if isinstance(sequence, list) else set()


__all__ = [
    "TASKFILES",
    "TOX_FILES",
    "make",
    "make_target",
    "makefile",
    "poe",
    "poe_task",
    "task",
    "taskfile_task",
    "tox",
    "tox_config",
    "tox_configs",
    "tox_envs",
]
