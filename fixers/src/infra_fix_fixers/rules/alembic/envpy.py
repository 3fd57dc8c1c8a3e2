"""AL004-AL008: alembic's env.py, read and edited with libcst (edit/python.py), one verified tree edit at a time.

Every check reads the script as it is now (after the ini fixer's get_url(), after the previous check's edit): the
analysis is remade from the current tree, never from nodes of a tree an edit has replaced.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from msgspec import Struct

from ...edit.document import KeyComments
from ...edit.python import PythonDocument, find, replaced
from ...edit.python_imports import add_import, leading_imports
from ...edit.toml import TomlDocument
from ...facts.alembic import Alembic
from ...facts.environment import python_reads
from ...facts.models import Base, models
from ...facts.pins import requirement_lines, requirement_name
from ...facts.secrets import assigned, in_text
from ...fixer import Context, FileRun, check
from ...judgement import human_word
from ...model import Applicability, ParseError
from .pins import older, pinned
from .rules import COMPARE_TYPE, DOTENV, ENV_CREDENTIALS, INCLUDE_SCHEMAS, METADATA
from .script import Script, dotted, read, string
from .url import quote_style
from .variables import dotenv_folder

if TYPE_CHECKING:
    import libcst as cst

_DOTENV_NAMES = re.compile(r"\b(?:load_dotenv|dotenv_values|find_dotenv|dotenv)\b")
# Variables that name where the database is (what a .env holds for migrations); a flag such as SECUREDROP_ENV is not.
_DATABASE_VARIABLE = re.compile(
    r"(?i)^(?:POSTGRES|PG|DB|DATABASE|SQLALCHEMY|MYSQL|MARIADB)_?\w*|\w*_(?:URL|URI|DSN|HOST|PORT|USER|PASSWORD|DB)$"
)


class EnvDocument(Struct):
    """An env.py: its editor, and the tree it belongs to (None where no configuration names its folder)."""

    path: str
    python: PythonDocument
    tree: Alembic | None
    _read: tuple[cst.Module, Script] | None = None

    @property
    def text(self) -> str:
        return self.python.text

    def get(self, path: tuple[str | int, ...], default: object = None) -> object:
        return self.python.get(path, default)

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        return self.python.line_of(path)

    @property
    def script(self) -> Script:
        """The script as it reads now: worked out once per text, remade after an edit."""
        cached = self._read
        if cached is None or cached[0] is not self.python.module:
            cached = self._read = (self.python.module, read(self.python.module))
        return cached[1]


Run = FileRun[EnvDocument]


def open_env(path: str, text: str, ctx: Context) -> EnvDocument:
    trees = ctx.project.alembic if ctx.project else ()
    return EnvDocument(path, PythonDocument(text), next((t for t in trees if t.env_py == path), None))


# -- AL004: .env ---------------------------------------------------------------------------------------------------


@check(DOTENV)
def dotenv(run: Run) -> None:
    doc = run.doc
    reads = [r for r in python_reads(doc.path, doc.text) if r.how in ("environ", "getenv")]
    if _DOTENV_NAMES.search(doc.text) or not any(_DATABASE_VARIABLE.match(r.name) for r in reads):
        return
    folder = dotenv_folder(run.ctx, doc.tree.folder if doc.tree else _parent(doc.path))
    here = _parent(doc.path)
    if folder is None or not (folder == "" or here == folder or here.startswith(folder + "/")):
        return
    depth = (len(here.split("/")) if here else 0) - (len(folder.split("/")) if folder else 0)
    q = quote_style(doc.python.module)
    call = f"load_dotenv(Path(__file__).resolve().parents[{depth}] / {q}.env{q})"
    where = f"{folder}/.env" if folder else ".env"
    message = f"env.py reads environment variables without loading {where}: add `{call}` after its imports"
    runtime = runtime_dependencies(run.ctx)
    if "python-dotenv" in runtime:
        run.report(DOTENV, message, line=1, edit=lambda: _add_dotenv(run, call), applicability=Applicability.SAFE)
        return
    pyproject = run.project.path("pyproject.toml")
    table = (run.project.pyproject or {}).get("project")
    if not isinstance(table, dict):
        run.report(DOTENV, f"{message}, and add python-dotenv to the project's runtime dependencies", line=1,
                   applicability=Applicability.MANUAL)  # fmt: skip
        return
    note = " (then run `uv lock`)" if run.project.lock else ""
    run.report(DOTENV, f"{message}; unsafe: python-dotenv is added to {pyproject}'s dependencies{note}", line=1,
               edit=lambda: _add_dotenv(run, call, pyproject), applicability=Applicability.UNSAFE)  # fmt: skip


def runtime_dependencies(ctx: Context) -> set[str]:
    """What the project installs to run (not its dev tools): `[project] dependencies`, Poetry's main dependencies,
    and its requirements.txt."""
    project = ctx.project
    if project is None:
        return set()
    data = project.pyproject or {}
    table = data.get("project") if isinstance(data.get("project"), dict) else {}
    dependencies = table.get("dependencies") if isinstance(table, dict) else None
    names = {requirement_name(r) for r in dependencies or [] if isinstance(r, str)}
    tool = data.get("tool")
    poetry = tool.get("poetry") if isinstance(tool, dict) else None
    deps = poetry.get("dependencies") if isinstance(poetry, dict) else None
    names |= {requirement_name(str(n)) for n in deps} if isinstance(deps, dict) else set()
    names |= {requirement_name(r) for r in requirement_lines(ctx.snapshot.text(project.path("requirements.txt")))}
    return names - {""}


def _add_dotenv(run: Run, call: str, pyproject: str | None = None) -> bool:
    import libcst as cst

    module = run.doc.python.module
    _, end = leading_imports(module)
    statement = cst.parse_statement(call + "\n").with_changes(leading_lines=(cst.EmptyLine(),))
    body = list(module.body)
    body.insert(end, statement)
    module = module.with_changes(body=body)
    if "Path" not in run.doc.script.bound:
        module = add_import(module, "from pathlib import Path", first_party_names(run, module))
    module = add_import(module, "from dotenv import load_dotenv", first_party_names(run, module))
    if pyproject is not None:
        text = run.ctx.current(pyproject)
        try:
            toml = TomlDocument(text) if text is not None else None
        except ParseError:
            return False
        if toml is None or not toml.extend(("project", "dependencies"), ["python-dotenv"]):
            return False
        if not run.doc.python.replace(module):
            return False
        run.others[pyproject] = toml.text
        return True
    return run.doc.python.replace(module)


# -- AL005: the models' metadata -------------------------------------------------------------------------------------


@check(METADATA)
def metadata(run: Run) -> None:
    doc = run.doc
    value = doc.python.assigned("target_metadata")
    if value is None:
        return  # env.py passes its metadata some other way (warehouse's `db.metadata` inline): not ours to judge
    facts = run.ctx.shared(models)
    roots = import_roots(run)
    found = {base: tables for base, tables in facts.tables(run.project.dir).items() if tables}
    line = doc.python.line_of_node(value)
    if dotted(value) == "None":
        _metadata_none(run, found, roots, line)
        return
    name = dotted(value) or ""
    head, _, rest = name.partition(".")
    if not rest.endswith("metadata"):
        return
    env = facts.module_text(doc.path, doc.text)
    imported = env.imports.get(head)
    if imported is None or imported[1] is None:
        return
    base = facts.resolve_import(doc.path, imported, roots)
    tables = found.get(base, ()) if base is not None else ()
    if not tables:
        return
    reached, complete = facts.closure(doc.path, roots, doc.text)
    missing = [t for t in tables if t not in reached]
    if not missing or not complete:
        return
    names = [facts.dotted_name(t, roots) for t in missing]
    listed = ", ".join(missing)
    if any(n is None for n in names):
        run.report(METADATA, f"autogenerate does not see the tables of {listed}: env.py never imports them; import "
                   "them before target_metadata is read", line=line, applicability=Applicability.MANUAL)  # fmt: skip
        return
    imports = [f"import {n}  # noqa: F401" for n in names if n]
    run.report(METADATA, f"autogenerate does not see the tables of {listed}: env.py never imports them; add "
               f"`{'`, `'.join(i.split('  #')[0] for i in imports)}`", line=line,
               edit=lambda: _add_imports(run, imports))  # fmt: skip


def _metadata_none(run: Run, found: dict[Base, tuple[str, ...]], roots: tuple[str, ...], line: int | None) -> None:
    facts = run.ctx.shared(models)
    unresolved = facts.unresolved(run.project.dir)
    if not found and not unresolved:
        return  # no model anywhere: migrations written by hand (raw SQL), nothing for autogenerate to compare
    message = "target_metadata = None: autogenerate compares the database with no model at all"
    trees = [t for t in run.project.alembic if t.script_location is not None]
    if len(found) != 1 or unresolved or len(trees) > 1:
        listed = "; ".join(f"{b.metadata} in {b.path or 'sqlmodel'}" for b in found)
        why = (
            f"{len(trees)} alembic trees share this project's models" if len(trees) > 1 and len(found) == 1
            else f"tables on a metadata infra-fix cannot name in {', '.join(unresolved[:3])}" if unresolved
            else f"candidates: {listed}"
        )  # fmt: skip
        run.report(METADATA, f"{message}; import the models this tree migrates and set target_metadata to their "
                   f"MetaData (`from myapp.models import Base` and `target_metadata = Base.metadata`; {why})",
                   line=line, applicability=Applicability.MANUAL)  # fmt: skip
        return
    ((base, tables),) = found.items()
    source = "sqlmodel" if base.kind == "sqlmodel" else facts.dotted_name(base.path, roots)
    names = [facts.dotted_name(t, roots) for t in tables if t != base.path]
    if source is None or any(n is None for n in names):
        run.report(METADATA, f"{message}; set it to {base.metadata} ({base.path}) with every model imported: "
                   "infra-fix cannot tell how env.py imports those modules", line=line,
                   applicability=Applicability.MANUAL)  # fmt: skip
        return
    imports = [f"from {source} import {base.name}"] + [f"import {n}  # noqa: F401" for n in names if n]
    run.report(METADATA, f"{message}; set it to {base.metadata}, importing {base.name} from {source} and the "
               f"{len(names)} module(s) defining tables", line=line,
               edit=lambda: _add_imports(run, imports, base.metadata))  # fmt: skip


def import_roots(run: Run) -> tuple[str, ...]:
    """Where env.py's imports resolve: the folder alembic runs in (`prepend_sys_path = .`), the project's folder and
    its src/ (an installed project)."""
    project = run.project
    first = run.doc.tree.folder if run.doc.tree else _parent(run.doc.path)
    roots = [first, project.dir, project.path("src")]
    return tuple(dict.fromkeys(roots))


def _add_imports(run: Run, imports: list[str], metadata_expression: str | None = None) -> bool:
    import libcst as cst

    module = run.doc.python.module
    if metadata_expression is not None:
        old = run.doc.python.assigned("target_metadata")
        if old is None:
            return False
        module = replaced(module, old, cst.parse_expression(metadata_expression))
    first_party = first_party_names(run, module, imports)
    for code in imports:
        module = add_import(module, code, first_party)
    return run.doc.python.replace(module)


def first_party_names(run: Run, module: cst.Module, adding: list[str] | None = None) -> frozenset[str]:
    """The top-level names env.py imports (or is given, `adding`) that are the project's own modules (isort's
    known-first-party)."""
    import libcst as cst

    facts = run.ctx.shared(models)
    roots = import_roots(run)
    tops = {(dotted(n.module) or "").split(".")[0] for n in find(module, cst.ImportFrom) if n.module is not None}
    tops |= {(dotted(a.name) or "").split(".")[0] for n in find(module, cst.Import) for a in n.names}
    tops |= {re.split(r"[ .]", code.split(" ", 1)[1])[0] for code in adding or ()}
    return frozenset(t for t in tops if t and facts.find(t, roots) is not None)


# -- AL006: compare_type --------------------------------------------------------------------------------------------


@check(COMPARE_TYPE)
def compare_type(run: Run) -> None:
    doc = run.doc
    version = pinned(run.ctx, "alembic")
    old = older(version, (1, 12))
    for index, call in enumerate(doc.script.configures):
        keywords = {a.keyword.value: a for a in call.args if a.keyword is not None}
        spread = any(a.star == "**" for a in call.args)
        line = doc.python.line_of_node(call)
        given = keywords.get("compare_type")
        if given is not None and dotted(given.value) == "False":
            word = _comment_word(doc, line, "compare_type")
            message = "compare_type=False: autogenerate and `alembic check` miss column type changes; set it True"
            if word:
                run.report(COMPARE_TYPE, f'{message} (left as is: the comment "{word}" says otherwise)', line=line)
                continue
            run.report(COMPARE_TYPE, message, line=line, edit=lambda i=index: _compare_type(run, i, set_value=True))
        elif old and given is None and not spread and "connection" in keywords:
            run.report(COMPARE_TYPE, f"alembic {version} does not compare column types unless asked "
                       "(the default is True only since 1.12): add compare_type=True", line=line,
                       edit=lambda i=index: _compare_type(run, i, set_value=False))  # fmt: skip


def _compare_type(run: Run, index: int, *, set_value: bool) -> bool:
    import libcst as cst

    module = run.doc.python.module
    calls = read(module).configures
    if index >= len(calls):
        return False
    call = calls[index]
    if set_value:
        args = [
            a.with_changes(value=cst.Name("True")) if a.keyword is not None and a.keyword.value == "compare_type" else a
            for a in call.args
        ]
        return run.doc.python.replace(replaced(module, call, call.with_changes(args=args)))
    new = append_keyword(call, "compare_type", "True")
    candidate = replaced(module, call, new)
    if _longest_new_line(module.code, candidate.code) > line_length(run.ctx):
        candidate = replaced(module, call, one_per_line(new, module.default_indent))  # as black or ruff would
    return run.doc.python.replace(candidate)


def one_per_line(call: cst.Call, indent: str) -> cst.Call:
    """A call of one line written one argument per line, with a trailing comma (black's and ruff's layout for a call
    too long for one line); only for calls on one line, which hold no comment to lose."""
    import libcst as cst

    empty = cst.Module(body=[])
    func = empty.code_for_node(call.func)
    plain = {"comma": cst.MaybeSentinel.DEFAULT, "whitespace_after_arg": cst.SimpleWhitespace("")}
    args = [empty.code_for_node(a.with_changes(**plain)) for a in call.args]
    wrapped = cst.parse_expression(f"{func}(\n" + "".join(f"{indent}{a},\n" for a in args) + ")")
    return wrapped if isinstance(wrapped, cst.Call) else call


def line_length(ctx: Context) -> int:
    """The project's line length (ruff's, else black's), 88 where it sets none: what its formatter keeps to."""
    data = (ctx.project.pyproject if ctx.project else None) or {}
    tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
    for name in ("ruff", "black"):
        table = tool.get(name) if isinstance(tool, dict) else None
        value = table.get("line-length") if isinstance(table, dict) else None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return 88


