"""MK003: the standard targets, added where they apply and never rewritten.

A target is added only where nothing in the file (or what it includes) does its job already, under any name: what
each target runs is read by the CI scan (`lint` running `ruff check`, `typing` running mypy), and a target of the
standard name or a usual synonym (`tests`, `typing`) is never shadowed. Each runs a tool the project has (its dev
dependencies, requirements files, hatch environments) the way the file already runs its tools (`uv run `,
`$(VENV)/bin/`, `poetry run `, on PATH), else the way the project installs.

A check target is safe where the project already runs that check over the whole project (a gating job, another
workflow, tox, nox, a task): then the tree passes it and `make lint` is green on the day it lands. Elsewhere it may
fail on the tree as it is: unsafe. (This also keeps one run's answer: the CI rules take a Makefile target for the
maintainers' own command, so a target added where nothing ran the check would turn a new CI job safe on the next
run.) `check` runs the others in the hardening appendix's order (lint, format-check, typecheck, test) by the names
the file gives them. `up`/`down` need a compose file docker compose finds by itself; `migrate` needs an alembic
set-up (not Flask-Migrate's, which runs through `flask db`), alembic, and a file that runs its tools on the host.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

from msgspec import Struct

from ...edit.make_expand import expand, variables
from ...edit.makefile import joined
from ...edit.makefile_doc import MakefileDocument, NewRule
from ...facts import Project, Shape, requirement_name
from ...facts.commands import runners
from ...facts.commands.hits import MYPY, OTHER_TYPE_CHECKERS, PYRIGHT, PYTEST, RUFF_CHECK, RUFF_FORMAT
from ...facts.workflows.survey import Survey, survey
from ...fixer import Context, FileRun, check
from ...model import Applicability
from .analysis import included, project_of, runner_prefix, scanner, target_checks, tools
from .rules import STANDARD

Run = FileRun[MakefileDocument]
COMPOSE_DEFAULTS = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")
_PATH_FREE = re.compile(r"(?:(?:uv|poetry|pdm|pipenv|hatch) run )?alembic ")  # still runs after a `cd`
_IN_CONTAINER = re.compile(r"\b(?:docker|podman)(?:[ -]compose)?\s+(?:\S+\s+)*?(?:exec|run)\b|\bkubectl\s+exec\b")


class Target(Struct, frozen=True):
    """A standard target: the names that already count as it, and the checks a target runs that do its job."""

    name: str
    synonyms: frozenset[str]
    checks: frozenset[str]
    description: str


class Planned(Struct, frozen=True):
    target: Target
    rule: NewRule
    applicability: Applicability | None = None  # None: the rule's own (safe)
    why: str = ""


LINT = Target(
    "lint",
    frozenset({"lint", "ruff", "linters", "lint-check", "check-lint", "ruff-check", "check-ruff"}),
    frozenset({RUFF_CHECK}),
    "Lint (ruff check)",
)
FORMAT_CHECK = Target(
    "format-check",
    frozenset({"format-check", "check-format", "fmt-check", "check-fmt", "format_check", "formatcheck", "lint-format"}),
    frozenset({RUFF_FORMAT}),
    "Check the formatting (ruff format --check)",
)
TYPECHECK = Target(
    "typecheck",
    frozenset({"typecheck", "type-check", "type_check", "types", "typing", "mypy", "pyright", "check-types",
               "typelint"}),
    frozenset({PYRIGHT, MYPY, *OTHER_TYPE_CHECKERS}),
    "Type-check",
)  # fmt: skip
TEST = Target(
    "test",
    frozenset({"test", "tests", "pytest", "unittest", "unit", "unit-test", "unit-tests", "test-unit"}),
    frozenset({PYTEST}),
    "Run the tests (pytest)",
)
CHECK = Target("check", frozenset({"check", "checks", "verify", "qa", "validate"}), frozenset(), "Run every check")
UP = Target("up", frozenset({"up", "compose-up", "docker-up", "start"}), frozenset(), "Start the services")
DOWN = Target("down", frozenset({"down", "compose-down", "docker-down", "stop"}), frozenset(), "Stop the services")
MIGRATE = Target(
    "migrate",
    frozenset({"migrate", "migrations", "db-upgrade", "upgrade", "db-migrate", "migrate-db", "alembic", "upgrade-db"}),
    frozenset(),
    "Apply the database migrations (alembic upgrade head)",
)
_CHECKS = (LINT, FORMAT_CHECK, TYPECHECK, TEST)  # the hardening appendix's order


@check(STANDARD)
def standard_targets(run: Run) -> None:
    doc = run.doc
    more = included(run.ctx.snapshot, run.path, doc.parsed)
    if more.unread or doc.parsed.recipe_prefix:
        return  # the targets may be defined where infra-fix cannot read
    for each in plan(run.ctx, run.path, doc, more.targets):
        rule = each.rule
        what = " ".join(rule.recipe) if rule.recipe else "make " + " ".join(rule.prerequisites)
        message = f"no `{each.target.name}` target: add one running `{what.lstrip('@')}`{each.why}"
        run.report(STANDARD, message, line=1, edit=lambda r=rule: doc.append_rules([r]),
                   applicability=each.applicability)  # fmt: skip


def plan(ctx: Context, path: str, doc: MakefileDocument, elsewhere: frozenset[str] = frozenset()) -> list[Planned]:
    """The standard targets the Makefile at `path` (as `doc` holds it; empty for a new one) lacks, in order: the
    checks, `check`, then the services. `elsewhere` are targets its included files define."""
    existing = doc.parsed.defined | elsewhere
    scan = ctx.shared(scanner)
    runs = {n: target_checks(scan, path, n) for n in doc.parsed.defined if "$" not in n and "%" not in n}
    project = project_of(ctx.repo, path)
    have = tools(ctx, project) if project else frozenset()
    planned = _checks(ctx, project, doc, existing, runs, have) if project else []
    wanted: list[str] = []
    covered: set[str] = set()
    for target in _CHECKS:  # each check's target, unless one already chosen runs it too (`lint` running format)
        if target.checks & covered:
            continue
        doer = next((p.rule.name for p in planned if p.target is target), None) or _doer(target, existing, runs)
        if doer:
            wanted += [doer] if doer not in wanted else []
            covered |= runs.get(doer) or {min(target.checks & {RUFF_CHECK, RUFF_FORMAT, PYRIGHT, PYTEST})}
    unsafe = any(p.applicability is Applicability.UNSAFE for p in planned if p.rule.name in wanted)
    why = " (unsafe: it runs a target that is added unsafe)" if unsafe else ""
    pending = sorted(_pending_tools(ctx, have)) if project else []
    if pending and not unsafe:
        unsafe = True
        why = (
            f" (unsafe: the project's dev dependencies lack {', '.join(pending)}, which --unsafe-fixes adds (PP004);"
            " `check` then runs their targets too)"
        )
    if not _has(CHECK, existing) and len(wanted) >= 2 and not _runs_all(runs, wanted, covered):
        rule = NewRule("check", tuple(wanted), (), CHECK.description)
        planned.append(Planned(CHECK, rule, Applicability.UNSAFE if unsafe else None, why))
    host = runner_prefix(doc.parsed) is not None or any(p.rule.recipe for p in planned)
    found = planned + _services(ctx, path, doc, existing, project, host)
    return sorted(found, key=lambda p: p.applicability is Applicability.UNSAFE)  # as a later unsafe run appends them


def _pending_tools(ctx: Context, have: frozenset[str]) -> set[str]:
    """The blueprint's checking tools (ruff, pytest) the project does not install yet (`have`: what it installs).
    `check` made before they are would lack the targets made once they are, and an existing `check` is never
    rewritten: so it waits for them, and `--apply` then `--apply --unsafe-fixes` writes what one `--apply
    --unsafe-fixes` writes."""
    wanted = {requirement_name(spec) for spec in ctx.settings.blueprint.dev_dependencies} & {"ruff", "pytest"}
    return wanted - have


def _checks(
    ctx: Context,
    project: Project,
    doc: MakefileDocument,
    existing: frozenset[str],
    runs: dict[str, frozenset[str]],
    have: frozenset[str],
) -> list[Planned]:
    """The check targets the project's tools (`have`) call for and the file lacks."""
    repo = ctx.repo
    done = {c for checks in runs.values() for c in checks}
    found: list[Planned] = []
    ruff = "ruff" in have
    checker = "basedpyright" if "basedpyright" in have else "pyright" if "pyright" in have else None
    tests = bool(project.test_dirs) or any((repo.project(m) or project).test_dirs for m in project.members)
    commands = [
        (LINT, RUFF_CHECK, ruff, "ruff", "check ."),
        (FORMAT_CHECK, RUFF_FORMAT, ruff, "ruff", "format --check ."),
        (TYPECHECK, PYRIGHT, checker is not None, checker or "", ""),
        (TEST, PYTEST, "pytest" in have and tests, "pytest", ""),
    ]
    for target, kind, applies, tool, args in commands:
        if not applies or _has(target, existing) or target.checks & done:
            continue
        command = _hatch_script(ctx, doc, project, tool, kind) or _command(ctx, doc, project, tool, args)
        if command is None:
            continue
        description = target.description if target is not TYPECHECK else f"Type-check ({tool})"
        rule = NewRule(target.name, (), (command,), description)
        facts: Survey = ctx.shared(survey)  # the workflows read only where a target is to be added
        if facts.covered(kind, project, whole=True) or facts.routinely(kind, project):
            found.append(Planned(target, rule))
        else:
            why = (f" (unsafe: nothing infra-fix can see runs {tool} over the whole project, so the tree may not "
                   "pass it yet: run it once before merging)")  # fmt: skip
            found.append(Planned(target, rule, Applicability.UNSAFE, why))
    return found


