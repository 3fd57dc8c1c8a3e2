"""CI001/CI002: the blocking checks every project needs, added where they are missing.

Which checks a project needs follows from what it has: ruff (check and format) wherever there is Python code,
pyright where there are source folders, pytest where there are tests (a pytest job over no tests fails). A check is
present when a merge-gating job reaches the project (survey.py); missing ones become jobs (jobs.py) in the CI
workflow, joined to its aggregator job (`alls-green`, `required-ci`) so that they gate something. With no CI
workflow at all, `.github/workflows/ci.yml` is created.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...edit.splice import Splice
from ...edit.yaml_tree import Style
from ...facts import Project, Repository
from ...facts.commands.scan import CHECKS, PYRIGHT, PYTEST, RUFF_CHECK, RUFF_FORMAT
from ...facts.type_checkers import other_type_checker
from ...facts.workflows.survey import Survey, survey
from ...fixer import FileRun, check
from ...model import Adoption, Applicability
from . import render
from .checks import jobs_separated, matrix_message
from .events import branches as branches_of
from .jobs import Unit, job, job_id, routines_for, units
from .rules import HARDENING_MATRIX, MISSING_JOB, NO_CI
from .workflow import WorkflowDocument

CI_PATH = ".github/workflows/ci.yml"
CI_ADOPTION = "GitHub Actions CI"  # adopting a CI workflow where no merge-gating one runs any check
PYRIGHT_ADOPTION = "pyright"  # adopting pyright where nothing runs it: its configuration and the job that runs it
_GROUPS = ((RUFF_CHECK, RUFF_FORMAT), (PYRIGHT,), (PYTEST,))


def needed(repo: Repository, project: Project) -> list[str]:
    """The checks a project's contents call for."""
    snapshot = repo.snapshot
    has_code = bool(project.source_dirs or project.test_dirs) or any(
        n.endswith(".py") for n in snapshot.children_files(project.dir)
    )
    wanted = [RUFF_CHECK, RUFF_FORMAT] if has_code else []
    wanted += [PYRIGHT] if project.source_dirs else []
    wanted += [PYTEST] if project.test_dirs else []
    return wanted


def missing(repo: Repository, facts: Survey) -> dict[str, list[Project]]:
    """check -> the selected projects no gating job checks with it."""
    found: dict[str, list[Project]] = {}
    for project in repo.chosen:
        for name in needed(repo, project):
            if name == RUFF_FORMAT and facts.chosen(RUFF_FORMAT, project):
                continue  # black (or another formatter) keeps it formatted: ruff format beside it is no fix
            if name == RUFF_CHECK and facts.lints_otherwise(project):
                continue  # flake8 lints it: ruff check beside it is an adoption, not a missing job
            if not facts.covered(name, project):
                found.setdefault(name, []).append(project)
    return found


def planned(repo: Repository, facts: Survey) -> list[tuple[list[str], Unit]]:
    """The jobs to add: (checks, unit), ruff's two checks sharing a job."""
    gaps = missing(repo, facts)
    plan = []
    for group in _GROUPS:
        seen: dict[str, Project] = {}
        for name in group:
            seen.update((p.dir, p) for p in gaps.get(name, []) if p.dir not in seen)
        projects = list(seen.values())
        for unit in units(repo, projects):
            checks = [c for c in group if any(p in unit.projects for p in gaps.get(c, []))]
            plan.append((checks, unit))
    return plan


def describe(checks: list[str]) -> str:
    return " and ".join("ruff format --check" if c == RUFF_FORMAT else c.replace("-", " ") for c in checks)


