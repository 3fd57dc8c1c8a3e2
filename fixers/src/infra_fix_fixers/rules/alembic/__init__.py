"""AL: alembic, per tree (facts/alembic.py): its configuration (config.py: alembic.ini, or `[tool.alembic]` where
a tree has no ini) and its env.py (envpy.py, with libcst). The configuration fixer runs first: its URL fix writes
the env.py half of its edit through `FileRun.others`, and the env.py fixer then works on that text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...facts import models as models_facts
from ...fixer import Context, Parts, deferred_fixer
from .rules import (
    COMPARE_TYPE,
    CREDENTIALS,
    DOTENV,
    ENV_CREDENTIALS,
    FILE_TEMPLATE,
    INCLUDE_SCHEMAS,
    METADATA,
    URL_IN_INI,
)

if TYPE_CHECKING:
    from . import config, envpy


def _config_targets(ctx: Context) -> tuple[str, ...]:
    trees = ctx.project.alembic if ctx.project else ()
    paths = [t.ini or t.toml for t in trees]
    return tuple(dict.fromkeys(p for p in paths if p and ctx.snapshot.exists(p)))


def _env_targets(ctx: Context) -> tuple[str, ...]:
    trees = ctx.project.alembic if ctx.project else ()
    return tuple(dict.fromkeys(t.env_py for t in trees if t.env_py and ctx.snapshot.exists(t.env_py)))


def _config_parts() -> Parts[config.AlembicConfig]:
    from . import config

    return Parts(config.open_config, (config.database_url, config.file_template))


def _env_parts() -> Parts[envpy.EnvDocument]:
    from . import envpy

    return Parts(
        envpy.open_env, (envpy.dotenv, envpy.metadata, envpy.compare_type, envpy.include_schemas, envpy.credentials)
    )


# The checks (libcst, the INI editor) are imported on the first alembic tree a run fixes: most repositories have none.
CONFIG = deferred_fixer(
    name="alembic-config",
    reads=("**/alembic.ini", "**/pyproject.toml", "**/env.py"),
    targets=_config_targets,
    parts=_config_parts,
    rules=(CREDENTIALS, URL_IN_INI, FILE_TEMPLATE),
    default_path="alembic.ini",
)
ENV = deferred_fixer(
    name="alembic-env",
    reads=("**/env.py", *models_facts.READS),
    targets=_env_targets,
    parts=_env_parts,
    rules=(DOTENV, METADATA, COMPARE_TYPE, INCLUDE_SCHEMAS, ENV_CREDENTIALS),
    default_path="migrations/env.py",
)

__all__ = ["CONFIG", "COMPARE_TYPE", "CREDENTIALS", "DOTENV", "ENV", "ENV_CREDENTIALS", "FILE_TEMPLATE",
           "INCLUDE_SCHEMAS", "URL_IN_INI"]  # fmt: skip
