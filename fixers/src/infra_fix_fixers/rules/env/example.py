"""EV002: an example env file beside each `.env` the project reads, listing every variable read there.

The example file has one writer, this fixer, registered last: compose and alembic fixers that move a literal secret
out to `${VAR}` (or make env.py read POSTGRES_*) run before it, and `plan` reads the files as they left them. An
existing file keeps every line and its order; the variables it lacks are appended in groups under comments, in its
own style. Values are placeholders (`change-me`, `your_key_here`), empty for a required setting, or a default every
reader agrees on where it is plainly no secret (`LOG_LEVEL=INFO`); an optional setting without such a default is
written commented out (`# CACHE_URL=`), so copying the file to `.env` changes nothing the code would do without it.
"""

from __future__ import annotations

import re

from ...edit.envfile import Entry, EnvFile, render
from ...facts.hooks import PRECOMMIT_PATHS, precommit_repos
from ...facts.repository import Repository
from ...fixer import Context, FileRun, check
from ...model import Applicability
from .leaks import found
from .plan import EnvContext, Variable, plan
from .rules import EXAMPLE

_API_KEY = re.compile(r"(?i)(?:^|_)(?:API_?KEY|APIKEY|ACCESS_KEY(?:_ID)?|CLIENT_ID)$")
_GROUPS = ("Database", "API keys and secrets (placeholder values)", "Environment")
_PRAGMA = "pragma: allowlist secret"
_DETECT_SECRETS = re.compile(r"\bdetect-secrets\b")
Run = FileRun[EnvFile]
READS = (*PRECOMMIT_PATHS, ".github/workflows/*.yml", ".github/workflows/*.yaml")


def targets(ctx: Context) -> tuple[str, ...]:
    return tuple(c.path for c in plan(ctx) if c.exists or c.wanted)


def open_example(path: str, text: str, ctx: Context) -> EnvFile:
    return EnvFile(text)


@check(EXAMPLE)
def complete(run: Run) -> None:
    context = _context(run)
    if context is None:
        return
    documented = run.doc.documented()
    nested = {name.split("__", 1)[0] for name in documented if "__" in name}  # `SECURITY__JWT_SECRET_KEY`
    missing = [v for v in context.variables if v.name.upper() not in documented | nested]
    if not missing:
        return
    names = ", ".join(v.name for v in missing)
    message = f"{run.path} lacks {_count(missing)} that {_readers(missing)} read: add {names}"
    held = run.ctx.shared(found).leaks.get(run.path)
    if held:  # a patch would show the line around it, and the bot would commit beside it: the secret goes first
        lines = ", ".join(str(leak.line) for leak in held)
        run.report(EXAMPLE, f"{message} (left as is: the file holds a credential at line {lines}, EV004; replace it "
                   "with a placeholder first)", line=1)  # fmt: skip
        return
    kind = None
    if context.loaded:
        kind = Applicability.UNSAFE
        message += (f" (unsafe: {', '.join(context.loaded)} loads this file, so a new line sets the variable where the "
                    "code now uses its default; review the values first)")  # fmt: skip
    scanned = run.ctx.shared(runs_detect_secrets)
    run.report(EXAMPLE, message, line=1, applicability=kind, edit=lambda: run.doc.append(groups(missing, scanned)))


def create(run: FileRun[None]) -> None:
    context = _context(run)
    if context is None or not context.wanted:
        return
    variables = list(context.variables)
    header = (
        f"Environment variables read by {_readers(variables)}.",
        "Copy this file to .env and set real values there: .env is ignored by git and never committed.",
    )
    message = f"no example env file documents the {_count(variables)} read here ({context.why}): create {run.path}"
    scanned = run.ctx.shared(runs_detect_secrets)
    run.create(EXAMPLE, message, lambda: render(groups(variables, scanned), header))


def groups(variables: list[Variable], scanned: bool = False) -> list[tuple[str | None, list[Entry]]]:
    """The blueprint's grouping: database settings, then API keys and secrets, then the rest; each by name.
    `scanned`: the repository runs detect-secrets, which flags `PASSWORD=change-me`."""
    by_group: dict[str, list[Entry]] = {}
    for variable in variables:
        by_group.setdefault(variable.group, []).append(entry(variable, scanned))
    return [(name, by_group[name]) for name in _GROUPS if name in by_group]


def entry(variable: Variable, scanned: bool = False) -> Entry:
    """A variable's line: a placeholder for a credential (commented out where the code goes on without it); the
    plain default the readers agree on, set where one of them requires the variable, else commented out (shown, yet
    a copy keeps following the code's default as it changes: fief's 60 settings with defaults); empty where it is
    required; else commented out (unset keeps the reader's own default).
    Where the repository runs detect-secrets, a placeholder line carries its allowlist pragma: the hook would
    otherwise fail on the new lines (measured: detect-secrets 1.5 flags `POSTGRES_PASSWORD=change-me`)."""
    if variable.secret:  # optional (the code goes on without it): commented, so a copy enables nothing by itself
        placeholder = "your_key_here" if _API_KEY.search(variable.name) else "change-me"
        note = _PRAGMA if scanned and variable.required else ""
        return Entry(variable.name, placeholder, commented=not variable.required, note=note)
    if variable.shown is not None:
        return Entry(variable.name, variable.shown, commented=not variable.required)
    return Entry(variable.name, "", commented=not variable.required)


def runs_detect_secrets(repo: Repository) -> bool:
    """Whether the repository runs detect-secrets: a pre-commit hook, a baseline file, a workflow step."""
    snapshot = repo.snapshot
    if snapshot.exists(".secrets.baseline"):
        return True
    listed = [r.get("hooks") for r in precommit_repos(snapshot)]
    hooks = [h for found in listed if isinstance(found, list) for h in found if isinstance(h, dict)]
    if any(_DETECT_SECRETS.search(str(h.get("id", ""))) for h in hooks):
        return True
    workflows = (p for p in snapshot.files if p.startswith(".github/workflows/"))
    return any(_DETECT_SECRETS.search(snapshot.text(p) or "") for p in workflows)


def _context(run: FileRun[EnvFile] | FileRun[None]) -> EnvContext | None:
    return next((c for c in plan(run.ctx) if c.path == run.path), None)


def _sources(variables: list[Variable]) -> list[str]:
    return list(dict.fromkeys(path for v in variables for path in v.readers or (v.first.path,)))


def _readers(variables: list[Variable]) -> str:
    files = _sources(variables)
    if len(files) <= 3:
        return " and ".join([", ".join(files[:-1]), files[-1]] if len(files) > 1 else files)
    return f"{', '.join(files[:2])} and {len(files) - 2} more files"


def _count(variables: list[Variable]) -> str:
    return f"{len(variables)} variable{'s' if len(variables) != 1 else ''}"
