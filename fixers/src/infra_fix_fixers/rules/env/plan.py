"""Where example env files belong and what each must list: the plan every EV fixer shares.

A *context* is a folder where an env file is read: a compose file's folder (compose reads `.env` beside the file it
was started with; an override such as `overrides/compose.redis.yaml` belongs to the nearest folder above it with a
base `compose.yaml`), and each project's (the folder of the env file its code loads, `load_dotenv("../.env")` or a
settings class's `env_file`, else of one a compose file passes to its containers inside it, else the project's own
folder). A context gets an example file only where something shows that the project is configured through an env
file: a compose file reading variables, code loading one (python-dotenv, a settings class, python-decouple), a
Makefile including one, or an application shape (a Dockerfile, an alembic env.py reading the database's settings)
beside code that reads variables; and something must be set there (a required variable or a credential). A library
reading `CI` or `NO_COLOR` gets none.

What a context lists: the variables its compose files read, and those its project's code (tests, docs, examples
and scripts left out), alembic env.py and Makefiles (where they include the env file) read, with the variables every
machine or CI system sets left out (`HOME`, `GITHUB_*`, `PYTEST_*`, ...). Dockerfile `ARG`s are not listed: `docker
build` never reads `.env`; a build argument reaches the build through compose's `build.args`, which are compose
reads, or a `--build-arg` of a Makefile or workflow.

The plan is made once per run from the files as the earlier fixers left them (`ctx.current`): a compose secret the
compose family moved out to `${VAR}`, or an env.py that now reads POSTGRES_*, is a variable to list.
"""

from __future__ import annotations

import posixpath
import re

from msgspec import Struct

from ...facts.env_model import EnvLoad, Read
from ...facts.env_python import words
from ...facts.environment import env_loads, file_loads, file_reads, kind_of, sources
from ...facts.project import Project
from ...facts.repository import Repository
from ...facts.secrets import secret_name
from ...fixer import Context
from ...snapshot import Snapshot
from .leaks import found
from .names import BASE_COMPOSE, CREATED_NAMES, EXAMPLE_NAMES, FIXTURE_WORD, NOT_APPLICATION_FILES, foreign, is_example

# Set by every machine, shell, CI system or tool: never a project's configuration.
_AMBIENT = re.compile(
    r"(?:HOME|PATH|PWD|OLDPWD|USER|USERNAME|LOGNAME|SHELL|TERM|LANG|LANGUAGE|TZ|TMPDIR|TMP|TEMP|HOSTNAME|EDITOR|"
    r"PAGER|DISPLAY|COLUMNS|LINES|NO_COLOR|FORCE_COLOR|CLICOLOR|CLICOLOR_FORCE|CI|UID|GID|SHLVL|VIRTUAL_ENV|"
    r"PYTHONPATH|PYTHONHASHSEED|PYTHONUNBUFFERED|PYTHONDONTWRITEBYTECODE|PYTHONBREAKPOINT|PYTHONWARNINGS|"
    r"PY_COLORS|HTTP_PROXY|HTTPS_PROXY|NO_PROXY|ALL_PROXY|SSL_CERT_FILE|SSL_CERT_DIR|REQUESTS_CA_BUNDLE|"
    r"CURL_CA_BUNDLE|APPDATA|LOCALAPPDATA|USERPROFILE|SYSTEMROOT|WINDIR|COMSPEC|PROGRAMFILES|"
    r"(?:GITHUB|RUNNER|GITLAB|CI|TRAVIS|CIRCLE|BUILDKITE|JENKINS|TEAMCITY|APPVEYOR|TF|AZURE|BITBUCKET|DRONE|"
    r"PYTEST|COV|COVERAGE|TOX|NOX|UV|PIP|PIPENV|POETRY|PDM|HATCH|CONDA|XDG|LC|COMPOSE|DOCKER|BUILDKIT|KUBERNETES|"
    r"PYTHON|VSCODE|JPY|IPYTHON|JUPYTER)_[A-Z0-9_]*)",
    re.IGNORECASE,
)
# a database's setting: the name starts with the database's word, after at most one prefix (`POLAR_POSTGRES_USER`)
_DATABASE = re.compile(
    r"(?i)^(?:[A-Z0-9]+_)?(?:POSTGRES(?:QL)?|PG|MYSQL|MARIADB|MONGO(?:DB)?|DB|DATABASE|SQLALCHEMY)(?:_|$)"
)


class Variable(Struct, frozen=True):
    """A variable an example file must list: whether some reader needs it set, and the default all readers agree
    on where it is plain enough to show."""

    name: str
    required: bool
    shown: str | None
    first: Read  # where it is read first, for messages
    readers: tuple[str, ...] = ()  # every file that reads it, for the example file's header

    @property
    def secret(self) -> bool:
        return secret_name(self.name)

    @property
    def group(self) -> str:
        if _DATABASE.search(self.name):
            return "Database"
        return "API keys and secrets (placeholder values)" if self.secret else "Environment"


