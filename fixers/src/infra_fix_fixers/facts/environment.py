"""Every environment variable the repository reads, and where: the fact the environment and secrets families stand on
(an example env file that lists what the code reads, compose passing what the service needs, no secret in a default).

Read from Python code through its syntax tree, never by text search, so a name in a comment or a docstring is no
read: `os.environ["X"]`, `os.environ.get("X", d)`, `os.getenv("X")`, `"X" in os.environ`, and pydantic-settings
classes (each field is a variable, `env_prefix` and aliases honoured). Compose files are read as compose reads them:
`${X}`, `${X:-default}`, `${X:?error}` and `$X` interpolated anywhere, `$$` escaped. Only names, places and whether a
default exists are kept: never a value, so no report built from these facts can print a secret.

This is an analysis for `Context.shared`: a fixer that asks for it adds `READS` to its own reads, so the files are
loaded; nothing is parsed in a run that does not ask.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .layout import compose_files

if TYPE_CHECKING:
    from .repository import Repository

READS = ("**/*.py", "**/compose*.yml", "**/compose*.yaml", "**/docker-compose*.yml", "**/docker-compose*.yaml")
_MENTIONS = re.compile(r"environ|getenv|BaseSettings")
_INTERPOLATION = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?+])?[^}]*\}|\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True, order=True)
class Read:
    """One place that reads a variable."""

    path: str
    line: int
    name: str
    how: str  # "environ", "getenv", "settings" or "compose"
    default: bool  # the reader goes on without it (a default, a membership test); False: it is required


def environment(repo: Repository) -> tuple[Read, ...]:
    """Every read, sorted by place. A Python file that does not parse reads nothing here (its own fixer, if any,
    reports it)."""
    found: list[Read] = []
    for path in sorted(repo.snapshot.files):
        text = repo.snapshot.files[path]
        if path.endswith(".py") and _MENTIONS.search(text):
            found += python_reads(path, text)
    for path in compose_files(repo.snapshot):
        found += compose_reads(path, repo.snapshot.text(path) or "")
    return tuple(sorted(found))


def python_reads(path: str, text: str) -> list[Read]:
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    reads: list[Read] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(_base_name(b) == "BaseSettings" for b in node.bases):
            reads += _settings_fields(path, node)
            continue
        name_default = _os_read(node)
        if name_default:
            name, how, default = name_default
            reads.append(Read(path, getattr(node, "lineno", 1), name, how, default))
    return reads


def compose_reads(path: str, text: str) -> list[Read]:
    reads: list[Read] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        for match in _INTERPOLATION.finditer(line):
            name = match.group(1) or match.group(3)
            if name:
                default = match.group(2) in (":-", "-", ":+", "+")
                reads.append(Read(path, number, name, "compose", default))
    return reads


def _os_read(node: ast.AST) -> tuple[str, str, bool] | None:
    """(name, how, has a default) for `os.environ["X"]`, `environ.get("X", d)`, `os.getenv("X")`, `"X" in environ`."""
    if isinstance(node, ast.Subscript) and _is_environ(node.value) and isinstance(node.ctx, ast.Load):
        name = _literal(node.slice)
        return (name, "environ", False) if name else None
    if isinstance(node, ast.Call) and node.args:
        name = _literal(node.args[0])
        func = node.func
        defaulted = len(node.args) > 1 or any(k.arg == "default" for k in node.keywords)
        if name and isinstance(func, ast.Attribute) and func.attr == "get" and _is_environ(func.value):
            return name, "environ", defaulted
        if name and _os_name(func, "getenv"):
            return name, "getenv", True  # None when unset: the code goes on
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.In | ast.NotIn):
        name = _literal(node.left)
        if name and _is_environ(node.comparators[0]):
            return name, "environ", True
    return None


def _settings_fields(path: str, cls: ast.ClassDef) -> list[Read]:
    """A pydantic-settings class: each annotated field is read from the environment (case-insensitive, so the
    upper-case spelling is the one written in env files)."""
    prefix = _env_prefix(cls)
    reads = []
    for statement in cls.body:
        if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
            continue
        field = statement.target.id
        if field.startswith("_") or field == "model_config":
            continue
        alias, default = _field(statement.value)
        name = alias or (prefix + field).upper()
        reads.append(Read(path, statement.lineno, name, "settings", default))
    return reads


def _env_prefix(cls: ast.ClassDef) -> str:
    for statement in cls.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "model_config" for t in statement.targets
        ):
            if isinstance(statement.value, ast.Call):
                return _keyword(statement.value, "env_prefix") or ""
            if isinstance(statement.value, ast.Dict):
                pairs = zip(statement.value.keys, statement.value.values, strict=True)
                return next((_literal(v) or "" for k, v in pairs if k is not None and _literal(k) == "env_prefix"), "")
        if isinstance(statement, ast.ClassDef) and statement.name == "Config":
            for inner in statement.body:
                if isinstance(inner, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "env_prefix" for t in inner.targets
                ):
                    return _literal(inner.value) or ""
    return ""


def _field(value: ast.expr | None) -> tuple[str | None, bool]:
    """(the alias a field is read by, whether it has a default) of a field's value: none, a literal, `Field(...)`."""
    if value is None:
        return None, False
    if isinstance(value, ast.Call) and _base_name(value.func) == "Field":
        alias = _keyword(value, "validation_alias") or _keyword(value, "alias")
        default = bool(value.args) and not (isinstance(value.args[0], ast.Constant) and value.args[0].value is ...)
        default = default or any(k.arg in ("default", "default_factory") for k in value.keywords)
        return alias, default
    return None, True


def _keyword(call: ast.Call, name: str) -> str | None:
    return next((_literal(k.value) for k in call.keywords if k.arg == name), None)


def _is_environ(node: ast.expr) -> bool:
    """`os.environ` or an imported `environ`; `request.environ` (a WSGI request's) is no environment read."""
    return _os_name(node, "environ")


def _os_name(node: ast.expr, name: str) -> bool:
    if isinstance(node, ast.Name):
        return node.id == name
    return (
        isinstance(node, ast.Attribute)
        and node.attr == name
        and isinstance(node.value, ast.Name)
        and (node.value.id == "os")
    )


def _base_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value else None


__all__ = ["READS", "Read", "compose_reads", "environment", "python_reads"]
