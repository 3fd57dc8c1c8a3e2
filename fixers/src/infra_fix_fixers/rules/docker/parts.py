"""What the docker family's three fixers do with their files (the `Parts` of each) and which files they own, over
the container facts. Imported by `__init__.py` only for a repository with a Dockerfile or a compose file: these
modules, the facts and their parsers are start-up cost that a repository without containers never needs."""

from __future__ import annotations

from ...facts.containers import containers
from ...fixer import Check, Context, Parts
from ...model import ParseError, SkipFile
from . import compose, ignore, pins, runtime, secrets, sync
from .image import ImageDocument
from .rules import IGNORE_ABSENT


def dockerfiles(ctx: Context) -> tuple[str, ...]:
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


DOCKERFILE = Parts(
    _open_dockerfile,
    (
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
)


def ignore_files(ctx: Context) -> tuple[str, ...]:
    return tuple(ignore.users_of(ctx))


def _open_ignore(path: str, text: str, ctx: Context) -> ignore.IgnoreDocument:
    return ignore.IgnoreDocument(text, ignore.users_of(ctx)[path])


DOCKERIGNORE = Parts(_open_ignore, (ignore.entries, ignore.whitelist), create=Check((IGNORE_ABSENT,), ignore.create))

COMPOSE = Parts(
    compose.open_compose,
    (compose.healthcheck, compose.restart, compose.literal_secrets, compose.image_digest, compose.networks),
)
compose_files = compose.targets

__all__ = ["COMPOSE", "DOCKERFILE", "DOCKERIGNORE", "compose_files", "dockerfiles", "ignore_files"]
