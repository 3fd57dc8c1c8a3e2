"""The environment variables a Python file reads, and the env files it loads, from its syntax tree.

Never by text search, so a name in a comment or a docstring is no read: `os.environ["X"]`, `os.environ.get("X", d)`,
`os.getenv("X")`, `os.environ.setdefault("X", d)`, `"X" in os.environ`, python-decouple's `config("X")`, and
pydantic-settings classes (each field is a variable, `env_prefix` and aliases honoured). The env files it loads:
`load_dotenv(path)`, `dotenv_values(path)`, and a settings class's `env_file`.
"""

from __future__ import annotations

import ast
import bisect
import functools
import re
from collections import deque
from collections.abc import Iterator, Mapping

from ..edit.text_cache import TextCache
from .env_model import EnvLoad, Read, shown_default

SETTINGS = frozenset({"BaseSettings"})  # pydantic-settings' base; a repository's own bases are added to it
_CLASS = re.compile(r"class\s+(?P<name>\w+)\s*\((?P<bases>[^)]*)\)")  # a literal first: the engine's fast scan
_DOTENV_CALLS = {"load_dotenv", "dotenv_values"}
MENTIONS = re.compile(r"environ|getenv|BaseSettings|decouple")
# a string literal passed as a read's default: `getenv("X", "d")`, `environ.get("X", default="d")`, `config("X", ...)`
_TREES: TextCache[ast.Module | None] = TextCache(budget=4 * 1024 * 1024)  # trees no reader changes
_LITERAL_DEFAULT = re.compile(r"""(?:getenv|\.get|setdefault|config)\(\s*[rRuU]?["'][^"'\n]*["']\s*,[^)]*?["']""")


def python_reads(path: str, text: str, bases: frozenset[str] = SETTINGS) -> list[Read]:
    """Every read in a Python file; one that does not parse reads nothing here (its own fixer, if any, reports it).
    `bases` are the settings classes' names (`settings_classes`): a class deriving from one is a settings class."""
    tree = _tree(path, text) if mentions(text, bases) else None
    if tree is None:
        return []
    return [
        Read(path, line, name, how, default, shown_default(name, _constant(given)))
        for line, name, how, default, given in _reads(tree, bases, text)
    ]


def literal_defaults(path: str, text: str, bases: frozenset[str] = SETTINGS) -> list[tuple[int, str, str]]:
    """(line, variable, default) for every read whose default is a string literal (`os.getenv("X", "...")`, a
    settings field `x: str = "..."`, `SecretStr("...")`): what the secret rules judge. The values stay in memory."""
    wanted = _defines_settings(text, bases) or (MENTIONS.search(text) and _LITERAL_DEFAULT.search(text))
    tree = _tree(path, text) if wanted else None
    if tree is None:
        return []
    found = []
    for line, name, _, _, given in _reads(tree, bases, text):
        if isinstance(given, ast.Call) and given.args and _base_name(given.func) == "SecretStr":
            given = given.args[0]
        if isinstance(given, ast.Constant) and isinstance(given.value, str) and given.value:
            found.append((getattr(given, "lineno", line), name, given.value))
    return found


def settings_classes(texts: Mapping[str, str]) -> frozenset[str]:
    """The names of every class deriving from pydantic-settings' BaseSettings, through the repository's own bases
    too (`class AppSettings(LoggingSettings)` where `LoggingSettings(BaseSettings)`), across files: read from the
    class statements' text, so no file is parsed for it."""
    found = set(SETTINGS)
    classes = [(name, bases) for t in texts.values() if "class" in t for name, bases in _class_statements(t)]
    while True:
        new = {name for name, bases in classes if name not in found and found & set(re.findall(r"\w+", bases))}
        if not new:
            return frozenset(found)
        found |= new


def mentions(text: str, bases: frozenset[str] = SETTINGS) -> bool:
    """Whether a file can read a variable at all (cheap, before parsing it)."""
    return bool(MENTIONS.search(text)) or _defines_settings(text, bases)


def _defines_settings(text: str, bases: frozenset[str]) -> bool:
    """Whether a class statement of the file names one of `bases` (a word, not a part of one: `Config` is no
    `AppConfig`)."""
    if "class" not in text:
        return False
    return any(bases & set(re.findall(r"\w+", found)) for _, found in _class_statements(text))


