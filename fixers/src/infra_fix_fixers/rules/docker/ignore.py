"""DI: the `.dockerignore` of every build context (BuildKit's choice: `<Dockerfile>.dockerignore` beside the
Dockerfile, else the context's own), judged with Docker's matching (facts/dockerignore.py), edited as a pattern
list (edit/lines.py): appended to, or created, never reordered."""

from __future__ import annotations

import posixpath
import re

from msgspec import Struct

from ...edit.lines import PatternList
from ...facts import Repository
from ...facts import dockerignore as matcher
from ...facts.containers import Build, Containers, Image, containers, inferred
from ...facts.dockerfile import mount_spec, split_flags
from ...fixer import Context, FileRun, check
from .rules import IGNORE_ABSENT, IGNORE_ENTRIES, IGNORE_WHITELIST

HEADING = "Kept out of the image: secrets, version control, local virtual environments (infra-fix)"
# What must stay out, and paths that show whether it does (Docker anchors `.env` at the context's root).
ENTRIES = (
    ("**/.env", (".env", "app/.env")),
    ("**/.env.*", (".env.local", ".env.production", "app/.env.local")),
    (".git", (".git",)),
    ("**/.venv", (".venv", "app/.venv")),
)
_EXAMPLE_ENV = re.compile(r"\.env\.(?:example|sample|template|dist|defaults?)|example\.env")
_VCS_VERSION = re.compile(
    r"(?i)setuptools[-_]scm|hatch[-_]vcs|versioningit|dunamai|poetry[-_]dynamic[-_]versioning|pbr\b"
)
_GIT_COMMAND = re.compile(r"(?:^|[\s;&|(])git\s+(?:describe|rev-parse|log|show|status|diff|tag|submodule)\b")


class Users(Struct):
    """The builds a `.dockerignore` applies to."""

    path: str
    builds: list[tuple[Image, Build]]
    facts: Containers
    repo: Repository

    @property
    def context(self) -> str:
        return self.builds[0][1].context


class IgnoreDocument(PatternList):
    def __init__(self, text: str, users: Users) -> None:
        super().__init__(text)
        self.users = users


Run = FileRun[IgnoreDocument]


def users_of(ctx: Context) -> dict[str, Users]:
    """Each `.dockerignore` a judged Dockerfile of a selected project is built with."""
    facts = ctx.shared(containers)
    found: dict[str, Users] = {}
    for path, builds in facts.ignore_users().items():
        judged = [
            (image, build)
            for image, build in builds
            if image.purpose != "sample" and image.instructions is not None and _selected(ctx, image)
        ]
        if judged:
            found[path] = Users(path, judged, facts, ctx.repo)
    return found


def _selected(ctx: Context, image: Image) -> bool:
    owner = ctx.repo.owner(image.path)
    return owner is not None and ctx.repo.is_selected(owner)


