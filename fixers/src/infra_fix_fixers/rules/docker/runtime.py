"""What the production image runs with: DF008 the virtual environment on `PATH` and in `VIRTUAL_ENV`, DF010
`PYTHONFAULTHANDLER=1`, DF011 a user other than root."""

from __future__ import annotations

import re

from ...facts.dockerfile import Analysis, Stage, env_pairs, image_ref
from ...fixer import check
from .image import ImageDocument, Run, python_stage
from .rules import FAULTHANDLER, NON_ROOT, VENV_ENV

_ROOT_USERS = {None, "", "root", "0", "root:root", "0:0"}
_DEBIAN = re.compile(r"(?i)^(?:python|debian|ubuntu|ghcr\.io/astral-sh/uv|buildpack-deps)$")
_ADD_USER = re.compile(r"(?:\S*/)?(?:useradd|adduser)")
# An entrypoint that drops privileges itself (linuxserver's PUID/PGID, gosu, su-exec, s6-overlay) starts as root on
# purpose: a USER would stop it changing ownership and ids.
_DROPS_PRIVILEGES = re.compile(r"\b(?:gosu|su-exec|setpriv|s6-setuidgid|s6-overlay|chpst|PUID|PGID|USERMAP_UID)\b")


def _python_leaves(doc: ImageDocument, reading: Analysis) -> list[Stage]:
    production = {s.index for s in reading.production()}
    return [s for s in reading.leaves if s.index in production and python_stage(reading, s)]


@check(VENV_ENV)
def venv_env(run: Run) -> None:
    doc = run.doc
    if not doc.production:
        return
    reading = doc.reading()
    planned: dict[int, list[str]] = {}
    for leaf in _python_leaves(doc, reading):
        if len(leaf.venvs) != 1:
            continue
        venv, made_at = next(iter(leaf.venvs.items()))
        path = leaf.env.get("PATH", "")
        virtual = leaf.env.get("VIRTUAL_ENV")
        lines = []
        if virtual is None:
            lines.append(f"{doc.keyword('ENV')} VIRTUAL_ENV={venv}")
        elif virtual.rstrip("/") != venv:
            run.report(VENV_ENV, f"VIRTUAL_ENV names {virtual}, but the image's virtual environment is {venv}",
                       at=(made_at,))  # fmt: skip
            continue
        if f"{venv}/bin" not in path.split(":"):
            lines.append(f'{doc.keyword("ENV")} PATH="{venv}/bin:$PATH"')
        else:
            made_at = _path_set_at(doc, reading, leaf, venv) or made_at  # beside the PATH that names it
        if lines:
            planned.setdefault(made_at, [])
            planned[made_at] += [line for line in lines if line not in planned[made_at]]
    for made_at, lines in sorted(planned.items(), reverse=True):  # from the end: earlier indices stay right
        names = " and ".join(line.split()[1].split("=")[0] for line in lines)
        run.report(VENV_ENV, f"the image runs from its virtual environment: set {names} for it", at=(made_at,),
                   edit=lambda i=made_at, ls=lines: doc.insert(i, ls, after=True))  # fmt: skip


def _path_set_at(doc: ImageDocument, reading: Analysis, leaf: Stage, venv: str) -> int | None:
    """The last ENV of the leaf's chain that puts the venv's `bin/` on PATH."""
    found = None
    for stage in reversed(reading.chain(leaf)):
        for index in range(stage.start, stage.end):
            item = doc.instructions[index]
            if item.keyword == "ENV" and f"{venv}/bin" in env_pairs(item.value).get("PATH", "").split(":"):
                found = index
    return found


@check(FAULTHANDLER)
def faulthandler(run: Run) -> None:
    doc = run.doc
    if not doc.production:
        return
    reading = doc.reading()
    roots: dict[int, Stage] = {}
    for leaf in _python_leaves(doc, reading):
        if "PYTHONFAULTHANDLER" in leaf.env:
            continue
        root = reading.chain(leaf)[-1]
        roots[root.index] = root
    for root in sorted(roots.values(), key=lambda s: s.index, reverse=True):
        after = _python_env(doc, root) or root.start
        line = f"{doc.keyword('ENV')} PYTHONFAULTHANDLER=1"
        run.report(FAULTHANDLER, "a crash in a C extension prints no Python traceback: set PYTHONFAULTHANDLER=1",
                   at=(root.start,), edit=lambda i=after, ln=line: doc.insert(i, [ln], after=True))  # fmt: skip


