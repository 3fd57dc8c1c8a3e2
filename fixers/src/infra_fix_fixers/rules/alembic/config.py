"""AL001-AL003: alembic's configuration, the ini (and `[tool.alembic]` where a tree keeps its settings there).

The URL rules fix two files at once or not at all: the ini's `sqlalchemy.url` is left blank only together with an
env.py that builds the URL from the environment, already (then the ini's value is dead and blanking it is safe) or
by the get_url() this same edit adds (unsafe: the deployment must then set POSTGRES_*). The env.py edit is made on
the text as this run has it so far, and handed to the engine beside the ini's (`FileRun.others`), so the env.py
rules that run next build on it.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING

from msgspec import Struct

from ...edit.ini import IniDocument
from ...edit.python import PythonDocument
from ...edit.splice import line_end
from ...edit.toml import TomlDocument
from ...facts.alembic import Alembic, revisions
from ...facts.secrets import in_text
from ...fixer import Context, FileRun, check
from ...model import Applicability, ParseError
from . import url as urls
from . import variables
from .pins import older, pinned
from .rules import CREDENTIALS, FILE_TEMPLATE, URL_IN_INI
from .script import URL_KEY, Script, read

if TYPE_CHECKING:
    import libcst as cst

FILE_TEMPLATE_VALUE = "%%(year)d%%(month).2d%%(day).2d_%%(hour).2d%%(minute).2d_%%(rev)s_%%(slug)s"
_DATED_NAME = re.compile(r"\d{8}_\d{4}_[0-9a-f]+_.*\.py")  # what FILE_TEMPLATE_VALUE names a revision


class AlembicConfig(Struct):
    """An alembic.ini (or a pyproject.toml holding `[tool.alembic]`) and the trees that read it."""

    path: str
    ini: IniDocument | None
    toml: TomlDocument | None
    trees: tuple[Alembic, ...]

    @property
    def text(self) -> str:
        doc = self.ini or self.toml
        return doc.text if doc else ""

    def get(self, path: tuple[str | int, ...], default: object = None) -> object:
        if self.ini is not None:
            return self.ini.get(path, default)
        return self.toml.get(tuple(map(str, path)), default) if self.toml else default

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        if self.ini is not None:
            return self.ini.line_of(path)
        return self.toml.line_of(tuple(map(str, path))) if self.toml else None


Run = FileRun[AlembicConfig]


def open_config(path: str, text: str, ctx: Context) -> AlembicConfig:
    project = ctx.project
    trees = tuple(t for t in (project.alembic if project else ()) if path in (t.ini, t.toml))
    if path.endswith(".toml"):
        return AlembicConfig(path, None, TomlDocument(text), trees)
    return AlembicConfig(path, IniDocument(text), None, trees)


# -- AL001, AL002: the database URL -------------------------------------------------------------------------------


@check(CREDENTIALS, URL_IN_INI)
def database_url(run: Run) -> None:
    ini = run.doc.ini
    if ini is None:
        return
    for section, values in list(ini.data.items()):
        value = values.get(URL_KEY)
        if value is None or not value.strip() or urls.is_placeholder(value):
            continue
        url = urls.parse(value)
        if url is None or url.scheme.startswith("sqlite") and not url.password:
            continue  # a SQLite file is no credential, and no server the deployment names
        _url_finding(run, section, url)
    _commented_secrets(run, ini)


def _url_finding(run: Run, section: str, url: urls.Url) -> None:
    rule = CREDENTIALS if url.password else URL_IN_INI
    # a section that is no tree of its own (multidb's [engine1]) is read by the env.py of the ini's main tree
    tree = next((t for t in run.doc.trees if t.section == section), None)
    reader = tree or next((t for t in run.doc.trees if t.section == "alembic"), None)
    what = "a password in the database URL" if url.password else "the database URL"
    where = f"[{section}] {URL_KEY}"
    env_py = reader.env_py if reader and reader.env_py and run.ctx.snapshot.exists(reader.env_py) else None
    if reader is None or env_py is None:
        run.report(rule, f"{where} holds {what}: leave it blank and build the URL from the environment in env.py "
                   f"(infra-fix cannot find the env.py of this section){_secret_note(url)}",
                   at=(section, URL_KEY))  # fmt: skip
        return
    doc = _env_document(run.ctx, env_py)
    script = _read(doc) if doc is not None else None
    if doc is None or script is None:
        run.report(rule, f"{where} holds {what}: leave it blank and build the URL from the environment in {env_py}, "
                   f"which does not parse{_secret_note(url)}", at=(section, URL_KEY))  # fmt: skip
        return
    if tree is None:  # the section of one database of several (multidb's [engine1]), or one no tree reads as its own
        reason = _why_manual(script, url) if script.multidb else "no alembic tree reads this section as its own"
        run.report(rule, f"{where} holds {what}: leave it blank and build the URL from the environment in {env_py} "
                   f"({reason}){_secret_note(url)}", at=(section, URL_KEY))  # fmt: skip
        return
    names = variables.names(run.ctx, tree.folder)
    if script.override == "always" and not script.url_from_ini:
        run.report(rule, f"{where} holds {what} that {env_py} never reads (it sets the URL from code first): leave "
                   f"it blank{_secret_note(url)}", at=(section, URL_KEY), applicability=Applicability.SAFE,
                   edit=lambda: _blank(run, section))  # fmt: skip
        return
    if not script.url_from_ini:  # no read infra-fix can see, but nothing that proves the value dead either
        run.report(rule, f"{where} holds {what}, which {env_py} does not appear to read: leave it blank (unsafe: "
                   f"infra-fix cannot prove nothing else reads it){_secret_note(url)}", at=(section, URL_KEY),
                   edit=lambda: _blank(run, section))  # fmt: skip
        return
    if script.override == "fallback":
        run.report(rule, f"{where} holds {what}, which wins over the environment {env_py} reads: leave it blank "
                   f"(unsafe: the deployment must set {names.describe()}){_secret_note(url)}", at=(section, URL_KEY),
                   edit=lambda: _blank(run, section))  # fmt: skip
        return
    sqlalchemy = pinned(run.ctx, "sqlalchemy")
    new = None if older(sqlalchemy, (1, 4)) else urls.from_environment(script, url, names)
    if new is None:
        run.report(rule, f"{where} holds {what}: leave it blank and build the URL from the environment in {env_py} "
                   f"({_why_manual(script, url, sqlalchemy)}){_secret_note(url)}", at=(section, URL_KEY))  # fmt: skip
        return
    needed = names.password if url.password else names.describe()
    run.report(rule, f"{where} holds {what}: leave it blank and build the URL from {names.describe()} in {env_py} "
               f"(get_url()); unsafe: the deployment must then set {needed}{_secret_note(url)}",
               at=(section, URL_KEY), edit=lambda: _pair(run, section, env_py, doc, new))  # fmt: skip


def _why_manual(script: Script, url: urls.Url, sqlalchemy: str | None = None) -> str:
    if older(sqlalchemy, (1, 4)):
        return f"the project pins SQLAlchemy {sqlalchemy}, and infra-fix's get_url() needs URL.create (1.4)"
    if not url.postgres:
        return f"infra-fix writes get_url() for PostgreSQL only, and this URL is {url.scheme}"
    if script.multidb:
        return "a multidb env.py: each database's URL is its own section's, for each to be built from the environment"
    if script.flask:
        return "a Flask-Migrate env.py: the URL is the Flask app's configuration"
    if "get_url" in script.bound:
        return "it defines a get_url() of its own that the paths reading the ini do not use"
    return "infra-fix does not recognise where its URL is read"


def _secret_note(url: urls.Url) -> str:
    return "; the password is in the repository's history: rotate it" if url.password else ""


def _blank(run: Run, section: str) -> bool:
    ini = run.doc.ini
    return ini is not None and ini.set((section, URL_KEY), "")


def _pair(run: Run, section: str, env_py: str, doc: PythonDocument, new: cst.Module) -> bool:
    """The env.py edit and the ini's, both verified, or neither."""
    if not doc.replace(new):
        return False
    if not _blank(run, section):
        return False
    run.others[env_py] = doc.text
    return True


