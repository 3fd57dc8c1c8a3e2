"""MK004 (`.env` read by make), MK005 (`?=` defaults the environment can override), MK007 (secrets in a Makefile).

None of these is ever fixed by an edit. `-include .env` with `export` hands every variable to every recipe, and
make reads `.env` by its own rules, not python-dotenv's or compose's (verified with GNU make 4.3): `A="quoted"`
keeps its quotes, `B=bar # note` keeps the space before the `#`, `D=p$word` loses `$w` to make's expansion. So the
pattern is suggested with those caveats, and where a Makefile already includes an env file whose values make would
read differently, the variables are named (never their values).
"""

from __future__ import annotations

import posixpath
import re

from ...edit.makefile import joined
from ...edit.makefile_doc import MakefileDocument
from ...facts import secrets
from ...fixer import FileRun, check
from .rules import DOTENV, OVERRIDES, SECRET

Run = FileRun[MakefileDocument]
EXAMPLE_ENV = (".env.example", "example.env", "env.example", ".env.sample", ".env.template", ".env.dist")
_ENV_INCLUDE = re.compile(r"(?:.*/)?\.env(?:\.[\w.-]+)?|[\w.-]+\.env")
_SELECTOR = re.compile(r"(?:[A-Z][A-Z0-9]*_)?(?:ENV|ENVIRONMENT|ENVIRONMENT_NAME|ENV_NAME|STAGE|DEPLOY_ENV)")
_ENV_LINE = re.compile(r"\s*(?:export\s+)?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=(?P<value>.*)")
_MAKE_REFERENCE = re.compile(r"\$[({]")
_APP = re.compile(
    r"\b(?:docker[ -]compose|alembic|uvicorn|gunicorn|flask|celery|manage\.py|fastapi\s+(?:run|dev)|"
    r"prefect\s+deploy|python\s+-m\s+(?!pytest|ruff|mypy|pyright|pip)\w+)\b"
)


@check(DOTENV)
def dotenv(run: Run) -> None:
    doc = run.doc
    folder = posixpath.dirname(run.path)
    env_includes = [i for i in doc.parsed.includes if any(_ENV_INCLUDE.fullmatch(p) for p in i.paths)]
    example = next((p for p in (posixpath.join(folder, n) for n in EXAMPLE_ENV) if run.ctx.snapshot.exists(p)), None)
    if not env_includes:
        if example is not None and _runs_the_app(doc):
            run.report(DOTENV, f"the targets do not read .env ({posixpath.basename(example)} lists its variables): "
                       "`-include .env` and `export` would, but make keeps quotes, keeps the space before a `#` "
                       "comment and expands `$` in values, unlike python-dotenv and compose: add it by hand where "
                       "the values allow", line=1)  # fmt: skip
        return
    for include in env_includes:
        line = doc.origins.original(include.line.start + 1)
        if not include.optional:
            run.report(DOTENV, "`include .env` stops make where .env is absent (a fresh clone, CI): `-include .env` "
                       "reads it only where it exists", line=line)  # fmt: skip
    odd = _read_differently(run.ctx.snapshot.text(example) if example else None)
    if odd:
        what = "; ".join(f"{why}: {_some(names)}" for why, names in odd.items())
        run.report(DOTENV, f"make reads .env otherwise than python-dotenv and compose do, for the variables of "
                   f"{posixpath.basename(example or '')} ({what}): unquote them or read .env another way",
                   line=doc.origins.original(env_includes[0].line.start + 1))  # fmt: skip


def _runs_the_app(doc: MakefileDocument) -> bool:
    """Whether some target runs what reads the environment (the services, migrations, the app, a deploy), where
    `.env` matters; lint and test targets alone are no reason to export it."""
    names = {n for r in doc.parsed.rules for n in r.targets}
    if names & {"up", "down", "run", "serve", "start", "dev", "deploy", "migrate", "worker"}:
        return True
    recipes = "\n".join(joined(x) for r in doc.parsed.rules for x in r.recipe)
    return bool(_APP.search(recipes))


def _some(names: list[str]) -> str:
    return ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")


def _read_differently(text: str | None) -> dict[str, list[str]]:
    """The variables of an env file whose value make would read otherwise than dotenv (names only)."""
    found: dict[str, list[str]] = {}
    for line in (text or "").split("\n"):
        match = _ENV_LINE.fullmatch(line.rstrip("\r"))
        if not match or line.lstrip().startswith("#"):
            continue
        name, value = match.group("name"), match.group("value")
        if re.match(r"\s*[\"']", value):
            found.setdefault("quotes kept", []).append(name)
        elif re.search(r"\s#", value):
            found.setdefault("the space before its comment kept", []).append(name)
        if "$" in value.replace("$$", ""):
            found.setdefault("`$` expanded by make", []).append(name)
    return found


@check(OVERRIDES)
def overrides(run: Run) -> None:
    for a in run.doc.parsed.assignments:
        if a.op in ("=", ":=", "::=", ":::=") and _SELECTOR.fullmatch(a.name) and not a.depth:
            run.report(OVERRIDES, f"`{a.name} {a.op} ...` ignores `{a.name}` from the environment "
                       f"(`{a.name}=prod make deploy`): `{a.name} ?= ...` keeps this default and lets it be "
                       "overridden", line=run.doc.origins.original(a.line.start + 1))  # fmt: skip


@check(SECRET)
def hard_coded_secrets(run: Run) -> None:
    doc = run.doc
    for a in doc.parsed.assignments:
        if a.op in ("define", "!=") or _MAKE_REFERENCE.search(a.value):
            continue
        found = secrets.assigned(a.name, a.value)
        if found:
            _report(run, f"`{a.name}` holds {found.kind}", a.line.start)
    for rule in doc.parsed.rules:
        for line in rule.recipe:
            for found in secrets.in_text(joined(line)):
                _report(run, f"a recipe of `{rule.targets[0] if rule.targets else '?'}` holds {found.kind}", line.start)


def _report(run: Run, what: str, start: int) -> None:
    run.report(SECRET, f"{what}: a committed secret; read it from the environment (or a .env that git ignores) "
               "and rotate it", line=run.doc.origins.original(start + 1))  # fmt: skip