def _longest_new_line(before: str, after: str) -> int:
    old = set(before.split("\n"))
    return max((len(line) for line in after.split("\n") if line not in old), default=0)


def append_keyword(call: cst.Call, name: str, value: str) -> cst.Call:
    """`call` with `name=value` as its last argument, written as its other arguments are: the comma and whitespace
    between two arguments copied, a trailing comma and the comment after it kept on the argument they follow
    (LibCST's traps: a naive append leaves `, )`, moves the closing parenthesis or a comment)."""
    import libcst as cst

    args = list(call.args)
    if not args:
        return call.with_changes(args=[cst.Arg(cst.parse_expression(value), keyword=cst.Name(name))])
    last = args[-1]
    between = next((a.comma for a in reversed(args[:-1]) if isinstance(a.comma, cst.Comma)), None)
    opening = call.whitespace_before_args
    if between is None:
        spacing = opening if isinstance(opening, cst.ParenthesizedWhitespace) else cst.SimpleWhitespace(" ")
        between = cst.Comma(whitespace_after=spacing)
    equal = last.equal if isinstance(last.equal, cst.AssignEqual) else cst.AssignEqual(
        whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
    )  # fmt: skip
    trailing = last.comma
    after = trailing.whitespace_after if isinstance(trailing, cst.Comma) else None
    spacing = between.whitespace_after
    if (
        isinstance(trailing, cst.Comma)
        and isinstance(after, cst.ParenthesizedWhitespace)
        and isinstance(spacing, cst.ParenthesizedWhitespace)
    ):
        # `last,  # comment` then `)`: the comment stays on its line; the new argument gets the comma and newline
        kept = trailing.with_changes(
            whitespace_after=after.with_changes(indent=spacing.indent, last_line=spacing.last_line)
        )
        closing = cst.Comma(whitespace_after=after.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=[]))
        new = cst.Arg(cst.parse_expression(value), keyword=cst.Name(name), equal=equal, comma=closing)
        args[-1] = last.with_changes(comma=kept)
        return call.with_changes(args=[*args, new])
    new = cst.Arg(
        cst.parse_expression(value),
        keyword=cst.Name(name),
        equal=equal,
        comma=trailing,
        whitespace_after_arg=last.whitespace_after_arg,
    )
    args[-1] = last.with_changes(comma=between, whitespace_after_arg=cst.SimpleWhitespace(""))
    return call.with_changes(args=[*args, new])


