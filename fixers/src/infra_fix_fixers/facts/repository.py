"""The repository and the Python projects in it: what a run covers.

The blueprint describes a monorepo (a uv workspace whose members each have a pyproject, one CI, one pre-commit
config), and the repositories with Docker, compose and alembic are mostly that or an app repository (`backend/` with
the Python project beside `frontend/`). So a run's scope is a repository, and discovery finds every project in it:
the root's, every uv workspace member (member globs and `exclude` honoured), and standalone projects in subfolders.
Folders that hold someone else's project or a sample are left out unless a workspace names them: vendored code,
templates, examples, demos, documentation and test fixtures. A project file inside another project's package (a
`setup.py` module of a Flask app) is not a project.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from msgspec import Struct, field
from msgspec.structs import replace

from ..model import Location, ParseError
from ..snapshot import Snapshot, compile_patterns
from . import alembic, layout
from .project import Project, read_project

# The files discovery reads: the driver loads them wherever they are.
READS = ("**/pyproject.toml", "**/setup.py", "**/setup.cfg", "**/uv.lock", *alembic.READS)

_NOT_PROJECT_FOLDERS = {
    "examples", "example", "demo", "demos", "sample", "samples", "docs", "doc", "documentation", "tests", "test",
    "testing", "fixtures", "fixture", "testdata", "test_data", "test-data", "__fixtures__", "vendor", "vendored",
    "_vendor", "third_party", "third-party", "thirdparty", "external", "extern", "site-packages", "node_modules",
    "template", "templates", "cookiecutter",
}  # fmt: skip
_TEMPLATED = re.compile(r"\{\{|\{%")
# a sample named as one in a compound name: `uv-examples`, `python-monorepo-example`, `demo_app`, `test-fixtures`
_SAMPLE_WORD = re.compile(r"(?i)(?:^|[-_.])(?:examples?|samples?|demos?|templates?|fixtures?)(?:$|[-_.])")
_REQUIREMENTS = re.compile(r"requirements[\w.-]*\.(?:txt|in)|Pipfile")
_SETUPTOOLS = re.compile(r"\b(?:setuptools|distutils)\b[\s\S]*\bsetup\s*\(")


class Repository(Struct, frozen=True, dict=True):
    """The repository a run covers: its files, its projects (the root's first), and which of them were selected."""

    snapshot: Snapshot
    projects: tuple[Project, ...]
    unparsable: Mapping[str, Location] = field(default_factory=dict)  # project files that do not parse
    selected: frozenset[str] | None = None  # folders of the projects the command line selected; None: all
    pyprojects: Mapping[str, dict[str, Any] | None] = field(default_factory=dict)  # every pyproject.toml, by folder
    unmatched: tuple[tuple[str, str], ...] = ()  # (path, folder of the project holding it): selected paths naming none

    @functools.cached_property
    def compose_files(self) -> tuple[str, ...]:
        return layout.compose_files(self.snapshot)

    @functools.cached_property
    def makefiles(self) -> tuple[str, ...]:
        return layout.makefiles(self.snapshot)

    @functools.cached_property
    def dockerfiles(self) -> tuple[str, ...]:
        """Every Dockerfile, a project's or not (a project's own are `Project.dockerfiles`)."""
        return layout.dockerfiles(self.snapshot)

    @functools.cached_property
    def settings_bases(self) -> frozenset[str]:
        """The names of the repository's pydantic-settings classes (`env_python.settings_classes`), found once for
        every file and rule that asks."""
        from .env_python import settings_classes

        return settings_classes(self.snapshot.files)

    @property
    def gitignores(self) -> tuple[str, ...]:
        return layout.gitignores(self.snapshot)

    @property
    def root(self) -> Project | None:
        return next((p for p in self.projects if p.dir == ""), None)

    @property
    def primary(self) -> Project | None:
        """The project repository-wide files speak for: the root's, else the only one there is."""
        return self.root or (self.projects[0] if len(self.projects) == 1 else None)

    def project(self, folder: str) -> Project | None:
        return next((p for p in self.projects if p.dir == folder), None)

    def owner(self, path: str) -> Project | None:
        """The innermost project whose folder holds `path`."""
        holders = [p for p in self.projects if p.contains(path)]
        return max(holders, key=lambda p: len(p.dir)) if holders else None

    def is_selected(self, project: Project) -> bool:
        return self.selected is None or project.dir in self.selected

    @property
    def chosen(self) -> tuple[Project, ...]:
        return tuple(p for p in self.projects if self.is_selected(p))

    def select(self, paths: tuple[str, ...]) -> Repository:
        """The repository with only the projects under `paths` selected (or the one holding a path inside it, which
        `unmatched` names, so that the run can say the path is no project of its own)."""
        chosen: set[str] = set()
        unmatched: list[tuple[str, str]] = []
        for path in paths:
            path = path.strip("/")
            under = {p.dir for p in self.projects if not path or p.dir == path or p.dir.startswith(path + "/")}
            holder = self.owner(path) if path else None
            if not under and holder is not None and self.snapshot.has_dir(path):
                unmatched.append((path, holder.dir))
            chosen |= under or ({holder.dir} if holder else set())
        return replace(self, selected=frozenset(chosen), unmatched=tuple(unmatched))


def discover(snapshot: Snapshot, named: tuple[str, ...] = ()) -> Repository:
    """Every Python project of the repository, from its files. A folder the user `named` is theirs to fix even where
    it would be taken for a fixture, a sample or a template (`infra-fix --diff examples/app`): naming it is the
    human's word."""
    unparsable: dict[str, Location] = {}
    # pyproject.toml files are read where a project or a tool's settings of the repository's own may be: not in
    # fixtures, samples, templates or vendored code (a broken fixture is no error of the repository's), unless a
    # workspace names the folder as a member
    parsed = {
        folder_of(path): _toml(snapshot, path, unparsable)
        for path in snapshot.named("pyproject.toml")
        if not _foreign(folder_of(path), named)
    }
    workspaces = {folder: _members(snapshot, folder, data) for folder, data in parsed.items() if _workspace(data)}
    member_of = {member: root for root, members in workspaces.items() for member in members}
    for member in member_of:
        if member not in parsed:
            parsed[member] = _toml(snapshot, f"{member}/pyproject.toml", unparsable)
    folders = [f for f in _candidates(snapshot) if f == "" or f in member_of or _standalone(snapshot, f, parsed, named)]
    folders = sorted(dict.fromkeys(folders), key=lambda f: (f != "", f))
    projects = []
    for folder in folders:
        kind = "root" if folder == "" else "member" if folder in member_of else "standalone"
        if kind == "root" and not _root_is_project(snapshot, parsed.get("")):
            continue
        nested = tuple(f for f in folders if f != folder and (folder == "" or f.startswith(folder + "/")))
        workspace = folder if folder in workspaces else member_of.get(folder)
        members = workspaces.get(folder, ())
        projects.append(read_project(snapshot, folder, kind, parsed.get(folder), workspace, members, nested))
    return Repository(snapshot, tuple(projects), unparsable, pyprojects=parsed)


def _foreign(folder: str, named: tuple[str, ...] = ()) -> bool:
    """A folder whose files are someone else's or a sample: vendored, a fixture, an example, a template. Below a
    folder the user named, only what is below it counts (`fixtures/demo/vendor/x` still is)."""
    for path in named:
        path = path.strip("/")
        if path and (folder == path or folder.startswith(path + "/")):
            folder = folder[len(path) + 1 :]
            break
    parts = folder.split("/") if folder else []
    return any(
        p.lower() in _NOT_PROJECT_FOLDERS or p.startswith(".") or _TEMPLATED.search(p) or _SAMPLE_WORD.search(p)
        for p in parts
    )


def folder_of(path: str) -> str:
    return path.rpartition("/")[0]


def ancestors(folder: str) -> list[str]:
    """`folder` and each folder above it, up to the root (""): where a tool looks for its configuration."""
    parts = folder.split("/") if folder else []
    return ["/".join(parts[:n]) for n in range(len(parts), -1, -1)]


def _toml(snapshot: Snapshot, path: str, unparsable: dict[str, Location]) -> dict[str, Any] | None:
    """A project file's data; a syntax error is recorded with its position (the engine reports it even when no
    enabled fixer owns the file, since every fixer's facts depend on it)."""
    text = snapshot.text(path)
    if text is None:
        return None
    from ..edit.toml_scan import load

    try:
        return load(text)
    except ParseError as err:
        unparsable[path] = err.location
        return None


def _workspace(data: dict[str, Any] | None) -> bool:
    tool = data.get("tool") if data else None
    uv = tool.get("uv") if isinstance(tool, dict) else None
    return isinstance(uv, dict) and isinstance(uv.get("workspace"), dict)


def _members(snapshot: Snapshot, root: str, data: dict[str, Any] | None) -> tuple[str, ...]:
    """The member folders uv would find: each `members` glob (relative to the workspace root) matched against
    folders holding a pyproject.toml, minus the `exclude` globs."""
    workspace = ((data or {}).get("tool") or {}).get("uv", {}).get("workspace", {})
    base = f"{root}/" if root else ""

    def globs(key: str) -> tuple[str, ...]:
        value = workspace.get(key) if isinstance(workspace, dict) else None
        return tuple(base + g.strip("/") for g in value if isinstance(g, str)) if isinstance(value, list) else ()

    include, exclude = compile_patterns(globs("members")), compile_patterns(globs("exclude"))
    found = [folder_of(p) for p in snapshot.named("pyproject.toml") if p != base + "pyproject.toml"]
    return tuple(f for f in found if include(f) and not exclude(f))


def _candidates(snapshot: Snapshot) -> list[str]:
    """Folders holding a file that may make a project."""
    names = [*snapshot.named("pyproject.toml"), *snapshot.named("setup.py"), *snapshot.named("setup.cfg")]
    names += [p for p in snapshot.paths if _REQUIREMENTS.fullmatch(p.rpartition("/")[2])]
    return sorted({folder_of(p) for p in names})


def _root_is_project(snapshot: Snapshot, pyproject: dict[str, Any] | None) -> bool:
    """At the root any marker counts: the user pointed infra-fix at it."""
    if pyproject is not None or snapshot.exists("pyproject.toml"):
        return True
    return any(snapshot.exists(n) for n in ("setup.py", "setup.cfg", "Pipfile")) or any(
        _REQUIREMENTS.fullmatch(p) for p in snapshot.children_files("")
    )


def _standalone(
    snapshot: Snapshot, folder: str, parsed: Mapping[str, dict[str, Any] | None], named: tuple[str, ...] = ()
) -> bool:
    """A subfolder project that no workspace names: not a sample, fixture, template or vendored copy, not inside
    another project's package, and with a marker that says it is a project, not a tool's settings."""
    parts = folder.split("/")
    if _foreign(folder, named):
        return False
    base = folder + "/"
    data = parsed.get(folder)
    if data is not None and not _TEMPLATED.search(snapshot.text(base + "pyproject.toml") or ""):
        # packaging metadata of its own makes a project wherever it is, inside another's package too (a sandbox
        # service in `agent/sandbox/` with its pyproject.toml, uv.lock and Dockerfile)
        if any(key in data for key in ("project", "build-system")) or _workspace(data):
            return True
        tool = data.get("tool")
        if isinstance(tool, dict) and "poetry" in tool:
            return True
    if data is not None and snapshot.exists(base + "uv.lock"):
        return True
    if any(snapshot.exists("/".join(parts[:n]) + "/__init__.py") for n in range(1, len(parts) + 1)):
        return False  # a `setup.py` module or a requirements file inside a package: the package's own files
    if _SETUPTOOLS.search(snapshot.text(base + "setup.py") or ""):
        return True
    if re.search(r"(?m)^\[(?:metadata|options)\]", snapshot.text(base + "setup.cfg") or ""):
        return True
    has_requirements = any(_REQUIREMENTS.fullmatch(name) for name in snapshot.children_files(folder))
    has_code = any(n.endswith(".py") for n in snapshot.children_files(folder)) or any(
        snapshot.exists(f"{base}{sub}/__init__.py") for sub in snapshot.children(folder)
    )
    return has_requirements and has_code
