"""CI checks on one workflow file. Only merge-gating workflows are edited (roles.py); the survey says what the
repository's workflows as a whole run."""

from __future__ import annotations

import fnmatch
import re
from typing import Any

from ...edit.splice import Splice, line_start
from ...fixer import Context, FileRun, check
from ...judgement import human_word
from ...model import Applicability
from . import scan
from .roles import benchmark_job
from .rules import FORMAT_CHECK, HARDENING_MATRIX, INSTALL_UV, PYTHON_VERSION, TRIGGERS
from .survey import Survey, Workflow, survey
from .workflow import WorkflowDocument, triggers

Run = FileRun[WorkflowDocument]
MANUAL = Applicability.MANUAL
_SETUP_ACTIONS = ("actions/setup-python", "astral-sh/setup-uv")
_PURPOSE = re.compile(r"(?i)\b3\.\d+|oldest|minimum|lowest|newest|latest|resolver|compat|legacy|specific|free-?thread")
# Code a job runs that needs a newer Python than some floors: lowering its interpreter would break it.
_NEEDS = ((re.compile(r"\btomllib\b|\bexcept\*|\bTaskGroup\b|\bdatetime\.UTC\b|typing import[^\n]*\bSelf\b"), 11),
          (re.compile(r"\bitertools\.batched\b|\btype \w+ = "), 12))  # fmt: skip
_INSTALLS_PROJECT = re.compile(r"\buv\s+sync\b|\buv\s+run\b|\bpoetry\s+install\b|pip\s+install\s+(?:-e\s+)?\.|-r\s")
_HARDENING = ("3.12", "3.13", "3.13t", "3.14")


def this(run: Run) -> Workflow:
    return run.ctx.shared(survey).workflows[run.path]


def _floor(run: Run, folder: str) -> tuple[int, int] | None:
    """The floor of the project a job in `folder` checks (None where no single project is meant)."""
    project = run.ctx.repo.owner(folder) if folder else run.ctx.repo.primary
    return project.python_floor if project else None


# -- CI003 ---------------------------------------------------------------------------------------------------------


@check(FORMAT_CHECK)
def format_check(run: Run) -> None:
    if not this(run).gating:
        return
    for job_id, job in run.doc.jobs().items():
        if scan.commits(job):
            continue  # an autoformat bot: its `ruff format` is meant to write
        for index, step in enumerate(job.get("steps") or []):
            command = step.get("run") if isinstance(step, dict) else None
            if not isinstance(command, str) or not scan.unchecked_format(command):
                continue
            where = ("jobs", job_id, "steps", index, "run")
            message = f"job `{job_id}` runs `ruff format` without --check: it rewrites files and passes; add --check"
            run.report(FORMAT_CHECK, message, at=where, edit=lambda w=where, c=command: _add_check_flag(run, w, c))


def _add_check_flag(run: Run, where: tuple[Any, ...], command: str) -> bool:
    node = run.doc.node(where)
    if node is None or node.kind != "scalar":
        return False
    source = run.doc.text[node.start : node.end]
    at_source, at_value = scan.unchecked_format(source), scan.unchecked_format(command)
    if len(at_source) != len(at_value):
        return False
    value = command
    for offset in reversed(at_value):
        value = value[:offset] + " --check" + value[offset:]
    return run.doc.splice([Splice(node.start + o, node.start + o, " --check") for o in at_source], where, value)


# -- CI006 ---------------------------------------------------------------------------------------------------------


def _minor(raw: str) -> int | None:
    match = re.fullmatch(r"(?:cpython-)?3\.(\d+)(?:\.\d+)?", raw.strip())
    return int(match.group(1)) if match else None


@check(PYTHON_VERSION)
def python_version(run: Run) -> None:
    """A version below the floor cannot install the project: it is raised to the floor. A version with a purpose
    (a matrix, a named step, a comment, a benchmark or bot job, code that needs it) is never rewritten; whether
    the floor itself is tested is judged across every gating job, matrix, reusable-workflow input, tox and nox
    session."""
    workflow = this(run)
    if not workflow.gating:
        return
    for job_id, job in run.doc.jobs().items():
        if benchmark_job(job_id, job):
            continue
        steps = [s if isinstance(s, dict) else {} for s in job.get("steps") or []]
        setups = [i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith(_SETUP_ACTIONS)]
        folder = _job_folder(job, workflow.data)
        floor = _floor(run, folder)
        if floor is None or len(setups) != 1:
            continue  # several interpreters in one job are chosen one by one
        where = ("jobs", job_id, "steps", setups[0], "with", "python-version")
        node = run.doc.node(where)
        if node is None or node.kind != "scalar" or node.value is None:
            continue
        matrix = re.search(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}", node.value)
        if matrix:
            _matrix_versions(run, job_id, matrix.group(1), floor)
        elif _purpose(run, ("jobs", job_id, "steps", setups[0]), steps[setups[0]]) is None:
            _literal_version(run, where, node.value, floor, job)
    _floor_tested(run)


