"""nox, read by its syntax tree: each session's commands (`session.run("ruff", "check", ...)`, `run_always`), the
module's own helper functions they call, and `session.notify`, so that `nox -s lint` is what the `lint` session runs
(prek's hooks, say) and not every command of the file.

A word the tree does not hold as a literal (an f-string, a variable) is a value infra-fix cannot read;
`*session.posargs` is what the command line adds after `--`, nothing in CI's usual run.
"""

from __future__ import annotations

import ast
import posixpath
import re
import shlex
from collections.abc import Mapping
from typing import TYPE_CHECKING

from msgspec import Struct, field

from .hits import Hit
from .words import join

if TYPE_CHECKING:
    from .scan import Scanner

_RUNS = {"run", "run_always"}
_UNREAD = "${NOX_VALUE}"  # a word infra-fix cannot read: some value, never a whole project's path


class Session(Struct, frozen=True):
    name: str
    commands: tuple[str, ...]  # shell-quoted command lines
    tags: tuple[str, ...] = ()
    default: bool = True
    notifies: tuple[str, ...] = ()


class Noxfile(Struct, frozen=True):
    sessions: dict[str, Session] = field(default_factory=dict)
    defaults: tuple[str, ...] | None = None  # nox.options.sessions, where the file sets it


def read(text: str) -> Noxfile:
    """The sessions of a noxfile; an empty one when it does not parse (nox would fail on it too)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError):
        return Noxfile()
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
    sessions: dict[str, Session] = {}
    for function in functions.values():
        decorator = next((d for d in function.decorator_list if _is_session(d)), None)
        if decorator is None:
            continue
        keywords = {k.arg: k.value for k in decorator.keywords} if isinstance(decorator, ast.Call) else {}
        name = _literal(keywords.get("name")) or function.name
        tags = keywords.get("tags")
        session = Session(
            name=str(name),
            commands=tuple(_commands(function, functions, set())),
            tags=_strings(_literal(tags)),
            default=_literal(keywords.get("default")) is not False,
            notifies=tuple(_notified(function)),
        )
        sessions[session.name] = session
    return Noxfile(sessions, _defaults(tree))


def select(noxfile: Noxfile, args: list[str]) -> tuple[list[Session], list[str]]:
    """The sessions `nox [args]` runs (`-s/--session/-e names`, `-t/--tags`, `-k`: keywords are not read and select
    every session), and the names it asks for that the file does not define."""
    names: list[str] = []
    tags: list[str] = []
    keyword = False
    into: list[str] | None = None
    for arg in args:
        if arg == "--":
            break
        if arg in ("-s", "--session", "--sessions", "-e"):
            into = names
        elif arg in ("-t", "--tags"):
            into = tags
        elif arg in ("-k", "--keywords"):
            keyword, into = True, None
        elif arg.startswith("-"):
            into = None
        elif into is not None:
            into.append(arg)
    if keyword and not names and not tags:
        return list(noxfile.sessions.values()), []
    if not names and not tags:
        chosen = noxfile.defaults
        if chosen is None:
            return [s for s in noxfile.sessions.values() if s.default], []
        names = list(chosen)
    found: list[Session] = []
    missing: list[str] = []
    for name in names:
        session = noxfile.sessions.get(name) or noxfile.sessions.get(_base(name))
        if session is not None:
            found.append(session)
        else:
            missing.append(name)  # not in the file, or a value infra-fix cannot read (`-s "$NOX_SESSION"`)
    found += [s for s in noxfile.sessions.values() if set(tags) & set(s.tags)]
    return found, missing


def nox(scanner: Scanner, args: list[str], cwd: str) -> set[Hit]:
    """`nox [options]`: the commands of the sessions it runs, and of those they notify, run in the noxfile's folder."""
    path = join(cwd, "noxfile.py")
    for i, arg in enumerate(args[:-1]):
        if arg in ("-f", "--noxfile"):
            path = join(cwd, args[i + 1])
    text = scanner.snapshot.text(path)
    if text is None:
        if scanner.snapshot.exists(path) or "$" not in path:
            scanner.unfollowed.add(path)
        return set()
    key = ("nox", path)
    if key not in scanner.parsed:
        scanner.parsed[key] = read(text)
    noxfile: Noxfile = scanner.parsed[key]  # type: ignore[assignment]
    chosen, missing = select(noxfile, args)
    scanner.unfollowed.update(f"nox session {name} ({path})" for name in missing)
    found: set[Hit] = set()
    seen: set[str] = set()
    while chosen:
        session = chosen.pop()
        if session.name in seen:
            continue
        seen.add(session.name)
        found |= scanner.memo(("nox", path, session.name), lambda s=session: _scan(scanner, s))
        chosen += [noxfile.sessions[n] for n in session.notifies if n in noxfile.sessions]
    return {h.moved(posixpath.dirname(path)) for h in found}


def _scan(scanner: Scanner, session: Session) -> set[Hit]:
    return scanner.script("\n".join(session.commands))


def _is_session(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else target.id if isinstance(target, ast.Name) else ""
    return name in ("session", "parametrize_session") or name.endswith("_session")


def _commands(function: ast.AST, functions: Mapping[str, ast.AST], seen: set[str]) -> list[str]:
    """The command lines a function runs, in source order, through the module's helpers it calls."""
    found: list[str] = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Call):
            continue
        callee = node.func
        if isinstance(callee, ast.Attribute) and callee.attr in _RUNS and node.args:
            words = [w for w in (_word(a) for a in node.args) if w is not None]
            if words:
                found.append(shlex.join(words).replace(shlex.quote(_UNREAD), _UNREAD))
        elif isinstance(callee, ast.Name) and callee.id in functions and callee.id not in seen:
            seen.add(callee.id)
            found += _commands(functions[callee.id], functions, seen)
    return found


def _notified(function: ast.AST) -> list[str]:
    return [
        str(_literal(node.args[0]))
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "notify"
        and node.args
        and isinstance(_literal(node.args[0]), str)
    ]


def _word(node: ast.expr) -> str | None:
    """A command word: a literal, nothing for `*session.posargs`, a value infra-fix cannot read otherwise."""
    if isinstance(node, ast.Starred):
        return None
    value = _literal(node)
    return str(value) if isinstance(value, str | int | float) else _UNREAD


def _literal(node: ast.expr | None) -> object:
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError):
        return None


def _strings(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


def _defaults(tree: ast.Module) -> tuple[str, ...] | None:
    """`nox.options.sessions = [...]` at the module's top level."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Attribute) and t.attr == "sessions" for t in node.targets
        ):
            value = _literal(node.value)
            if isinstance(value, list | tuple) and value and all(isinstance(v, str) for v in value):
                return tuple(value)
    return None


def _base(name: str) -> str:
    """A session's name without what nox appends: its Python (`tests-3.12`) or parameters (`tests(django='5')`)."""
    name = re.sub(r"\(.*\)$", "", name)
    return re.sub(r"-(?:\d+(?:\.\d+)*t?|pypy[\d.]*)$", "", name)


__all__ = ["Noxfile", "Session", "nox", "read", "select"]
