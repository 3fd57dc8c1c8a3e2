"""DF, DI, DC: Dockerfiles, `.dockerignore` files and compose files (blueprint section 7), three fixers over one set
of container facts (facts/containers.py): which Dockerfiles a project has and what they are for, how each is built,
which `.dockerignore` each build reads, whether uv.lock is in the image where `uv sync` runs, the compose files."""

from __future__ import annotations

from ...facts.containers import READS, containers
from ...fixer import Check, Context, Scope, document_fixer
from ...model import ParseError, SkipFile
from . import compose, ignore, pins, runtime, secrets, sync
from .image import ImageDocument
from .rules import COMPOSE_RULES, DOCKERFILE_RULES, IGNORE_ABSENT, IGNORE_RULES

_READS = (*READS, "**/requirements*.txt")


def _dockerfiles(ctx: Context) -> tuple[str, ...]:
    """The project's Dockerfiles (the innermost project holding each), samples (examples, docs, templates) left out."""
    facts = ctx.shared(containers)
    project = ctx.project
    return tuple(
        path
        for path, image in facts.images.items()
        if image.purpose != "sample" and project is not None and ctx.repo.owner(path) == project
    )


def _open_dockerfile(path: str, text: str, ctx: Context) -> ImageDocument:
    facts = ctx.shared(containers)
    image = facts.images[path]
    if image.templated:
        raise SkipFile("a template ({{ }} or {% %}): its placeholders are filled in before anything builds it")
    if image.error is not None:
        raise ParseError(image.error.message, image.error.line, image.error.column)
    return ImageDocument(text, image, facts, ctx.repo, ctx.project)


DOCKERFILE = document_fixer(
    name="dockerfile",
    reads=_READS,
    targets=_dockerfiles,
    open=_open_dockerfile,
    checks=(
        pins.uv_from_image,  # before the uv tag check: a `uv:latest` it writes is reported at once
        pins.base_digest,
        pins.uv_tag,
        sync.frozen,
        sync.no_dev,
        sync.lock_at_build,
        sync.lock_ignored,
        sync.layer_order,
        runtime.venv_env,
        runtime.faulthandler,
        runtime.non_root,
        secrets.build_secrets,
    ),
    rules=DOCKERFILE_RULES,
    default_path="Dockerfile",
)


def _ignore_files(ctx: Context) -> tuple[str, ...]:
    return tuple(ignore.users_of(ctx))


def _open_ignore(path: str, text: str, ctx: Context) -> ignore.IgnoreDocument:
    return ignore.IgnoreDocument(text, ignore.users_of(ctx)[path])


DOCKERIGNORE = document_fixer(
    name="dockerignore",
    reads=_READS,
    targets=_ignore_files,
    open=_open_ignore,
    checks=(ignore.entries, ignore.whitelist),
    create=Check((IGNORE_ABSENT,), ignore.create),
    rules=IGNORE_RULES,
    default_path=".dockerignore",
    scope=Scope.REPOSITORY,
)

COMPOSE = document_fixer(
    name="compose",
    reads=_READS,
    targets=compose.targets,
    open=compose.open_compose,
    checks=(compose.healthcheck, compose.restart, compose.literal_secrets, compose.image_digest, compose.networks),
    rules=COMPOSE_RULES,
    default_path="compose.yml",
    scope=Scope.REPOSITORY,
)

__all__ = ["COMPOSE", "DOCKERFILE", "DOCKERIGNORE"]