def _services(  # noqa: PLR0913 - the plan so far, passed on
    ctx: Context, path: str, doc: MakefileDocument, existing: frozenset[str], project: Project | None, host: bool
) -> list[Planned]:
    """`up`/`down` beside a compose file docker compose reads by default; `migrate` where alembic is set up."""
    folder = posixpath.dirname(path)
    found: list[Planned] = []
    recipes = "\n".join(joined(x) for r in doc.parsed.rules for x in r.recipe)
    compose = "docker-compose" if re.search(r"\bdocker-compose\s", recipes) else "docker compose"
    if any(ctx.snapshot.exists(posixpath.join(folder, n)) for n in COMPOSE_DEFAULTS):
        if not _has(UP, existing) and not re.search(r"\bdocker[ -]compose\b[^\n]*\sup\b", recipes):
            found.append(Planned(UP, NewRule("up", (), (f"{compose} up -d",), UP.description)))
        if not _has(DOWN, existing) and not re.search(r"\bdocker[ -]compose\b[^\n]*\sdown\b", recipes):
            found.append(Planned(DOWN, NewRule("down", (), (f"{compose} down",), DOWN.description)))
    migrate = _migrate(ctx, doc, folder, project, recipes) if project is not None and host else None
    if migrate is not None and not _has(MIGRATE, existing):
        found.append(Planned(MIGRATE, migrate))
    return found