def _class_statements(text: str) -> Iterator[tuple[str, str]]:
    """(name, bases) of each `class Name(bases)` that begins its line (after whitespace only): what
    `^\\s*class...` finds in multi-line mode, found from the literal `class` rather than tried at every line. A
    `class` elsewhere (`subclass X(`) is passed over without consuming what follows it."""
    at = 0
    while (m := _CLASS.search(text, at)) is not None:
        start = m.start()
        line = text[text.rfind("\n", 0, start) + 1 : start]
        if not line or line.isspace():
            yield m.group("name"), m.group("bases")
            at = m.end()
        else:
            at = start + 1


def _reads(tree: ast.Module, bases: frozenset[str], text: str) -> Iterator[tuple[int, str, str, bool, ast.expr | None]]:
    """(line, name, how, has a default, the default's node) of every read."""
    decouple = _imports_decouple(tree)
    for node in _walk_near(tree, text, words("environ", "getenv", "config", *sorted(bases))):
        if isinstance(node, ast.ClassDef) and any(_base_name(b) in bases for b in node.bases):
            yield from _settings_fields(node)
            continue
        found = _os_read(node) or (_decouple_read(node) if decouple else None)
        if found:
            yield (getattr(node, "lineno", 1), *found)


def python_loads(path: str, text: str) -> list[EnvLoad]:
    """The env files a Python file loads: `load_dotenv(".env")` (None for the file python-dotenv searches for when
    no path is given) and pydantic-settings' `env_file`."""
    if not any(word in text for word in ("dotenv", "env_file")):
        return []
    tree = _tree(path, text)
    if tree is None:
        return []
    loads: list[EnvLoad] = []
    for node in _walk_near(tree, text, words(*_DOTENV_CALLS, *SETTINGS)):
        if isinstance(node, ast.Call) and _base_name(node.func) in _DOTENV_CALLS:
            target = _literal(node.args[0]) if node.args else _keyword(node, "dotenv_path")
            loads.append(EnvLoad(path, node.lineno, target, "python-dotenv"))
        elif isinstance(node, ast.ClassDef) and any(_base_name(b) in SETTINGS for b in node.bases):
            loads += [EnvLoad(path, line, name, "settings") for line, name in _settings_env_files(node)]
    return loads


def _walk_near(tree: ast.Module, text: str, words: re.Pattern[str]) -> Iterator[ast.AST]:
    """`ast.walk`'s nodes in its order, less every subtree on whose lines none of `words` is written: what is read
    through `os.environ` or a settings class names it where it is written, and a large module's other nodes (most
    of them) need not be visited. A text with a lone carriage return (a line break to Python) is walked whole."""
    if "\r" in text:
        yield from ast.walk(tree)
        return
    breaks = [m.start() for m in re.finditer("\n", text)]
    lines = sorted({bisect.bisect_right(breaks, m.start()) + 1 for m in words.finditer(text)})
    todo: deque[ast.AST] = deque([tree])
    while todo:
        node = todo.popleft()
        first = getattr(node, "lineno", None)
        if first is not None:
            first = min([first, *(d.lineno for d in getattr(node, "decorator_list", ()))])  # above `def`
            at = bisect.bisect_left(lines, first)
            if at == len(lines) or lines[at] > (getattr(node, "end_lineno", None) or first):
                continue
        todo.extend(ast.iter_child_nodes(node))
        yield node


@functools.cache
def words(*names: str) -> re.Pattern[str]:
    """A pattern finding any of `names` in a text (where a read or a settings class may be written)."""
    return re.compile("|".join(re.escape(w) for w in names))


def _tree(path: str, text: str) -> ast.Module | None:
    """The file's syntax tree (None: it does not parse), parsed once for the reads, the loads and the defaults."""
    return _TREES.parsed(text, lambda t: _parse(path, t))


def _parse(path: str, text: str) -> ast.Module | None:
    try:
        return ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _os_read(node: ast.AST) -> tuple[str, str, bool, ast.expr | None] | None:
    """(name, how, has a default, the default) for `os.environ["X"]`, `environ.get("X", d)`, `os.getenv("X")`,
    `environ.setdefault("X", d)`, `"X" in environ`."""
    if isinstance(node, ast.Subscript) and _is_environ(node.value) and isinstance(node.ctx, ast.Load):
        name = _literal(node.slice)
        return (name, "environ", False, None) if name else None
    if isinstance(node, ast.Call) and node.args:
        name = _literal(node.args[0])
        func = node.func
        given = (
            node.args[1] if len(node.args) > 1 else next((k.value for k in node.keywords if k.arg == "default"), None)
        )
        if name and isinstance(func, ast.Attribute) and func.attr == "get" and _is_environ(func.value):
            return name, "environ", True, given  # None (or the default) when unset: the code goes on
        if name and isinstance(func, ast.Attribute) and func.attr == "setdefault" and _is_environ(func.value):
            return name, "setdefault", True, given  # the code sets it itself (DJANGO_SETTINGS_MODULE)
        if name and _os_name(func, "getenv"):
            return name, "getenv", True, given  # None when unset: the code goes on
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.In | ast.NotIn):
        name = _literal(node.left)
        if name and _is_environ(node.comparators[0]):
            return name, "environ", True, None
    return None


