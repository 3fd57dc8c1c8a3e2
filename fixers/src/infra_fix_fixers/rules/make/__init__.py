"""MK: Makefiles (the root's and each project's), read and edited line by line (edit/makefile_doc.py): `.PHONY`,
`help`, the standard targets, `.env` and overrides, secrets; and the uv rules that live in a Makefile's recipes
(sync-locks, `uv lock` at deploy, `uv --python`). A recipe and its tabs are never touched; make is never run on
a repository's Makefile (`make -n` still runs `$(shell ...)`).
"""

from __future__ import annotations

from ...edit.makefile_doc import MakefileDocument
from ...facts.pins import REQUIREMENT_FILES
from ...fixer import Check, Context, Scope, document_fixer
from ..uv import locks, recipes
from ..uv.rules import LOCK_AT_DEPLOY, PYTHON_OUTSIDE, SYNC_LOCKS
from . import environment, phony, standard, usage
from .analysis import makefile_in, makefiles
from .create import create
from .rules import CREATE, DOTENV, HELP, OVERRIDES, PHONY, SECRET, STANDARD


def _targets(ctx: Context) -> tuple[str, ...]:
    found = makefiles(ctx.repo)
    if makefile_in(ctx.snapshot, "") is None:
        found = ("Makefile", *found)  # where one may be created
    return found


def _open(path: str, text: str, ctx: Context) -> MakefileDocument:
    return MakefileDocument(text)  # raises ParseError with the line of an unterminated define or conditional


FIXER = document_fixer(
    name="makefile",
    reads=(
        "**/Makefile",
        "**/makefile",
        "**/GNUmakefile",
        "**/*.mk",
        "**/.env.example",
        "**/example.env",
        "**/env.example",
        "**/.env.sample",
        "**/.env.template",
        "**/.env.dist",
        "**/pyproject.toml",
        *(f"**/{n}" for n in REQUIREMENT_FILES),
    ),
    targets=_targets,
    open=_open,
    checks=(
        phony.phony,
        # help before the targets this run adds, and the safe targets before the unsafe ones: its width and every
        # target's place are then the same whether the unsafe fixes come in this run or a later one
        usage.help_target,
        standard.standard_targets,
        locks.sync_locks,
        environment.dotenv,
        environment.overrides,
        environment.hard_coded_secrets,
        recipes.lock_at_deploy,
        recipes.python_outside,
    ),
    create=Check((CREATE, SYNC_LOCKS), create),
    rules=(PHONY, HELP, STANDARD, DOTENV, OVERRIDES, CREATE, SECRET, SYNC_LOCKS, LOCK_AT_DEPLOY, PYTHON_OUTSIDE),
    default_path="Makefile",
    scope=Scope.REPOSITORY,
)

__all__ = ["FIXER"]
