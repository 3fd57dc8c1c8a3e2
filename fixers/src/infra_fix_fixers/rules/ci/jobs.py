"""The blocking jobs infra-fix adds: jobs that can pass, for the projects that lack a check.

A job installs a project the way the project installs (uv, Poetry, pip), runs only tools the project depends on
(a tool it lacks runs through `uv run --with`, so the job passes before the dev dependency lands), follows the
conventions of the repository's workflows (actions pinned by SHA where they are, `persist-credentials: false`,
job permissions) and runs in the project's folder. In a uv workspace one job at the root covers every member
(`uv sync --all-packages`); a standalone project in a subfolder gets a job of its own with `working-directory`.
Where no such job can be written (an installer we do not know, an action the repository would want pinned and
has no pin for), the check is reported for a human instead.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from msgspec import Struct

from ...facts import Project, Repository, requirement_name
from ...facts.commands.routines import Routine
from ...facts.commands.scan import PYRIGHT, PYTEST, RUFF_CHECK, RUFF_FORMAT
from ...facts.workflows.survey import Survey
from ...fixer import Context

_COMMAND = {RUFF_CHECK: "ruff check .", RUFF_FORMAT: "ruff format --check .", PYRIGHT: "pyright", PYTEST: "pytest"}
_TOOL = {RUFF_CHECK: "ruff", RUFF_FORMAT: "ruff", PYRIGHT: "pyright", PYTEST: "pytest"}


class Unit(Struct, frozen=True):
    """What one new job checks: a project, or a uv workspace's root for all its members."""

    folder: str
    projects: tuple[Project, ...]

    @property
    def workspace(self) -> bool:
        return any(p.members for p in self.projects)

    @property
    def installer(self) -> str:
        return self.projects[0].installer

    @property
    def floor(self) -> str | None:
        """The Python to run on: the floor, or for a workspace the highest member floor (uv installs every member
        into one environment, so it needs a Python all of them accept)."""
        floors = [p.python_floor for p in self.projects if p.python_floor]
        if not floors:
            return None
        major, minor = max(floors) if self.workspace else min(floors)
        return f"{major}.{minor}"


def units(repo: Repository, projects: list[Project]) -> list[Unit]:
    """The projects grouped by the job that would check them."""
    grouped: dict[str, list[Project]] = {}
    for project in projects:
        folder = project.workspace if project.workspace is not None else project.dir
        grouped.setdefault(folder, []).append(project)
    found = []
    for folder, members in sorted(grouped.items()):
        root = repo.project(folder)
        ordered = [root, *(m for m in members if m is not root)] if root else members
        found.append(Unit(folder, tuple(p for p in ordered if p is not None)))
    return found


def job_id(checks: list[str], unit: Unit, taken: set[str]) -> str:
    base = "ruff" if RUFF_CHECK in checks else "ruff-format" if RUFF_FORMAT in checks else checks[0]
    if unit.folder:
        base += "-" + re.sub(r"[^A-Za-z0-9_-]+", "-", unit.folder).strip("-")
    return next(n for n in (base, f"{base}-check", f"{base}-blueprint") if n not in taken)


def installer(unit: Unit, survey: Survey) -> str:
    """How the job installs: the project's own way; a project with no lock of its own whose CI already runs uv
    is installed with uv too (`uv sync` works on any pyproject.toml)."""
    if unit.installer == "pip" and survey.conventions.uses_uv and all(p.pyproject is not None for p in unit.projects):
        return "uv"
    return unit.installer