class EnvContext(Struct, frozen=True):
    """A folder where an env file is read, the example file that documents it, and what it must list."""

    folder: str
    path: str  # the example file: the one there is, else the one to create
    exists: bool
    variables: tuple[Variable, ...]
    why: str  # what reads an env file here, for messages
    configured: bool  # evidence that the project is configured through an env file here
    template: str | None = None  # a tracked `.env` in the folder that already serves as the template
    loaded: tuple[str, ...] = ()  # what loads the example file itself (then appending is unsafe)

    @property
    def wanted(self) -> bool:
        """A new example file: only where the project is configured through this env file, something must be set
        there (a required variable or a credential: where every variable has a default, nothing needs documenting
        to run), and no tracked `.env` already serves as its template (EV003 reports that one)."""
        needed = any(v.required or v.secret for v in self.variables)
        return self.configured and self.template is None and needed


def plan(ctx: Context) -> tuple[EnvContext, ...]:
    """The contexts, worked out once per run from the files as fixed so far (the EV fixers run after every other
    family), and shared by the EV fixers."""
    key = (plan, "contexts")
    if key not in ctx.cache:
        ctx.cache[key] = _plan(ctx)
    return ctx.cache[key]


def contexts_now(ctx: Context) -> tuple[EnvContext, ...]:
    """The contexts as the files stand now, for a family that runs before EV and must agree with it in the same run
    (alembic's env.py loads the `.env` whose example EV is about to create)."""
    return _plan(ctx)


def _plan(ctx: Context) -> tuple[EnvContext, ...]:
    reads, loads = _current(ctx)
    reads = [r for r in reads if not _AMBIENT.fullmatch(r.name)]
    snapshot = ctx.snapshot
    by_folder: dict[str, list[Read]] = {}
    why: dict[str, str] = {}
    configured: set[str] = set()
    homes: dict[str, str] = {}
    for read in reads:
        if read.how in ("compose", "compose-pass") and _compose_context(read.path, snapshot):
            if read.path not in homes:
                homes[read.path] = _compose_folder(read.path, snapshot, loads)
            folder = homes[read.path]
            by_folder.setdefault(folder, []).append(read)
            why.setdefault(folder, f"{read.path} interpolates variables from {posixpath.join(folder, '.env')}")
            configured.add(folder)
    projects = [p for p in ctx.repo.chosen if not (p.dir and foreign(p.dir + "/"))]
    mine = {p.dir: [x for x in loads if ctx.repo.owner(x.path) == p and not foreign(x.path)] for p in projects}
    places = {p.dir: _project_folder(ctx, p.dir, mine[p.dir], loads) for p in projects}
    # a folder none of whose projects can be configured through it gives no example file to write or check: its
    # projects' Python files are not parsed (a library's reads of its environment, most of a large SDK's code)
    counted = {*by_folder, *(places[p.dir][0] for p in projects if _may_be_configured(ctx, p, *places[p.dir]))}
    for project in projects:
        including = {x.path for x in mine[project.dir] if x.how == "makefile"}
        folder, reason = places[project.dir]
        python = _python_reads(ctx, project) if folder in counted else []
        own = [
            r
            for r in (*reads, *python)
            if ctx.repo.owner(r.path) == project and _application(r) and (r.how != "makefile" or r.path in including)
        ]
        if not own:
            continue
        by_folder.setdefault(folder, []).extend(own)
        why.setdefault(
            folder, reason or f"the code of {project.dir or 'the project'} reads its settings from the environment"
        )
        if reason or _application_shape(ctx, project.dir, own):
            configured.add(folder)
    return tuple(
        _context(ctx, folder, by_folder[folder], why[folder], folder in configured, loads)
        for folder in sorted(by_folder)
    )


def _may_be_configured(ctx: Context, project: Project, folder: str, reason: str | None) -> bool:
    """Whether the project's folder may end up configured (`_plan`): a load gives a reason, an example file is
    there already, or the project may have what `_application_shape` looks for, judged from the files' text before
    any is parsed (a settings class's base named, python-decouple, an env.py)."""
    if reason is not None or _existing_examples(ctx.snapshot, folder):
        return True
    if project.dockerfiles or _has_base(ctx.snapshot, project.dir):
        return True
    names = words(*sorted(ctx.repo.settings_bases))
    return any(
        path.endswith("env.py") or "decouple" in text or names.search(text)
        for path, text in _python_texts(ctx, project)
    )


