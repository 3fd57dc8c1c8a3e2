"""The database URL an alembic.ini holds, and the env.py code that builds it from the environment instead.

The URL is read for its shape only: the driver (`postgresql+psycopg`), and the user, host, port and database, which
become the defaults of the variables that replace them, so that a deployment that sets POSTGRES_PASSWORD connects
where it connected before. The password is never kept, quoted or written anywhere: it is only known to be there.

The code written (blueprint section 9's `get_url()`, built with SQLAlchemy's `URL.create` so that a password holding
`@`, `/` or `%` still works, and rendered with `%` doubled, as `Config.set_main_option` requires):

    def get_url() -> str:
        ...
    if not config.get_main_option("sqlalchemy.url"):  # a URL given by the caller (a test, the application) wins
        config.set_main_option("sqlalchemy.url", get_url().replace("%", "%%"))

Both paths of alembic's templates read that option (offline `get_main_option`, online `engine_from_config` over the
main section), async and sync alike, so one statement before the first function serves them all; a caller that sets
a URL on its own `Config` (pytest-alembic, an application running its migrations) keeps it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from msgspec import Struct

from ...edit.python import find
from ...edit.python_imports import add_import, leading_imports
from ...facts.secrets import is_reference, url_password
from .script import URL_KEY, Script
from .variables import BLUEPRINT, Names

if TYPE_CHECKING:
    import libcst as cst

_POSTGRES = re.compile(r"postgres(?:ql)?(?:\+\w+)?")


class Url(Struct, frozen=True):
    """What a URL says, its password left out (only whether there is one)."""

    scheme: str
    user: str | None
    password: bool
    host: str | None
    port: str | None
    database: str | None
    query: tuple[tuple[str, str], ...] = ()

    @property
    def postgres(self) -> bool:
        return bool(_POSTGRES.fullmatch(self.scheme))


def parse(value: str) -> Url | None:
    """A database URL as SQLAlchemy reads `dialect+driver://user:password@host:port/database?query`, or None for
    anything else (a placeholder, an interpolation, a template)."""
    value = value.strip()
    if not re.fullmatch(r"[A-Za-z][\w+.-]*://\S*", value) or is_reference(value):
        return None
    try:
        parts = urlsplit(value)
        port = str(parts.port) if parts.port is not None else None
    except ValueError:
        return None
    query = tuple((k, v) for k, _, v in (p.partition("=") for p in parts.query.split("&") if p))
    return Url(
        scheme=parts.scheme,
        user=unquote(parts.username) if parts.username else None,
        password=parts.password is not None and url_password(value) is not None,
        host=parts.hostname,
        port=port,
        database=unquote(parts.path.lstrip("/")) or None,
        query=query,
    )


def is_placeholder(value: str) -> bool:
    """alembic's template URL (`driver://user:pass@localhost/dbname`), a `{db_url}` a program fills in, `${X}`, or
    anything that is not a database URL: it configures nothing."""
    url = parse(value)
    return url is None or url.scheme == "driver"


def get_url_code(url: Url, indent: str, q: str = '"', names: Names = BLUEPRINT) -> str:
    """blueprint section 9's get_url(), with the URL's own parts as the defaults (its password never), reading
    `names`, indented and quoted as the file is (`q`: the quote its strings use)."""
    i = indent

    def quote(text: str) -> str:
        return q + text.replace("\\", "\\\\").replace(q, "\\" + q) + q

    def env(name: str, default: str | None) -> str:
        return f"os.getenv({quote(name)}, {quote(default)})" if default is not None else f"os.getenv({quote(name)})"

    password = f"os.environ[{quote(names.password)}]" if url.password else env(names.password, None)
    lines = [
        "def get_url() -> str:",
        f'{i}"""The database URL, built from the {names.describe()} environment variables."""',
        f"{i}return URL.create(",
        f"{i}{i}{quote(url.scheme)},",
        f"{i}{i}username={env(names.user, url.user or 'postgres')},",
        f"{i}{i}password={password},",
        f"{i}{i}host={env(names.host, url.host or 'localhost')},",
        f"{i}{i}port=int({env(names.port, url.port or '5432')}),",
        f"{i}{i}database={env(names.database, url.database or 'postgres')},",
    ]
    if url.query:
        pairs = ", ".join(f"{quote(k)}: {quote(v)}" for k, v in url.query)
        lines.append(f"{i}{i}query={{{pairs}}},")
    lines.append(f"{i}).render_as_string(hide_password=False)")
    return "\n".join(lines) + "\n"


def fallback_code(config: str, indent: str, q: str = '"') -> str:
    return (
        "# a URL the caller set (a test, the application) wins over the environment\n"
        f"if not {config}.get_main_option({q}{URL_KEY}{q}):\n"
        f"{indent}{config}.set_main_option({q}{URL_KEY}{q}, get_url().replace({q}%{q}, {q}%%{q}))\n"
    )


def from_environment(script: Script, url: Url, names: Names = BLUEPRINT) -> cst.Module | None:
    """env.py with get_url() and the fallback before its first function, or None where its shape is not one this
    edit is known to serve (several databases, Flask-Migrate, no `context` to reach the configuration through, a
    `get_url` of its own already, nowhere to put it before the URL is read)."""
    import libcst as cst

    module = script.module
    if script.multidb or script.flask or script.config_index is None or "get_url" in script.bound:
        return None
    if not url.postgres:
        return None
    at = _insertion_point(script)
    if at is None:
        return None
    indent = module.default_indent
    config = script.config or "context.config"
    q = quote_style(module)
    code = get_url_code(url, indent, q, names) + "\n\n" + fallback_code(config, indent, q)
    statements = cst.parse_module(code).body
    body = list(module.body)
    anchor = body[at]
    lines = list(anchor.leading_lines)
    cut = max((k + 1 for k, line in enumerate(lines) if line.comment is None), default=0)
    standalone, attached = lines[:cut], lines[cut:]  # a comment block apart from the function is not its own
    blank = (cst.EmptyLine(), cst.EmptyLine())
    first = statements[0].with_changes(leading_lines=standalone if _has_comment(standalone) else blank)
    body[at : at + 1] = [first, statements[1], anchor.with_changes(leading_lines=(*blank, *attached))]
    module = module.with_changes(body=body)
    if "os" not in script.bound:
        module = add_import(module, "import os")
    if "URL" not in script.bound:
        module = add_import(module, "from sqlalchemy.engine import URL")
    return module


def _insertion_point(script: Script) -> int | None:
    """The first top-level function after the configuration is bound, or the first statement reading the URL at
    module level, whichever comes first."""
    import libcst as cst

    module = script.module
    start = (script.config_index or 0) + 1
    start = max(start, leading_imports(module)[1])
    for index in range(start, len(module.body)):
        statement = module.body[index]
        if isinstance(statement, cst.FunctionDef):
            return index
        if any(any(call is r for r in script.reads) for call in find(statement, cst.Call)):
            return index
    return None


def _has_comment(lines: list[cst.EmptyLine]) -> bool:
    return any(line.comment is not None for line in lines)


def quote_style(module: cst.Module) -> str:
    """The quote the module's strings use most (`'` in Mailu's env.py), double quotes where it has none."""
    import libcst as cst

    quotes = [s.quote for s in find(module, cst.SimpleString) if s.quote in ("'", '"')]
    return "'" if quotes.count("'") > quotes.count('"') else '"'


__all__ = ["Url", "fallback_code", "from_environment", "get_url_code", "is_placeholder", "parse"]