def missing(users: Users, patterns: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """The entries still let in, to append, and the reasons some of them are left out."""
    rules = matcher.patterns(patterns)
    add: list[str] = []
    why: list[str] = []
    for entry, probes in ENTRIES:
        if all(matcher.excluded(rules, p) for p in probes):
            continue
        after = matcher.patterns((*patterns, *add, entry))
        reason = _guard(users, rules, after, entry)
        if reason:
            why.append(f"{entry} ({reason})")
        else:
            add.append(entry)
    return add, why


def _guard(
    users: Users, before: tuple[matcher.Pattern, ...], after: tuple[matcher.Pattern, ...], entry: str
) -> str | None:
    """Why appending `entry` could change what a build sends, or None: a COPY or a bind mount names what it would
    exclude, a `!` exception of the file would be undone, the repository tracks a file it would exclude, or (for
    `.git`) the build reads its version from git."""

    def newly(path: str) -> bool:
        return matcher.excluded(after, path) and not matcher.excluded(before, path)

    for source in _named_sources(users):
        if newly(source):
            return f"the Dockerfile copies {source}"
    for rule in before:
        if rule.exception and newly(rule.text):
            return f"the file lets {rule.text} in on purpose"
    base = f"{users.context}/" if users.context else ""
    snapshot = users.repo.snapshot
    for path in snapshot.paths:
        if not any(marker in path for marker in (".env", ".git", ".venv")) or not path.startswith(base):
            continue  # only these can match an entry: a cheap filter before Docker's matching
        if newly(path[len(base) :]) and not _EXAMPLE_ENV.search(path.rpartition("/")[2]):
            return f"the repository has {path}, which the build sends today"
    if entry == ".git" and _reads_git(users):
        return "the build reads its version or history from git"
    return None


def _named_sources(users: Users) -> list[str]:
    """What the Dockerfiles copy or bind-mount from the context by name (relative to it)."""
    found: list[str] = []
    for image, _ in users.builds:
        reading = image.analysis()
        if reading is None or image.instructions is None:
            continue
        for copy in reading.copies:
            found += [_relative(s) for s in copy.from_context]
        for item in image.instructions:
            if item.keyword != "RUN":
                continue
            for flag in split_flags(item.value)[0]:
                spec = mount_spec(flag.value or "") if flag.name == "mount" else {}
                if spec.get("type", "bind") == "bind" and "from" not in spec and flag.name == "mount":
                    found.append(_relative(spec.get("source") or spec.get("src") or "."))
    return [f for f in dict.fromkeys(found) if f not in (".", "")]


def _relative(source: str) -> str:
    return posixpath.normpath(source.lstrip("/")) if source.strip("/") else "."


def _reads_git(users: Users) -> bool:
    for image, _ in users.builds:
        owner = users.repo.owner(image.path)
        requires = ((owner.pyproject or {}).get("build-system") or {}).get("requires") if owner else None
        if isinstance(requires, list) and any(_VCS_VERSION.search(str(r)) for r in requires):
            return True
        if owner and owner.pyproject and _VCS_VERSION.search(str((owner.pyproject.get("tool") or {}).keys())):
            return True
        if any(_GIT_COMMAND.search(i.value) for i in image.instructions or [] if i.keyword == "RUN"):
            return True
    return False


def _mentioned(users: Users) -> str:
    images = sorted({image.path for image, _ in users.builds})
    return ", ".join(images[:3]) + (f" and {len(images) - 3} more" if len(images) > 3 else "")


@check(IGNORE_ENTRIES)
def entries(run: Run) -> None:
    doc = run.doc
    add, why = missing(doc.users, doc.data)
    left = f" (left out: {'; '.join(why)})" if why else ""
    if add:
        run.report(IGNORE_ENTRIES, f"the build context of {_mentioned(doc.users)} lets in what `{' '.join(add)}` "
                   f"keeps out{left}", at=(), edit=lambda: doc.append(add, HEADING))  # fmt: skip
    elif why:
        missed = "; ".join(why)
        run.report(IGNORE_ENTRIES, f"the build context of {_mentioned(doc.users)} lets in what {missed} would keep "
                   "out: add them by hand if the build does not need them", at=())  # fmt: skip


@check(IGNORE_WHITELIST)
def whitelist(run: Run) -> None:
    doc = run.doc
    rules = matcher.patterns(doc.data)
    if rules and not rules[0].exception and rules[0].text in ("*", "**"):
        return  # a whitelist already
    if any(image.purpose != "production" for image, _ in doc.users.builds):
        return
    sources = _whole_or_named(doc.users)
    if not sources:
        return
    lines = ", ".join(f"`{line}`" for line in ["**", *(f"!{s}" for s in sources)])
    run.report(IGNORE_WHITELIST, f"a whitelist sends only what the Dockerfiles use: {lines}", at=())


def _whole_or_named(users: Users) -> list[str]:
    """What a whitelist must let in, or [] where a Dockerfile copies the whole context or a pattern."""
    found: list[str] = []
    for image, _ in users.builds:
        reading = image.analysis()
        if reading is None:
            return []
        for copy in reading.copies:
            for source in copy.from_context:
                relative = _relative(source)
                if relative == "." or "$" in relative:
                    return []
                found.append(relative)
    found += _named_sources(users)
    return list(dict.fromkeys(f for f in found if f not in (".", "")))


def _certain_now(ctx: Context, users: Users) -> bool:
    """Whether a Dockerfile, as this run has fixed it so far, names the files it copies from this context (the
    dependency layer DF009 adds copies pyproject.toml and uv.lock): then the context is known, in this run as in the
    next, so both create the file."""
    from ...edit.dockerfile import parse
    from ...model import ParseError

    for image, build in users.builds:
        text = ctx.current(image.path)
        try:
            instructions = parse(text)[0] if text else None
        except ParseError:
            continue
        now = inferred(ctx.repo, image.path, instructions)
        if any(b.context == build.context and not b.guessed for b in now):
            return True
    return False


def create(run: FileRun[None]) -> None:
    users = users_of(run.ctx).get(run.path)
    if users is None:
        return
    builds = ", ".join(dict.fromkeys(build.origin for _, build in users.builds))
    where = run.path.rpartition("/")[0] or "the repository's root"
    if all(build.guessed for _, build in users.builds) and not _certain_now(run.ctx, users):
        run.report(IGNORE_ABSENT, f"no .dockerignore for the build of {_mentioned(users)}: if it is built from "
                   f"{where}, create {run.path} with {', '.join(e for e, _ in ENTRIES)}")  # fmt: skip
        return
    add, why = missing(users, ())
    left = f" (left out: {'; '.join(why)})" if why else ""
    if not add:
        run.report(IGNORE_ABSENT, f"no .dockerignore for the build context of {_mentioned(users)}{left}")
        return
    text = f"# {HEADING}\n" + "".join(f"{entry}\n" for entry in add)
    run.create(IGNORE_ABSENT, f"no .dockerignore for the build context of {_mentioned(users)} ({builds}): create "
               f"{run.path} with {' '.join(add)}{left}", lambda: text)  # fmt: skip