def _migrate(ctx: Context, doc: MakefileDocument, folder: str, project: Project, recipes: str) -> NewRule | None:
    """`alembic upgrade head` where the project has alembic and one set-up infra-fix can run on the host: the file
    runs its Python tools there (the caller knows: its own recipes, or the check targets this run adds; never in
    containers, where the database would be), the set-up is plain alembic (Flask-Migrate keeps alembic.ini inside
    its script folder and runs through `flask db`), and no recipe upgrades the database already."""
    if len(project.alembic) != 1 or "alembic" not in tools(ctx, project):
        return None
    setup = project.alembic[0]
    if setup.ini is None:  # configured in pyproject.toml or in code: `alembic` alone may not find it
        return None
    where = posixpath.dirname(setup.ini)
    if setup.script_location is None or setup.script_location == where or _IN_CONTAINER.search(recipes):
        return None
    if re.search(r"\b(?:alembic|flask\s+db|db)\b[^\n]*\bupgrade\b", recipes):
        return None
    command = _command(ctx, doc, project, "alembic", "upgrade head")
    relative = posixpath.relpath(where or ".", folder or ".")
    if command is None or (relative != "." and not _PATH_FREE.match(command)):
        return None  # a relative path to the tools would not hold after `cd`
    command = command if relative == "." else f"cd {relative} && {command}"
    return NewRule("migrate", (), (command,), MIGRATE.description)


