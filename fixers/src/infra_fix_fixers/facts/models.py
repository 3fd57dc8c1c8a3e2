"""The SQLAlchemy metadata a project's models live on, and what an alembic env.py imports of them: the [ADAPT] fact
behind AL005 (blueprint section 9: "Import ALL models for autogenerate detection").

Read from syntax trees, never by text search. A *base* is where a metadata is made: a `DeclarativeBase` subclass,
`declarative_base()` / `registry().generate_base()`, an `@as_declarative()` class, Flask-SQLAlchemy's
`db = SQLAlchemy()`, a module-level `MetaData()`, or SQLModel itself. A *table module* defines tables on one: a
non-abstract class deriving (through the project's own classes, across modules) from a base, a SQLModel class with
`table=True`, a `Table(name, metadata, ...)`. Modules are found as Python imports them: a dotted name is looked up
under the folders alembic's process may import from (where alembic runs, the project's folder and its `src/`), a
relative import from the importing module's package.

What env.py imports is followed through every module it reaches (imports inside functions included: they run when
alembic calls them). Where the closure cannot be known (importlib, pkgutil's package walks, `__import__`, or more
modules than a bound), it is reported as incomplete and AL005 says nothing about missing imports: no guess.

This is an analysis for `Context.shared`; the modules it parses are parsed once per run, whichever env.py asks.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from msgspec import Struct, field

if TYPE_CHECKING:
    from ..snapshot import Snapshot
    from .repository import Repository

READS = ("**/*.py",)
MAX_MODULES = 3000  # an import closure larger than this is "unknown", not walked for seconds
# Plain substrings, not a regular expression: `in` scans megabytes of code in milliseconds (an alternation of a dozen
# patterns took 1.3 s over ckan's 4.6 MB); the syntax tree decides, these only spare the parse of unrelated files.
_MODEL_HINTS = ("__tablename__", "__abstract__", "table=", "table =", "Table(", "DeclarativeBase", "declarative_base",
                "as_declarative", "generate_base", "SQLModel", "SQLAlchemy(", "MetaData(")  # fmt: skip
_DYNAMIC_HINTS = ("import_module(", "__import__(", "walk_packages(", "iter_modules(", "importlib")
_DECLARATIVE_BASES = {"DeclarativeBase", "DeclarativeBaseNoMeta"}
_NOT_MODELS = {"tests", "test", "testing", "fixtures", "examples", "example", "docs", "doc"}


class Base(Struct, frozen=True):
    """Where a metadata is made: `module.name` (`app.db.Base`), and how (`declarative`, `flask`, `metadata`,
    `sqlmodel`)."""

    path: str  # the file ("" for SQLModel, which is sqlmodel's)
    name: str
    kind: str

    @property
    def metadata(self) -> str:
        """The expression env.py's `target_metadata` is set to."""
        return self.name if self.kind == "metadata" else f"{self.name}.metadata"


class _Module(Struct):
    path: str
    tree: ast.Module | None
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # local name -> (module, attribute)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    assigns: dict[str, ast.expr] = field(default_factory=dict)
    dynamic: bool = False


