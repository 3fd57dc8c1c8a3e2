"""DF, DI, DC: Dockerfiles, `.dockerignore` files and compose files (blueprint section 7), three fixers over one set
of container facts (facts/containers.py): which Dockerfiles a project has and what they are for, how each is built,
which `.dockerignore` each build reads, whether uv.lock is in the image where `uv sync` runs, the compose files.

The fixers are deferred (fixer.deferred_fixer): their parts and targets live in parts.py, imported only for a
repository with a Dockerfile or a compose file. Without one the container facts hold no image and no compose file,
so each fixer's targets are none whether or not they are worked out: `_containers` says so without importing them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...facts.layout import CONTAINER_READS
from ...fixer import Context, Scope, deferred_fixer
from .rules import COMPOSE_RULES, DOCKERFILE_RULES, IGNORE_RULES

if TYPE_CHECKING:
    from ...fixer import Parts
    from .compose import ComposeDocument
    from .ignore import IgnoreDocument
    from .image import ImageDocument

_READS = (*CONTAINER_READS, "**/requirements*.txt")


def _containers(ctx: Context) -> bool:
    """Whether the repository has what the container facts are made of: a Dockerfile or a compose file (the facts
    read `repo.dockerfiles` and the compose files, nothing else, for their images and compose files)."""
    return bool(ctx.repo.dockerfiles or ctx.repo.compose_files)


def _dockerfiles(ctx: Context) -> tuple[str, ...]:
    if not _containers(ctx):
        return ()
    from .parts import dockerfiles

    return dockerfiles(ctx)


def _ignore_files(ctx: Context) -> tuple[str, ...]:
    if not _containers(ctx):
        return ()
    from .parts import ignore_files

    return ignore_files(ctx)


def _compose_files(ctx: Context) -> tuple[str, ...]:
    if not _containers(ctx):
        return ()
    from .parts import compose_files

    return compose_files(ctx)


def _dockerfile_parts() -> Parts[ImageDocument]:
    from .parts import DOCKERFILE

    return DOCKERFILE


def _ignore_parts() -> Parts[IgnoreDocument]:
    from .parts import DOCKERIGNORE

    return DOCKERIGNORE


def _compose_parts() -> Parts[ComposeDocument]:
    from .parts import COMPOSE

    return COMPOSE


DOCKERFILE = deferred_fixer(
    name="dockerfile",
    reads=_READS,
    targets=_dockerfiles,
    parts=_dockerfile_parts,
    rules=DOCKERFILE_RULES,
    default_path="Dockerfile",
)
DOCKERIGNORE = deferred_fixer(
    name="dockerignore",
    reads=_READS,
    targets=_ignore_files,
    parts=_ignore_parts,
    rules=IGNORE_RULES,
    default_path=".dockerignore",
    scope=Scope.REPOSITORY,
)
COMPOSE = deferred_fixer(
    name="compose",
    reads=_READS,
    targets=_compose_files,
    parts=_compose_parts,
    rules=COMPOSE_RULES,
    default_path="compose.yml",
    scope=Scope.REPOSITORY,
)

__all__ = ["COMPOSE", "DOCKERFILE", "DOCKERIGNORE"]