def _python_texts(ctx: Context, project: Project) -> list[tuple[str, str]]:
    """The project's counted Python files (`_counted_python`), and those an earlier fixer created, as fixed so far."""
    snapshot = ctx.snapshot
    paths = set(ctx.shared(_counted_python).get(project.dir, ()))
    paths |= {p for p, t in ctx.texts.items() if t is not None and _counted(p) and ctx.repo.owner(p) == project}
    found = []
    for path in sorted(paths):
        text = ctx.texts.get(path)
        found.append((path, text if text is not None else snapshot.text(path) or ""))
    return found


def _python_reads(ctx: Context, project: Project) -> list[Read]:
    """The reads of the project's counted Python files as fixed so far (each text parsed once per run)."""
    bases = ctx.repo.settings_bases
    found: list[Read] = []
    for path, text in _python_texts(ctx, project):
        key = (_python_reads, path, text)
        if key not in ctx.cache:
            ctx.cache[key] = [r for r in file_reads(path, text, bases) if not _AMBIENT.fullmatch(r.name)]
        found += ctx.cache[key]
    return found


def compose_home(path: str, snapshot: Snapshot) -> str:
    """The folder whose `.env` compose reads for this file: its own, where it holds a base compose file (or is the
    root); else the nearest folder above with one (an override is started beside its base)."""
    folder = posixpath.dirname(path)
    if not folder or _has_base(snapshot, folder):
        return folder
    above = folder
    while above:
        above = posixpath.dirname(above)
        if _has_base(snapshot, above):
            return above
    return folder


def _compose_folder(path: str, snapshot: Snapshot, loads: list[EnvLoad]) -> str:
    """Where a compose file's variables are documented: beside the `.env` its services load where they all load
    one elsewhere (`env_file: ../.env`: the project keeps its settings there, and a second example file would split
    them), else where compose reads `.env` for it (`compose_home`)."""
    here = posixpath.dirname(path)
    targets = {
        _resolve(here, x.target)
        for x in loads
        if x.path == path and x.how == "compose" and x.target and posixpath.basename(x.target) == ".env"
    }
    folders = {posixpath.dirname(t) for t in targets if t is not None}
    if len(folders) == 1 and None not in targets:
        return folders.pop()
    return compose_home(path, snapshot)


def _compose_context(path: str, snapshot: Snapshot) -> bool:
    """A compose file whose `.env` is a deployment's: not a fixture (`docker-compose.test.yml`, a file in tests/),
    nor a template a generator fills in (Jinja placeholders)."""
    name = path.rpartition("/")[2]
    text = snapshot.text(path) or ""
    return not (foreign(path) or FIXTURE_WORD.search(name) or "{{" in text or "{%" in text)


def _has_base(snapshot: Snapshot, folder: str) -> bool:
    return any(BASE_COMPOSE.fullmatch(name) for name in snapshot.children_files(folder))


def _application(read: Read) -> bool:
    """A read of the project's own application: not in tests, docs, examples or scripts, nor a tool's file."""
    if read.how not in ("environ", "getenv", "decouple", "settings", "makefile"):
        return False
    return not foreign(read.path) and read.path.rpartition("/")[2] not in NOT_APPLICATION_FILES


def _application_shape(ctx: Context, folder: str, own: list[Read]) -> bool:
    """Signs that a project is an application configured through its environment, not a library: a settings
    class, python-decouple, an alembic env.py reading the database's settings, a Dockerfile, a compose file."""
    if any(r.how in ("settings", "decouple") for r in own):
        return True
    if any(r.path.endswith("env.py") and _DATABASE.search(r.name) for r in own):
        return True
    project = ctx.repo.project(folder)
    return bool(project and project.dockerfiles) or _has_base(ctx.snapshot, folder)


def _project_folder(ctx: Context, folder: str, mine: list[EnvLoad], loads: list[EnvLoad]) -> tuple[str, str | None]:
    """Where a project's env file is: the one its code or Makefile loads, else one a compose file passes to its
    containers inside the project, else its own folder; and why (None for the last)."""
    for load in mine:  # python-dotenv and settings resolve from where the app runs: the project's folder
        base = posixpath.dirname(load.path) if load.how in ("makefile", "compose") else folder
        target = _resolve(base, load.target or ".env")
        if target is not None:
            return posixpath.dirname(target), f"{load.path}:{load.line} loads {target}"
    for load in loads:
        if load.how != "compose" or load.target is None:
            continue
        target = _resolve(posixpath.dirname(load.path), load.target)
        if target is not None and ctx.repo.owner(target) == ctx.repo.project(folder) and not foreign(target):
            return posixpath.dirname(target), f"{load.path}:{load.line} passes {target} to its containers"
    return folder, None


def _resolve(base: str, target: str) -> str | None:
    """A path written relative to `base` as a repository path; None outside the repository, or not a plain path."""
    if target.startswith("/") or re.search(r"[$*?{}\\]", target):
        return None
    joined = posixpath.normpath(posixpath.join(base, target)) if base else posixpath.normpath(target)
    return None if joined.startswith("..") or joined == "." else joined