def _has(target: Target, existing: frozenset[str]) -> bool:
    return bool(target.synonyms & existing) or target.name in existing


def _doer(target: Target, existing: frozenset[str], runs: dict[str, frozenset[str]]) -> str | None:
    """The existing target that does `target`'s job: one of its names, else the one running its check and the
    fewest others."""
    for name in (target.name, *sorted(target.synonyms)):
        if name in existing and (name == target.name or runs.get(name, frozenset()) & target.checks):
            return name
    doing = [n for n, checks in runs.items() if checks & target.checks]
    return min(doing, key=lambda n: (len(runs[n]), n)) if doing else None


def _runs_all(runs: dict[str, frozenset[str]], wanted: list[str], needed: set[str]) -> bool:
    """Whether one existing target already runs every check `check` would (an `all` or `ci` target)."""
    return bool(needed) and any(name not in wanted and needed <= checks for name, checks in runs.items())


def _command(ctx: Context, doc: MakefileDocument, project: Project, tool: str, args: str) -> str | None:
    """`tool args` the way the file runs its tools: through its own variable for the tool (`RUFF = $(UV) run ruff`
    gives `$(RUFF) check .`), with the prefix its recipes use (`uv run `, `$(VENV)/bin/`), else as the project
    installs."""
    parsed = doc.parsed
    values = variables(parsed)
    for a in parsed.assignments:
        words = expand(a.value, values).split()
        if not a.depth and words and posixpath.basename(words[-1]) == tool and a.name.isupper():
            return f"$({a.name}) {args}".rstrip()
    prefix = _prefix(ctx, doc, project, tool)
    return None if prefix is None else f"{prefix}{tool} {args}".rstrip()


def _hatch_script(ctx: Context, doc: MakefileDocument, project: Project, tool: str, kind: str) -> str | None:
    """`hatch run <script>` where the file runs its tools through hatch and a script of the default environment runs
    this check and nothing else (mem0's `format-check = ["ruff format --check"]`, beside `lint: hatch run lint`)."""
    if _prefix(ctx, doc, project, tool) != "hatch run ":
        return None
    scan = ctx.shared(scanner)
    for name in runners.hatch_script_names(scan, project.dir):
        if {hit.check for hit in runners.hatch(scan, ["run", name], project.dir)} == {kind}:
            return f"hatch run {name}"
    return None


def _prefix(ctx: Context, doc: MakefileDocument, project: Project, tool: str) -> str | None:
    """How to run `tool`: as the file runs its tools, else as the project installs."""
    own = runner_prefix(doc.parsed)
    if own is not None:
        return own
    if project.installer == "uv":
        everything = "--all-packages " if project.members and tool in ("pytest", "pyright", "basedpyright") else ""
        return "uv run " + everything + _uv_selection(ctx.pyproject(project), tool)
    return {"poetry": "poetry run ", "pdm": "pdm run ", "pipenv": "pipenv run ", "hatch": "hatch run "}.get(
        project.installer, ""
    )


def _uv_selection(data: dict[str, Any] | None, tool: str) -> str:
    """`--group G ` or `--extra E ` where the tool is in neither the dependencies nor a default group."""
    shape = Shape()

    def names(*keys: str) -> set[str]:
        return {requirement_name(r) for r in shape.strings(data, *keys)}

    if tool in names("project", "dependencies") or tool in names("tool", "uv", "dev-dependencies"):
        return ""
    defaults = shape.table(data, "tool", "uv").get("default-groups", ["dev"])
    for group in shape.table(data, "dependency-groups"):
        if tool in names("dependency-groups", group):
            return (
                "" if defaults == "all" or (isinstance(defaults, list) and group in defaults) else f"--group {group} "
            )
    for extra in shape.table(data, "project", "optional-dependencies"):
        if tool in names("project", "optional-dependencies", extra):
            return f"--extra {extra} "
    return ""
