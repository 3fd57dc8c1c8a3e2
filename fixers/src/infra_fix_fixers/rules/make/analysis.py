"""What the Makefile rules need to know beyond the file itself: which Makefiles are the repository's own, which
project each speaks for, what its included files define, which checks each target runs, which tools the project
has and how the file runs them, and which other task runner the repository uses instead.
"""

from __future__ import annotations

import posixpath
import re

from msgspec import Struct

from ...edit.makefile import Parsed, read
from ...facts import Project, Repository, all_requirements, poetry_names, requirement_name
from ...facts.commands.runners import make_target
from ...facts.commands.scan import Scanner
from ...facts.pins import hatch_env_names, requirement_file_names
from ...fixer import Context
from ...model import ParseError
from ...snapshot import Snapshot

MAKEFILE_NAMES = ("GNUmakefile", "makefile", "Makefile")  # make's own order: it reads the first it finds
JUSTFILES = ("justfile", "Justfile", ".justfile", "JUSTFILE")
# An included file of variables (the blueprint's `-include .env`): it defines no targets.
_ENV_FILE = re.compile(r"(?:.*/)?(?:\.env(?:\.[\w.-]+)?|[\w.-]+\.env|env)")
# Python tools a recipe runs, whose prefix says how the file runs the project's tools (`uv run`, `.venv/bin/`).
_TOOLS = ("ruff", "pytest", "pyright", "basedpyright", "mypy", "black", "isort", "flake8", "pylint", "coverage",
          "alembic", "pre-commit", "django-admin")  # fmt: skip
_CONTAINER = re.compile(r"\b(?:docker|podman|kubectl|compose|exec|ssh)\b")


def makefile_in(snapshot: Snapshot, folder: str) -> str | None:
    """The Makefile make reads in `folder`, if any."""
    for name in MAKEFILE_NAMES:
        path = f"{folder}/{name}" if folder else name
        if snapshot.exists(path):
            return path
    return None


def makefiles(repo: Repository) -> tuple[str, ...]:
    """The Makefiles of the repository's own: the root's, and each selected project's (a Makefile elsewhere builds
    something else: C sources, certificates, documentation)."""
    folders = dict.fromkeys(["", *(p.dir for p in repo.chosen)])
    return tuple(p for p in (makefile_in(repo.snapshot, f) for f in folders) if p)


def project_of(repo: Repository, path: str) -> Project | None:
    """The project a Makefile speaks for: the one whose folder holds it (its recipes run there)."""
    folder = posixpath.dirname(path)
    return repo.project(folder)


class Included(Struct, frozen=True):
    """What the files a Makefile includes define, as far as they can be read."""

    targets: frozenset[str] = frozenset()
    phony: frozenset[str] = frozenset()
    unread: tuple[str, ...] = ()  # included files infra-fix cannot read (a variable in the name, not in the tree)


def included(snapshot: Snapshot, path: str, parsed: Parsed, depth: int = 0) -> Included:
    """The targets and phony names of the files `path` includes (theirs too, a few levels deep). Files of
    variables (`.env`) define no targets; a file not in the tree that is included optionally defines nothing."""
    folder = posixpath.dirname(path)
    targets: set[str] = set()
    phony: set[str] = set()
    unread: list[str] = []
    for include in parsed.includes:
        for name in include.paths:
            if _ENV_FILE.fullmatch(name):
                continue
            if "$" in name or "*" in name or depth > 5:
                unread.append(name)
                continue
            other = posixpath.normpath(posixpath.join(folder, name))
            text = snapshot.text(other)
            if text is None:
                if not include.optional or snapshot.exists(other):
                    unread.append(name)
                continue
            try:
                inner = read(text)
            except ParseError:
                unread.append(name)
                continue
            deeper = included(snapshot, other, inner, depth + 1)
            targets |= inner.defined | deeper.targets
            phony |= inner.phony_names | deeper.phony
            unread += deeper.unread
    return Included(frozenset(targets), frozenset(phony), tuple(unread))


def scanner(repo: Repository) -> Scanner:
    """One command scanner for the Makefile rules of a run (each target followed once)."""
    return Scanner(repo.snapshot)


def target_checks(scan: Scanner, path: str, name: str) -> frozenset[str]:
    """The checks (`pytest`, `ruff-check`, `ruff-format`, `pyright`, `mypy`...) target `name` runs, its
    prerequisites', sub-makes' and scripts' included, as the CI scan reads them."""
    return frozenset(h.check for h in make_target(scan, path, name))


def tools(ctx: Context, project: Project) -> frozenset[str]:
    """The packages the project installs for development: its pyproject's requirements (groups, extras, Poetry's)
    as this run has fixed it so far (a dev dependency the pyproject rules add counts, so one run converges), its
    requirements files, hatch's environments; a workspace root's members' too."""
    found: set[str] = set()
    for each in (project, *(m for m in (ctx.repo.project(f) for f in project.members) if m is not None)):
        data = ctx.pyproject(each)
        found |= {requirement_name(r) for r in all_requirements(data)} | poetry_names(data) | hatch_env_names(data)
        found |= requirement_file_names(ctx.snapshot, each.dir)
    return frozenset(found - {""})


def runner_prefix(parsed: Parsed) -> str | None:
    """How the file's recipes run the project's Python tools (`uv run `, `poetry run `, `$(VENV)/bin/`, `` for a
    tool on PATH), the most common way; None when no recipe runs one outside a container."""
    found: dict[str, int] = {}
    for rule in parsed.rules:
        for line in rule.recipe:
            text = line.text.lstrip("\t").lstrip("@-+ ")
            for command in re.split(r"&&|\|\||;|\|", text):
                prefix = _prefix(command.strip())
                if prefix is not None:
                    found[prefix] = found.get(prefix, 0) + 1
    return max(found, key=lambda p: found[p]) if found else None


def _prefix(command: str) -> str | None:
    words = command.split()
    for i, word in enumerate(words):
        base = word.rsplit("/", 1)[-1]
        if base in _TOOLS and not word.startswith("-"):
            head = " ".join(words[:i])
            if _CONTAINER.search(head) or "=" in head.split(" ", 1)[0]:
                return None
            if head in ("python -m", "python3 -m") or head.startswith(("uv run", "poetry run", "pdm run", "pipenv run",
                                                                       "hatch run", "$(", "${")):  # fmt: skip
                return head + " " + word[: len(word) - len(base)]
            return word[: len(word) - len(base)] if not head else None
    return None


__all__ = [
    "MAKEFILE_NAMES",
    "Included",
    "included",
    "makefile_in",
    "makefiles",
    "project_of",
    "runner_prefix",
    "scanner",
    "target_checks",
    "tools",
]