def _job_folder(job: dict[str, Any], data: Any) -> str:  # noqa: ANN401
    for holder in (job, data):
        defaults = holder.get("defaults") if isinstance(holder, dict) else None
        given = (defaults or {}).get("run", {}).get("working-directory") if isinstance(defaults, dict) else None
        if isinstance(given, str) and "${{" not in given:
            return scan.folder(given)
    return ""


def _purpose(run: Run, where: tuple[Any, ...], step: dict[str, Any]) -> str | None:
    """Why a setup step's version was chosen, when the step says so: its name (`Set up Python 3.9 for resolver
    rejection`), or a comment on the step."""
    name = str(step.get("name", ""))
    if _PURPOSE.search(name):
        return name
    return human_word(run.doc.comments(where), str(where[-1]), ["python-version"])


def _literal_version(run: Run, where: tuple[Any, ...], raw: str, floor: tuple[int, int], job: dict[str, Any]) -> None:
    minor = _minor(raw)
    if minor is None or minor >= floor[1]:
        return
    scripts = "\n".join(str(s.get("run", "")) for s in job.get("steps") or [] if isinstance(s, dict))
    if not _INSTALLS_PROJECT.search(scripts):
        return  # the job does not install the project: any Python runs it
    needed = max((version for pattern, version in _NEEDS if pattern.search(scripts)), default=0)
    want = f"{floor[0]}.{floor[1]}"
    if needed > floor[1]:
        return
    run.report(PYTHON_VERSION, f"python-version {raw} is below the project's floor ({want}): the job cannot install "
               "the project", at=where, edit=lambda: run.doc.set_scalar(where, want), applicability=Applicability.SAFE,
               respect=where, values=[want])  # fmt: skip


def _matrix_versions(run: Run, job_id: str, key: str, floor: tuple[int, int]) -> None:
    where = ("jobs", job_id, "strategy", "matrix", key)
    node = run.doc.node(where)
    raws = [c.value for c in node.children if c.kind == "scalar" and c.value] if node and node.kind == "seq" else []
    low = [r for r in raws if (_minor(r) or floor[1]) < floor[1]]
    if low:
        run.report(PYTHON_VERSION, f"job `{job_id}` matrix tests Python {', '.join(low)}, below the floor "
                   f"{floor[0]}.{floor[1]}: remove them (a matrix is never rewritten)", at=where,
                   applicability=MANUAL)  # fmt: skip


def _floor_tested(run: Run) -> None:
    facts: Survey = run.ctx.shared(survey)
    primary = run.ctx.repo.primary
    if run.path != facts.primary or primary is None or primary.python_floor is None or not facts.versions:
        return
    if primary.python_floor not in facts.versions:
        tested = ", ".join(f"{a}.{b}" for a, b in sorted(facts.versions))
        run.report(PYTHON_VERSION, f"no job infra-fix can follow tests Python {primary.floor_text}, the floor of "
                   f"{primary.python_floor_source} (tested: {tested}): add it to a test matrix so the floor stays "
                   "supported", at=("jobs",), applicability=MANUAL)  # fmt: skip


# -- CI004 ---------------------------------------------------------------------------------------------------------


def branches(ctx: Context) -> tuple[str, ...]:
    """The protected branches: the setting, else the default branch where it is known."""
    default = ctx.shared(survey).default_branch
    return ctx.settings.blueprint.branches or ((default,) if default else ())


@check(TRIGGERS)
def trigger(run: Run) -> None:
    workflow = this(run)
    facts: Survey = run.ctx.shared(survey)
    if not workflow.gating or not (workflow.checks() or run.path == facts.primary):
        return
    on = run.doc.workflow.get("on")
    wanted = branches(run.ctx)
    if isinstance(on, str | list):
        events = [on] if isinstance(on, str) else on
        missing = [e for e in ("pull_request", "push") if e not in events]
        if missing:
            run.report(TRIGGERS, f"workflow is not triggered on {' and '.join(missing)}", at=("on",),
                       edit=lambda: _extend_events(run, on, missing), respect=("on",), values=missing)  # fmt: skip
        return
    if not isinstance(on, dict):
        return
    if "pull_request" not in on:
        run.report(TRIGGERS, "workflow is not triggered on pull_request", at=("on",),
                   edit=lambda: run.doc.add_block_key(("on",), "pull_request", None), respect=("on",),
                   values=["pull_request"])  # fmt: skip
    else:
        _pull_request_filter(run, on.get("pull_request"), wanted)
    if "push" not in on:
        if not wanted:
            run.report(TRIGGERS, "workflow is not triggered on push to the default branch, which cannot be told here "
                       "(no origin/HEAD, and the workflows' branch filters do not agree): add `push: branches: "
                       "[<default branch>]`", at=("on",), applicability=MANUAL)  # fmt: skip
            return
        run.report(TRIGGERS, f"workflow is not triggered on push to {', '.join(wanted)}", at=("on",),
                   edit=lambda: run.doc.add_block_key(("on",), "push", {"branches": list(wanted)}), respect=("on",),
                   values=["push"])  # fmt: skip
    elif isinstance(on.get("push"), dict):
        _push_filter(run, on["push"], wanted)