class Models:
    """The repository's model facts, worked out on demand (each module parsed at most once per run)."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot
        self._modules: dict[str, _Module] = {}
        self._tables: dict[str, list[tuple[Base, str]]] | None = None
        self._unresolved: set[str] = set()  # files with `Table(...)` on a metadata this reading cannot name

    # -- modules ------------------------------------------------------------------------------------------------

    def module(self, path: str) -> _Module:
        if path not in self._modules:
            self._modules[path] = _read(path, self.snapshot.text(path) or "")
        return self._modules[path]

    def module_text(self, path: str, text: str) -> _Module:
        """A module read from `text` (an env.py as this run has edited it), remembered in its place."""
        self._modules[path] = _read(path, text)
        return self._modules[path]

    def resolve_import(
        self, path: str, imported: tuple[str, str | None], roots: tuple[str, ...], depth: int = 0
    ) -> Base | None:
        """The base an imported name (`from app.db import Base`: ("app.db", "Base")) stands for."""
        source, attribute = imported
        if attribute is None:
            return None
        if source == "sqlmodel" and attribute == "SQLModel":
            return Base("", "SQLModel", "sqlmodel")
        target = self._locate(source, path, roots)
        return self.resolve(target, attribute, roots, depth + 1) if target else None

    def find(self, dotted: str, roots: tuple[str, ...]) -> str | None:
        """The file a dotted module name is under the first root that has it, or None (not the repository's)."""
        rel = dotted.replace(".", "/")
        for root in roots:
            base = f"{root}/{rel}" if root else rel
            for candidate in (f"{base}.py", f"{base}/__init__.py"):
                if self.snapshot.exists(candidate):
                    return candidate
        return None

    def dotted_name(self, path: str, roots: tuple[str, ...]) -> str | None:
        """How code running under `roots` imports the file at `path` (`app.models.item`), or None."""
        for root in roots:
            prefix = f"{root}/" if root else ""
            if path.startswith(prefix):
                rel = path[len(prefix) :].removesuffix(".py").removesuffix("/__init__")
                if all(part.isidentifier() for part in rel.split("/")):
                    return rel.replace("/", ".")
        return None

    # -- what env.py reaches -----------------------------------------------------------------------------------------

    def closure(self, path: str, roots: tuple[str, ...], text: str | None = None) -> tuple[frozenset[str], bool]:
        """The repository files importing `path` runs (itself included), and whether that set is complete. `text`
        is the file's text where it differs from the snapshot's (an env.py this run has edited)."""
        if text is not None:
            self._modules[path] = _read(path, text)
        seen: set[str] = set()
        todo = [path]
        complete = True
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            if len(seen) > MAX_MODULES:
                return frozenset(seen), False
            module = self.module(current)
            complete = complete and not module.dynamic and module.tree is not None
            for target in self._imported_files(current, module, roots):
                if target not in seen:
                    todo.append(target)
        return frozenset(seen), complete

    def _imported_files(self, path: str, module: _Module, roots: tuple[str, ...]) -> list[str]:
        found: list[str] = []
        if module.tree is None:
            return found
        for node in ast.walk(module.tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _absolute(path, node.module, node.level, self.snapshot)
                if base is None:
                    continue
                names = [base] + [f"{base}.{a.name}" for a in node.names if a.name != "*"]
            for name in names:
                parts = name.split(".")
                for depth in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__ too
                    file = self._locate(".".join(parts[:depth]), path, roots)
                    if file:
                        found.append(file)
        return found

    def _locate(self, dotted: str, importer: str, roots: tuple[str, ...]) -> str | None:
        if dotted.startswith("\x00"):  # a relative import, already a path
            rel = dotted[1:]
            for candidate in (f"{rel}.py", f"{rel}/__init__.py"):
                if self.snapshot.exists(candidate):
                    return candidate
            return None
        return self.find(dotted, roots)

    # -- bases and tables ---------------------------------------------------------------------------------------

    def unresolved(self, within: str) -> tuple[str, ...]:
        """Files under `within` defining tables on a metadata this reading cannot name (`Table("t", meta.metadata)`:
        ckan's core tables): where there are any, the picture `tables` gives is incomplete."""
        self.tables(within)
        return tuple(sorted(p for p in self._unresolved if not within or p.startswith(within + "/")))

    def tables(self, within: str) -> dict[Base, tuple[str, ...]]:
        """Each base of the files under `within` ("" for all) with the files that define tables on it; test and
        fixture folders left out (their tables are no model of the application's)."""
        if self._tables is None:
            self._tables = self._scan()
        found: dict[Base, set[str]] = {}
        for path, entries in self._tables.items():
            if within and not path.startswith(within + "/"):
                continue
            for base, kind in entries:
                if kind == "table":
                    found.setdefault(base, set()).add(path)
                else:
                    found.setdefault(base, set())
        return {base: tuple(sorted(paths)) for base, paths in found.items()}

    def resolve(self, path: str, name: str, roots: tuple[str, ...], depth: int = 0) -> Base | None:
        """The base a name of a module stands for (through imports and re-exports), if it is one."""
        if depth > 8:  # noqa: PLR2004 - re-exports are a few levels deep at most
            return None
        module = self.module(path)
        if name in module.classes:
            return _class_base(path, module.classes[name])
        if name in module.assigns:
            return _assigned_base(path, name, module.assigns[name])
        imported = module.imports.get(name)
        return self.resolve_import(path, imported, roots, depth) if imported is not None else None

    def _scan(self) -> dict[str, list[tuple[Base, str]]]:
        """Every file mentioning models: its bases ("base") and its tables' bases ("table")."""
        found: dict[str, list[tuple[Base, str]]] = {}
        for path, text in self.snapshot.files.items():
            if not path.endswith(".py") or "/versions/" in f"/{path}" or not any(h in text for h in _MODEL_HINTS):
                continue
            if any(part in _NOT_MODELS for part in path.split("/")[:-1]):
                continue
            module = self.module(path)
            entries: list[tuple[Base, str]] = []
            for cls in module.classes.values():
                base = _class_base(path, cls)
                if base is not None:
                    entries.append((base, "base"))
                    continue
                table = self._table_base(path, cls)
                if table is not None:
                    entries.append((table, "table"))
            for name, value in module.assigns.items():
                base = _assigned_base(path, name, value)
                if base is not None:
                    entries.append((base, "base"))
            entries += [(b, "table") for b in self._core_tables(path, module)]
            if entries:
                found[path] = entries
        return found

    def _table_base(self, path: str, cls: ast.ClassDef, depth: int = 0) -> Base | None:
        """The base a class maps a table on: SQLModel with table=True, or a chain of the project's classes ending
        at a base (abstract classes on the way define no table themselves)."""
        if depth > 8:  # noqa: PLR2004
            return None
        if any(k.arg == "table" and isinstance(k.value, ast.Constant) and k.value.value is True for k in cls.keywords):
            return Base("", "SQLModel", "sqlmodel") if depth == 0 else None
        if depth == 0 and _assigns(cls, "__abstract__"):
            return None
        module = self.module(path)
        for parent in cls.bases:
            name = _name_of(parent)
            if name is None:
                continue
            head, _, attribute = name.partition(".")
            if attribute == "Model" and isinstance(module.assigns.get(head), ast.Call):  # Flask-SQLAlchemy db.Model
                base = _assigned_base(path, head, module.assigns[head])
                if base is not None:
                    return base
            base = self._resolve_class(path, name, depth)
            if base is not None:
                return base
        return None

    def _resolve_class(self, path: str, name: str, depth: int) -> Base | None:
        module = self.module(path)
        head = name.split(".")[0]
        if "." not in name and name in module.classes:
            cls = module.classes[name]
            return _class_base(path, cls) or self._table_base(path, cls, depth + 1)
        imported = module.imports.get(head)
        if imported is None or imported[1] is None or "." in name:
            return None
        target = self._locate(imported[0], path, ("",) + _roots_of(path))
        if target is None:
            return None
        other = self.module(target)
        cls = other.classes.get(imported[1])
        if cls is not None:
            return _class_base(target, cls) or self._table_base(target, cls, depth + 1)
        if imported[1] in other.imports:
            return self._resolve_class(target, imported[1], depth + 1)
        value = other.assigns.get(imported[1])
        return _assigned_base(target, imported[1], value) if value is not None else None

    def _core_tables(self, path: str, module: _Module) -> list[Base]:
        """`Table("name", metadata, ...)` on a module-level `MetaData()` of this module (any other metadata is
        recorded as unresolved)."""
        found = []
        for node in ast.walk(module.tree) if module.tree else ():
            if isinstance(node, ast.Call) and _name_of(node.func) in ("Table", "sa.Table", "sqlalchemy.Table"):
                argument = node.args[1] if len(node.args) > 1 else None
                value = module.assigns.get(argument.id) if isinstance(argument, ast.Name) else None
                base = _assigned_base(path, argument.id, value) if isinstance(argument, ast.Name) and value else None
                if base is not None:
                    found.append(base)
                elif argument is not None:
                    self._unresolved.add(path)
        return found


def models(repo: Repository) -> Models:
    """The analysis `Context.shared` hands every env.py."""
    return Models(repo.snapshot)


def _read(path: str, text: str) -> _Module:
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return _Module(path, None)
    module = _Module(path, tree, dynamic=any(h in text for h in _DYNAMIC_HINTS))
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            module.classes[node.name] = node
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            module.assigns[node.targets[0].id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            module.assigns[node.target.id] = node.value
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                module.imports[alias.asname or alias.name.split(".")[0]] = (alias.name, None)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(path, node.module, node.level, None)
            for alias in node.names:
                if source is not None and alias.name != "*":
                    module.imports[alias.asname or alias.name] = (source, alias.name)
    return module


def _absolute(path: str, module: str | None, level: int, snapshot: Snapshot | None) -> str | None:
    """An import's module as a dotted name, or, for a relative import, as "\\x00" + its path without `.py`."""
    if level == 0:
        return module
    parts = path.split("/")[:-1]
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    rel = "/".join(base + (module.split(".") if module else []))
    return "\x00" + rel


def _class_base(path: str, cls: ast.ClassDef) -> Base | None:
    """A class that makes a metadata: a DeclarativeBase subclass, an `@as_declarative()` class."""
    if any((_name_of(b) or "").rpartition(".")[2] in _DECLARATIVE_BASES for b in cls.bases):
        return Base(path, cls.name, "declarative")
    for decorator in cls.decorator_list:
        name = _name_of(decorator.func if isinstance(decorator, ast.Call) else decorator) or ""
        if name.rpartition(".")[2] in ("as_declarative", "as_declarative_base"):
            return Base(path, cls.name, "declarative")
    return None


def _assigned_base(path: str, name: str, value: ast.expr) -> Base | None:
    """`Base = declarative_base()`, `registry().generate_base()`, `db = SQLAlchemy()`, `metadata = MetaData()`."""
    if not isinstance(value, ast.Call):
        return None
    callee = (_name_of(value.func) or "").rpartition(".")[2]
    if callee in ("declarative_base", "generate_base"):
        return Base(path, name, "declarative")
    if callee == "SQLAlchemy":
        return Base(path, name, "flask")
    if callee == "MetaData":
        return Base(path, name, "metadata")
    return None


def _assigns(cls: ast.ClassDef, name: str) -> bool:
    for statement in cls.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in statement.targets
        ):
            return isinstance(statement.value, ast.Constant) and bool(statement.value.value)
    return False


def _name_of(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _name_of(node.value)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, ast.Subscript):  # Generic[...]-style bases
        return _name_of(node.value)
    return None


def _roots_of(path: str) -> tuple[str, ...]:
    """Folders a module's own absolute imports may resolve under: each of its ancestors (nearest last)."""
    parts = path.split("/")[:-1]
    return tuple("/".join(parts[:n]) for n in range(len(parts) - 1, 0, -1))


__all__ = ["MAX_MODULES", "READS", "Base", "Models", "models"]
