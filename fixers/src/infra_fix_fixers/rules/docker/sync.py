"""DF004 `uv sync --frozen`, DF005 `--no-dev`, DF006 `uv lock` at build time, DF007 a committed uv.lock the image
ignores, DF009 dependencies installed before the source is copied."""

from __future__ import annotations

import re

from ...facts import canonical
from ...facts.dockerfile import Analysis, Command, Copy, Sync, json_list, split_flags, truthy
from ...fixer import check
from ...model import Applicability
from .image import ImageDocument, Run, dev_packages
from .rules import FROZEN, LAYER_ORDER, LOCK_AT_BUILD, LOCK_IGNORED, NO_DEV

_SYNC = re.compile(
    r"(?<![\w./-])(?:(?:\S*/)?python[\d.]*[ \t]+-m[ \t]+)?(?:\S*/)?uv(?:[ \t]+--?[\w-]+(?:=\S+)?)*[ \t]+sync(?![\w-])"
)
_DEV_ASKED = ("--dev", "--all-groups", "--only-dev")
_NO_DEV = ("--no-dev", "--no-default-groups")


def _option(options: tuple[str, ...], name: str) -> list[str]:
    """The values of an option given as `--name value` or `--name=value`."""
    found = []
    for i, word in enumerate(options):
        if word == name and i + 1 < len(options):
            found.append(options[i + 1])
        elif word.startswith(name + "="):
            found.append(word.split("=", 1)[1])
    return found


def _frozen(sync: Sync) -> bool:
    options = sync.command.options()
    return (
        "--frozen" in options
        or "--locked" in options
        or truthy(sync.env.get("UV_FROZEN"))
        or truthy(sync.env.get("UV_LOCKED"))
    )


def _dev_excluded(sync: Sync) -> bool:
    options = sync.command.options()
    return (
        any(o in options for o in _NO_DEV)
        or "dev" in _option(options, "--no-group")
        or bool(_option(options, "--only-group"))
        or truthy(sync.env.get("UV_NO_DEV"))
        or truthy(sync.env.get("UV_NO_DEFAULT_GROUPS"))
    )


def _dev_asked(sync: Sync) -> bool:
    options = sync.command.options()
    return any(o in options for o in _DEV_ASKED) or "dev" in _option(options, "--group")


def sync_offset(doc: ImageDocument, sync: Sync) -> int | None:
    """Where the words after `uv sync` go (the offset just past `sync`, and past a `--frozen` or `--locked` right
    after it) in the instruction's own lines; None where the syncs of the line cannot be told apart there."""
    index = sync.command.index
    same = [s for s in doc.reading().syncs if s.command.index == index and not s.command.heredoc]
    raw = doc.raw(index)
    matches = list(_SYNC.finditer(raw))
    if len(matches) != len(same) or sync not in same:
        return None
    end = matches[same.index(sync)].end()
    after = re.match(r"[ \t]+--(?:frozen|locked)(?![\w-])", raw[end:])
    return doc.instructions[index].start + end + (after.end() if after else 0)


def _production_syncs(run: Run) -> list[tuple[int, Sync]]:
    """The syncs of the production stages, with their position among all the file's syncs."""
    reading = run.doc.reading()
    production = {s.index for s in reading.production()}
    return [(n, s) for n, s in enumerate(reading.syncs) if s.stage in production]


@check(FROZEN)
def frozen(run: Run) -> None:
    doc = run.doc
    if not doc.production:
        return
    for position, sync in _production_syncs(run):
        if _frozen(sync):
            continue
        at = (sync.command.index,)
        if sync.command.heredoc:
            run.report(FROZEN, "`uv sync` without `--frozen`, in a heredoc: add `--frozen` there", at=at)
            continue
        lock = doc.lock_at(position)
        if lock is not True:
            why = (
                "uv.lock is not in the image at this point (the build context lacks it, the .dockerignore keeps it "
                "out, or nothing copies it to the project's folder): copy it first, then add `--frozen` (as it is, "
                "`--frozen` would fail: 'Unable to find lockfile')"
                if lock is False
                else "infra-fix cannot tell whether uv.lock is in the image at this point (the build context is "
                "unknown, or a copy hides it): add `--frozen` once it is"
            )
            run.report(FROZEN, f"`uv sync` re-resolves at build time: {why}", at=at)
            continue
        checked = doc.facts.lock_checked
        kind = Applicability.SAFE if checked else Applicability.UNSAFE
        note = (
            f" ({checked} checks that uv.lock is current)"
            if checked
            else " (unsafe: nothing here checks that uv.lock is current; run `uv lock --check` first, since a stale "
            "lock then installs its own versions)"
        )
        run.report(FROZEN, f"`uv sync` re-resolves at build time: add `--frozen`{note}", at=at,
                   applicability=kind, edit=lambda s=sync: _add_word(doc, s, "--frozen"))  # fmt: skip