def job(checks: list[str], unit: Unit, ctx: Context, survey: Survey) -> dict[str, Any] | None:
    """The job running `checks` for `unit`, or None when no job that can pass can be written here."""
    checkout = action_ref("actions/checkout", ctx.settings.blueprint.checkout_action, survey)
    if checkout is None:
        return None
    # a checks job needs neither a token in .git/config nor write access (zizmor's artipacked and permissions)
    steps: list[dict[str, Any]] = [{"uses": checkout, "with": {"persist-credentials": False}}]
    way = installer(unit, survey)
    tool_of = {**_TOOL, PYRIGHT: type_checker(unit)}
    tools = list(dict.fromkeys(tool_of[c] for c in checks))
    installed = _installed(unit, ctx, way)
    missing = [t for t in tools if t not in installed]
    install = _install(unit, ctx, survey, way, missing)
    if install is None:
        return None
    steps += install
    routines = routines_for(checks, unit, survey)
    for check in checks:
        routine = routines.get(check)
        if routine is None:
            steps.append({"run": _run(check, tool_of[check], unit, way, missing)})
        elif all(step.get("run") != _routine_run(routine, unit, way, []) for step in steps):
            needed = [tool_of[c] for c, r in routines.items() if r is routine and tool_of[c] in missing]
            steps.append({"run": _routine_run(routine, unit, way, needed)})
    body: dict[str, Any] = {"runs-on": _runner(unit, survey), "permissions": {"contents": "read"}}
    if unit.folder:
        body["defaults"] = {"run": {"working-directory": unit.folder}}
    body["steps"] = steps
    return body


def routines_for(checks: list[str], unit: Unit, survey: Survey) -> dict[str, Routine]:
    """For each check, the maintainers' own command that runs it over every project of the unit (a Makefile target,
    a script), preferring one command for as many of the checks as it runs, then one that runs little else."""
    found: dict[str, Routine] = {}
    candidates = sorted(
        survey.commands,
        key=lambda r: (
            -sum(all(r.runs(c, p.dir) for p in unit.projects) for c in checks),
            len({h.check for h in r.hits} - set(checks)),  # then the one that runs least besides
        ),
    )
    for check in checks:
        routine = next((r for r in candidates if all(r.runs(check, p.dir) for p in unit.projects)), None)
        if routine is not None:
            found[check] = routine
    return found


def _routine_run(routine: Routine, unit: Unit, way: str, missing: list[str]) -> str:
    """The routine's command from the job's folder, in the environment the job installed."""
    rel = posixpath.relpath(routine.cwd or ".", unit.folder or ".")
    command = routine.command
    if rel != ".":
        command = f"make -C {rel} {command[5:]}" if command.startswith("make ") else f"cd {rel} && {command}"
    if way == "uv":
        tools = "".join(f" --with {t}" for t in missing)
        return f"uv run{' --all-packages' if unit.workspace else ''}{tools} {command}"
    if way == "poetry":
        return f"poetry run {command}"
    return command


def action_ref(name: str, default: str, survey: Survey) -> str | None:
    """How the new job refers to an action: the repository's own SHA pin; else, unless the repository pins every
    action by SHA or runs zizmor (a tag would be its one unpinned action, or a new finding: then None, and the job is
    reported rather than written), the ref the repository already uses (`@v7` beside its other jobs), else the
    blueprint's."""
    conventions = survey.conventions
    pinned = conventions.pinned.get(name)
    if pinned:
        return pinned
    if conventions.pins_by_sha or conventions.audited:
        return None
    return conventions.refs.get(name) or (default if default.split("@", 1)[0] == name else None)


def _install(unit: Unit, ctx: Context, survey: Survey, way: str, missing: list[str]) -> list[dict[str, Any]] | None:
    floor = unit.floor
    setup_python = action_ref("actions/setup-python", "actions/setup-python@v5", survey)
    python: dict[str, Any] = {"uses": setup_python, **({"with": {"python-version": floor}} if floor else {})}
    if way == "uv":
        sync = {"run": "uv sync --all-packages" if unit.workspace else sync_command(unit.projects[0])}
        setup = action_ref("astral-sh/setup-uv", ctx.settings.blueprint.setup_uv_action, survey)
        if setup is not None:
            return [{"uses": setup, **({"with": {"python-version": floor}} if floor else {})}, sync]
        # no pin for setup-uv where one is needed: uv from PyPI on the pinned setup-python, no unpinned action
        return [python, {"run": "python -m pip install uv"}, sync] if setup_python else None
    if setup_python is None:
        return None
    extra = f" && poetry run python -m pip install {' '.join(missing)}" if missing else ""
    if way == "poetry":
        return [{"run": "pipx install poetry"}, python, {"run": f"poetry install{extra}"}]
    if way == "pip":
        target = _pip_target(unit.projects[0], ctx)
        return [python, {"run": f"python -m pip install {target}" + "".join(f" {t}" for t in missing)}]
    return None


