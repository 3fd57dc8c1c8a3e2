"""The built-in pack, registered under the entry-point group `infra_fix.fixers` like any third-party pack.

Order matters where two fixers own one file (pyproject.toml: ruff's settings, then the pyproject rules) and where a
later fixer builds on an earlier one's edit in the same change (a CI job runs `.venv/bin/pytest` once the pyproject
rules have added pytest to the dev dependencies).
"""

from __future__ import annotations

from .fixer import Fixer


def pack() -> list[Fixer]:
    from .rules import alembic, ci, docker, env, make, precommit, pyproject, pyright, renovate, ruff, uv

    return [
        ruff.FIXER,
        pyproject.FIXER,
        precommit.FIXER,
        precommit.RUNNER,
        pyright.FIXER,
        ci.FIXER,
        docker.DOCKERFILE,
        docker.DOCKERIGNORE,
        docker.COMPOSE,
        alembic.CONFIG,
        alembic.ENV,
        make.FIXER,
        uv.GITIGNORE,
        uv.PROJECT,
        renovate.CONFIG,
        renovate.WORKFLOW,
        # last: the example env file lists what every other family's files read once they are fixed
        env.GITIGNORE_FIXER,
        env.SECRETS,
        env.EXAMPLE_FIXER,
    ]
