"""Task runners a command hands over to, followed into their definitions: Makefile targets (recipes and
prerequisites), tox environments, Taskfile tasks and poethepoet tasks (nox sessions are read as a script, scan.py).

Each definition is read once per run and each target scanned once, through the scanner's memo, whatever refers to
them: an 18,000-line tox.ini costs one read. Each function answers in the folder the runner runs its commands in.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from .scan import Hit, Scanner, yaml_data
from .words import join

if TYPE_CHECKING:
    from ...edit.makefile import Makefile

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
    """`tox [-e env,env]`: the environments named (all of them when none is), run in `cwd`."""
    envs: list[str] = []
    for i, arg in enumerate(args):
        if arg in ("-e", "--env") and i + 1 < len(args):
            envs += args[i + 1].split(",")
        elif arg.startswith("-e") and len(arg) > 2:
            envs += arg[2:].split(",")
    hits = tox_envs(scanner, join(cwd, "tox.ini"))
    chosen = [h for env, found in hits.items() if not envs or env in envs or env == "testenv" for h in found]
    return {h.moved(cwd) for h in chosen}


def tox_envs(scanner: Scanner, path: str) -> dict[str, frozenset[Hit]]:
    """`commands` of each tox environment (`testenv` is the base every environment inherits)."""
    key = ("tox", path)
    if key not in scanner.parsed:
        from ..pyproject.ini import sections

        found: dict[str, frozenset[Hit]] = {}
        for section in sections(scanner.snapshot.text(path) or ""):
            name = section.name.strip()
            if name == "testenv" or name.startswith("testenv:"):
                commands = dict(section.values).get("commands", "")
                found[name.removeprefix("testenv:")] = frozenset(scanner.script(commands))
        scanner.parsed[key] = found
    return scanner.parsed[key]  # type: ignore[return-value]


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


__all__ = ["TASKFILES", "make", "make_target", "makefile", "poe", "poe_task", "task", "taskfile_task", "tox"]