def _python_env(doc: ImageDocument, stage: Stage) -> int | None:
    """The stage's ENV instruction that sets PYTHON* variables (`PYTHONUNBUFFERED`), where the new one belongs."""
    for index in range(stage.start + 1, stage.end):
        item = doc.instructions[index]
        if item.keyword == "ENV" and re.search(r"(?:^|\s)PYTHON[A-Z]+[=\s]", item.value):
            return index
    return None


@check(NON_ROOT)
def non_root(run: Run) -> None:
    doc = run.doc
    if not doc.production:
        return
    if _DROPS_PRIVILEGES.search(doc.text):
        return
    reading = doc.reading()
    production = {s.index for s in reading.production()}
    for leaf in sorted(reading.leaves, key=lambda s: s.index, reverse=True):
        if leaf.index not in production or (leaf.user or "").strip() not in _ROOT_USERS:
            continue
        base = image_ref(reading.chain(leaf)[-1].image)
        if base.templated or not _DEBIAN.match(base.name) and "alpine" not in base.name:
            continue  # another base may run as its own user: no guess
        at = (leaf.start,)
        ports = [p for p in _exposed(doc, leaf) if p < 1024]
        low = f"; it listens on port {ports[0]}, which needs root or a higher port" if ports else ""
        message = ("the production image runs as root: add a `USER` (unsafe: files the app writes must belong to "
                   f"that user{low})")  # fmt: skip
        lines = _user_lines(doc, reading, leaf, base.name, base.tag or "")
        if lines is None:
            run.report(NON_ROOT, message, at=at)
            continue
        where = _before_command(doc, leaf)
        run.report(NON_ROOT, message, at=at, edit=lambda i=where, ls=lines, lf=leaf: _put(doc, i, ls, lf))


def _put(doc: ImageDocument, index: int, lines: list[str], leaf: Stage) -> bool:
    return doc.insert(index, lines) if index < leaf.end else doc.insert(leaf.end - 1, lines, after=True)


def _before_command(doc: ImageDocument, leaf: Stage) -> int:
    """The leaf's first CMD or ENTRYPOINT (the user goes above it), else one past its end."""
    for index in range(leaf.start + 1, leaf.end):
        if doc.instructions[index].keyword in ("CMD", "ENTRYPOINT"):
            return index
    return leaf.end


def _user_lines(doc: ImageDocument, reading: Analysis, leaf: Stage, name: str, tag: str) -> list[str] | None:
    chain = {i for s in reading.chain(leaf) for i in range(s.start, s.end)}
    for command in reading.commands:
        if command.index in chain and _ADD_USER.fullmatch(command.words[0]):
            names = [w for w in command.words[1:] if not w.startswith("-") and re.fullmatch(r"[a-z_][a-z0-9_-]*", w)]
            if names:
                return [f"{doc.keyword('USER')} {names[-1]}"]
    run, user = doc.keyword("RUN"), doc.keyword("USER")
    if "alpine" in name or "alpine" in tag:
        create = f"{run} addgroup -S -g 999 nonroot && adduser -S -D -u 999 -G nonroot nonroot"
    elif _DEBIAN.match(name):
        create = (
            f"{run} groupadd --system --gid 999 nonroot && useradd --system --gid 999 --uid 999 --create-home nonroot"
        )
    else:
        return None
    return [create, f"{user} nonroot"]


def _exposed(doc: ImageDocument, leaf: Stage) -> list[int]:
    ports = []
    for item in doc.instructions[leaf.start : leaf.end]:
        if item.keyword == "EXPOSE":
            ports += [int(p) for p in re.findall(r"(?<![\w$])(\d+)(?:/\w+)?", item.value)]
    return ports
