"""Task runners a command hands over to, followed into their definitions: Makefile targets (recipes and
prerequisites), Taskfile tasks, hatch scripts and poethepoet tasks (tox is tox.py; nox sessions are read as a
script, scan.py).

Each definition is read once per run and each target scanned once, through the scanner's memo and its `data`,
whatever refers to them. Each function answers in the folder the runner runs its commands in.
"""

from __future__ import annotations

import posixpath
import shlex
from typing import TYPE_CHECKING, Any

from .hits import PYTEST, RUFF_CHECK, RUFF_FORMAT, RUFF_FORMAT_WRITE, Hit
from .words import join

if TYPE_CHECKING:
    from ...edit.makefile import Makefile
    from .scan import Scanner

TASKFILES = ("Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml")


# -- make -------------------------------------------------------------------------------------------------------------


_MAKE_VALUED = {"-f", "--file", "--makefile", "-I", "--include-dir", "-o", "--old-file", "-W", "--what-if",
                "--new-file", "--assume-new", "--assume-old", "-l", "--load-average", "--eval"}  # fmt: skip


def make(scanner: Scanner, args: list[str], cwd: str) -> set[Hit]:
    """`make [-C dir] [-f file] [options] [targets]`: an option's value is never a target (`-j 4`, `-f ci.mk`)."""
    directory, targets, skip = cwd, [], False
    named: str | None = None
    for i, arg in enumerate(args):
        if skip:
            skip = False
            continue
        if arg in ("-C", "--directory") and i + 1 < len(args):
            directory, skip = join(cwd, args[i + 1]), True
        elif arg.startswith("-C") and len(arg) > 2:
            directory = join(cwd, arg[2:])
        elif arg in ("-f", "--file", "--makefile") and i + 1 < len(args):
            named, skip = args[i + 1], True
        elif arg in _MAKE_VALUED or (arg in ("-j", "--jobs") and args[i + 1 : i + 2] and args[i + 1].isdigit()):
            skip = True
        elif not arg.startswith("-") and "=" not in arg:
            targets.append(arg)
    makefile = join(directory, named or "Makefile")
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
        definition = scanner.data(path).get("tasks", {})
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


# -- hatch ------------------------------------------------------------------------------------------------------------


def hatch(scanner: Scanner, args: list[str], cwd: str) -> set[Hit]:
    """`hatch test` (pytest), `hatch fmt [--check]` (ruff), `hatch [-e env] run [env:]script|command`: a script of
    the environment (`[tool.hatch.envs.<env>.scripts]` in pyproject.toml, or hatch.toml's `[envs.<env>.scripts]`),
    else the command itself."""
    env = "default"
    while args and args[0].startswith("-"):  # hatch's own options
        if args[0] in ("-e", "--env") and len(args) > 1:
            env, args = args[1], args[2:]
        else:
            args = args[1:]
    command, rest = (args[0], args[1:]) if args else ("", [])
    if command == "test":
        return {Hit(PYTEST, cwd)}
    if command == "fmt":
        return {Hit(RUFF_CHECK, cwd), Hit(RUFF_FORMAT if "--check" in rest else RUFF_FORMAT_WRITE, cwd)}
    words = [w for w in rest if not w.startswith(("-", "+"))] if command == "run" else []
    if not words:
        return set()
    chosen, _, name = words[0].rpartition(":")
    env = chosen or env
    if name in _hatch_scripts(scanner, cwd, env):
        return set(_hatch_script(scanner, cwd, env, name))
    return scanner.script(shlex.join([name, *rest[rest.index(words[0]) + 1 :]]), cwd)


def _hatch_script(scanner: Scanner, cwd: str, env: str, name: str) -> frozenset[Hit]:
    """A script's commands; a command that names another script of the environment runs that one."""

    def scan() -> set[Hit]:
        scripts = _hatch_scripts(scanner, cwd, env)
        lines = scripts[name] if isinstance(scripts[name], list) else [scripts[name]]
        found: set[Hit] = set()
        for line in (str(x) for x in lines):
            first = line.split(maxsplit=1)[0] if line.strip() else ""
            found |= _hatch_script(scanner, cwd, env, first) if first in scripts else scanner.script(line, cwd)
        return found

    return scanner.memo(("hatch", cwd, env, name), scan)


def hatch_script_names(scanner: Scanner, cwd: str, env: str = "default") -> list[str]:
    """The scripts of a hatch environment of the project in `cwd`, in the file's order."""
    return list(_hatch_scripts(scanner, cwd, env))


def _hatch_scripts(scanner: Scanner, cwd: str, env: str) -> dict[str, Any]:
    for name, prefix in (("hatch.toml", ()), ("pyproject.toml", ("tool", "hatch"))):
        data: Any = scanner.data(join(cwd, name))
        for key in (*prefix, "envs", env, "scripts"):
            data = data.get(key) if isinstance(data, dict) else None
        if isinstance(data, dict):
            return data
    return {}


# -- poethepoet -------------------------------------------------------------------------------------------------------


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
        tasks: Any = scanner.data(path)
        for key in ("tool", "poe", "tasks"):
            tasks = tasks.get(key) if isinstance(tasks, dict) else None
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


__all__ = ["TASKFILES", "hatch", "make", "make_target", "makefile", "poe", "poe_task", "task", "taskfile_task"]
