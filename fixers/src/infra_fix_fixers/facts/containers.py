"""The repository's containers, worked out once per run (through `Context.shared`): which Dockerfiles there are and
what each is for, how each is built (its build contexts: from the compose files' `build:`, from the workflows'
`docker/build-push-action` and `docker build` commands, else from where the files it copies are), which
`.dockerignore` applies to each build, whether the `uv.lock` a `uv sync` needs is really in the image at that point
(the context holds it, the `.dockerignore` lets it through, a COPY or a bind mount puts it there), and the compose
files with what each is for.

Every family that reads a Dockerfile or a compose file asks these facts, never the files themselves: the Dockerfile
rules, the `.dockerignore` rules and the compose rules agree because they read one answer.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from ..edit.dockerfile import Instruction, parse
from ..model import Location, ParseError
from . import dockerignore
from .dockerfile import Analysis, LockProbe, analyse
from .layout import CONTAINER_READS as READS
from .layout import compose_files

if TYPE_CHECKING:
    from .project import Project
    from .repository import Repository

_TEMPLATED = re.compile(r"\{\{|\{%")
_SAMPLE_PARTS = {
    "examples", "example", "demo", "demos", "sample", "samples", "docs", "doc", "documentation", "fixtures",
    "fixture", "testdata", "test_data", "vendor", "vendored", "third_party", "third-party", "node_modules", "template",
    "templates", "cookiecutter",
}  # fmt: skip
_SAMPLE_WORDS = {"example", "examples", "sample", "samples", "demo", "demos", "template", "templates"}
_TEST_WORDS = {"test", "tests", "testing", "ci", "e2e", "playwright", "integration", "cypress", "selenium"}
_DEV_WORDS = {"dev", "devel", "develop", "development", "local", "debug", "devcontainer", "gitpod", "codespaces"}
# A check that keeps uv.lock current with pyproject.toml (so a `--frozen` install is what `uv lock` would give).
_LOCK_CHECK = re.compile(
    r"\buv\s+lock\b[^\n]*--(?:check|locked)\b|\buv\s+(?:sync|run|export)\b[^\n]*--locked\b|\bid:\s*uv-lock\b"
)


class Build(Struct, frozen=True):
    """One way a Dockerfile is built: its context (a repository folder, "" for the root) and where that was read."""

    context: str
    origin: str  # for messages: "compose.yml (service api)", "the files it copies", ...
    target: str | None = None  # the stage built, where the build names one
    guessed: bool = False  # only a convention says so (`docker build .` beside a Dockerfile that copies only `.`)


class Image(Struct):
    """A Dockerfile and what the repository says of it. `purpose` is "production", "development", "test" or
    "sample" (an example, documentation, a template: someone else's, not judged)."""

    path: str
    purpose: str
    instructions: list[Instruction] | None = None
    error: Location | None = None
    templated: bool = False
    builds: list[Build] = field(default_factory=list)
    analyses: dict[str, Analysis] = field(default_factory=dict)  # by build context
    plain: Analysis | None = None  # without a context: only explicit `uv.lock` copies count

    @property
    def folder(self) -> str:
        return self.path.rpartition("/")[0]

    def analysis(self) -> Analysis | None:
        """The build read with its first context (what a COPY brings from it), else without one."""
        return next(iter(self.analyses.values()), self.plain)


def lock_at(readings: dict[str, Analysis], sync_position: int) -> bool | None:
    """Whether the n-th `uv sync` of a Dockerfile finds a uv.lock in every known build of it (None: cannot tell)."""
    answers = [a.syncs[sync_position].lock for a in readings.values() if sync_position < len(a.syncs)]
    if not answers:
        return None
    if any(a is False for a in answers):
        return False
    return None if any(a is None for a in answers) else True


class Compose(Struct, frozen=True):
    """A compose file: `kind` is "deploy", "development", "fixture" (tests, CI: reported at most) or "sample"."""

    path: str
    kind: str
    data: Any = None
    error: Location | None = None

    @property
    def folder(self) -> str:
        return self.path.rpartition("/")[0]

    def services(self) -> dict[str, Any]:
        services = self.data.get("services") if isinstance(self.data, dict) else None
        return services if isinstance(services, dict) else {}


class Containers(Struct):
    images: dict[str, Image] = field(default_factory=dict)
    composes: dict[str, Compose] = field(default_factory=dict)
    lock_checked: str | None = None  # where the repository checks that uv.lock is current, if it does
    exists: Callable[[str], bool] = lambda _: False

    def ignore_file(self, image: Image, build: Build) -> str:
        return ignore_file(image.path, build.context, self.exists)

    def ignore_users(self) -> dict[str, list[tuple[Image, Build]]]:
        """Each `.dockerignore` that applies to some build (existing or not), with the builds it applies to."""
        users: dict[str, list[tuple[Image, Build]]] = {}
        for image in self.images.values():
            for build in image.builds:
                users.setdefault(self.ignore_file(image, build), []).append((image, build))
        return users


def containers(repo: Repository) -> Containers:
    """The facts, computed once per run (for `Context.shared`)."""
    snapshot = repo.snapshot
    found = Containers(exists=snapshot.exists)
    for path in compose_files(snapshot):
        found.composes[path] = _compose(path, snapshot.text(path), _compose_kind(path), repo)
    for path in repo.dockerfiles:
        found.images[path] = _image(path, snapshot.text(path), snapshot.unreadable.get(path))
    builds = _declared_builds(repo, found)
    for path, image in found.images.items():
        image.builds = builds.get(path, []) or inferred(repo, image.path, image.instructions)
        if image.instructions is not None:
            image.plain = analyse(image.instructions)
            image.analyses = analyses(repo, found, image, image.instructions)
    found.lock_checked = _lock_checked(repo)
    return found


def analyses(repo: Repository, found: Containers, image: Image, instructions: list[Instruction]) -> dict[str, Analysis]:
    """The Dockerfile's instructions (as they are now, edits included) read once per build context."""
    return {
        build.context: analyse(instructions, _lock_probe(repo, found, image, build))
        for build in {b.context: b for b in image.builds}.values()
    }


def ignore_file(dockerfile: str, context: str, exists: Callable[[str], bool]) -> str:
    """BuildKit's choice: `<Dockerfile>.dockerignore` beside the Dockerfile, else the context's `.dockerignore`."""
    own = f"{dockerfile}.dockerignore"
    if exists(own):
        return own
    return f"{context}/.dockerignore" if context else ".dockerignore"


def project_of(repo: Repository, image: Image) -> Project | None:
    """The project a Dockerfile is judged with: the innermost one holding it (as `Project.dockerfiles` says)."""
    return repo.owner(image.path)


# -- reading the files ----------------------------------------------------------------------------------------------


def _image(path: str, text: str | None, unreadable: Location | None) -> Image:
    image = Image(path, dockerfile_purpose(path))
    if unreadable is not None or text is None:
        image.error = unreadable or Location("not read")
        return image
    if _TEMPLATED.search(text):
        image.templated = True
        return image
    try:
        image.instructions = parse(text)[0]
    except ParseError as err:
        image.error = err.location
    return image


def _compose(path: str, text: str | None, kind: str, repo: Repository) -> Compose:
    if text is None:
        return Compose(path, kind, error=Location("not read"))
    if _TEMPLATED.search(text):
        return Compose(path, kind)  # its fixer skips it, saying why
    from ..edit.yaml_parse import load

    try:
        documents = load(text)
    except ParseError as err:
        return Compose(path, kind, error=err.location)
    data = documents[0] if documents else None
    if kind == "deploy" and _for_development(path, data, repo):
        kind = "development"
    return Compose(path, kind, data)


_RELOADING = re.compile(r"--reload\b|\brunserver\b|--debug\b|\bwatchmedo\b|\b(?:npm|yarn|pnpm|bun) run dev\b|"
                        r"\b(?:fastapi|vite|next) dev\b|\bflask\b.*\brun\b")  # fmt: skip
_DATA_IMAGES = re.compile(r"(?:^|/)(?:postgres|postgis|pgvector|timescaledb|mysql|mariadb|redis|valkey|mongo)(?::|$)")


def _for_development(path: str, data: object, repo: Repository) -> bool:
    """A compose file named like a deployment's that is a development environment: a service mounts the source
    tree, reloads on change (`--reload`, `runserver`, `npm run dev`), builds a dev stage, or publishes a database's
    port to the host (a database the code on the host talks to)."""
    services = data.get("services") if isinstance(data, dict) else None
    folder = path.rpartition("/")[0]
    services = services if isinstance(services, dict) else {}
    if any(
        isinstance(s, dict) and s.get("restart") in ("always", "unless-stopped", "on-failure")
        for s in services.values()
    ):
        return False  # services that come back after a reboot: someone runs this file for real
    for service in services.values():
        if not isinstance(service, dict):
            continue
        command = f"{service.get('command', '')} {service.get('entrypoint', '')}"
        build = service.get("build")
        target = build.get("target") if isinstance(build, dict) else None
        image = str(service.get("image", "")).lower()
        if _RELOADING.search(command) or (isinstance(target, str) and _words(target) & _DEV_WORDS):
            return True
        if _DATA_IMAGES.search(image.split("@")[0]) and service.get("ports"):
            return True
        volumes = service.get("volumes")
        for volume in volumes if isinstance(volumes, list) else ():
            source = volume.get("source") if isinstance(volume, dict) else str(volume).split(":", 1)[0]
            if isinstance(source, str) and source.startswith(".") and _source_tree(repo, folder, source):
                return True
    return False


def _source_tree(repo: Repository, folder: str, source: str) -> bool:
    """Whether a bind-mounted host folder holds the project's code (Python files, a pyproject.toml)."""
    path = _repository_path(folder, source)
    if path is None:
        return False
    snapshot = repo.snapshot
    base = f"{path}/" if path else ""
    if path and not snapshot.has_dir(path):
        return False
    names = snapshot.children_files(path)
    return any(n.endswith(".py") or n in ("pyproject.toml", "setup.py", "package.json") for n in names) or any(
        snapshot.exists(f"{base}{d}/__init__.py") for d in snapshot.children(path)
    )


def _words(name: str) -> set[str]:
    return {w.lower() for w in re.split(r"[._-]+", name) if w}


def _sample(folders: list[str]) -> bool:
    """A folder of examples, documentation or templates (`examples/`, `devcontainer-example/`)."""
    return any(p in _SAMPLE_PARTS or _words(p) & _SAMPLE_WORDS for p in folders)


def dockerfile_purpose(path: str) -> str:
    """What a Dockerfile is for, from where it is and its name: `Dockerfile.dev`, `.devcontainer/Dockerfile` and
    `dev.Dockerfile` build development images, `Dockerfile.test` or `e2e/Dockerfile` test images."""
    parts = path.split("/")
    folders, name = [p.lower() for p in parts[:-1]], parts[-1]
    if _sample(folders):
        return "sample"
    words = _words(name) | {w for folder in folders for w in _words(folder)}
    if any(p.startswith(".") for p in parts) or words & _DEV_WORDS:
        return "development"
    if words & _TEST_WORDS or any(p in ("tests", "test", "testing") for p in folders):
        return "test"
    return "production"


def _compose_kind(path: str) -> str:
    parts = path.split("/")
    folders = [p.lower() for p in parts[:-1]]
    words = _words(parts[-1]) | {w for folder in folders for w in _words(folder)}
    if _sample(folders):
        return "sample"
    if words & _TEST_WORDS or any(p in ("tests", "test", "testing", ".github") for p in folders):
        return "fixture"
    if words & (_DEV_WORDS | {"override"}) or any(p.startswith(".") for p in parts):
        return "development"
    return "deploy"


# -- how each Dockerfile is built ------------------------------------------------------------------------------------


def _declared_builds(repo: Repository, found: Containers) -> dict[str, list[Build]]:
    builds: dict[str, list[Build]] = {}
    for compose in found.composes.values():
        if compose.data is None:
            continue
        for name, service in compose.services().items():
            build = service.get("build") if isinstance(service, dict) else None
            declared = _compose_build(compose, str(name), build)
            if declared and declared[0] in found.images:
                builds.setdefault(declared[0], []).append(declared[1])
    for dockerfile, build in _workflow_builds(repo):
        if dockerfile in found.images:
            builds.setdefault(dockerfile, []).append(build)
    return {path: list({b.context: b for b in found}.values()) for path, found in builds.items()}


def _compose_build(compose: Compose, service: str, build: object) -> tuple[str, Build] | None:
    if isinstance(build, str):
        context, dockerfile, target = build, "Dockerfile", None
    elif isinstance(build, dict):
        context = build.get("context", ".")
        dockerfile = build.get("dockerfile", "Dockerfile")
        target = build.get("target")
        if "dockerfile_inline" in build:
            return None
    else:
        return None
    context_path = _repository_path(compose.folder, context)
    if context_path is None or not isinstance(dockerfile, str):
        return None
    file_path = _repository_path(context_path, _interpolated(dockerfile) or "")
    if file_path is None:
        return None
    origin = f"{compose.path} (service {service})"
    return file_path, Build(context_path, origin, target if isinstance(target, str) else None)


def _interpolated(value: object) -> str | None:
    """A compose value with `${X:-default}` read as its default; None where a variable has none (or a URL)."""
    if not isinstance(value, str):
        return None
    text = re.sub(r"\$\{[A-Za-z_]\w*:?-([^}]*)\}", r"\1", value)
    return None if "$" in text else text


def _repository_path(folder: str, relative: object) -> str | None:
    """A path relative to `folder` as a repository path ("" for the root); None for a URL, an unknown variable or
    a path outside the repository."""
    text = _interpolated(relative)
    if text is None or "://" in text or text.startswith(("git@", "/")) or text.endswith(".git"):
        return None
    joined = posixpath.normpath(posixpath.join(folder or ".", text))
    if joined == ".":
        return ""
    return None if joined.startswith("..") else joined


def _workflow_builds(repo: Repository) -> Iterator[tuple[str, Build]]:
    """`docker/build-push-action` steps (`context`, `file`, `target`) and `docker build` commands of the workflows
    and Makefiles."""
    from ..edit.yaml_parse import load

    snapshot = repo.snapshot
    for path in sorted(
        p for p in snapshot.files if p.startswith(".github/workflows/") and p.endswith((".yml", "yaml"))
    ):
        try:
            documents = load(snapshot.text(path) or "")
        except ParseError:
            continue
        data = documents[0] if documents else None
        jobs = data.get("jobs") if isinstance(data, dict) else None
        for job in (jobs or {}).values() if isinstance(jobs, dict) else ():
            steps = job.get("steps") if isinstance(job, dict) else None
            for step in steps if isinstance(steps, list) else ():
                if not isinstance(step, dict):
                    continue
                uses, run = step.get("uses"), step.get("run")
                if isinstance(uses, str) and uses.startswith("docker/build-push-action"):
                    built = _action_build(path, step.get("with"))
                    if built:
                        yield built
                elif isinstance(run, str):
                    yield from _command_builds(path, run, "")
    for path in snapshot.named("Makefile"):
        yield from _command_builds(path, snapshot.text(path) or "", path.rpartition("/")[0])


def _action_build(path: str, inputs: object) -> tuple[str, Build] | None:
    inputs = inputs if isinstance(inputs, dict) else {}
    context = inputs.get("context", ".")
    if not isinstance(context, str) or "${{" in context:
        return None
    context_path = _repository_path("", context)
    file = inputs.get("file")
    if context_path is None or (file is not None and (not isinstance(file, str) or "${{" in file)):
        return None
    dockerfile = _repository_path("", file) if isinstance(file, str) else _repository_path(context_path, "Dockerfile")
    target = inputs.get("target")
    if dockerfile is None:
        return None
    return dockerfile, Build(
        context_path, f"{path} (docker/build-push-action)", target if isinstance(target, str) else None
    )


_DOCKER_BUILD = re.compile(r"\bdocker\s+(?:buildx\s+)?build\b([^\n;&|]*)")
_VALUE_OPTIONS = {
    "-f", "--file", "-t", "--tag", "--target", "--build-arg", "--platform", "--cache-from", "--cache-to", "--label",
    "--secret", "--ssh", "--build-context", "-o", "--output", "--progress", "--network", "--iidfile",
    "--metadata-file", "--builder", "--shm-size", "--ulimit", "--add-host", "--annotation", "--attest", "--call",
    "--cgroup-parent", "--allow",
}  # fmt: skip


def _command_builds(path: str, text: str, folder: str) -> Iterator[tuple[str, Build]]:
    """`docker build -f FILE CONTEXT` (and `docker buildx build`) in a script: the context and file it names, when
    both are plain paths, seen from `folder`."""
    for match in _DOCKER_BUILD.finditer(text.replace("\\\n", " ")):
        words = match.group(1).split()
        file = target = context = None
        index = 0
        while index < len(words):
            word = words[index]
            name, eq, value = word.partition("=")
            if name in _VALUE_OPTIONS:
                if not eq:
                    index += 1
                    value = words[index] if index < len(words) else ""
                if name in ("-f", "--file"):
                    file = value
                elif name == "--target":
                    target = value
            elif not word.startswith("-") and context is None:
                context = word
            index += 1
        if context is None or "$" in context or (file is not None and "$" in file):
            continue
        context_path = _repository_path(folder, context)
        if context_path is None:
            continue
        dockerfile = _repository_path(folder, file) if file else _repository_path(context_path, "Dockerfile")
        if dockerfile is not None:
            yield dockerfile, Build(context_path, f"{path} (docker build)", target)


def inferred(repo: Repository, path: str, instructions: list[Instruction] | None) -> list[Build]:
    """A Dockerfile no compose file or workflow builds: its context is the nearest folder, from its own up to the
    root, that holds every file it copies by name (`docker build .` beside it when it copies only `.`)."""
    if instructions is None:
        return []
    plain = analyse(instructions)
    sources = {s for c in plain.copies for s in c.from_context if not _glob(s) and "$" not in s}
    named = {s.strip("/") for s in sources} - {".", ""}
    folder = path.rpartition("/")[0]
    candidates = [folder]
    while folder:
        folder = folder.rpartition("/")[0]
        candidates.append(folder)
    for candidate in candidates:
        base = f"{candidate}/" if candidate else ""
        if all(repo.snapshot.exists(base + s) or repo.snapshot.has_dir(base + s) for s in named):
            if not named:
                return [Build(candidate, "its folder (it copies only `.`: `docker build .` beside it)", guessed=True)]
            return [Build(candidate, "the files it copies")]
    return []


def _glob(source: str) -> bool:
    return any(c in source for c in "*?[")


def _lock_probe(repo: Repository, found: Containers, image: Image, build: Build) -> LockProbe:
    """Whether a COPY source of this build brings a uv.lock: the context holds it, the `.dockerignore` keeps it."""
    ignore_path = found.ignore_file(image, build)
    rules = dockerignore.patterns((repo.snapshot.text(ignore_path) or "").split("\n"))
    base = f"{build.context}/" if build.context else ""

    def present(relative: str) -> bool:
        return repo.snapshot.exists(base + relative) and not dockerignore.excluded(rules, relative)

    def probe(source: str, into_folder: bool) -> bool | None:
        if "$" in source:
            return None
        relative = posixpath.normpath(source.lstrip("/")) if source.strip("/") else "."
        if relative.startswith(".."):
            return None
        folder, _, name = relative.rpartition("/")
        if relative == ".":
            return present("uv.lock")
        if _glob(name):
            lock = f"{folder}/uv.lock" if folder else "uv.lock"
            return fnmatch.fnmatchcase("uv.lock", name) and present(lock)
        if name == "uv.lock":
            return present(relative)
        if repo.snapshot.has_dir(base + relative):
            return present(f"{relative}/uv.lock")
        return False

    return probe


def _lock_checked(repo: Repository) -> str | None:
    """Where a check that uv.lock is current runs (`uv lock --check`, `uv sync --locked`, the uv-lock hook)."""
    snapshot = repo.snapshot
    candidates = [
        *(p for p in sorted(snapshot.files) if p.startswith(".github/workflows/")),
        ".pre-commit-config.yaml",
        *snapshot.named("Makefile"),
    ]
    for path in candidates:
        text = snapshot.text(path)
        if text and _LOCK_CHECK.search(text):
            return path
    return None


__all__ = [
    "READS",
    "Build",
    "Compose",
    "Containers",
    "Image",
    "containers",
    "dockerfile_purpose",
    "ignore_file",
    "inferred",
]
