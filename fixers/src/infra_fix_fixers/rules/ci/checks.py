"""CI checks on one workflow file: CI003, CI005 and CI007 (CI004 is events.py, CI006 python_version.py).

Only merge-gating workflows are edited (roles.py); the survey says what the repository's workflows as a whole run.
"""

from __future__ import annotations

import re
from typing import Any

from ...edit.splice import Splice, line_start
from ...facts.commands.scan import PYRIGHT, PYTEST, RUFF_FORMAT
from ...facts.commands.words import script_path, split_words
from ...facts.workflows.survey import Survey, Workflow, action_steps, survey
from ...fixer import FileRun, check
from ...model import Applicability
from .rules import FORMAT_CHECK, HARDENING_MATRIX, INSTALL_UV
from .workflow import WorkflowDocument, job_folder, steps_of

Run = FileRun[WorkflowDocument]
MANUAL = Applicability.MANUAL
_HARDENING = ("3.12", "3.13", "3.13t", "3.14")


def this(run: Run) -> Workflow:
    return run.ctx.shared(survey).workflows[run.path]


# -- CI003 ---------------------------------------------------------------------------------------------------------


@check(FORMAT_CHECK)
def format_check(run: Run) -> None:
    if not this(run).gating:
        return
    for job_id, job in run.doc.jobs().items():
        if commits(job):
            continue  # an autoformat bot: its `ruff format` is meant to write
        for index, step in enumerate(job.get("steps") or []):
            command = step.get("run") if isinstance(step, dict) else None
            if not isinstance(command, str) or not unchecked_format(command):
                continue
            where = ("jobs", job_id, "steps", index, "run")
            message = f"job `{job_id}` runs `ruff format` without --check: it rewrites files and passes; add --check"
            kind = None if _formatted(run, job) else Applicability.UNSAFE
            if kind:
                message += " (the tree may not be formatted: nothing else runs ruff format on it; run it in the same " \
                           "commit)"  # fmt: skip
            run.report(FORMAT_CHECK, message, at=where, edit=lambda w=where, c=command: _add_check_flag(run, w, c),
                       applicability=kind)  # fmt: skip


def _formatted(run: Run, job: dict[str, Any]) -> bool:
    """Whether the project the job checks keeps its tree formatted otherwise (a task or script runs ruff format):
    only then can `--check` be added without turning the job red."""
    project = run.ctx.repo.owner(job_folder(job, this(run).data)) or run.ctx.repo.primary
    facts: Survey = run.ctx.shared(survey)
    return project is not None and facts.routinely(RUFF_FORMAT, project)


def _add_check_flag(run: Run, where: tuple[Any, ...], command: str) -> bool:
    node = run.doc.node(where)
    if node is None or node.kind != "scalar":
        return False
    source = run.doc.text[node.start : node.end]
    at_source, at_value = unchecked_format(source), unchecked_format(command)
    if len(at_source) != len(at_value):
        return False
    value = command
    for offset in reversed(at_value):
        value = value[:offset] + " --check" + value[offset:]
    return run.doc.splice([Splice(node.start + o, node.start + o, " --check") for o in at_source], where, value)


def unchecked_format(command: str) -> list[int]:
    """Offsets just past `format` of each `ruff format` in `command` without --check/--diff (it would rewrite files
    in CI and pass whatever the formatting)."""
    return [m.start(1) for m in _RUFF_FORMAT.finditer(command) if not re.search(r"--(?:check|diff)\b", m.group(1))]


_RUFF_FORMAT = re.compile(r"\bruff(?:\.exe)?\s+format\b([^;&|\n]*)")
_COMMITS = re.compile(r"\bgit\s+(?:commit|push)\b")
_COMMIT_ACTIONS = ("stefanzweifel/git-auto-commit-action", "peter-evans/create-pull-request", "EndBug/add-and-commit")


def commits(job: object) -> bool:
    """Whether a job pushes its own changes (an autoformat bot): its `ruff format` is meant to write."""
    steps = job.get("steps") if isinstance(job, dict) else None
    for step in steps or []:
        if isinstance(step, dict) and (
            _COMMITS.search(str(step.get("run", ""))) or str(step.get("uses", "")).startswith(_COMMIT_ACTIONS)
        ):
            return True
    return False


# -- CI005 ---------------------------------------------------------------------------------------------------------


