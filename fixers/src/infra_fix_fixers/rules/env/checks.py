"""EV003 and EV004: the secrets `leaks.found` located, reported for a human with the file, the line and the
variable's name; never the value, nor a hash of it. No fix is made: a committed secret stays in the history, so the
one remedy is to rotate it, and only a human can.
"""

from __future__ import annotations

import re
import shlex

from msgspec import Struct

from ...edit.envfile import bindings
from ...facts import secrets
from ...fixer import Context, FileRun, check
from ...model import Severity
from .leaks import Leak, found
from .names import BASE_COMPOSE, is_example
from .rules import HARDCODED, TRACKED_ENV


class Text(Struct, frozen=True):
    """A file only read, never edited: its text, for the engine's comparison."""

    text: str


Run = FileRun[Text]
_COMPOSE_SETTING = re.compile(r"(?:COMPOSE|DOCKER)_[A-Z0-9_]+")


def targets(ctx: Context) -> tuple[str, ...]:
    return ctx.shared(found).paths


def open_text(path: str, text: str, ctx: Context) -> Text:
    return Text(text)


@check(TRACKED_ENV)
def tracked_env(run: Run) -> None:
    leaks = run.ctx.shared(found).tracked_env.get(run.path)
    if leaks is None:
        return
    path = run.path
    quoted = shlex.quote(path)
    if leaks:
        names = ", ".join(f"{leak.name or leak.kind} (line {leak.line})" for leak in leaks)
        compose = _compose_beside(run.ctx, path)
        keep = f" ({compose} reads it: keep your local copy, the command leaves the file on disk)" if compose else ""
        them = "it" if len(leaks) == 1 else "each of them"
        run.report(TRACKED_ENV, f"{path} is tracked by git and holds {_count(leaks)}: {names}. Stop tracking it"
                   f"{keep} and rotate {them}, since the old values stay in the history:\n"
                   f"git rm --cached -- {quoted}\ngit commit -m {shlex.quote(f'Stop tracking {path}')}\n"
                   f"then change {', '.join(dict.fromkeys(leak.name or leak.kind for leak in leaks))} wherever "
                   "it is used, and document the variables in the example env file",
                   line=leaks[0].line, severity=Severity.ERROR)  # fmt: skip
        return
    name = path.rpartition("/")[2]
    keys = [b.key for b in bindings(run.doc.text) if b.key]
    if name != ".env" or _frontend(run.ctx, path, keys):
        return  # `.env.production`, a frontend's `.env` of public settings: committed on purpose, nothing to say
    compose = _compose_beside(run.ctx, path)
    if keys and all(_COMPOSE_SETTING.match(k) for k in keys):
        run.report(TRACKED_ENV, f"{path} is tracked by git: it holds only compose's own settings "
                   f"({', '.join(keys)}), which is how compose is configured; keep credentials out of it",
                   line=1, severity=Severity.WARNING)  # fmt: skip
        return
    if compose:
        run.report(TRACKED_ENV, f"{path} is tracked by git: it holds no secret, and {compose} reads it as compose's "
                   "defaults file, so it stays; keep credentials out of it (an ignored file such as .env.local "
                   "passed with env_file, or the shell's environment)", line=1, severity=Severity.WARNING)  # fmt: skip
        return
    folder = path.rpartition("/")[0]
    target = f"{folder}/example.env" if folder else "example.env"
    run.report(TRACKED_ENV, f"{path} is tracked by git: it holds only placeholders, so it serves as a template; "
               f"rename it so real values never land in a tracked file:\ngit mv -- {quoted} {shlex.quote(target)}\n"
               "then add .env to .gitignore and copy the template to .env where the project runs",
               line=1, severity=Severity.WARNING)  # fmt: skip


@check(HARDCODED)
def hardcoded(run: Run) -> None:
    for leak in run.ctx.shared(found).leaks.get(run.path, ()):
        run.report(HARDCODED, _advice(run.path, leak), line=leak.line)


def kept_for_compose(ctx: Context, path: str) -> bool:
    """A tracked `.env` that holds no secret and configures compose (its own settings, or the defaults a compose file
    beside it interpolates): committed on purpose, and `docker compose up` needs it, so it stays tracked and
    `.gitignore` is not asked to ignore its name."""
    leaks = ctx.shared(found).tracked_env.get(path)
    if leaks is None or leaks or path.rpartition("/")[2] != ".env":
        return False
    keys = [b.key for b in bindings(ctx.snapshot.text(path) or "") if b.key]
    if _frontend(ctx, path, keys):
        return False
    return bool(keys and all(_COMPOSE_SETTING.match(k) for k in keys)) or _compose_beside(ctx, path) is not None


def _advice(path: str, leak: Leak) -> str:
    """What the secret is, where, and what to do, by the kind of file: never its value."""
    name = path.rpartition("/")[2]
    what = f"`{leak.name}` holds {leak.kind}" if leak.name else leak.kind[0].upper() + leak.kind[1:]
    if path.startswith(".github/workflows/"):
        where = f" at `{leak.where}`" if leak.where else ""
        secret = (leak.name or "TOKEN").upper()
        return (f"{what}, written in the workflow{where}: revoke it, store it as a repository secret and use "
                f"${{{{ secrets.{secret} }}}}")  # fmt: skip
    if name.endswith(".py"):
        if leak.name:
            return (f"{what}: remove the default so `{leak.name}` must come from the environment (list it in the "
                    "example env file), and rotate the value if it was ever deployed")  # fmt: skip
        return f"{what} in the code: read it from the environment instead, and revoke it"
    if is_example(name):
        return f"{what} in an example env file: replace it with a placeholder (change-me) and revoke it"
    if name.endswith(".env") or name.startswith(".env"):
        return (f"{what}: move it to an env file git ignores (or the deployment's secret store), leave a placeholder "
                "here, and rotate it")  # fmt: skip
    return f"{what}: read it from the environment or a credential store (keyring), and revoke it"


def _compose_beside(ctx: Context, path: str) -> str | None:
    """A compose file in the same folder (its base file first): compose reads this `.env` for interpolation (only
    `.env`: `.env.docker` beside it is read where something names it)."""
    folder, _, name = path.rpartition("/")
    if name != ".env":
        return None
    beside = [f for f in ctx.repo.compose_files if f.rpartition("/")[0] == folder]
    return min(beside, key=lambda f: (not BASE_COMPOSE.fullmatch(f.rpartition("/")[2]), f), default=None)


def _frontend(ctx: Context, path: str, keys: list[str]) -> bool:
    """A JavaScript toolchain's `.env` (Vite, Next.js, Create React App load it, and commit it by convention): public
    settings (`VITE_*`, `NEXT_PUBLIC_*`), or a folder with a package.json and no Python project."""
    if keys and all(secrets.frontend_public(k) for k in keys):
        return True
    folder = path.rpartition("/")[0]
    owner = ctx.repo.owner(path)
    package = f"{folder}/package.json" if folder else "package.json"
    return ctx.snapshot.exists(package) and (owner is None or owner.dir != folder)


def _count(leaks: tuple[Leak, ...]) -> str:
    return f"{len(leaks)} credential{'s' if len(leaks) != 1 else ''}"
