"""What one Dockerfile does, read from its instructions: stages, what each copies from the build context and
where, the working folder and environment at each point, the uv and pip commands its RUN lines hold, where a
virtual environment ends up. Pure functions of the instructions (edit/dockerfile.py locates them); the repository
facts (facts/containers.py) add what only the build context can say: whether a copied `uv.lock` is there at all.

Words are read the way BuildKit reads them: flags (`--from=`, `--mount=`) before the arguments, the JSON form where
an instruction starts with `[`, `AS` in any case, `ENV K=V` and the legacy `ENV K V`. Shell commands are split
into words only to find commands (`uv sync`, `pip install uv`), never to write them back.
"""

from __future__ import annotations

import json
import posixpath
import re
import shlex
from collections.abc import Callable

from msgspec import Struct, field

from ..edit.dockerfile import Instruction

LockProbe = Callable[[str, bool], "bool | None"]
"""Whether copying a context source (into a folder, or as a file) puts a uv.lock at the destination: True, False,
or None where that cannot be told."""

_OPERATORS = {"&&", "||", ";", "|", "&", "(", ")", ";;", "\n"}
_DEV_STAGE = re.compile(r"(?i)(?:^|[-_.])(?:dev|devel|develop|development|debug|local|test|tests|testing|ci|lint|e2e|"
                        r"docs?|check|qa)(?:$|[-_.])")  # fmt: skip


class Flag(Struct, frozen=True):
    name: str
    value: str | None


class Copy(Struct, frozen=True):
    """A COPY or ADD: its sources (in the build context, or in `origin`: a stage, an image or a named context), its
    destination folder or file in the image, as the instruction wrote them. Heredoc sources are left out."""

    index: int
    sources: tuple[str, ...]
    dest: str
    origin: str | None  # the `--from=` value
    workdir: str | None  # where a relative destination lands (None: unknown)
    heredoc: bool = False

    @property
    def from_context(self) -> tuple[str, ...]:
        """The sources it takes from the build context."""
        return self.sources if self.origin is None else ()

    @property
    def target(self) -> str | None:
        """The destination as an absolute path in the image (None where the working folder is unknown)."""
        if self.dest.startswith("/"):
            return posixpath.normpath(self.dest) + ("/" if self.dest.endswith("/") else "")
        if not self.workdir:
            return None
        return posixpath.normpath(posixpath.join(self.workdir, self.dest)) + ("/" if self.dest.endswith("/") else "")


class Command(Struct, frozen=True):
    """One simple command of a RUN line (`uv sync --frozen`, `pip install uv`): its words after any `VAR=value`
    prefixes, those prefixes, and the instruction it is in. `heredoc` when it sits in a heredoc body (opaque: found,
    never edited)."""

    index: int
    words: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()
    heredoc: bool = False

    def uv(self, sub: str) -> bool:
        """Whether this is `uv SUB` (`uv --no-cache sync` too; `/bin/uv`, `python -m uv` as well)."""
        words = _uv_words(self.words)
        return bool(words) and words[0] == sub

    def options(self) -> tuple[str, ...]:
        """The words after `uv SUB` (options and arguments)."""
        return _uv_words(self.words)[1:]


class Stage(Struct):
    """One `FROM` and the instructions up to the next: its base (an image, or an earlier stage by index), and the
    state its instructions build (working folder, environment, user, virtual environments, lock files placed)."""

    index: int
    name: str | None
    image: str  # the base as written (without flags)
    base: int | None  # the earlier stage it builds on
    start: int  # instruction index of its FROM
    end: int  # one past its last instruction
    workdir: str | None = "/"
    env: dict[str, str] = field(default_factory=dict)
    user: str | None = None  # the last USER (inherited from a base stage)
    venvs: dict[str, int] = field(default_factory=dict)  # folders holding a virtual environment -> the instruction
    locks: set[str] = field(default_factory=set)  # folders a uv.lock was copied to (from the context)
    lock_unknown: bool = False  # a copy whose effect on uv.lock cannot be told
    deps: set[int] = field(default_factory=set)  # stages it copies from or builds on

    @property
    def dev(self) -> bool:
        return bool(self.name and _DEV_STAGE.search(self.name))