def _context(
    ctx: Context, folder: str, reads: list[Read], why: str, configured: bool, loads: list[EnvLoad]
) -> EnvContext:
    snapshot = ctx.snapshot
    existing = _existing_examples(snapshot, folder)
    path = posixpath.join(folder, existing[0]) if existing else _new_path(ctx, folder)
    env = posixpath.join(folder, ".env")
    leaking = ctx.shared(found).tracked_env.get(env)
    loaded = tuple(
        f"{x.path}:{x.line}"
        for x in loads
        if x.target
        and _resolve(posixpath.dirname(x.path) if x.how in ("compose", "makefile") else folder, x.target) == path
    )
    return EnvContext(
        folder=folder,
        path=path,
        exists=bool(existing),
        variables=_variables(reads),
        why=why,
        configured=configured or bool(existing),
        template=env if leaking == () else None,  # tracked, and holding no credential: a template already
        loaded=loaded,
    )


def _existing_examples(snapshot: Snapshot, folder: str) -> list[str]:
    names = snapshot.children_files(folder)
    return [n for n in EXAMPLE_NAMES if n in names] + sorted(
        n for n in names if is_example(n) and n not in EXAMPLE_NAMES
    )


def _new_path(ctx: Context, folder: str) -> str:
    """The path a new example file takes: the name the repository already uses elsewhere, else the blueprint's
    `example.env`; one git does not ignore where there is one (outside git, nothing is ignored; where every name is,
    the driver refuses the write and says which .gitignore line is why)."""
    used = [p.rpartition("/")[2] for p in ctx.snapshot.paths if p.rpartition("/")[2] in CREATED_NAMES]
    order = sorted(CREATED_NAMES, key=lambda n: (-used.count(n), CREATED_NAMES.index(n)))
    for name in order:
        path = posixpath.join(folder, name)
        try:
            if ctx.snapshot.git_ignores(path) is None:
                return path
        except KeyError:  # not asked (outside git): nothing says it is ignored
            return path
    return posixpath.join(folder, order[0])


def _variables(reads: list[Read]) -> tuple[Variable, ...]:
    by_name: dict[str, list[Read]] = {}
    for read in sorted(reads):
        by_name.setdefault(read.name.upper(), []).append(read)
    found = []
    for group in by_name.values():
        required = any(not r.default for r in group)
        # the default every reader that has one agrees on: copied to .env, it changes nothing for them, and
        # satisfies the readers that need a value (an empty line would turn `os.getenv("X", "app")` into "")
        offered = {r.shown for r in group if r.default}
        value = offered.pop() if len(offered) == 1 else None
        readers = tuple(dict.fromkeys(r.path for r in group))
        found.append(Variable(group[0].name, required, value, group[0], readers))
    return tuple(sorted(found, key=lambda v: v.name.upper()))


def _counted_python(repo: Repository) -> dict[str, tuple[str, ...]]:
    """The Python files whose reads count, by the folder of the project holding each: not the ones `_application`
    leaves out whatever they read (tests, docs, examples, scripts, a conftest.py), which are most of a repository's
    Python (sentry-python's tests: 2.7 MB of it) and are never parsed for this."""
    found: dict[str, list[str]] = {}
    for path in sources(repo.snapshot):
        owner = repo.owner(path) if _counted(path) else None
        if owner is not None:
            found.setdefault(owner.dir, []).append(path)
    return {folder: tuple(paths) for folder, paths in found.items()}


def _counted(path: str) -> bool:
    return kind_of(path) == "python" and not (foreign(path) or _name(path) in NOT_APPLICATION_FILES)


def _other_reads(repo: Repository) -> tuple[Read, ...]:
    """The reads of the compose files, Makefiles and Dockerfiles (the Python files' come per project, on demand)."""
    snapshot = repo.snapshot
    return tuple(
        sorted(
            read
            for path in sources(snapshot)
            if kind_of(path) != "python"
            for read in file_reads(path, snapshot.text(path) or "")
        )
    )


def _name(path: str) -> str:
    return path.rpartition("/")[2]


def _current(ctx: Context) -> tuple[list[Read], list[EnvLoad]]:
    """Every read but the Python files' (`_python_reads`), and every load, in the files as fixed so far: the shared
    facts for files no fixer changed, the current text of the rest (and of files an earlier fixer created)."""
    snapshot = ctx.snapshot
    changed = sorted(p for p, text in ctx.texts.items() if kind_of(p) and text is not None and text != snapshot.text(p))
    reads = [r for r in ctx.shared(_other_reads) if r.path not in changed]
    loads = [x for x in ctx.shared(env_loads) if x.path not in changed]
    for path in changed:
        text = ctx.current(path) or ""
        if kind_of(path) != "python":
            reads += file_reads(path, text)
        loads += file_loads(path, text)
    return reads, loads
