"""CI: GitHub Actions workflows (`.github/workflows/*.yml|*.yaml`, the renovate workflow excepted: renovate.py
owns it).

What counts is what the steps run, never job names (see `_ci_scan`): the three blocking checks (ruff check and
`ruff format --check`, pyright, pytest) must be covered by jobs of workflows that run on pull requests or branch
pushes. A missing check becomes a job from the canonical template, added to *the* CI workflow: the gating workflow
with a `pull_request` trigger covering the most checks (ci.yml on a tie). A repository with no such workflow gets
`.github/workflows/ci.yml`. Every edit is a located splice checked by re-parsing (edit/yaml.py).
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from ..edit.splice import Splice, line_start
from ..edit.yaml import Style, load
from ..facts import Facts
from ..fixer import Context, Fixer, Outcome
from ..model import Applicability, ParseError
from ..snapshot import Snapshot
from . import _ci_scan as scan
from . import _gha_render
from ._gha import RENOVATE_WORKFLOWS, WorkflowRun
from ._workflow_rules import (
    FORMAT_CHECK,
    HARDENING_MATRIX,
    INSTALL_UV,
    MISSING_JOB,
    NO_CI,
    PYTHON_VERSION,
    RULES,
    TRIGGERS,
)

WORKFLOW_PATTERNS = (".github/workflows/*.yml", ".github/workflows/*.yaml")
CI_PATH = ".github/workflows/ci.yml"
# The template's jobs install with `uv sync`, which needs a pyproject.toml: without one they could never pass.
NEEDS_PYPROJECT = " (after adding a pyproject.toml: the blueprint's jobs install with `uv sync`)"
_CI_NAMES = ("ci", "main", "test", "tests", "checks", "check", "lint", "build", "python", "python-package")
_AUXILIARY = (
    "release", "publish", "deploy", "docs", "doc-", "bench", "smoke", "downstream", "schema", "upgrade", "update",
    "label", "triage", "stale", "codeql", "zizmor", "security", "nightly", "backport", "changelog", "marvin",
    "dependabot", "renovate", "issue", "welcome", "greet", "cron", "pages", "crash",
)  # fmt: skip
_SETUP_ACTIONS = ("actions/setup-python", "astral-sh/setup-uv")
_HARDENING = ("3.12", "3.13", "3.13t", "3.14")


# -- the repository's workflows as a whole ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Survey:
    covered: frozenset[str]  # the checks some gating workflow runs
    primary: str | None  # the CI workflow, where missing jobs go
    matrix: bool  # some pytest job already runs an OS matrix with macOS


def workflow_paths(snapshot: Snapshot) -> list[str]:
    """The workflow files this fixer owns (every workflow but the renovate one)."""
    paths = {p for pattern in WORKFLOW_PATTERNS for p in snapshot.glob(pattern)}
    return sorted(paths - set(RENOVATE_WORKFLOWS))


@functools.lru_cache(maxsize=128)
def _data(text: str | None) -> Any:  # noqa: ANN401 - YAML data
    if text is None:
        return None
    try:
        docs = load(text)
    except ParseError:
        return None  # the file's own fix reports it, with its position
    return docs[0] if len(docs) == 1 and isinstance(docs[0], dict) else None


def _jobs(data: Any) -> dict[str, Any]:  # noqa: ANN401
    jobs = data.get("jobs") if isinstance(data, dict) else None
    return {str(k): v for k, v in jobs.items() if isinstance(v, dict)} if isinstance(jobs, dict) else {}


def _workflow_checks(data: Any, snapshot: Snapshot) -> set[str]:  # noqa: ANN401
    found: set[str] = set()
    for job in _jobs(data).values():
        found |= job_checks(job, snapshot)
        called = job.get("uses")
        if isinstance(called, str) and called.startswith("./.github/workflows/"):
            for sub in _jobs(_data(snapshot.text(called[2:]))).values():  # a reusable workflow, one level deep
                found |= job_checks(sub, snapshot)
    return found


def job_checks(job: Any, snapshot: Snapshot) -> set[str]:  # noqa: ANN401
    """A job's checks, including those of the repository's own composite actions it uses (one level deep)."""
    found = scan.job_checks(job, snapshot)
    for step in job.get("steps") or [] if isinstance(job, dict) else []:
        uses = step.get("uses") if isinstance(step, dict) else None
        if isinstance(uses, str) and uses.startswith("./"):
            folder = uses[2:].rstrip("/")
            action = _data(snapshot.text(f"{folder}/action.yml") or snapshot.text(f"{folder}/action.yaml"))
            runs = action.get("runs") if isinstance(action, dict) else None
            if isinstance(runs, dict):
                found |= scan.job_checks({"steps": runs.get("steps")}, snapshot)
    return found


def _auxiliary(stem: str) -> bool:
    """A workflow for something else than gating changes (release, docs, benchmarks, bots): never "the CI"."""
    return any(word in stem for word in _AUXILIARY)


def survey(snapshot: Snapshot) -> Survey:
    """What the workflows of the project (as it was read) cover, and which one is its CI. Every workflow file's fix
    needs it; it is worked out once per snapshot."""
    cached = _SURVEYED.get(id(snapshot))
    if cached is None or cached[0] is not snapshot:
        cached = _SURVEYED[id(snapshot)] = (snapshot, _survey(snapshot))
        if len(_SURVEYED) > 8:
            _SURVEYED.pop(next(iter(_SURVEYED)))
    return cached[1]


_SURVEYED: dict[int, tuple[Snapshot, Survey]] = {}


def _survey(snapshot: Snapshot) -> Survey:
    covered: set[str] = set()
    best: tuple[Any, ...] | None = None
    primary, matrix = None, False
    for path in workflow_paths(snapshot):
        data = _data(snapshot.text(path))
        if data is None:
            continue
        checks = _workflow_checks(data, snapshot)
        gating = scan.gates(data)
        if gating:
            covered |= checks
            matrix = matrix or any(_macos_matrix(job) for job in _jobs(data).values() if scan.PYTEST in
                                   job_checks(job, snapshot))  # fmt: skip
        stem = path.rsplit("/", 1)[1].rsplit(".", 1)[0].lower()
        pull = "pull_request" in scan.triggers(data)
        if (gating and (checks or pull)) or stem in _CI_NAMES:
            score = (pull, not _auxiliary(stem), len(checks), stem == "ci", stem in _CI_NAMES)
            if best is None or score > best:
                best, primary = score, path
    return Survey(frozenset(covered), primary, matrix)


def _macos_matrix(job: dict[str, Any]) -> bool:
    strategy = job.get("strategy")
    return isinstance(strategy, dict) and "macos" in str(strategy.get("matrix", "")).lower()


def targets(snapshot: Snapshot, facts: Facts) -> tuple[str, ...]:
    paths = workflow_paths(snapshot)
    if survey(snapshot).primary is None and CI_PATH not in paths:
        paths.append(CI_PATH)
    return tuple(paths)


# -- the canonical template -----------------------------------------------------------------------------------------


def branches(ctx: Context) -> tuple[str, ...]:
    return ctx.settings.blueprint.branches or (ctx.facts.default_branch,)


def sync_command(facts: Facts) -> str:
    """`uv sync` installs the default `dev` group; dev tools kept as a `dev` extra need `--extra dev`."""
    data = facts.pyproject or {}
    groups = data.get("dependency-groups")
    project = data.get("project")
    extras = project.get("optional-dependencies") if isinstance(project, dict) else None
    in_extras = isinstance(extras, dict) and "dev" in extras
    if in_extras and not (isinstance(groups, dict) and "dev" in groups):
        return "uv sync --extra dev"
    return "uv sync"


def template_job(checks: list[str], ctx: Context) -> dict[str, Any]:
    """One blocking job of the canonical workflow running `checks`, tools from `.venv/bin/`."""
    setup: dict[str, Any] = {"uses": ctx.settings.blueprint.setup_uv_action}
    if ctx.facts.floor_text:
        setup["with"] = {"python-version": ctx.facts.floor_text}
    commands = {
        scan.RUFF_CHECK: ".venv/bin/ruff check .",
        scan.RUFF_FORMAT: ".venv/bin/ruff format --check .",
        scan.PYRIGHT: ".venv/bin/pyright",
        scan.PYTEST: ".venv/bin/pytest",
    }
    steps = [{"uses": ctx.settings.blueprint.checkout_action}, setup, {"run": sync_command(ctx.facts)}]
    steps += [{"run": commands[c]} for c in checks]
    return {"runs-on": "ubuntu-latest", "steps": steps}


def missing_jobs(missing: Collection[str], ctx: Context) -> dict[str, list[str]]:
    """Job name -> checks, for the checks no workflow runs (ruff's two checks share a job)."""
    jobs: dict[str, list[str]] = {}
    ruff = [c for c in (scan.RUFF_CHECK, scan.RUFF_FORMAT) if c in missing]
    if ruff:
        jobs["ruff" if scan.RUFF_CHECK in ruff else "ruff-format"] = ruff
    for check in (scan.PYRIGHT, scan.PYTEST):
        if check in missing:
            jobs[check] = [check]
    return jobs


def template(ctx: Context) -> str:
    style = Style()
    head = {
        "name": "CI",
        "on": {"pull_request": None, "push": {"branches": list(branches(ctx))}},
    }
    jobs = {name: template_job(checks, ctx) for name, checks in missing_jobs(set(scan.CHECKS), ctx).items()}
    return _gha_render.render(head, style, blank_between=True) + "\n\n" + _gha_render.render_jobs(jobs, style) + "\n"


def matrix_snippet(ctx: Context) -> str:
    floor = ctx.facts.python_floor or (3, 0)
    versions = [v for v in _HARDENING if (3, int(v[2:].rstrip("t"))) >= floor] or [ctx.facts.floor_text or "3.14"]
    quoted = ", ".join(f'"{v}"' for v in versions)
    return (
        "strategy:\n  fail-fast: false\n  matrix:\n    os: [ubuntu-latest, macos-latest]\n"
        f"    python-version: [{quoted}]\nruns-on: ${{{{ matrix.os }}}}\n"
        "(and `python-version: ${{ matrix.python-version }}` in the setup-uv step)"
    )


# -- the fix ---------------------------------------------------------------------------------------------------------


def fix(path: str, text: str | None, ctx: Context) -> Outcome:
    facts = survey(ctx.snapshot)
    if text is None:
        if path != CI_PATH or facts.primary is not None or not ctx.enabled(NO_CI):
            return Outcome(None)
        message = f"no CI workflow runs the blueprint's checks: create {path}"
        if not ctx.snapshot.exists("pyproject.toml"):
            found = [ctx.finding(NO_CI, path, message + NEEDS_PYPROJECT, applicability=Applicability.MANUAL)]
            return Outcome(None, tuple(found))
        fixed = ctx.may_fix(NO_CI)
        found = [ctx.finding(NO_CI, path, message, fixed=fixed)]
        if ctx.enabled(HARDENING_MATRIX):
            found.append(ctx.finding(HARDENING_MATRIX, path, _matrix_message(ctx)))
        return Outcome(template(ctx) if fixed else None, tuple(found))
    run = WorkflowRun.open(path, text, ctx)
    gating = scan.gates(run.data)
    if gating:
        _format_check(run)
    _python_version(run)
    checks = _workflow_checks(run.data, ctx.snapshot)  # `on:` edits below leave the jobs as they are
    if gating and (checks or path == facts.primary):
        _triggers(run)
        _install(run)
    if path == facts.primary:
        _missing_jobs(run, facts, checks)
        if not facts.matrix:
            run.report(HARDENING_MATRIX, _matrix_message(ctx), ("jobs",))
    new = run.doc.text if run.doc.text != text else None
    return Outcome(new, tuple(run.findings))


def _matrix_message(ctx: Context) -> str:
    return "no test job runs the hardening matrix (Python versions x ubuntu and macOS); consider, in the pytest " \
           "job:\n" + matrix_snippet(ctx)  # fmt: skip


def _format_check(run: WorkflowRun) -> None:
    for job_id, job in _jobs(run.data).items():
        if scan.commits(job):
            continue  # an autoformat bot: its `ruff format` is meant to write
        for index, step in enumerate(job.get("steps") or []):
            command = step.get("run") if isinstance(step, dict) else None
            if not isinstance(command, str) or not scan.unchecked_format(command):
                continue
            where = ("jobs", job_id, "steps", index, "run")
            done = run.ctx.may_fix(FORMAT_CHECK) and _add_check_flag(run, where, command)
            run.report(FORMAT_CHECK, f"job `{job_id}` runs `ruff format` without --check: it rewrites files and "
                       "passes; add --check", where, fixed=done)  # fmt: skip


def _add_check_flag(run: WorkflowRun, where: tuple[Any, ...], command: str) -> bool:
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


def _minor(raw: str) -> int | None:
    match = re.fullmatch(r"(?:cpython-)?3\.(\d+)(?:\.\d+)?", raw.strip())
    return int(match.group(1)) if match else None


def _python_version(run: WorkflowRun) -> None:
    floor = run.ctx.facts.python_floor
    if floor is None or not run.ctx.enabled(PYTHON_VERSION):
        return
    for job_id, job in _jobs(run.data).items():
        for index, step in enumerate(job.get("steps") or []):
            uses = step.get("uses") if isinstance(step, dict) else None
            if not isinstance(uses, str) or not uses.startswith(_SETUP_ACTIONS):
                continue
            where = ("jobs", job_id, "steps", index, "with", "python-version")
            node = run.doc.node(where)
            if node is None or node.kind != "scalar" or node.value is None:
                continue
            matrix = re.search(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}", node.value)
            if matrix:
                _matrix_versions(run, job_id, matrix.group(1), floor)
            else:
                _literal_version(run, where, node.value, floor)


def _literal_version(run: WorkflowRun, where: tuple[Any, ...], raw: str, floor: tuple[int, int]) -> None:
    minor = _minor(raw)
    if minor is None or minor == floor[1]:
        return
    want = run.ctx.facts.floor_text
    lower = minor < floor[1]
    kind = Applicability.SAFE if lower else Applicability.UNSAFE
    allowed = run.ctx.enabled(PYTHON_VERSION) if lower else run.ctx.may_fix(PYTHON_VERSION)
    done = allowed and run.doc.set_scalar(where, want)
    why = "below the project's floor" if lower else "above the floor, so the floor is never tested"
    run.report(PYTHON_VERSION, f"python-version {raw} is {why}: requires-python says {want}", where, fixed=done,
               applicability=kind)  # fmt: skip


def _matrix_versions(run: WorkflowRun, job_id: str, key: str, floor: tuple[int, int]) -> None:
    where = ("jobs", job_id, "strategy", "matrix", key)
    node = run.doc.node(where)
    raws = [c.value for c in node.children if c.kind == "scalar" and c.value] if node and node.kind == "seq" else []
    low = [r for r in raws if (_minor(r) or floor[1]) < floor[1]]
    if low:
        run.report(PYTHON_VERSION, f"job `{job_id}` matrix tests Python {', '.join(low)}, below requires-python's "
                   f"{run.ctx.facts.floor_text}: remove them (a matrix is never rewritten)", where,
                   applicability=Applicability.MANUAL)  # fmt: skip


def _install(run: WorkflowRun) -> None:
    if not run.ctx.facts.uses_uv:
        return
    for job_id, job in _jobs(run.data).items():
        needs_env = job_checks(job, run.ctx.snapshot) & {scan.PYRIGHT, scan.PYTEST}
        if needs_env and not scan.installs_with_uv(job, run.ctx.snapshot):
            run.report(INSTALL_UV, f"job `{job_id}` runs {' and '.join(sorted(needs_env))} without installing with "
                       "`uv sync` (add a `- run: uv sync` step and run the tools from .venv/bin/)",
                       ("jobs", job_id))  # fmt: skip


def _covers(patterns: Any, branch: str) -> bool:  # noqa: ANN401
    if isinstance(patterns, str):
        patterns = [patterns]
    return isinstance(patterns, list) and any(isinstance(p, str) and fnmatch.fnmatchcase(branch, p) for p in patterns)


def _triggers(run: WorkflowRun) -> None:
    on = run.data.get("on")
    wanted = branches(run.ctx)
    if isinstance(on, str | list):
        events = [on] if isinstance(on, str) else on
        missing = [e for e in ("pull_request", "push") if e not in events]
        if missing:
            done = run.ctx.may_fix(TRIGGERS) and _extend_events(run, on, missing)
            run.report(TRIGGERS, f"workflow is not triggered on {' and '.join(missing)}", ("on",), fixed=done)
        return
    if not isinstance(on, dict):
        return
    if "pull_request" not in on:
        done = run.ctx.may_fix(TRIGGERS) and run.add_key(("on",), "pull_request", None)
        run.report(TRIGGERS, "workflow is not triggered on pull_request", ("on",), fixed=done)
    else:
        _pull_request_filter(run, on.get("pull_request"), wanted)
    push = on.get("push", False)
    if "push" not in on:
        done = run.ctx.may_fix(TRIGGERS) and run.add_key(("on",), "push", {"branches": list(wanted)})
        run.report(TRIGGERS, f"workflow is not triggered on push to {', '.join(wanted)}", ("on",), fixed=done)
    elif isinstance(push, dict):
        _push_filter(run, push, wanted)


def _pull_request_filter(run: WorkflowRun, pull: Any, wanted: tuple[str, ...]) -> None:  # noqa: ANN401
    if isinstance(pull, dict) and "branches" in pull:
        lacking = [b for b in wanted if not _covers(pull["branches"], b)]
        if lacking:
            run.report(TRIGGERS, f"pull_request's branch filter leaves out {', '.join(lacking)}: pull requests into "
                       "it are not checked", ("on", "pull_request"), applicability=Applicability.MANUAL)  # fmt: skip


def _push_filter(run: WorkflowRun, push: dict[str, Any], wanted: tuple[str, ...]) -> None:
    where = ("on", "push")
    if "branches" not in push and "tags" in push:
        run.report(TRIGGERS, f"push runs only for tags; {', '.join(wanted)} is not checked after merging", where,
                   applicability=Applicability.MANUAL)  # fmt: skip
        return
    if "branches-ignore" in push and any(_covers(push["branches-ignore"], b) for b in wanted):
        run.report(TRIGGERS, "push's branches-ignore skips the default branch", where,
                   applicability=Applicability.MANUAL)  # fmt: skip
    if "branches" not in push:
        return
    for branch in wanted:
        if not _covers(push["branches"], branch):
            ok = isinstance(push["branches"], list) and run.ctx.may_fix(TRIGGERS)
            done = ok and run.doc.append(("on", "push", "branches"), branch)
            run.report(TRIGGERS, f"push's branch filter leaves out {branch}", where, fixed=done)


def _extend_events(run: WorkflowRun, on: str | list[str], missing: list[str]) -> bool:
    if isinstance(on, list):
        return all(run.doc.append(("on",), event) for event in missing)
    node = run.doc.node(("on",))
    if node is None or node.kind != "scalar" or node.style is not None:
        return False
    events = [on, *missing]
    return run.doc.splice([Splice(node.start, node.end, "[" + ", ".join(events) + "]")], ("on",), events)


def _missing_jobs(run: WorkflowRun, facts: Survey, covered_here: set[str]) -> None:
    missing = set(scan.CHECKS) - facts.covered - covered_here
    if not missing or not run.ctx.enabled(MISSING_JOB):
        return
    jobs = _jobs(run.data)
    separated = _jobs_separated(run)
    installable = run.ctx.snapshot.exists("pyproject.toml")
    for name, checks in missing_jobs(missing, run.ctx).items():
        job_id = next(n for n in (name, f"{name}-check", f"{name}-blueprint") if n not in jobs)
        what = " and ".join("ruff format --check" if c == scan.RUFF_FORMAT else c.replace("-", " ") for c in checks)
        message = f"no blocking CI job runs {what}: add job `{job_id}`"
        if not installable:
            run.report(MISSING_JOB, message + NEEDS_PYPROJECT, ("jobs",), applicability=Applicability.MANUAL)
            continue
        body = template_job(checks, run.ctx)
        done = run.ctx.may_fix(MISSING_JOB) and run.add_key(("jobs",), job_id, body, blank_line_before=separated)
        run.report(MISSING_JOB, message, ("jobs",), fixed=done)


def _jobs_separated(run: WorkflowRun) -> bool:
    """Whether the file puts a blank line between jobs (checked before the second job's key)."""
    node = run.doc.node(("jobs",))
    if node is None or node.kind != "map" or len(node.children) < 4:
        return True
    start = line_start(run.doc.text, node.children[2].start)
    return run.doc.text[:start].endswith("\n\n")


FIXER = Fixer(
    name="github-workflows",
    rules=RULES,
    reads=(
        *WORKFLOW_PATTERNS,
        "Makefile",
        ".pre-commit-config.yaml",
        "tox.ini",
        "noxfile.py",
        ".github/actions/*/action.yml",
        ".github/actions/*/action.yaml",
        *(f"{folder}/*" for folder in scan.SCRIPT_DIRS),
    ),
    targets=targets,
    fix=fix,
    default_path=CI_PATH,
)

__all__ = ["FIXER"]