def _comment_word(doc: EnvDocument, line: int | None, key: str) -> str | None:
    """A comment on the call's lines, or directly above it, that gives a reason (the human's word)."""
    if line is None:
        return None
    lines = doc.text.split("\n")
    around = [lines[n] for n in range(max(line - 2, 0), min(line + 8, len(lines))) if "#" in lines[n]]
    comments = tuple("#" + text.split("#", 1)[1] for text in around if key in text or text.strip().startswith("#"))
    return human_word(KeyComments(around=comments), key, ["True"])


# -- AL007: include_schemas -------------------------------------------------------------------------------------------

INCLUDE_NAME = 'def include_name(name, type_, parent_names): return type_ != "schema" or name in (None, "your_schema")'


@check(INCLUDE_SCHEMAS)
def include_schemas(run: Run) -> None:
    doc = run.doc
    lines = []
    for call in doc.script.configures:
        keywords = {a.keyword.value: a for a in call.args if a.keyword is not None}
        given = keywords.get("include_schemas")
        if (
            given is not None
            and dotted(given.value) == "True"
            and not {"include_name", "include_object"} & set(keywords)
        ):
            lines.append(doc.python.line_of_node(call))
    if lines:
        also = f" (and line {', '.join(str(n) for n in lines[1:])})" if len(lines) > 1 else ""
        run.report(INCLUDE_SCHEMAS, f"include_schemas=True without an include_name filter{also}: `alembic check` plans "
                   "to drop the tables of every schema the models do not cover; add "
                   f"`{INCLUDE_NAME}` and pass include_name=include_name", line=lines[0])  # fmt: skip