class Sync(Struct, frozen=True):
    """A `uv sync` and what was true where it runs: the project folder, whether a lock is there (True, False, or
    None when that cannot be told), the stage's environment, and its bind mounts."""

    command: Command
    stage: int
    folder: str | None
    lock: bool | None
    env: dict[str, str]


class Analysis(Struct):
    """A Dockerfile read as a build: its stages, copies and commands, and the syncs with what they see. `lock` says,
    for a copy source, whether it brings a uv.lock (the build context decides: facts/containers.py)."""

    stages: list[Stage] = field(default_factory=list)
    copies: list[Copy] = field(default_factory=list)
    commands: list[Command] = field(default_factory=list)
    syncs: list[Sync] = field(default_factory=list)
    args: dict[str, str] = field(default_factory=dict)  # ARG defaults before the first FROM

    def stage_of(self, index: int) -> Stage | None:
        return next((s for s in self.stages if s.start <= index < s.end), None)

    @property
    def leaves(self) -> list[Stage]:
        """The stages no other stage (but a dev or test stage) builds on or copies from: the images this file can
        produce."""
        used = {d for s in self.stages if not s.dev for d in s.deps}
        return [s for s in self.stages if s.index not in used]

    def chain(self, stage: Stage) -> list[Stage]:
        """The stage and the stages it builds on (FROM), innermost first."""
        out = [stage]
        while out[-1].base is not None and len(out) <= len(self.stages):
            out.append(self.stages[out[-1].base])
        return out

    def production(self) -> list[Stage]:
        """The stages that make a production image: every stage a leaf that is no dev or test stage needs (its FROM
        chain and what it copies from), the dev and test stages left out."""
        keep: set[int] = set()
        todo = [s.index for s in self.leaves if not any(c.dev for c in self.chain(s))]
        while todo:
            index = todo.pop()
            if index in keep:
                continue
            keep.add(index)
            todo.extend(self.stages[index].deps)
        return [s for s in self.stages if s.index in keep and not s.dev]


def analyse(instructions: list[Instruction], brings_lock: LockProbe | None = None) -> Analysis:
    """Read the instructions as a build. `brings_lock(source, dest_is_dir)` says whether copying that context source
    puts a uv.lock at the destination (True, False, None: unknown); without it, only an explicit `uv.lock` counts."""
    probe = brings_lock or _explicit_lock
    result = Analysis()
    names: dict[str, int] = {}
    stage: Stage | None = None
    for index, item in enumerate(instructions):
        keyword = item.keyword
        if keyword == "FROM":
            stage = _from(item, index, result, names)
            continue
        if stage is None:
            if keyword == "ARG":
                result.args.update(_args(item.value))
            continue
        stage.end = index + 1
        _step(item, index, stage, result, names, probe)
    return result


def _explicit_lock(source: str, into_folder: bool) -> bool | None:
    name = source.rstrip("/").rpartition("/")[2]
    if name == "uv.lock":
        return True
    if source.strip("/") in (".", "") or "*" in name or "?" in name or "[" in name:
        return None
    return False


def _from(item: Instruction, index: int, result: Analysis, names: dict[str, int]) -> Stage:
    flags, words = split_flags(item.value)
    image = words[0] if words else ""
    name = words[2] if len(words) >= 3 and words[1].lower() == "as" else None
    base = names.get(image.lower())
    stage = Stage(len(result.stages), name, image, base, index, index + 1)
    if base is not None:
        parent = result.stages[base]
        stage.workdir, stage.env, stage.user = parent.workdir, dict(parent.env), parent.user
        stage.venvs, stage.locks, stage.lock_unknown = dict(parent.venvs), set(parent.locks), parent.lock_unknown
        stage.deps.add(base)
    elif image_repository(image) not in _ROOT_IMAGES:
        stage.workdir = None  # another image may set its own WORKDIR
    result.stages.append(stage)
    if name:
        names[name.lower()] = stage.index
    return stage


# Images that set no WORKDIR of their own (a relative path in them starts at `/`).
_ROOT_IMAGES = {"python", "debian", "ubuntu", "alpine", "busybox", "scratch", "buildpack-deps", "ghcr.io/astral-sh/uv"}


class ImageRef(Struct, frozen=True):
    """An image reference split as Docker splits it: `registry/name:tag@sha256:digest`."""

    name: str  # registry and path, `docker.io/library/` taken off
    tag: str | None
    digest: str | None

    @property
    def templated(self) -> bool:
        return "$" in self.name or "$" in (self.tag or "")


