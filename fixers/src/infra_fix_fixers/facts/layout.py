"""Where a repository keeps its infrastructure files: Dockerfiles, compose files, Makefiles, `.gitignore`s and the
alembic set-up, found by name at any depth from the listing (read or not), so no fixer globs for them on its own.

Which of them belong to a project is decided once here: a file belongs to the innermost project holding it, so a
workspace member's Dockerfile is the member's, not the workspace root's.
"""

from __future__ import annotations

import configparser
import re
from dataclasses import dataclass

from ..snapshot import Snapshot

_DOCKERFILE = re.compile(r"(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?|[\w.-]+\.(?:Dockerfile|dockerfile)")
# Not Dockerfiles though named like one: notes, ignore files, backups, templates a generator renders.
_NOT_DOCKERFILE = re.compile(r"(?i).*\.(?:md|rst|txt|dockerignore|orig|bak|swp|j2|jinja2?|tmpl|template|in)")
_COMPOSE = re.compile(r"(?:docker-)?compose(?:\.[\w-]+)*\.ya?ml")
_MAKEFILE = {"Makefile", "makefile", "GNUmakefile"}
# The files layout facts read (beside the listing): the driver loads them wherever they are.
READS = ("**/alembic.ini",)


@dataclass(frozen=True)
class Alembic:
    """An alembic set-up: its ini file and the script folder it names (repository paths)."""

    ini: str
    script_location: str | None  # None: not set, or not a path infra-fix can resolve (`package:folder`)

    @property
    def env_py(self) -> str | None:
        return f"{self.script_location}/env.py" if self.script_location else None


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


def alembic(snapshot: Snapshot, ini: str) -> Alembic:
    """The set-up an `alembic.ini` describes. `script_location` is resolved as alembic does: relative to the folder
    alembic runs in, which by convention is the ini's own (`%(here)s` says so explicitly); without one, the ini's
    own folder when env.py is there (Flask-Migrate's layout)."""
    folder = ini.rpartition("/")[0]
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(snapshot.text(ini) or "", source=ini)
        location = parser.get("alembic", "script_location", fallback=None)
    except configparser.Error:
        location = None
    if not location:  # Flask-Migrate keeps the ini inside the script folder, beside env.py
        beside = f"{folder}/env.py" if folder else "env.py"
        return Alembic(ini, folder if folder and snapshot.exists(beside) else None)
    if re.search(r"[:{}$%]", location.replace("%(here)s", "")):
        return Alembic(ini, None)  # a package resource (`pkg:migrations`), or a template's placeholder
    relative = location.replace("%(here)s", ".").strip().strip("/").removeprefix("./") or "."
    parts = [p for p in f"{folder}/{relative}".split("/") if p not in ("", ".")]
    return Alembic(ini, "/".join(parts) if ".." not in parts else None)


def owned(paths: tuple[str, ...], folder: str, nested: tuple[str, ...]) -> tuple[str, ...]:
    """The paths inside the project in `folder` and not inside one of the projects `nested` in it."""
    base = f"{folder}/" if folder else ""
    return tuple(p for p in paths if p.startswith(base) and not any(p.startswith(inner + "/") for inner in nested))


__all__ = [
    "READS",
    "Alembic",
    "alembic",
    "compose_files",
    "dockerfiles",
    "gitignores",
    "is_compose",
    "is_dockerfile",
    "is_makefile",
    "makefiles",
    "owned",
]