def sync_command(project: Project) -> str:
    """`uv sync` installs the default `dev` group; dev tools kept as a `dev` extra need `--extra dev`."""
    return "uv sync --extra dev" if _dev_extra(project) else "uv sync"


def _dev_extra(project: Project) -> bool:
    data = project.pyproject or {}
    groups = data.get("dependency-groups")
    extras = data.get("project", {}).get("optional-dependencies") if isinstance(data.get("project"), dict) else None
    return isinstance(extras, dict) and "dev" in extras and not (isinstance(groups, dict) and "dev" in groups)


def _pip_target(project: Project, ctx: Context) -> str:
    if ctx.snapshot.exists(project.path("pyproject.toml")) or ctx.snapshot.exists(project.path("setup.py")):
        return '-e ".[dev]"' if _dev_extra(project) else "-e ."
    requirements = [n for n in ctx.snapshot.children_files(project.dir) if re.fullmatch(r"requirements.*\.txt", n)]
    return " ".join(f"-r {n}" for n in sorted(requirements)) or "."


def _installed(unit: Unit, ctx: Context, way: str) -> set[str]:
    """The packages the job's install step puts in the environment, once this run's edits land (the pyproject as
    fixed so far): the dependencies, and the dev group or extra the install command takes."""
    found: set[str] = set()
    for project in unit.projects:
        data = ctx.pyproject(project)
        project_table = (data or {}).get("project")
        lists = [project_table.get("dependencies")] if isinstance(project_table, dict) else []
        extras = project_table.get("optional-dependencies") if isinstance(project_table, dict) else None
        groups = (data or {}).get("dependency-groups")
        if way in ("uv", "pip") and _dev_extra(project) and isinstance(extras, dict):
            lists.append(extras.get("dev"))
        if way == "uv" and isinstance(groups, dict):
            lists.append(groups.get("dev"))
        if way == "poetry":
            return set(project.requirements)
        found |= {
            requirement_name(r) for items in lists if isinstance(items, list) for r in items if isinstance(r, str)
        }
    return found


def type_checker(unit: Unit) -> str:
    """basedpyright where the projects use it (its settings table, or the package): pyright would ignore
    `[tool.basedpyright]`."""
    for project in unit.projects:
        tool = (project.pyproject or {}).get("tool")
        if "basedpyright" in project.requirements or (isinstance(tool, dict) and "basedpyright" in tool):
            return "basedpyright"
    return "pyright"


def _run(check: str, tool: str, unit: Unit, way: str, missing: list[str]) -> str:
    command = _COMMAND[check].replace("pyright", tool) if check == PYRIGHT else _COMMAND[check]
    if way == "uv" and tool in missing:  # `uv run` syncs first: a workspace's must keep every member installed
        return f"uv run{' --all-packages' if unit.workspace else ''} --with {tool} {command}"
    if way == "uv":
        return f".venv/bin/{command}"
    if way == "poetry":
        return f"poetry run {command}"
    return f"python -m {command}"


def _runner(unit: Unit, survey: Survey) -> str:
    """ubuntu-latest, unless the project runs only on Windows or macOS: its classifiers say so, or every job of its
    CI runs there."""
    classifiers: list[str] = []
    for project in unit.projects:
        data = (project.pyproject or {}).get("project")
        value = data.get("classifiers") if isinstance(data, dict) else None
        classifiers += [c for c in value if isinstance(c, str)] if isinstance(value, list) else []
    prefix = "Operating System ::"
    systems = {c[len(prefix) :].strip() for c in classifiers if c.startswith(prefix)}
    if systems and all("Windows" in s for s in systems):
        return "windows-latest"
    if systems and all("MacOS" in s for s in systems):
        return "macos-latest"
    runners = survey.conventions.runners
    for system in ("windows", "macos"):
        if runners and all(system in r.lower() for r in runners):
            return f"{system}-latest"
    return "ubuntu-latest"
