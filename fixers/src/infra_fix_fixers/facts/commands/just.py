"""just, followed as just runs a recipe: the justfile of the folder (or the nearest above it), `[var=value ...]
recipe [args]`, the recipe's dependencies first, its lines with `{{param}}` and `{{variable}}` interpolated (a
parameter's default where the command line gives none; an `if` expression stands for optional words and is read
without them), run in the justfile's folder.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from typing import TYPE_CHECKING

from msgspec import Struct, field

from .hits import Hit
from .words import join

if TYPE_CHECKING:
    from .scan import Scanner

JUSTFILES = ("justfile", "Justfile", "JUSTFILE", ".justfile")
_PARAM = r"[+*$]?[A-Za-z_][\w-]*(?:=(?:\"[^\"]*\"|'[^']*'|\S+))?"
_HEADER = re.compile(rf"^@?([A-Za-z_][\w-]*)((?:\s+{_PARAM})*)\s*:(?!=)(.*)$")
_NOT_RUNNING = {"-l", "--list", "--summary", "--show", "-s", "--dump", "--fmt", "--init", "--edit", "--evaluate"}
_ASSIGN = re.compile(r"^(?:export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(.*)$")
_INTERPOLATION = re.compile(r"\{\{(.*?)\}\}")


class Recipe(Struct, frozen=True):
    name: str
    params: tuple[tuple[str, str | None, bool], ...]  # (name, default, variadic)
    dependencies: tuple[str, ...]
    lines: tuple[str, ...]


class Justfile(Struct, frozen=True):
    recipes: dict[str, Recipe] = field(default_factory=dict)
    variables: dict[str, str] = field(default_factory=dict)
    first: str | None = None


def read(text: str) -> Justfile:
    recipes: dict[str, Recipe] = {}
    variables: dict[str, str] = {}
    first: str | None = None
    default: str | None = None
    lines = text.splitlines()
    i = 0
    attributes: list[str] = []
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip() or line.lstrip().startswith("#") or line[0].isspace():
            continue
        if line.startswith("["):
            attributes.append(line)
            continue
        assigned = _ASSIGN.match(line)
        if assigned:
            variables[assigned.group(1)] = _string(assigned.group(2))
            attributes = []
            continue
        header = _HEADER.match(line)
        if header is None or line.startswith(("set ", "alias ", "import ", "mod ")):
            attributes = []
            continue
        body: list[str] = []
        while i < len(lines) and (not lines[i].strip() or lines[i][0].isspace()):
            if lines[i].strip():
                body.append(lines[i].strip())
            i += 1
        name = header.group(1)
        recipe = Recipe(name, _params(header.group(2)), _dependencies(header.group(3)), tuple(body))
        recipes[name] = recipe
        first = first or name
        if any("default" in a for a in attributes):
            default = name
        attributes = []
    return Justfile(recipes, variables, default or first)


def just(scanner: Scanner, args: list[str], cwd: str) -> set[Hit]:
    """`just [options] [var=value ...] [recipe [args] ...]`."""
    path: str | None = None
    directory = cwd
    overrides: dict[str, str] = {}
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-f", "--justfile") and i + 1 < len(args):
            path, i = join(cwd, args[i + 1]), i + 2
            continue
        if arg in ("-d", "--working-directory") and i + 1 < len(args):
            directory, i = join(cwd, args[i + 1]), i + 2
            continue
        if arg == "--set" and i + 2 < len(args):
            overrides[args[i + 1]] = args[i + 2]
            i += 3
            continue
        if arg.startswith("-"):
            if arg in _NOT_RUNNING:
                return set()
            i += 1
            continue
        if re.fullmatch(r"[A-Za-z_][\w-]*=.*", arg) and not rest:
            name, _, value = arg.partition("=")
            overrides[name] = value
        else:
            rest.append(arg)
        i += 1
    path = path or _find(scanner, cwd)
    if path is None:
        return set()
    justfile = _justfile(scanner, path)
    home = posixpath.dirname(path) if directory == cwd else directory
    found: set[Hit] = set()
    calls = _calls(justfile, rest)
    for name, given in calls:
        if name not in justfile.recipes:
            scanner.unfollowed.add(f"just recipe {name} ({path})")
            continue
        found |= _recipe(scanner, justfile, path, home, name, given, overrides)
    return found


def recipes(scanner: Scanner, path: str) -> list[str]:
    """The recipes of a justfile, read once however many commands run them."""
    return list(_justfile(scanner, path).recipes)


def _justfile(scanner: Scanner, path: str) -> Justfile:
    key = ("just", path)
    if key not in scanner.parsed:
        scanner.parsed[key] = read(scanner.snapshot.text(path) or "")
    return scanner.parsed[key]  # type: ignore[return-value]


def _calls(justfile: Justfile, words: list[str]) -> list[tuple[str, list[str]]]:
    """The recipes a command line names, each with the arguments its parameters take."""
    if not words:
        return [(justfile.first, [])] if justfile.first else []
    calls: list[tuple[str, list[str]]] = []
    i = 0
    while i < len(words):
        name = words[i]
        recipe = justfile.recipes.get(name)
        i += 1
        if recipe is None or not recipe.params:
            calls.append((name, []))
            continue
        if recipe.params[-1][2]:
            calls.append((name, words[i:]))
            break
        take = len(recipe.params)
        calls.append((name, words[i : i + take]))
        i += take
    return calls


def _recipe(  # noqa: PLR0913 - a recipe call is all of these
    scanner: Scanner, justfile: Justfile, path: str, home: str, name: str, given: list[str], overrides: dict[str, str]
) -> frozenset[Hit]:
    recipe = justfile.recipes[name]
    values = {**justfile.variables, **overrides}
    for index, (param, default, variadic) in enumerate(recipe.params):
        if variadic:
            values[param] = " ".join(given[index:]) if given[index:] else (default or "")
        else:
            values[param] = given[index] if index < len(given) else (default or "")

    def scan() -> set[Hit]:
        found: set[Hit] = set()
        for dependency in recipe.dependencies:
            if dependency in justfile.recipes:
                found |= _recipe(scanner, justfile, path, home, dependency, [], overrides)
        body = [line.lstrip("@-") for line in recipe.lines]
        if body and body[0].startswith("#!") and "python" in body[0]:
            return found  # a Python recipe: not shell commands
        text = "\n".join(_interpolate(line, values) for line in body if not line.startswith("#"))
        return found | scanner.script(text, home)

    key = ("just", path, name, home, shlex.join(given), shlex.join(f"{k}={v}" for k, v in sorted(overrides.items())))
    return scanner.memo(key, scan)


def _interpolate(line: str, values: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        if re.fullmatch(r"[A-Za-z_][\w-]*", expression):
            return values.get(expression, "${JUST_VALUE}")
        if expression.startswith(("'", '"')):
            return _string(expression)
        return ""  # an `if` or a function: optional words, read without them

    return _INTERPOLATION.sub(value, line)


def _params(text: str) -> tuple[tuple[str, str | None, bool], ...]:
    params = []
    for word in re.findall(_PARAM, text):
        variadic = word[0] in "+*"
        name, _, default = word.lstrip("+*$").partition("=")
        params.append((name, _string(default) if default else None, variadic))
    return tuple(params)


def _dependencies(text: str) -> tuple[str, ...]:
    text = text.split("#", 1)[0]
    return tuple(re.findall(r"(?<![\w\"'-])([A-Za-z_][\w-]*)(?![\w\"'-])", re.sub(r"\([^)]*\)", "", text)))


def _string(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _find(scanner: Scanner, cwd: str) -> str | None:
    """The justfile just uses: in the folder, else the nearest folder above it that has one."""
    folder = cwd
    while True:
        for name in JUSTFILES:
            path = join(folder, name)
            if scanner.snapshot.exists(path):
                return path
        if not folder:
            return None
        folder = posixpath.dirname(folder)


__all__ = ["JUSTFILES", "Justfile", "Recipe", "just", "read", "recipes"]
