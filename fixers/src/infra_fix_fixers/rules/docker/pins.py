"""DF001 base images pinned by digest, DF002 the uv image's version, DF003 uv copied from its image rather than
installed with pip."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...edit.splice import Splice, line_start
from ...facts.dockerfile import Command, image_ref
from ...fixer import check
from ...model import Applicability
from .image import Run
from .rules import BASE_DIGEST, UV_PIP, UV_TAG

UV_IMAGES = ("ghcr.io/astral-sh/uv", "astral/uv")
_VERSION_TAG = re.compile(r"\d+\.\d+(?:\.\d+)?(?:[-.].*)?")
_PIP = re.compile(r"(?:\S*/)?pip(?:\d+(?:\.\d+)?)?")
_PYTHON = re.compile(r"(?:\S*/)?python[\d.]*")
_PIP_FLAGS = {"--no-cache-dir", "-U", "--upgrade", "-q", "--quiet", "-qq", "--break-system-packages",
              "--disable-pip-version-check", "--no-warn-script-location", "--prefer-binary", "--no-compile",
              "--progress-bar=off", "--root-user-action=ignore", "-v", "--verbose"}  # fmt: skip
_UV_REQUIREMENT = re.compile(r"""["']?uv(?:(==|>=|~=|>|<=|<|!=)([^"'\s;]+))?["']?""")


def image_words(run: Run) -> Iterator[tuple[int, str, str, bool]]:
    """Each image a production stage pulls: (instruction, the word that names it, the reference, whether it is
    a FROM) — external FROM images and `COPY --from=` images, not stages or named contexts."""
    reading = run.doc.reading()
    production = {s.index for s in reading.production()}
    stage_names = {s.name.lower() for s in reading.stages if s.name}
    for stage in reading.stages:
        if stage.base is None and stage.index in production and _an_image(stage.image):
            yield stage.start, stage.image, stage.image, True
    for copy in reading.copies:
        stage = reading.stage_of(copy.index)
        origin = copy.origin
        if origin is None or stage is None or stage.index not in production or origin.lower() in stage_names:
            continue
        if _an_image(origin):
            yield copy.index, f"--from={origin}", origin, False


# Docker Hub's official images most Dockerfiles start from: a bare name that is none of them and no stage (`FROM
# base`, `COPY --from=assets`) is as likely a named build context (`docker buildx bake` contexts) as an image.
_OFFICIAL = {
    "python", "pypy", "debian", "ubuntu", "alpine", "busybox", "node", "golang", "rust", "nginx", "httpd", "postgres",
    "mysql", "mariadb", "redis", "mongo", "memcached", "rabbitmq", "buildpack-deps", "fedora", "centos", "rockylinux",
    "almalinux", "amazonlinux", "oraclelinux", "eclipse-temurin", "openjdk", "ruby", "php", "haproxy", "traefik",
    "caddy", "elasticsearch", "bash", "docker", "gcc", "perl", "r-base", "julia", "erlang", "elixir",
}  # fmt: skip


def _an_image(reference: str) -> bool:
    if reference.lower() == "scratch" or reference.isdigit():
        return False
    if re.search(r"[/:@]", reference) or "$" in reference:
        return True
    return reference.lower() in _OFFICIAL


@check(BASE_DIGEST)
def base_digest(run: Run) -> None:
    if not run.doc.production:
        return
    digests = _digest_map(run.ctx.settings.blueprint.image_digests)
    for index, word, reference, is_from in list(image_words(run)):
        ref = image_ref(reference)
        if ref.digest:
            continue
        what = "FROM" if is_from else "COPY --from"
        if ref.templated:
            run.report(BASE_DIGEST, f"{what} {reference} is named by a build argument: pin its digest where the "
                       "argument's value is set (`name:tag@sha256:<digest>`)", at=(index,))  # fmt: skip
            continue
        tag = ref.tag or "latest"
        pinned = digests.get(f"{ref.name}:{tag}")
        if pinned is None:
            line = f"{reference if ref.tag else reference + ':<tag>'}@sha256:<digest>"
            run.report(BASE_DIGEST, f"{what} {reference} is not pinned by digest: write {line} (the digest from "
                       f"`docker buildx imagetools inspect {ref.name}:{tag}`, or let Renovate's pinDigests write it)",
                       at=(index,))  # fmt: skip
            continue
        new = word.replace(reference, f"{reference}@{pinned}", 1)
        run.report(BASE_DIGEST, f"{what} {reference} is not pinned by digest: pinned to the digest image-digests gives",
                   at=(index,), applicability=Applicability.SAFE,
                   edit=lambda i=index, w=word, n=new: _replace_word(run, i, w, n))  # fmt: skip


def _digest_map(entries: tuple[str, ...]) -> dict[str, str]:
    found = {}
    for entry in entries:
        reference, _, digest = entry.partition("@")
        ref = image_ref(reference)
        found[f"{ref.name}:{ref.tag}"] = digest
    return found


def _replace_word(run: Run, index: int, old: str, new: str) -> bool:
    doc = run.doc
    item = doc.instructions[index]
    raw = doc.raw(index)
    matches = [m for m in re.finditer(rf"(?<!\S){re.escape(old)}(?!\S)", raw)]
    if len(matches) != 1:
        return False
    start = item.start + matches[0].start()
    return doc.splice_words(index, start, start + len(old), new, added=new, removed=old)


@check(UV_TAG)
def uv_tag(run: Run) -> None:
    if run.doc.image.purpose == "sample":
        return
    reading = run.doc.reading()
    refs = [(s.start, s.image) for s in reading.stages if s.base is None]
    refs += [(c.index, c.origin) for c in reading.copies if c.origin]
    for index, reference in refs:
        ref = image_ref(reference)
        if ref.name.lower() not in UV_IMAGES or ref.digest or ref.templated:
            continue
        if ref.tag is None or not _VERSION_TAG.fullmatch(ref.tag):
            shown = ref.tag or "latest"
            pinned = f"{ref.name}:<version>" + (f"-{shown}" if shown != "latest" else "")
            run.report(UV_TAG, f"{ref.name}:{shown} gives whatever uv is newest: pin the uv version in the tag "
                       f"({pinned})", at=(index,))  # fmt: skip


# -- DF003: uv from its image ---------------------------------------------------------------------------------------


def _pip_install(command: Command) -> tuple[str, ...] | None:
    """The arguments of `pip install ...` / `python -m pip install ...`, or None for another command."""
    words = command.words
    if len(words) >= 2 and _PIP.fullmatch(words[0]) and words[1] == "install":
        return words[2:]
    if len(words) >= 4 and _PYTHON.fullmatch(words[0]) and words[1:4] == ("-m", "pip", "install"):
        return words[4:]
    return None


def uv_installs(run: Run) -> Iterator[tuple[Command, tuple[str, ...]]]:
    """Every `pip install` that installs uv, with its arguments."""
    for command in run.doc.reading().commands:
        args = _pip_install(command)
        if args is not None and any(_UV_REQUIREMENT.fullmatch(a) for a in args):
            yield command, args


@check(UV_PIP)
def uv_from_image(run: Run) -> None:
    if run.doc.image.purpose == "sample":
        return
    module = _uses_uv_module(run)
    for command, args in list(uv_installs(run)):
        problem = module or _why_manual(command, args)
        version = _version(args, run)
        folder = _folder(run, command)
        line = f"{run.doc.keyword('COPY')} --from=ghcr.io/astral-sh/uv:{version} /uv /uvx {folder}"
        message = f"uv is installed with pip: copy it from uv's image instead ({line})"
        if problem:
            run.report(UV_PIP, f"{message}; left as is: {problem}", at=(command.index,))
            continue
        run.report(UV_PIP, message, at=(command.index,), edit=lambda c=command, text=line: _swap(run, c, text))


def _uses_uv_module(run: Run) -> str | None:
    text = run.doc.text
    if re.search(r"python[\d.]*\s+-m\s+uv\b|\bimport uv\b|find_uv_bin", text):
        return "uv is also used as a Python module here (`python -m uv`), which its image does not provide"
    return None


def _why_manual(command: Command, args: tuple[str, ...]) -> str | None:
    if command.heredoc:
        return "it is in a heredoc"
    if "--user" in args:
        return "it is installed with --user"
    skip = False
    packages = []
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in ("--root-user-action", "-i", "--index-url", "--extra-index-url", "-c", "--constraint"):
            if arg not in ("--root-user-action",):
                return "it comes from another index or with constraints"
            skip = True
            continue
        if arg.startswith("-"):
            if arg not in _PIP_FLAGS:
                return f"pip's option {arg.split('=')[0]} has no counterpart"
            continue
        packages.append(arg)
    if len(packages) != 1:
        return "other packages are installed in the same command"
    if "$" in packages[0]:
        return "its version comes from a build argument (`COPY --from` cannot read one)"
    return None


def _version(args: tuple[str, ...], run: Run) -> str:
    for arg in args:
        match = _UV_REQUIREMENT.fullmatch(arg)
        if match and match.group(1) == "==" and re.fullmatch(r"\d+\.\d+\.\d+", match.group(2) or ""):
            return match.group(2)
    project = run.doc.project
    tool = (project.pyproject or {}).get("tool", {}) if project and project.pyproject else {}
    required = tool.get("uv", {}).get("required-version") if isinstance(tool.get("uv"), dict) else None
    if isinstance(required, str):
        exact = re.fullmatch(r"\s*==\s*(\d+\.\d+\.\d+)\s*", required)
        if exact:
            return exact.group(1)
    return "latest"


def _folder(run: Run, command: Command) -> str:
    """Where pip put uv: the active virtual environment's `bin/` (first on PATH), else `/usr/local/bin/`."""
    stage = run.doc.reading().stage_of(command.index)
    if stage is not None:
        path = stage.env.get("PATH", "")
        for venv in stage.venvs:
            if path.split(":")[:1] == [f"{venv}/bin"]:
                return f"{venv}/bin/"
        virtual = stage.env.get("VIRTUAL_ENV")
        if virtual and path.split(":")[:1] == [f"{virtual.rstrip('/')}/bin"]:
            return f"{virtual.rstrip('/')}/bin/"
    return "/usr/local/bin/"