# -- AL008: credentials in env.py -------------------------------------------------------------------------------------


@check(ENV_CREDENTIALS)
def credentials(run: Run) -> None:
    import libcst as cst

    doc = run.doc
    module = doc.python.module
    seen: set[int | None] = set()
    nodes = find(module, (cst.SimpleString, cst.ConcatenatedString, cst.Comment, cst.Assign))
    for node in nodes:
        if isinstance(node, cst.Assign):
            continue
        text = node.value if isinstance(node, cst.Comment) else string(node) or ""
        for secret in in_text(text):
            line = doc.python.line_of_node(node)
            _credential(run, secret.kind, line, seen, comment=isinstance(node, cst.Comment))
    for assign in (n for n in nodes if isinstance(n, cst.Assign)):
        value = string(assign.value)
        if value is None:
            continue
        for target in assign.targets:
            if isinstance(target.target, cst.Name) and assigned(target.target.value, value) is not None:
                _credential(run, f"a literal in {target.target.value}", doc.python.line_of_node(assign), seen)


def _credential(run: Run, kind: str, line: int | None, seen: set[int | None], *, comment: bool = False) -> None:
    if line in seen:
        return
    seen.add(line)
    where = "a comment holds" if comment else "env.py holds"
    run.report(ENV_CREDENTIALS, f"{where} {kind}: read it from the environment instead (and rotate it)", line=line)


def _parent(path: str) -> str:
    return path.rpartition("/")[0]


__all__ = ["EnvDocument", "append_keyword", "open_env"]