def _add_word(doc: ImageDocument, sync: Sync, word: str) -> bool:
    # the sync as the text is now (an earlier edit of this run may have moved it)
    now = next((s for s in doc.reading().syncs if s.command == sync.command), None)
    offset = sync_offset(doc, now) if now else None
    if offset is None:
        return False
    return doc.splice_words(sync.command.index, offset, offset, f" {word}", added=word)


@check(NO_DEV)
def no_dev(run: Run) -> None:
    doc = run.doc
    if not doc.production:
        return
    dev = dev_packages(doc.project, doc.repo)
    if not dev:
        return
    commands = _image_commands(doc)
    for _, sync in _production_syncs(run):
        if _dev_excluded(sync) or _dev_asked(sync):
            continue
        at = (sync.command.index,)
        message = "`uv sync` installs the dev group in a production stage: add `--no-dev` (or `ENV UV_NO_DEV=1`)"
        used = sorted(dev & commands)
        if sync.command.heredoc or used:
            why = "it is in a heredoc" if sync.command.heredoc else f"the image runs {', '.join(used)} from it"
            run.report(NO_DEV, f"{message}; left as is: {why}", at=at)
            continue
        run.report(NO_DEV, message + " (unsafe: the image loses the dev group's packages)", at=at,
                   edit=lambda s=sync: _add_word(doc, s, "--no-dev"))  # fmt: skip


def _image_commands(doc: ImageDocument) -> set[str]:
    """What the production images start (their CMD and ENTRYPOINT: the program, a `python -m` module, what `uv
    run` runs), as canonical package names."""
    reading = doc.reading()
    names: set[str] = set()
    for stage in reading.production():
        for item in doc.instructions[stage.start : stage.end]:
            if item.keyword not in ("CMD", "ENTRYPOINT"):
                continue
            words = json_list(item.value) or item.value.split()
            words = [w.rpartition("/")[2] for w in words]
            while words[:1] in (["uv"], ["run"], ["exec"]) or (words and words[0].startswith("--")):
                words = words[1:]
            if words:
                names.add(canonical(words[0]))
            if "-m" in words[:-1]:
                names.add(canonical(words[words.index("-m") + 1]))
    return names


@check(LOCK_AT_BUILD)
def lock_at_build(run: Run) -> None:
    if run.doc.image.purpose == "sample":
        return
    for command in run.doc.reading().commands:
        if command.uv("lock") and not {"--check", "--locked", "--check-exists"} & set(command.options()):
            run.report(LOCK_AT_BUILD, "`uv lock` at build time makes a new lock in the image: commit uv.lock, copy "
                       "it in and install with `uv sync --frozen`", at=(command.index,))  # fmt: skip


_INSTALLERS = re.compile(r"(?:\S*/)?(?:pip[\d.]*|poetry|pipenv)")


@check(LOCK_IGNORED)
def lock_ignored(run: Run) -> None:
    doc = run.doc
    project = doc.project
    if not doc.production or project is None or project.lock is None:
        return
    commands = doc.reading().commands
    if any(_from_lock(c, doc) for c in commands):
        return
    for command in commands:
        what = _resolving_install(command)
        if what:
            run.report(LOCK_IGNORED, f"{project.lock} is committed, but the image installs {what}: install from the "
                       "lock with `uv sync --frozen --no-dev`", at=(command.index,))  # fmt: skip
            return


def _from_lock(command: Command, doc: ImageDocument) -> bool:
    """An install from uv.lock: `uv sync`, `uv export`, `uv pip sync`, a hash-checked or exported requirements file."""
    if command.uv("sync") or command.uv("export") or (command.uv("pip") and command.options()[:1] == ("sync",)):
        return True
    words = command.words
    if "--require-hashes" in words:
        return True
    return any(_exported(doc, r) for r in _requirement_files(words))


def _requirement_files(words: tuple[str, ...]) -> list[str]:
    found = []
    for i, word in enumerate(words):
        if word in ("-r", "--requirement") and i + 1 < len(words):
            found.append(words[i + 1])
        elif word.startswith(("-r", "--requirement=")) and len(word) > 2 and not word.startswith("--r"):
            found.append(word.split("=", 1)[-1] if word.startswith("--") else word[2:])
    return found


def _exported(doc: ImageDocument, name: str) -> bool:
    """Whether a requirements file of that name (in the project) was written by `uv export` (its header says so)."""
    base = name.rpartition("/")[2]
    folder = doc.project.dir if doc.project else ""
    for path in doc.repo.snapshot.named(base):
        if folder and not path.startswith(folder + "/"):
            continue
        head = (doc.repo.snapshot.text(path) or "")[:600]
        if re.search(r"uv export|uv pip compile", head):
            return True
    return False