def _swap(run: Run, command: Command, line: str) -> bool:
    """The pip command becomes a COPY above its RUN: the whole RUN where it is its only command, else the command
    and the `&&` after it are taken out of the RUN."""
    doc = run.doc
    index = command.index
    commands = [c for c in doc.reading().commands if c.index == index]
    if len(commands) == 1:
        return doc.replace(index, [line])
    if commands[0] != command:
        return False
    item = doc.instructions[index]
    raw = doc.raw(index)
    parts = [rf"""["']?{re.escape(w)}["']?""" for w in command.words]
    pattern = r"(?:[ \t]|\\\n)+".join(parts) + r"(?:[ \t]|\\\n)*&&(?:[ \t]|\\\n)*"
    matches = list(re.finditer(pattern, raw))
    if len(matches) != 1:
        return False
    start, end = item.start + matches[0].start(), item.start + matches[0].end()
    fragment = doc.text[item.start : start] + doc.text[end : item.head_end]
    changed, copy = doc.entry(fragment), doc.entry(line)
    if changed is None or copy is None:
        return False
    expected = (*doc.data[:index], copy, (changed[0], changed[1], item.heredocs), *doc.data[index + 1 :])
    at = line_start(doc.text, item.start)
    return doc.rewrite([Splice(at, at, line + "\n"), Splice(start, end, "")], expected)