@check(MISSING_JOB)
def missing_jobs(run: FileRun[WorkflowDocument]) -> None:
    facts: Survey = run.ctx.shared(survey)
    if run.path != facts.primary:
        return
    taken = set(run.doc.jobs())
    for checks, unit in planned(run.ctx.repo, facts):
        name = job_id(checks, unit, taken)
        taken.add(name)
        where = f" for {unit.folder}/" if unit.folder else ""
        message = f"no blocking CI job infra-fix can follow runs {describe(checks)}{where}: add job `{name}`"
        if facts.unfollowed:
            message += (
                f" (not followed: {', '.join(facts.unfollowed[:3])}{', ...' if len(facts.unfollowed) > 3 else ''})"
            )
        held = held_back(checks, unit, run.ctx.repo, facts)
        body = None if held else job(checks, unit, run.ctx, facts)
        if body is None:
            why = held or "no job that can pass can be written here: add one by hand"
            run.report(MISSING_JOB, f"{message} ({why})", at=("jobs",), applicability=Applicability.MANUAL)
            continue
        kind, why = trust(checks, unit, facts)
        run.report(MISSING_JOB, message + why, at=("jobs",), edit=lambda n=name, b=body: _add_job(run, n, b),
                   applicability=kind, adopts=pyright_runner(checks, facts))  # fmt: skip


def pyright_runner(checks: list[str], facts: Survey) -> Adoption | None:
    """A pyright job where nothing runs pyright yet is what runs it, when adopting pyright (its configuration, PY001,
    is made only with it); elsewhere a new job is a repair of the CI the repository runs."""
    if PYRIGHT in checks and PYRIGHT not in facts.runs_anywhere():
        return Adoption(PYRIGHT_ADOPTION, "runner")
    return None


def held_back(checks: list[str], unit: Unit, repo: Repository, facts: Survey) -> str | None:
    """Why a job is not written at all: a gating job runs a session or recipe named by a variable and the project's
    own tasks run these checks (urllib3's `nox -s "$NOX_SESSION"` over a matrix: its test sessions are the pytest
    job, and a second one would be a guess), or the project type-checks with another tool (the pyright job would be
    a second type checker: a choice for its maintainers)."""
    named = [u for u in facts.unfollowed if "$" in u.partition(" (")[0]]
    if named and all(facts.routinely(c, p) for c in checks for p in unit.projects):
        return (f"not added: a gating job runs {named[0]}, which infra-fix cannot name, and the project's own tasks "
                f"run {describe(checks)}: if it is one of them, nothing is missing")  # fmt: skip
    if PYRIGHT not in checks:
        return None
    for project in unit.projects:
        other = other_type_checker(repo, facts, project)
        if other:
            who = project.dir or "the project"
            return f"not added: {who} type-checks with {other}; pyright beside it is a choice to make by hand"
    return None


def trust(checks: list[str], unit: Unit, facts: Survey) -> tuple[Applicability | None, str]:
    """A job is safe where it runs the maintainers' own command for every check (a Makefile target, a script that
    runs it over the whole project): it runs what they run, at their versions, and is expected to pass. A check run
    only some other way, or never, may fail on the tree as it is: unsafe, and the message says what to do."""
    own = routines_for(checks, unit, facts)
    new = [c for c in checks if c not in own]
    if not new:
        return None, ""
    place = f"{unit.folder}/" if unit.folder else "the project"
    habit = [c for c in new if all(facts.routinely(c, p) for p in unit.projects)]
    where = "by no Makefile target or script infra-fix can run as it is" if habit else (
        "nowhere infra-fix can see (no task, script or other workflow)")  # fmt: skip
    return Applicability.UNSAFE, (
        f"; {describe(new)} {'are' if len(new) > 1 else 'is'} run on {place} {where}: run it in the same commit and "
        "fix what it reports"
    )


def _add_job(run: FileRun[WorkflowDocument], name: str, body: dict[str, Any]) -> bool:
    """Add the job and make every aggregator job of the workflow need it, so that it gates the merge like the
    others; a job that could not join one is not added."""
    doc = run.doc
    aggregators = [j for j, info in run.ctx.shared(survey).workflows[run.path].jobs.items() if info.aggregator]
    if not all(_joinable(doc, j) for j in aggregators):
        return False
    if not doc.add_block_key(("jobs",), name, body, blank_line_before=jobs_separated(doc)):
        return False
    return all(_join(doc, j, name) for j in aggregators)