def image_ref(reference: str) -> ImageRef:
    ref, _, digest = reference.partition("@")
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    name, tag = (ref[:colon], ref[colon + 1 :]) if colon > slash else (ref, None)
    for prefix in ("docker.io/library/", "library/", "index.docker.io/library/"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    return ImageRef(name, tag, digest or None)


def image_repository(reference: str) -> str:
    return image_ref(reference).name.lower()


def _step(  # noqa: PLR0913 - one instruction of a stage, and what the analysis knows so far
    item: Instruction, index: int, stage: Stage, result: Analysis, names: dict[str, int], probe: LockProbe
) -> None:
    keyword = item.keyword
    if keyword == "WORKDIR":
        stage.workdir = _resolve(stage.workdir, _expand(item.value.strip(), stage.env))
    elif keyword == "ENV":  # every value of one ENV sees the environment from before it, as Docker expands them
        stage.env.update({k: _substitute(v, stage.env) for k, v in env_pairs(item.value).items()})
    elif keyword == "USER":
        stage.user = item.value.strip() or None
    elif keyword in ("COPY", "ADD"):
        copy = _copy(item, index, stage)
        result.copies.append(copy)
        _place(copy, stage, result, names, probe)
    elif keyword == "RUN":
        commands = run_commands(item, index)
        result.commands.extend(commands)
        mounts = [f for f in split_flags(item.value)[0] if f.name == "mount"]
        for command in commands:
            _effects(command, stage, result, mounts, names)


def _copy(item: Instruction, index: int, stage: Stage) -> Copy:
    flags, words = split_flags(item.value)
    origin = next((f.value for f in flags if f.name == "from"), None)
    args = json_list(" ".join(words)) or list(words)
    heredoc = any(w.startswith("<<") for w in args)
    sources = tuple(a for a in args[:-1] if not a.startswith("<<"))
    return Copy(index, sources, args[-1] if args else "", origin, stage.workdir, heredoc)


def _place(copy: Copy, stage: Stage, result: Analysis, names: dict[str, int], probe: LockProbe) -> None:
    """What a copy brings: a uv.lock from the context, a virtual environment or a lock from another stage."""
    target = copy.target
    if copy.origin is not None:
        other = names.get(copy.origin.lower())
        if other is None:
            return
        stage.deps.add(other)
        source_stage = result.stages[other]
        for src in copy.sources:
            for venv in source_stage.venvs:
                moved = _moved(venv, src, target)
                if moved:
                    stage.venvs[moved] = copy.index
            for lock in source_stage.locks:
                moved = _moved(lock, src, target)
                if moved:
                    stage.locks.add(moved)
        return
    if target is None:
        stage.lock_unknown = True
        return
    into_folder = copy.dest.endswith("/") or len(copy.sources) > 1
    for source in copy.from_context:
        brings = probe(source, into_folder)
        if brings is None:
            stage.lock_unknown = True
        elif brings:
            whole = source.strip("/") in (".", "") or not source.rstrip("/").endswith("uv.lock")
            if whole or into_folder or copy.dest in (".", "./"):
                stage.locks.add(target.rstrip("/") or "/")
            else:
                stage.locks.add(posixpath.dirname(target.rstrip("/")) or "/")


def _moved(path: str, source: str, target: str | None) -> str | None:
    """Where `path` of another stage lands when `source` is copied to `target` (None: it is not copied)."""
    if target is None or not source.startswith("/"):
        return None
    source = source.rstrip("/") or "/"
    if path == source or path.startswith(source.rstrip("/") + "/"):
        rest = path[len(source) :].lstrip("/")
        return posixpath.join(target, rest).rstrip("/") if rest else target.rstrip("/") or "/"
    return None


def _effects(command: Command, stage: Stage, result: Analysis, mounts: list[Flag], names: dict[str, int]) -> None:
    env = {**stage.env, **dict(command.env)}
    if command.uv("sync"):
        folder = _sync_folder(command, stage)
        lock = _lock_at(folder, stage, mounts)
        result.syncs.append(Sync(command, stage.index, folder, lock, env))
        venv = env.get("UV_PROJECT_ENVIRONMENT")
        if venv:
            stage.venvs.setdefault(_resolve(folder, venv) or venv, command.index)
        elif folder:
            stage.venvs.setdefault(posixpath.join(folder, ".venv"), command.index)
    elif command.uv("venv") or _python_venv(command.words):
        args = [w for w in (command.options() if command.uv("venv") else command.words[3:]) if not w.startswith("-")]
        path = args[0] if args else ".venv"
        resolved = _resolve(stage.workdir, path)
        if resolved:
            stage.venvs.setdefault(resolved, command.index)
    for mount in mounts:
        spec = mount_spec(mount.value or "")
        source = spec.get("from")
        if source and source.lower() in names:
            stage.deps.add(names[source.lower()])


def _python_venv(words: tuple[str, ...]) -> bool:
    return (
        len(words) >= 3
        and re.fullmatch(r"(?:\S*/)?python[\d.]*", words[0]) is not None
        and words[1:3]
        == (
            "-m",
            "venv",
        )
    )


def _sync_folder(command: Command, stage: Stage) -> str | None:
    """Where `uv sync` looks for the project: `--directory`/`--project`, else the working folder."""
    options = command.options()
    for i, word in enumerate(options):
        for flag in ("--directory", "--project"):
            if word == flag and i + 1 < len(options):
                return _resolve(stage.workdir, options[i + 1])
            if word.startswith(flag + "="):
                return _resolve(stage.workdir, word.split("=", 1)[1])
    return stage.workdir


def _lock_at(folder: str | None, stage: Stage, mounts: list[Flag]) -> bool | None:
    if folder is None:
        return None
    for mount in mounts:
        spec = mount_spec(mount.value or "")
        if spec.get("type", "bind") != "bind" or "from" in spec:
            continue
        target = _resolve(folder, spec.get("target") or spec.get("dst") or spec.get("destination") or "")
        source = (spec.get("source") or spec.get("src") or ".").strip("/") or "."
        if source.rpartition("/")[2] == "uv.lock" and target == posixpath.join(folder, "uv.lock"):
            return True
        if source == "." and target == folder:
            return None  # the whole context mounted at the project: the context decides (rare; not followed)
    if folder.rstrip("/") in {lock.rstrip("/") or "/" for lock in stage.locks}:
        return True
    return None if stage.lock_unknown else False


def mount_spec(value: str) -> dict[str, str]:
    """`type=bind,source=uv.lock,target=uv.lock` as a mapping (a bare key counts as true: `readonly`)."""
    spec = {}
    for part in value.split(","):
        key, _, val = part.partition("=")
        spec[key.strip().lower()] = val.strip() if _ else "true"
    return spec


# -- words ----------------------------------------------------------------------------------------------------------


def split_flags(value: str) -> tuple[list[Flag], list[str]]:
    """An instruction's leading `--name=value` flags and the words after them."""
    words = value.split()
    flags = []
    while words and words[0].startswith("--") and len(words[0]) > 2:
        name, _, val = words.pop(0)[2:].partition("=")
        flags.append(Flag(name.lower(), val if _ else None))
    return flags, words


def command_text(item: Instruction) -> str:
    """A RUN's command: its value without the flags."""
    value = item.value.lstrip()
    while value.startswith("--"):
        cut = re.match(r"--\S*\s*", value)
        value = value[cut.end() :] if cut else ""
    return value


def run_commands(item: Instruction, index: int) -> list[Command]:
    """The simple commands of a RUN: of its shell command line (or JSON form), and of its heredoc bodies."""
    text = command_text(item)
    found: list[Command] = []
    as_json = json_list(text)
    if as_json is not None:
        if len(as_json) >= 3 and as_json[0].rpartition("/")[2] in ("sh", "bash") and as_json[1] == "-c":
            found += _simple_commands(as_json[2], index, heredoc=False)
        else:
            found.append(Command(index, tuple(as_json)))
    elif not item.heredocs:
        found += _simple_commands(text, index, heredoc=False)
    else:
        found += _simple_commands(re.sub(r"\d*<<-?\S+", " ", text), index, heredoc=False)
    for body in item.heredocs:
        found += _simple_commands(body, index, heredoc=True)
    return found


def _simple_commands(script: str, index: int, *, heredoc: bool) -> list[Command]:
    commands: list[Command] = []
    for words in _split_commands(script):
        env = []
        while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]):
            key, _, val = words.pop(0).partition("=")
            env.append((key, val))
        while words and words[0] in ("sudo", "exec", "env", "time", "nice", "xargs", "then", "do", "else", "!"):
            words.pop(0)
        if words:
            commands.append(Command(index, tuple(words), tuple(env), heredoc))
    return commands


