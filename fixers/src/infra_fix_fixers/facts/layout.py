"""Where a repository keeps its infrastructure files: Dockerfiles, compose files, Makefiles and `.gitignore`s (the
alembic set-ups are in facts/alembic.py), found by name at any depth from the listing (read or not), so no fixer
globs for them on its own.

Which of them belong to a project is decided once here: a file belongs to the innermost project holding it, so a
workspace member's Dockerfile is the member's, not the workspace root's.
"""

from __future__ import annotations

import re

from ..snapshot import Snapshot

_DOCKERFILE = re.compile(r"(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?|[\w.-]+\.(?:Dockerfile|dockerfile)")
# Not Dockerfiles though named like one: notes, ignore files, backups, templates a generator renders.
_NOT_DOCKERFILE = re.compile(r"(?i).*\.(?:md|rst|txt|dockerignore|orig|bak|swp|j2|jinja2?|tmpl|template|in)")
_COMPOSE = re.compile(r"(?:docker-)?compose(?:\.[\w-]+)*\.ya?ml")
_MAKEFILE = {"Makefile", "makefile", "GNUmakefile"}

# What the container facts (facts/containers.py) read: the Dockerfiles and compose files, the ignore files, and where
# builds and lock checks are run from (workflows, pre-commit, Makefiles). Here, so that the docker family can name
# them without importing those facts (and their parsers) on a repository without containers.
CONTAINER_READS = (
    "**/.dockerignore", "**/*.dockerignore", "**/Dockerfile*", "**/*.Dockerfile", "**/*.dockerfile",
    "**/Containerfile*", "**/compose*.yml", "**/compose*.yaml", "**/docker-compose*.yml", "**/docker-compose*.yaml",
    ".github/workflows/*.yml", ".github/workflows/*.yaml", ".pre-commit-config.yaml", "**/Makefile",
)  # fmt: skip


def is_dockerfile(name: str) -> bool:
    """Whether a file name is a Dockerfile's: `Dockerfile`, `Dockerfile.dev`, `api.Dockerfile`, `Containerfile`."""
    return bool(_DOCKERFILE.fullmatch(name)) and not _NOT_DOCKERFILE.fullmatch(name)


def is_compose(name: str) -> bool:
    """Whether a file name is a compose file's: `compose.yaml`, `docker-compose.override.yml`, `compose.prod.yaml`."""
    return _COMPOSE.fullmatch(name) is not None


def is_makefile(name: str) -> bool:
    return name in _MAKEFILE


def dockerfiles(snapshot: Snapshot) -> tuple[str, ...]:
    """`Dockerfile`, `Dockerfile.dev`, `api.Dockerfile`, `Containerfile`, at any depth."""
    return snapshot.named_like(is_dockerfile)


def compose_files(snapshot: Snapshot) -> tuple[str, ...]:
    """`compose.yaml`, `docker-compose.yml`, `docker-compose.override.yml`, `compose.prod.yaml`, at any depth."""
    return snapshot.named_like(is_compose)


def makefiles(snapshot: Snapshot) -> tuple[str, ...]:
    return snapshot.named_like(is_makefile)


def gitignores(snapshot: Snapshot) -> tuple[str, ...]:
    return snapshot.named(".gitignore")


def owned(paths: tuple[str, ...], folder: str, nested: tuple[str, ...]) -> tuple[str, ...]:
    """The paths inside the project in `folder` and not inside one of the projects `nested` in it."""
    base = f"{folder}/" if folder else ""
    return tuple(p for p in paths if p.startswith(base) and not any(p.startswith(inner + "/") for inner in nested))


__all__ = [
    "CONTAINER_READS",
    "compose_files",
    "dockerfiles",
    "gitignores",
    "is_compose",
    "is_dockerfile",
    "is_makefile",
    "makefiles",
    "owned",
]
