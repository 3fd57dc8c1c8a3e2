"""Every environment variable the repository reads, and where, and every env file something loads: the fact the
environment and secrets families stand on (an example env file that lists what the project reads, compose passing
what the service needs, no secret in a default).

The readers (env_python.py, env_files.py) take Python code by its syntax tree (`os.environ`, `os.getenv`,
python-decouple, pydantic-settings fields), compose files as compose interpolates them (and `environment:` entries
passed through), Makefiles (variables used and never assigned) and Dockerfiles (`ARG`). Only names, places and
whether a default exists are kept, plus a default plain enough to document that the secret detector clears
(env_model.py): never a value that could be a secret, so no report or file built from these facts can hold one.

`environment` and `env_loads` are analyses for `Context.shared` over the files as read; `file_reads` and
`file_loads` read one text, so a fixer running after others can read the files as they were fixed (`ctx.current`).
A fixer that asks for them adds `READS` to its own reads, so the files are loaded; nothing is parsed in a run that
does not ask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .env_files import compose_loads, compose_reads, dockerfile_reads, makefile_loads, makefile_reads
from .env_model import EnvLoad, Read, shown_default
from .env_python import SETTINGS, python_loads, python_reads
from .layout import is_compose, is_dockerfile, is_makefile

if TYPE_CHECKING:
    from ..snapshot import Snapshot
    from .repository import Repository

READS = (
    "**/*.py", "**/compose*.yml", "**/compose*.yaml", "**/docker-compose*.yml", "**/docker-compose*.yaml",
    "**/Makefile", "**/makefile", "**/GNUmakefile", "**/Dockerfile", "**/Dockerfile.*", "**/*.Dockerfile",
    "**/*.dockerfile", "**/Containerfile",
)  # fmt: skip


def environment(repo: Repository) -> tuple[Read, ...]:
    """Every read in the repository's files as they were read, sorted by place."""
    snapshot, bases = repo.snapshot, repo.settings_bases
    return tuple(sorted(r for p in sources(snapshot) for r in file_reads(p, snapshot.text(p) or "", bases)))


def env_loads(repo: Repository) -> tuple[EnvLoad, ...]:
    """Every place that loads an env file, sorted."""
    snapshot = repo.snapshot
    return tuple(sorted(x for path in sources(snapshot) for x in file_loads(path, snapshot.text(path) or "")))


def file_reads(path: str, text: str, bases: frozenset[str] = SETTINGS) -> list[Read]:
    """The reads of one file, by its kind (named as the layout facts name files)."""
    kind = kind_of(path)
    if kind == "python":
        return python_reads(path, text, bases)
    reader = {"compose": compose_reads, "makefile": makefile_reads, "dockerfile": dockerfile_reads}.get(kind or "")
    return reader(path, text) if reader else []


def file_loads(path: str, text: str) -> list[EnvLoad]:
    """The env files one file loads."""
    loader = {"python": python_loads, "compose": compose_loads, "makefile": makefile_loads}.get(kind_of(path) or "")
    return loader(path, text) if loader else []


def sources(snapshot: Snapshot) -> tuple[str, ...]:
    """The files these facts are read from: Python files, compose files, Makefiles, Dockerfiles."""
    return tuple(sorted(p for p in snapshot.files if kind_of(p)))


def kind_of(path: str) -> str | None:
    name = path.rpartition("/")[2]
    if name.endswith(".py"):
        return "python"
    if is_compose(name):
        return "compose"
    if is_makefile(name):
        return "makefile"
    if is_dockerfile(name):
        return "dockerfile"
    return None


__all__ = [
    "READS",
    "EnvLoad",
    "Read",
    "compose_reads",
    "env_loads",
    "environment",
    "file_loads",
    "file_reads",
    "kind_of",
    "python_reads",
    "shown_default",
    "sources",
]