def _split_commands(script: str) -> list[list[str]]:
    """Shell words grouped into simple commands at `&&`, `||`, `;`, `|`, `&`, parentheses and newlines."""
    lexer = shlex.shlex(script.replace("\\\n", " "), posix=True, punctuation_chars=";&|()")
    lexer.whitespace = " \t\r"
    lexer.commenters = "#"
    try:
        tokens = list(lexer)
    except ValueError:  # an unbalanced quote: words by whitespace
        tokens = re.findall(r"&&|\|\||[;&|()\n]|[^\s;&|()]+", script)
    groups: list[list[str]] = [[]]
    for token in tokens:
        if token in _OPERATORS or set(token) <= set(";&|()\n"):
            groups.append([])
        else:
            groups[-1].append(token)
    return [g for g in groups if g]


def _uv_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The words from uv's subcommand on, for a `uv` or `python -m uv` command; () for any other command."""
    rest: tuple[str, ...]
    if words and words[0].rpartition("/")[2] == "uv":
        rest = words[1:]
    elif len(words) >= 3 and re.fullmatch(r"(?:\S*/)?python[\d.]*", words[0]) and words[1:3] == ("-m", "uv"):
        rest = words[3:]
    else:
        return ()
    while rest and rest[0].startswith("-"):  # global options before the subcommand
        takes_value = rest[0] in ("--directory", "--project", "--config-file", "--cache-dir", "--color")
        rest = rest[2:] if takes_value else rest[1:]
    return rest