def _decouple_read(node: ast.AST) -> tuple[str, str, bool, ast.expr | None] | None:
    """python-decouple's `config("X", default=d, cast=int)`: it reads the environment, then `.env` or settings.ini."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "config" and node.args):
        return None
    name = _literal(node.args[0])
    given = next((k.value for k in node.keywords if k.arg == "default"), None)
    return (name, "decouple", given is not None, given) if name else None


def _imports_decouple(tree: ast.Module) -> bool:
    return any(
        isinstance(node, ast.ImportFrom) and node.module == "decouple" and any(a.name == "config" for a in node.names)
        for node in tree.body
    )


def _settings_fields(cls: ast.ClassDef) -> Iterator[tuple[int, str, str, bool, ast.expr | None]]:
    """A pydantic-settings class: each annotated field is read from the environment (case-insensitive, so the
    upper-case spelling is the one written in env files)."""
    prefix = _settings_option(cls, "env_prefix")
    for statement in cls.body:
        if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
            continue
        field = statement.target.id
        if field.startswith("_") or field == "model_config" or _is_classvar(statement.annotation):
            continue
        alias, default, given = _field(statement.value)
        yield statement.lineno, alias or (prefix + field).upper(), "settings", default, given


def _settings_env_files(cls: ast.ClassDef) -> list[tuple[int, str | None]]:
    """(line, path) of each `env_file` a settings class names (a tuple names several)."""
    found: list[tuple[int, str | None]] = []
    for value, line in _settings_values(cls, "env_file"):
        items = value.elts if isinstance(value, ast.Tuple | ast.List) else [value]
        found += [(line, _literal(item)) for item in items if not _is_none(item)]
    return found


def _settings_option(cls: ast.ClassDef, option: str) -> str:
    return next((_literal(v) or "" for v, _ in _settings_values(cls, option)), "")


def _settings_values(cls: ast.ClassDef, option: str) -> list[tuple[ast.expr, int]]:
    """The values an option takes in `model_config = SettingsConfigDict(...)` / `{...}` or an inner `class Config`."""
    found: list[tuple[ast.expr, int]] = []
    for statement in cls.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "model_config" for t in statement.targets
        ):
            found += _option_in(statement.value, option)
        if isinstance(statement, ast.ClassDef) and statement.name == "Config":
            found += [
                (inner.value, inner.lineno)
                for inner in statement.body
                if isinstance(inner, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == option for t in inner.targets)
            ]
    return found


def _option_in(value: ast.expr, option: str) -> list[tuple[ast.expr, int]]:
    if isinstance(value, ast.Call):
        return [(k.value, k.value.lineno) for k in value.keywords if k.arg == option]
    if isinstance(value, ast.Dict):
        return [(v, v.lineno) for k, v in zip(value.keys, value.values, strict=True) if k and _literal(k) == option]
    return []


def _field(value: ast.expr | None) -> tuple[str | None, bool, ast.expr | None]:
    """(the alias a field is read by, whether it has a default, the default) of a field's value: none, a literal,
    `Field(...)`."""
    if value is None:
        return None, False, None
    if isinstance(value, ast.Call) and _base_name(value.func) == "Field":
        alias = _keyword(value, "validation_alias") or _keyword(value, "alias")
        given = value.args[0] if value.args else next((k.value for k in value.keywords if k.arg == "default"), None)
        if isinstance(given, ast.Constant) and given.value is ...:
            given = None
        default = given is not None or any(k.arg == "default_factory" for k in value.keywords)
        return alias, default, given
    return None, True, value


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


def _is_classvar(annotation: ast.expr) -> bool:
    base = annotation.value if isinstance(annotation, ast.Subscript) else annotation
    return _base_name(base) == "ClassVar"


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _base_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value else None


def _constant(node: ast.expr | None) -> object:
    """A default's value where it is a plain literal (`"INFO"`, `8000`, `True`), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str | int | float | bool):
        return node.value
    return None


__all__ = [
    "MENTIONS",
    "SETTINGS",
    "literal_defaults",
    "mentions",
    "python_loads",
    "python_reads",
    "settings_classes",
    "words",
]
