"""The environment env.py's get_url() reads, and where the project keeps its `.env`: facts of the project, not guesses.

The blueprint names POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB. A project that
already describes its database with another family of variables (fief's `.env.dist`: DATABASE_HOST, DATABASE_PORT,
DATABASE_USERNAME, DATABASE_PASSWORD, DATABASE_NAME), in its example env file or in what its code reads, keeps
them: one database, one set of names (full-stack-fastapi-template's POSTGRES_SERVER for the host included). Only a
family with its host, user, password and database counts (its port is then `<PREFIX>_PORT`), and only one; otherwise
POSTGRES_*.
"""

from __future__ import annotations

import posixpath
import re

from msgspec import Struct

from ...facts.environment import environment
from ...facts.repository import ancestors
from ...fixer import Context

EXAMPLE_ENV_NAMES = (".env", ".env.example", "example.env", "env.example", ".env.sample", ".env.template", ".env.dist")
_KEY = re.compile(r"(?m)^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=")


class Names(Struct, frozen=True):
    host: str
    port: str
    user: str
    password: str
    database: str

    def describe(self) -> str:
        prefix = self.host.rpartition("_")[0]
        return f"{prefix}_*" if all(n.startswith(prefix + "_") for n in self.every) else ", ".join(self.every)

    @property
    def every(self) -> tuple[str, ...]:
        return self.host, self.port, self.user, self.password, self.database


BLUEPRINT = Names("POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB")


def names(ctx: Context, start: str) -> Names:
    """The family of variables the project names its database with, else the blueprint's."""
    known = set(example_keys(ctx, start))
    project = ctx.project
    within = f"{project.dir}/" if project and project.dir else ""
    known |= {r.name for r in ctx.shared(environment) if r.path.startswith(within)}
    found = []
    for name in sorted(known):
        prefix, _, suffix = name.rpartition("_")
        if suffix not in ("HOST", "SERVER") or not prefix:
            continue
        user = next((f"{prefix}{s}" for s in ("_USER", "_USERNAME") if f"{prefix}{s}" in known), None)
        database = next((f"{prefix}{s}" for s in ("_DB", "_NAME", "_DATABASE") if f"{prefix}{s}" in known), None)
        if user and database and f"{prefix}_PASSWORD" in known:
            found.append(Names(name, f"{prefix}_PORT", user, f"{prefix}_PASSWORD", database))
    return found[0] if len(found) == 1 and found[0].host != BLUEPRINT.host else BLUEPRINT


def dotenv_folder(ctx: Context, start: str) -> str | None:
    """The folder of the project's .env: the nearest at or above `start` holding a .env or an example env file,
    else the nearest whose `.env` git ignores (the project keeps one there, untracked), else the nearest where the
    EV family, later in the same run, documents one (so one run does what two would)."""
    folders = ancestors(start)
    for folder in folders:
        if any(ctx.snapshot.exists(posixpath.join(folder, name)) for name in EXAMPLE_ENV_NAMES):
            return folder
    for folder in folders:
        try:
            if ctx.snapshot.git_ignores(posixpath.join(folder, ".env")) is not None:
                return folder
        except KeyError:
            continue  # git was not asked about that folder: unknown, not "not ignored"
    from ..env.plan import contexts_now  # only where nothing on disk says where the .env is

    configured = {c.folder for c in contexts_now(ctx) if c.configured}
    return next((folder for folder in folders if folder in configured), None)


def example_keys(ctx: Context, start: str) -> list[str]:
    """The variables the example env files at or above `start` name (their values are never read)."""
    keys: list[str] = []
    for folder in ancestors(start):
        for name in EXAMPLE_ENV_NAMES[1:]:
            keys += _KEY.findall(ctx.snapshot.text(posixpath.join(folder, name)) or "")
    return keys
