"""What an env.py does, read from its libcst tree: where the database URL comes from in each path alembic runs, which
shape it has (single database, async, multidb, Flask-Migrate), and its `context.configure(...)` calls.

The URL question decides the pair of edits the AL001/AL002 fix makes: alembic's template reads `sqlalchemy.url`
from the ini in both paths (`config.get_main_option("sqlalchemy.url")` offline, `engine_from_config(config.get_section
(...))` online), and the ini's value can only be blanked once every path gets the URL from code. A path gets it from
code when env.py overrides the option at module level (`config.set_main_option("sqlalchemy.url", settings.url)`:
mem0, dispatch, Flask-Migrate), or in the function that reads it (`configuration["sqlalchemy.url"] = get_url()`:
the full-stack template), or when it never asks the configuration (`context.configure(url=get_url())`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from msgspec import Struct, field

from ...edit.python import find
from ...edit.python_imports import dotted

if TYPE_CHECKING:
    import libcst as cst

URL_KEY = "sqlalchemy.url"
_ENGINE_FROM_CONFIG = ("engine_from_config", "async_engine_from_config")


class Script(Struct):
    """An env.py, as far as the AL rules need to know it."""

    module: cst.Module
    config: str | None = None  # the module-level name bound to `context.config` (`config`)
    config_index: int | None = None  # the index in module.body of that binding, or of `from alembic import context`
    reads: list[cst.Call] = field(default_factory=list)  # calls that read the URL from alembic.ini, not overridden
    override: str | None = None  # "always": every path gets the URL from code; "fallback": from code when blank
    literal: bool = False  # a path gets a URL written into env.py itself
    multidb: bool = False  # several databases, each URL from its own ini section
    flask: bool = False  # Flask-Migrate's env.py: the app's config decides
    is_async: bool = False
    configures: list[cst.Call] = field(default_factory=list)  # every `context.configure(...)` call
    bound: set[str] = field(default_factory=set)  # names bound at module level (imports, defs, assignments)

    @property
    def url_from_ini(self) -> bool:
        """Whether some path alembic runs takes the URL from alembic.ini (a fallback reads it where it is set)."""
        return bool(self.reads)

    @property
    def shape(self) -> str:
        if self.flask:
            return "Flask-Migrate"
        if self.multidb:
            return "multidb"
        return "async" if self.is_async else "single-database"


def read(module: cst.Module) -> Script:
    import libcst as cst

    script = Script(module)
    for index, statement in enumerate(module.body):
        script.bound |= _binds(statement)
        if isinstance(statement, cst.FunctionDef | cst.ClassDef):
            continue
        if script.config_index is None and _imports_context(statement):
            script.config_index = index
        name = _config_binding(statement)
        if name and script.config is None:
            script.config, script.config_index = name, index
    text = module.code
    script.flask = "current_app" in text and "migrate" in text
    script.is_async = any(w in text for w in ("async_engine_from_config", "create_async_engine", "run_sync"))
    # one walk per top-level statement: its calls and its assignments, which every question below is about
    found = []
    for statement in module.body:
        nodes = find(statement, (cst.Call, cst.Assign))
        found.append(
            (statement, [n for n in nodes if isinstance(n, cst.Call)], [n for n in nodes if isinstance(n, cst.Assign)])
        )
    script.configures = [
        c for _, calls, _ in found for c in calls if (dotted(c.func) or "").endswith("context.configure")
    ]
    at_module = [f for f in found if not isinstance(f[0], cst.FunctionDef | cst.ClassDef)]
    functions = [f for f in found if isinstance(f[0], cst.FunctionDef)]
    override_at, fallback_tests = _module_override(script, at_module)
    section_names = _section_names([a for _, _, assigns in at_module for a in assigns])
    # module-level statements run in order (a read before the override still reads the ini); functions run after
    # the whole module, so a module-level override reaches every one of them
    scopes = [(f, override_at is not None and i > override_at) for i, f in enumerate(at_module)]
    scopes += [
        (f, override_at is not None or any(not _literal_url(c) for c in _set_url_calls(f[1]))) for f in functions
    ]
    for (_, calls, assigns), overridden in scopes:
        names = section_names | _section_names(assigns)
        url_set = _url_assigned(assigns)
        for call in calls:
            kind = _reader(call, names, url_set)
            if kind == "multidb":
                script.multidb = True
            elif kind == "ini" and not overridden and not any(call is t for t in fallback_tests):
                script.reads.append(call)
    return script


Found = tuple["cst.BaseStatement", list["cst.Call"], list["cst.Assign"]]


def _module_override(script: Script, statements: Sequence[Found]) -> tuple[int | None, list[cst.Call]]:
    """(the index of the first statement that always sets the URL from code, the reader calls inside a fallback's
    test); sets `script.override` ("always", "fallback") and `script.literal`. Only a statement of its own counts as
    "always": one inside an `if`, a `try` or a `with` may not run."""
    import libcst as cst

    at: int | None = None
    tests: list[cst.Call] = []
    for index, (statement, calls, _) in enumerate(statements):
        if isinstance(statement, cst.If) and _is_fallback(statement, calls):
            script.override = script.override or "fallback"
            test = statement.test
            if isinstance(test, cst.UnaryOperation) and isinstance(test.expression, cst.Call):
                tests.append(test.expression)
            continue
        for call in _set_url_calls(calls):
            literal = _literal_url(call)
            script.literal = script.literal or literal
            if not literal and isinstance(statement, cst.SimpleStatementLine) and at is None:
                script.override, at = "always", index
    return at, tests


def _set_url_calls(calls: Sequence[cst.Call]) -> list[cst.Call]:
    found = []
    for call in calls:
        name = dotted(call.func) or ""
        args = [a.value for a in call.args if a.keyword is None]
        if name.endswith(".set_main_option") and len(args) >= 2 and string(args[0]) == URL_KEY:  # noqa: PLR2004
            found.append(call)
        elif name.endswith(".set_section_option") and len(args) >= 3 and string(args[1]) == URL_KEY:  # noqa: PLR2004
            if (dotted(args[0]) or "").endswith("config_ini_section") or string(args[0]) == "alembic":
                found.append(call)
    return found


def _literal_url(call: cst.Call) -> bool:
    value = [a.value for a in call.args if a.keyword is None][-1]
    return string(value) is not None


def _is_fallback(statement: cst.If, calls: Sequence[cst.Call]) -> bool:
    """`if not config.get_main_option("sqlalchemy.url"): config.set_main_option("sqlalchemy.url", ...)`: the URL
    from code where the caller (a test, the application) has not set one: what the AL001 fix writes."""
    import libcst as cst

    test = statement.test
    if not (isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not)):
        return False
    call = test.expression
    if not (isinstance(call, cst.Call) and (dotted(call.func) or "").endswith(".get_main_option")):
        return False
    args = [a.value for a in call.args if a.keyword is None]
    return bool(args) and string(args[0]) == URL_KEY and bool(_set_url_calls(calls))


def _reader(call: cst.Call, section_names: set[str], url_set: set[str]) -> str | None:
    """ "ini" for a call that reads the main section's URL, "multidb" for one that reads another section's."""
    import libcst as cst

    name = dotted(call.func) or ""
    positional = [a.value for a in call.args if a.keyword is None]
    if name.endswith((".get_main_option", ".get_alembic_option")):
        return "ini" if positional and string(positional[0]) == URL_KEY else None
    if name.endswith(".get_section_option"):
        return "multidb" if len(positional) > 1 and string(positional[1]) == URL_KEY else None
    if name.rpartition(".")[2] not in _ENGINE_FROM_CONFIG or not positional:
        return None
    if any(a.keyword is not None and a.keyword.value == "url" for a in call.args):
        return None
    first = positional[0]
    if isinstance(first, cst.Call) and (dotted(first.func) or "").endswith(".get_section"):
        return _section_kind(first)
    if isinstance(first, cst.Name) and first.value in section_names and first.value not in url_set:
        return "ini"
    return None


def _section_kind(call: cst.Call) -> str:
    """`config.get_section(config.config_ini_section)` is the main section; `get_section(name)` in a loop, another."""
    args = [a.value for a in call.args if a.keyword is None]
    if not args or (dotted(args[0]) or "").endswith("config_ini_section") or string(args[0]) == "alembic":
        return "ini"
    return "multidb"


def _section_names(assigns: Sequence[cst.Assign]) -> set[str]:
    """Names assigned the main section (`configuration = config.get_section(config.config_ini_section)`)."""
    import libcst as cst

    found = set()
    for assign in assigns:
        value = assign.value
        if isinstance(value, cst.Call) and (dotted(value.func) or "").endswith(".get_section"):
            if _section_kind(value) == "ini":
                found |= {t.target.value for t in assign.targets if isinstance(t.target, cst.Name)}
    return found


def _url_assigned(assigns: Sequence[cst.Assign]) -> set[str]:
    """Names whose `["sqlalchemy.url"]` is set from code (`configuration["sqlalchemy.url"] = get_url()`)."""
    import libcst as cst

    found = set()
    for assign in assigns:
        for target in assign.targets:
            sub = target.target
            if isinstance(sub, cst.Subscript) and isinstance(sub.value, cst.Name) and len(sub.slice) == 1:
                index = sub.slice[0].slice
                if isinstance(index, cst.Index) and string(index.value) == URL_KEY:
                    found.add(sub.value.value)
    return found


def _config_binding(statement: cst.CSTNode) -> str | None:
    """`config = context.config` at module level: the name."""
    import libcst as cst

    if not isinstance(statement, cst.SimpleStatementLine):
        return None
    for small in statement.body:
        if isinstance(small, cst.Assign) and dotted(small.value) == "context.config":
            for target in small.targets:
                if isinstance(target.target, cst.Name):
                    return target.target.value
    return None


def _imports_context(statement: cst.CSTNode) -> bool:
    import libcst as cst

    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    for small in statement.body:
        if (
            isinstance(small, cst.ImportFrom)
            and dotted(small.module) == "alembic"
            and not isinstance(small.names, cst.ImportStar)
        ):
            if any(dotted(a.name) == "context" and a.asname is None for a in small.names):
                return True
    return False


def _binds(statement: cst.CSTNode) -> set[str]:
    """Names a module-level statement binds (imports, defs, classes, plain assignments)."""
    import libcst as cst

    if isinstance(statement, cst.FunctionDef | cst.ClassDef):
        return {statement.name.value}
    names: set[str] = set()
    if not isinstance(statement, cst.SimpleStatementLine):
        return names
    for small in statement.body:
        if isinstance(small, cst.Import):
            for alias in small.names:
                names.add(_alias_name(alias) or "")
        elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
            names |= {_alias_name(a) or "" for a in small.names}
        elif isinstance(small, cst.Assign):
            names |= {t.target.value for t in small.targets if isinstance(t.target, cst.Name)}
        elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
            names.add(small.target.value)
    return names - {""}


def _alias_name(alias: cst.ImportAlias) -> str | None:
    import libcst as cst

    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    name = dotted(alias.name)
    return name.split(".")[0] if name else None


def string(node: cst.CSTNode | None) -> str | None:
    """The value of a plain string literal (no f-string), else None."""
    import libcst as cst

    if isinstance(node, cst.SimpleString | cst.ConcatenatedString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


__all__ = ["URL_KEY", "Script", "dotted", "read", "string"]
