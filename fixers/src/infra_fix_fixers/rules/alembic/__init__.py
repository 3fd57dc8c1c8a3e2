"""AL: alembic, per tree (facts/alembic.py): its configuration (config.py: alembic.ini, or `[tool.alembic]` where
a tree has no ini) and its env.py (envpy.py, with libcst). The configuration fixer runs first: its URL fix writes
the env.py half of its edit through `FileRun.others`, and the env.py fixer then works on that text.
"""

from __future__ import annotations

from ...facts import models as models_facts
from ...fixer import Context, document_fixer
from . import config, envpy
from .rules import COMPARE_TYPE, CREDENTIALS, DOTENV, ENV_CREDENTIALS, FILE_TEMPLATE, INCLUDE_SCHEMAS, URL_IN_INI


def _config_targets(ctx: Context) -> tuple[str, ...]:
    trees = ctx.project.alembic if ctx.project else ()
    paths = [t.ini or t.toml for t in trees]
    return tuple(dict.fromkeys(p for p in paths if p and ctx.snapshot.exists(p)))


def _env_targets(ctx: Context) -> tuple[str, ...]:
    trees = ctx.project.alembic if ctx.project else ()
    return tuple(dict.fromkeys(t.env_py for t in trees if t.env_py and ctx.snapshot.exists(t.env_py)))


CONFIG = document_fixer(
    name="alembic-config",
    reads=("**/alembic.ini", "**/pyproject.toml", "**/env.py"),
    targets=_config_targets,
    open=config.open_config,
    checks=(config.database_url, config.file_template),
    default_path="alembic.ini",
)
ENV = document_fixer(
    name="alembic-env",
    reads=("**/env.py", *models_facts.READS),
    targets=_env_targets,
    open=envpy.open_env,
    checks=(envpy.dotenv, envpy.metadata, envpy.compare_type, envpy.include_schemas, envpy.credentials),
    default_path="migrations/env.py",
)

__all__ = ["CONFIG", "COMPARE_TYPE", "CREDENTIALS", "DOTENV", "ENV", "ENV_CREDENTIALS", "FILE_TEMPLATE",
           "INCLUDE_SCHEMAS", "URL_IN_INI"]  # fmt: skip