@check(INSTALL_UV)
def install(run: Run) -> None:
    workflow = this(run)
    if not workflow.gating:
        return
    for job_id, job in run.doc.jobs().items():
        project = run.ctx.repo.owner(job_folder(job, workflow.data)) or run.ctx.repo.primary
        if project is None or not project.uses_uv:
            continue
        needs_env = {h.check for h in workflow.jobs[job_id].hits} & {PYRIGHT, PYTEST}
        if needs_env and not _installs_with_uv(job, run):
            run.report(INSTALL_UV, f"job `{job_id}` runs {' and '.join(sorted(needs_env))} without installing with "
                       "`uv sync` (add a `- run: uv sync` step and run the tools from .venv/bin/)",
                       at=("jobs", job_id))  # fmt: skip


def _installs_with_uv(job: dict[str, Any], run: Run) -> bool:
    """`uv sync`, or `uv run` (which syncs first), in a step, in one of the repository's own composite actions a
    step uses, or in the Makefile targets a step runs. A job that hands its tools to an environment manager (tox,
    nox, hatch) installs through it: how is that manager's business (tox-uv, nox's uv backend), not this rule's."""
    pattern = re.compile(r"\buv\s+(?:sync|run)\b|\buvx\b|(?:^|[\s;&|/])(?:tox|nox|hatch)(?:\s|$)", re.MULTILINE)
    steps = steps_of(job)
    for step in list(steps):
        uses = step.get("uses")
        if isinstance(uses, str) and uses.startswith("./"):
            steps += action_steps(run.ctx.repo, uses)
    scripts = [str(s.get("run", "")) for s in steps]
    scripts += [  # the repository's own scripts a step runs (fastapi-pagination's scripts/ci-test.sh syncs first)
        run.ctx.snapshot.text(path) or ""
        for script in list(scripts)
        for line in script.splitlines()
        if (words := split_words(line)) and (path := script_path(words, ""))  # `# a comment` has no words
    ]
    if any(pattern.search(script) for script in scripts):
        return True
    makefile = run.ctx.snapshot.text("Makefile")
    return makefile is not None and any("make" in s for s in scripts) and bool(pattern.search(makefile))


# -- CI007 ---------------------------------------------------------------------------------------------------------


@check(HARDENING_MATRIX)
def hardening(run: Run) -> None:
    facts: Survey = run.ctx.shared(survey)
    if run.path != facts.primary or _has_os_matrix(facts):
        return
    run.report(HARDENING_MATRIX, matrix_message(run.ctx.repo.primary.python_floor if run.ctx.repo.primary else None),
               at=("jobs",))  # fmt: skip


def _has_os_matrix(facts: Survey) -> bool:
    for workflow in facts.workflows.values():
        if not workflow.gating or workflow.data is None:
            continue
        for job_id, job in (workflow.data.get("jobs") or {}).items():
            strategy = job.get("strategy") if isinstance(job, dict) else None
            hits = workflow.jobs[job_id].hits if job_id in workflow.jobs else frozenset()
            tests = not hits or any(h.check == PYTEST for h in hits)  # `tox -e ${{ matrix.tox_env }}`: unreadable
            if tests and isinstance(strategy, dict) and "macos" in str(strategy.get("matrix", "")).lower():
                return True
    return False


def matrix_message(floor: tuple[int, int] | None) -> str:
    """The blueprint's matrix from the project's floor on; a floor below it is tested too (CI006 wants it)."""
    versions = [v for v in _HARDENING if (3, int(v[2:].rstrip("t"))) >= (floor or (3, 0))] or ["3.14"]
    if floor and floor < (3, int(_HARDENING[0][2:])):
        versions.insert(0, f"{floor[0]}.{floor[1]}")
    quoted = ", ".join(f'"{v}"' for v in versions)
    return (
        "no test job runs the hardening matrix (Python versions x ubuntu and macOS); consider, in the pytest job:\n"
        "strategy:\n  fail-fast: false\n  matrix:\n    os: [ubuntu-latest, macos-latest]\n"
        f"    python-version: [{quoted}]\nruns-on: ${{{{ matrix.os }}}}\n"
        "(and `python-version: ${{ matrix.python-version }}` in the setup step)"
    )


def jobs_separated(doc: WorkflowDocument) -> bool:
    """Whether the file puts a blank line between jobs (checked before the second job's key)."""
    node = doc.node(("jobs",))
    if node is None or node.kind != "map" or len(node.children) < 4:
        return True
    start = line_start(doc.text, node.children[2].start)
    return doc.text[:start].endswith("\n\n")


__all__ = ["format_check", "hardening", "install"]