def _read(doc: PythonDocument) -> Script | None:
    """The env.py's script, or None where it is too deep to walk (env.py's own fixer reports that, as its error)."""
    try:
        return read(doc.module)
    except RecursionError:
        return None


def _env_document(ctx: Context, path: str) -> PythonDocument | None:
    text = ctx.current(path)
    if text is None:
        return None
    try:
        return PythonDocument(text)
    except ParseError:
        return None  # the env.py fixer reports where, as that file's error


def _commented_secrets(run: Run, ini: IniDocument) -> None:
    """A commented-out URL keeps its password in the file (conda-store's `# sqlalchemy.url = ...://...:password@`)."""
    for start, line in ini.secrets_in_comments():
        for secret in in_text(line):
            run.report(CREDENTIALS, f"a comment holds {secret.kind}: remove it from the file (and rotate it)",
                       line=ini.line_at(start), applicability=Applicability.MANUAL)  # fmt: skip


# -- AL003: dated revision file names -----------------------------------------------------------------------------


@check(FILE_TEMPLATE)
def file_template(run: Run) -> None:
    for tree in run.doc.trees:
        if tree.script_location is None:
            continue
        current, where = _file_template(run, tree)
        if current is not None and "(year)" in current or _dated_elsewhere(run.doc.ini):
            continue  # dated already, in whatever form the project chose
        names = revisions(run.ctx.snapshot, tree)
        at = (tree.section, "file_template") if run.doc.ini else ("tool", "alembic", "file_template")
        message = f"revision files of {tree.script_location} are not named by date"
        if names is None:
            run.report(FILE_TEMPLATE, f"{message}: set file_template = {FILE_TEMPLATE_VALUE} (infra-fix cannot find "
                       "the version folders to check the existing names)", at=at)  # fmt: skip
            continue
        other = [n for n in names if not _DATED_NAME.fullmatch(n)]
        if other:
            run.report(FILE_TEMPLATE, f"{message}, and {len(other)} existing revision(s) follow another scheme: "
                       f"set file_template = {FILE_TEMPLATE_VALUE} only if mixing two schemes in "
                       f"{tree.versions[0]} is acceptable", at=at)  # fmt: skip
            continue
        run.report(FILE_TEMPLATE, f"{message}: set file_template = {FILE_TEMPLATE_VALUE}", at=at,
                   edit=lambda tree=tree, where=where: _set_template(run, tree, where))  # fmt: skip