def env_pairs(value: str) -> dict[str, str]:
    """`ENV A=1 B="x y"` or the legacy `ENV A 1`."""
    try:
        words = shlex.split(value, posix=True)
    except ValueError:
        words = value.split()
    if not words:
        return {}
    if "=" not in words[0]:
        return {words[0]: " ".join(words[1:])}
    return {w.partition("=")[0]: w.partition("=")[2] for w in words if "=" in w}


def _args(value: str) -> dict[str, str]:
    out = {}
    for word in value.split():
        key, _, default = word.partition("=")
        out[key] = default.strip("\"'")
    return out


def json_list(text: str) -> list[str] | None:
    text = text.strip()
    if not text.startswith("["):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None


def _expand(path: str, env: dict[str, str]) -> str | None:
    """`$VAR`/`${VAR}` in a path replaced from the stage's environment; None where one is unknown."""
    unknown = False

    def sub(match: re.Match[str]) -> str:
        nonlocal unknown
        name = match.group(1) or match.group(2)
        if name in env:
            return env[name]
        unknown = True
        return ""

    expanded = re.sub(r"\$\{([A-Za-z_]\w*)[^}]*\}|\$([A-Za-z_]\w*)", sub, path)
    return None if unknown else expanded


def _substitute(value: str, env: dict[str, str]) -> str:
    """`$VAR` and `${VAR}` replaced where the stage knows the variable (`PATH="/venv/bin:$PATH"` keeps what PATH
    held); unknown ones stay as written."""
    return re.sub(
        r"\$\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)",
        lambda m: env.get(m.group(1) or m.group(2), m.group(0)),
        value,
    )


def _resolve(base: str | None, path: str | None) -> str | None:
    """An absolute path for `path` seen from folder `base` (None where either is unknown)."""
    if path is None or "$" in path:
        return None
    path = path.strip("\"'")
    if path.startswith("/"):
        return posixpath.normpath(path)
    if base is None:
        return None
    return posixpath.normpath(posixpath.join(base, path))


def truthy(value: str | None) -> bool:
    return (value or "").strip().strip("\"'").lower() in ("1", "true", "yes", "on")


__all__ = [
    "Analysis",
    "Command",
    "Copy",
    "Flag",
    "ImageRef",
    "LockProbe",
    "Stage",
    "Sync",
    "analyse",
    "env_pairs",
    "image_ref",
    "json_list",
    "run_commands",
    "split_flags",
]