def _joinable(doc: WorkflowDocument, job_id: str) -> bool:
    node = doc.node(("jobs", job_id, "needs"))
    return node is not None and (node.kind == "seq" or (node.kind == "scalar" and node.style is None))


def _join(doc: WorkflowDocument, job_id: str, name: str) -> bool:
    where = ("jobs", job_id, "needs")
    needs = doc.get(where)
    if isinstance(needs, list):
        return name in needs or doc.append(where, name)
    node = doc.node(where)
    if node is None or not isinstance(needs, str):
        return False
    return doc.splice([Splice(node.start, node.end, f"[{needs}, {name}]")], where, [needs, name])


def create(run: FileRun[None]) -> None:
    """No merge-gating workflow runs any check: create ci.yml with a job per check and project, which adopts CI. A job
    for a check the project has never run is its own unsafe finding, written into the new file only when unsafe
    fixes are; the file exists whenever one of its jobs does."""
    facts: Survey = run.ctx.shared(survey)
    if run.path != CI_PATH or facts.primary is not None:
        return
    taken: set[str] = set()
    planned_jobs: dict[str, Any] = {}
    chosen: set[str] = set()
    safe: list[str] = []  # the jobs that run the maintainers' own commands: made without --unsafe-fixes

    def include(name: str) -> bool:  # the unsafe job's fix: it goes into the file created below
        chosen.add(name)
        return True

    for checks, unit in planned(run.ctx.repo, facts):
        held = held_back(checks, unit, run.ctx.repo, facts)
        body = None if held else job(checks, unit, run.ctx, facts)
        if body is None:
            why = held or f"no job that can pass can be written for {unit.folder or 'the project'}: add one by hand"
            run.report(NO_CI, f"no CI workflow runs {describe(checks)} ({why})", applicability=Applicability.MANUAL)
            continue
        name = job_id(checks, unit, taken)
        taken.add(name)
        planned_jobs[name] = body
        kind, why = trust(checks, unit, facts)
        if kind is None:
            chosen.add(name)
            safe.append(name)
        else:
            part = "pyright job" if PYRIGHT in checks else "jobs"
            message = f"no CI workflow runs {describe(checks)}: job `{name}` in the new {run.path}{why}"
            run.report(NO_CI, message, edit=lambda n=name: include(n), applicability=kind,
                       adopts=Adoption(CI_ADOPTION, part, needs=("workflow",)))  # fmt: skip
    if not planned_jobs:
        return
    wanted = branches_of(run.ctx)
    head: dict[str, Any] = {"name": "CI", "on": {"pull_request": None}}
    if wanted:
        head["on"]["push"] = {"branches": list(wanted)}

    def text() -> str:
        # the safe jobs first, then the unsafe ones: what a plain run creates and a later --unsafe-fixes run adds
        # (CI002 appends) is then the very file one --unsafe-fixes run creates
        style = Style()
        order = [*safe, *(name for name in planned_jobs if name not in safe)]
        jobs = {name: planned_jobs[name] for name in order if name in chosen}
        return render.render(head, style, blank_between=True) + "\n\n" + render.render_jobs(jobs, style) + "\n"

    names = _names(safe) if safe else "the jobs above (each with --unsafe-fixes)"
    created = run.create(NO_CI, f"no CI workflow runs the blueprint's checks: create {run.path} with {names}", text,
                         applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
                         adopts=Adoption(CI_ADOPTION, "workflow"))  # fmt: skip
    if created:
        primary = run.ctx.repo.primary
        run.report(HARDENING_MATRIX, matrix_message(primary.python_floor if primary else None))


def _names(jobs: Iterable[str]) -> str:
    return ", ".join(f"`{name}`" for name in jobs)


__all__ = ["CHECKS", "CI_ADOPTION", "CI_PATH", "PYRIGHT_ADOPTION", "create", "missing_jobs", "needed", "planned"]