def _file_template(run: Run, tree: Alembic) -> tuple[str | None, str]:
    """The tree's file_template as alembic reads it (its ini section first, then `[tool.alembic]`) and the file its
    settings are kept in: "ini", or "toml" where the section names no script folder of its own."""
    ini = run.doc.ini
    section = ini.data.get(tree.section, {}) if ini else {}
    default = ini.data.get("DEFAULT", {}) if ini else {}
    value = section.get("file_template", default.get("file_template"))
    toml = _toml(run, tree)
    in_toml = toml.get(("tool", "alembic", "file_template")) if toml else None
    keeps = (
        "toml" if toml is not None and "script_location" not in section and "script_location" not in default else "ini"
    )
    if value is None and isinstance(in_toml, str):
        value = in_toml
    return value, keeps


def _dated_elsewhere(ini: IniDocument | None) -> bool:
    """A dated file_template in another section of the same ini: the project's choice, which its own code may apply
    to every tree (dispatch's CLI runs `[core]` and `[tenant]` through `[alembic]`, whose template names them)."""
    return ini is not None and any("(year)" in values.get("file_template", "") for values in ini.data.values())


def _toml(run: Run, tree: Alembic) -> TomlDocument | None:
    if run.doc.toml is not None:
        return run.doc.toml
    if tree.toml is None:
        return None
    text = run.ctx.current(tree.toml)
    try:
        return TomlDocument(text) if text is not None else None
    except ParseError:
        return None


def _set_template(run: Run, tree: Alembic, where: str) -> bool:
    if where == "toml":
        toml = _toml(run, tree)
        if toml is None or not _set_toml_template(toml):
            return False
        if toml is not run.doc.toml and tree.toml is not None:
            run.others[tree.toml] = toml.text
        return True
    ini = run.doc.ini
    if ini is None:
        return False
    key = (tree.section, "file_template")
    if ini.get(key) is not None:
        return ini.set(key, FILE_TEMPLATE_VALUE)
    return ini.add(key, FILE_TEMPLATE_VALUE, at=_template_anchor(ini, tree.section))


def _set_toml_template(toml: TomlDocument) -> bool:
    """file_template in `[tool.alembic]`, below alembic's commented-out suggestion where the template left one."""
    key = ("tool", "alembic", "file_template")
    table = toml.get(("tool", "alembic"))
    suggestion = re.search(r"(?m)^#\s*file_template\s*=.*\n", toml.text)
    if isinstance(table, dict) and suggestion is not None:
        at = _block_end(toml.text, suggestion.start())
        expected = copy.deepcopy(toml.data)
        expected["tool"]["alembic"]["file_template"] = FILE_TEMPLATE_VALUE
        if toml.accept(expected, [f'{toml.text[:at]}file_template = "{FILE_TEMPLATE_VALUE}"\n{toml.text[at:]}']):
            return True
    return toml.set(key, FILE_TEMPLATE_VALUE)


def _template_anchor(ini: IniDocument, section: str) -> int | None:
    """Where a new file_template line goes: below the comment block holding alembic's commented-out suggestion
    (`# file_template = ...`), else below script_location, else at the end of the section."""
    commented = ini.commented(section, "file_template")
    if commented:
        return _block_end(ini.text, commented[-1][0])
    entry = ini.entry((section, "script_location"))
    return line_end(ini.text, entry.end) if entry is not None else None


def _block_end(text: str, start: int) -> int:
    """The offset after the last consecutive comment line from the line at `start`."""
    offset = start
    while offset < len(text):
        nl = text.find("\n", offset)
        line = text[offset : nl if nl >= 0 else len(text)]
        if not line.strip().startswith(("#", ";")):
            break
        offset = nl + 1 if nl >= 0 else len(text)
    return offset
