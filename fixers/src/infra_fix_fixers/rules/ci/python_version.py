"""CI006: the Python a gating job sets up can install the project, and the floor is tested somewhere.

A version below the floor is raised to it only when nothing says it was chosen: a matrix, a named step, a comment,
a benchmark or bot job, or code the job runs that needs a newer Python all keep it.
"""

from __future__ import annotations

import re
from typing import Any

from ...facts.workflows.roles import benchmark_job
from ...facts.workflows.survey import Survey, survey
from ...fixer import check
from ...judgement import human_word
from ...model import Applicability
from .checks import MANUAL, Run, this
from .rules import PYTHON_VERSION
from .workflow import job_folder

_SETUP_ACTIONS = ("actions/setup-python", "astral-sh/setup-uv")
_PURPOSE = re.compile(r"(?i)\b3\.\d+|oldest|minimum|lowest|newest|latest|resolver|compat|legacy|specific|free-?thread")
# Code a job runs that needs a newer Python than some floors: lowering its interpreter would break it.
_NEEDS = ((re.compile(r"\btomllib\b|\bexcept\*|\bTaskGroup\b|\bdatetime\.UTC\b|typing import[^\n]*\bSelf\b"), 11),
          (re.compile(r"\bitertools\.batched\b|\btype \w+ = "), 12))  # fmt: skip
_INSTALLS_PROJECT = re.compile(r"\buv\s+sync\b|\buv\s+run\b|\bpoetry\s+install\b|pip\s+install\s+(?:-e\s+)?\.|-r\s")


def _floor(run: Run, folder: str) -> tuple[int, int] | None:
    """The floor of the project a job in `folder` checks (None where no single project is meant)."""
    project = run.ctx.repo.owner(folder) if folder else run.ctx.repo.primary
    return project.python_floor if project else None


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
        folder = job_folder(job, workflow.data)
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
    if facts.versions_unread:
        return  # a matrix built at run time (from the classifiers, say) may well test the floor: no guess
    if primary.python_floor not in facts.versions:
        tested = ", ".join(f"{a}.{b}" for a, b in sorted(facts.versions))
        run.report(PYTHON_VERSION, f"no job infra-fix can follow tests Python {primary.floor_text}, the floor of "
                   f"{primary.python_floor_source} (tested: {tested}): add it to a test matrix so the floor stays "
                   "supported", at=("jobs",), applicability=MANUAL)  # fmt: skip