def _covers(patterns: Any, branch: str) -> bool:  # noqa: ANN401
    if isinstance(patterns, str):
        patterns = [patterns]
    return isinstance(patterns, list) and any(isinstance(p, str) and fnmatch.fnmatchcase(branch, p) for p in patterns)


def _pull_request_filter(run: Run, pull: Any, wanted: tuple[str, ...]) -> None:  # noqa: ANN401
    if isinstance(pull, dict) and "branches" in pull:
        lacking = [b for b in wanted if not _covers(pull["branches"], b)]
        if lacking:
            run.report(TRIGGERS, f"pull_request's branch filter leaves out {', '.join(lacking)}: pull requests into "
                       "it are not checked", at=("on", "pull_request"), applicability=MANUAL)  # fmt: skip


def _push_filter(run: Run, push: dict[str, Any], wanted: tuple[str, ...]) -> None:
    where = ("on", "push")
    if "branches" not in push and "tags" in push:
        run.report(TRIGGERS, f"push runs only for tags; {', '.join(wanted) or 'the default branch'} is not checked "
                   "after merging", at=where, applicability=MANUAL)  # fmt: skip
        return
    if "branches-ignore" in push and any(_covers(push["branches-ignore"], b) for b in wanted):
        run.report(TRIGGERS, "push's branches-ignore skips the default branch", at=where, applicability=MANUAL)
    if "branches" not in push:
        return
    for branch in wanted:
        if not _covers(push["branches"], branch):
            edit = (lambda b=branch: run.doc.append(("on", "push", "branches"), b)) if isinstance(
                push["branches"], list) else None  # fmt: skip
            run.report(TRIGGERS, f"push's branch filter leaves out {branch}", at=where, edit=edit,
                       respect=(*where, "branches"), values=[branch])  # fmt: skip


def _extend_events(run: Run, on: str | list[str], missing: list[str]) -> bool:
    if isinstance(on, list):
        return all(run.doc.append(("on",), event) for event in missing)
    node = run.doc.node(("on",))
    if node is None or node.kind != "scalar" or node.style is not None:
        return False
    events = [on, *missing]
    return run.doc.splice([Splice(node.start, node.end, "[" + ", ".join(events) + "]")], ("on",), events)


# -- CI005 ---------------------------------------------------------------------------------------------------------


@check(INSTALL_UV)
def install(run: Run) -> None:
    workflow = this(run)
    if not workflow.gating:
        return
    for job_id, job in run.doc.jobs().items():
        project = run.ctx.repo.owner(_job_folder(job, workflow.data)) or run.ctx.repo.primary
        if project is None or not project.uses_uv:
            continue
        needs_env = {h.check for h in workflow.jobs[job_id].hits} & {scan.PYRIGHT, scan.PYTEST}
        if needs_env and not _installs_with_uv(job, run):
            run.report(INSTALL_UV, f"job `{job_id}` runs {' and '.join(sorted(needs_env))} without installing with "
                       "`uv sync` (add a `- run: uv sync` step and run the tools from .venv/bin/)",
                       at=("jobs", job_id))  # fmt: skip


def _installs_with_uv(job: dict[str, Any], run: Run) -> bool:
    """`uv sync`, or `uv run` (which syncs first), in a step or in the Makefile targets a step runs."""
    pattern = re.compile(r"\buv\s+(?:sync|run)\b|\buvx\b")
    scripts = [str(s.get("run", "")) for s in job.get("steps") or [] if isinstance(s, dict)]
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
            tests = job_id in workflow.jobs and any(h.check == scan.PYTEST for h in workflow.jobs[job_id].hits)
            if tests and isinstance(strategy, dict) and "macos" in str(strategy.get("matrix", "")).lower():
                return True
    return False


def matrix_message(floor: tuple[int, int] | None) -> str:
    versions = [v for v in _HARDENING if (3, int(v[2:].rstrip("t"))) >= (floor or (3, 0))] or ["3.14"]
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


__all__ = ["format_check", "hardening", "install", "python_version", "trigger", "triggers"]