def _resolving_install(command: Command) -> str | None:
    """What an install resolves on its own (`pip install -r requirements.txt`, `pip install .`, `poetry install`),
    or None."""
    words = command.words
    if command.uv("pip") and command.options()[:1] == ("install",):
        args = command.options()[1:]
        tool = "uv pip install"
    elif words and _INSTALLERS.fullmatch(words[0]) and words[1:2] == ("install",):
        args = words[2:]
        tool = f"{words[0].rpartition('/')[2]} install"
    elif (
        len(words) >= 4 and re.fullmatch(r"(?:\S*/)?python[\d.]*", words[0]) and words[1:4] == ("-m", "pip", "install")
    ):
        args = words[4:]
        tool = "pip install"
    else:
        return None
    if tool.startswith(("poetry", "pipenv")):
        return f"with {tool}"
    files = _requirement_files(args)
    if files:
        return f"with {tool} -r {files[0]}"
    local = [a for a in args if a in (".", "./") or a.startswith(("./", "/app", ".[")) or a == "-e"]
    return f"with {tool} {local[0]}" if local else None


@check(LAYER_ORDER)
def layer_order(run: Run) -> None:  # noqa: C901 - each bail-out is one line and says why
    doc = run.doc
    if not doc.production:
        return
    reading = doc.reading()
    production = {s.index for s in reading.production()}
    seen: set[int] = set()
    for position, sync in enumerate(reading.syncs):
        stage = reading.stages[sync.stage]
        if sync.stage not in production or stage.index in seen or doc.lock_at(position) is not True:
            continue
        seen.add(stage.index)
        chain = {i for s in reading.chain(stage) for i in range(s.start, s.end)}
        earlier = [s for s in reading.syncs[:position] if s.command.index in chain]
        if earlier or _mounted_lock(doc, sync):
            continue  # dependencies are installed before, or uv.lock is bind-mounted
        source = _whole_copy(reading, sync, chain)
        if source is None:
            continue
        message = ("the dependencies are installed after the whole source is copied in, so any change to the "
                   "source reinstalls them: copy pyproject.toml and uv.lock and sync with `--no-install-project` "
                   "first")  # fmt: skip
        at = (source.index,)
        project = doc.project
        if project is not None and project.members:
            run.report(LAYER_ORDER, f"{message}; left as is: a uv workspace needs every member's pyproject.toml "
                       "for that", at=at)  # fmt: skip
            continue
        lines = _dependency_lines(doc, sync, source)
        if lines is None:
            run.report(LAYER_ORDER, f"{message}; left as is: the sync is not a command of its own", at=at)
            continue
        run.report(LAYER_ORDER, f"{message} (unsafe: the image's layers change)", at=at,
                   edit=lambda i=source.index, ls=lines: doc.insert(i, ls))  # fmt: skip


def _mounted_lock(doc: ImageDocument, sync: Sync) -> bool:
    flags, _ = split_flags(doc.instructions[sync.command.index].value)
    return any(f.name == "mount" and "uv.lock" in (f.value or "") for f in flags)


def _whole_copy(reading: Analysis, sync: Sync, chain: set[int]) -> Copy | None:
    """The COPY of the whole context (`COPY . .`) that brings uv.lock to the sync, before it in its stage chain."""
    copies = [c for c in reading.copies if c.index in chain and c.index < sync.command.index and c.origin is None]
    for copy in reversed(copies):
        if [s.strip("/") or "." for s in copy.from_context] == ["."] and copy.target is not None:
            target = copy.target.rstrip("/") or "/"
            return copy if target == sync.folder else None
    return None


def _dependency_lines(doc: ImageDocument, sync: Sync, source: Copy) -> list[str] | None:
    item = doc.instructions[sync.command.index]
    commands = [c for c in doc.reading().commands if c.index == sync.command.index]
    if len(commands) != 1 or sync.command.heredoc or sync.command.env:
        return None
    flags, _ = split_flags(item.value)
    mounts = " ".join(f"--{f.name}={f.value}" if f.value is not None else f"--{f.name}" for f in flags)
    words = list(sync.command.words)
    if "--no-install-project" not in words:
        words.append("--no-install-project")
    dest = source.dest if source.dest.endswith("/") else source.dest + "/"
    run_line = " ".join(p for p in (doc.keyword("RUN"), mounts, " ".join(words)) if p)
    return [f"{doc.keyword('COPY')} pyproject.toml uv.lock {dest}", run_line]
