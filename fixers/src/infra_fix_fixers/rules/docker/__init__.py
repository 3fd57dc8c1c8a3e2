"""DF, DI, DC: Dockerfiles, `.dockerignore` files and compose files (blueprint section 7), three fixers over one set
of container facts (facts/containers.py): which Dockerfiles a project has and what they are for, how each is built,
which `.dockerignore` each build reads, whether uv.lock is in the image where `uv sync` runs, the compose files.

The fixers are deferred (fixer.deferred_fixer): their parts and targets live in parts.py, imported only for a
repository with a Dockerfile or a compose file. Without one the container facts hold no image and no compose file,
so each fixer's targets are none whether or not they are worked out: `_containers` says so without importing them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...facts.layout import CONTAINER_READS
from ...fixer import Context, Parts, Scope, TargetFunction, deferred_fixer
from .rules import COMPOSE_RULES, DOCKERFILE_RULES, IGNORE_RULES

_READS = (*CONTAINER_READS, "**/requirements*.txt")


def _containers(ctx: Context) -> bool:
    """Whether the repository has what the container facts are made of: a Dockerfile or a compose file (the facts
    read `repo.dockerfiles` and the compose files, nothing else, for their images and compose files)."""
    return bool(ctx.repo.dockerfiles or ctx.repo.compose_files)


def _targets(name: str) -> TargetFunction:
    """parts.py's `name` (the files a fixer owns), imported only for a repository with containers: without, none."""

    def targets(ctx: Context) -> tuple[str, ...]:
        if not _containers(ctx):
            return ()
        from . import parts

        return getattr(parts, name)(ctx)

    return targets


def _parts(name: str) -> Callable[[], Parts[Any]]:
    """parts.py's `name` (a fixer's `Parts`), imported on the first file the fixer fixes."""

    def load() -> Parts[Any]:
        from . import parts

        return getattr(parts, name)

    return load


DOCKERFILE = deferred_fixer(
    name="dockerfile",
    reads=_READS,
    targets=_targets("dockerfiles"),
    parts=_parts("DOCKERFILE"),
    rules=DOCKERFILE_RULES,
    default_path="Dockerfile",
)
DOCKERIGNORE = deferred_fixer(
    name="dockerignore",
    reads=_READS,
    targets=_targets("ignore_files"),
    parts=_parts("DOCKERIGNORE"),
    rules=IGNORE_RULES,
    default_path=".dockerignore",
    scope=Scope.REPOSITORY,
)
COMPOSE = deferred_fixer(
    name="compose",
    reads=_READS,
    targets=_targets("compose_files"),
    parts=_parts("COMPOSE"),
    rules=COMPOSE_RULES,
    default_path="compose.yml",
    scope=Scope.REPOSITORY,
)

__all__ = ["COMPOSE", "DOCKERFILE", "DOCKERIGNORE"]
