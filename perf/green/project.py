"""One project through the green check: its sdist tree, infra-fix's safe and unsafe runs, the problems, the culprits.

A problem found after a full run is bisected: infra-fix is rerun on the pristine tree with `--select CODE` for each
code it fixed, and the codes whose run alone breaks the same check are named as the culprits, with their patch.
"""

from __future__ import annotations

import collections
import json
import shutil
import subprocess  # noqa: S404 - fixed argument lists, never a shell
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import checks, ruffrun, tree, workflows

INFRA_FIX = str(Path(sys.executable).parent / "infra-fix")
TIMEOUT = 600


@dataclass
class Culprit:
    """A problem and the rule codes whose edit alone reproduces it, with that edit."""

    problem: checks.Problem
    codes: list[str]
    patch: str


@dataclass
class Outcome:
    """One `--apply` (safe or unsafe): cost, what it fixed and changed, what broke."""

    mode: str
    seconds: float = 0.0
    exit: int = 0
    fixed: collections.Counter[str] = field(default_factory=collections.Counter)
    modified: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    culprits: list[Culprit] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Everything learnt about one project."""

    name: str
    files: int = 0
    skipped: str = ""
    removed: list[str] = field(default_factory=list)
    pins: dict[str, str] = field(default_factory=dict)
    workflows: dict[str, int] = field(default_factory=dict)  # the workflow files before, and their bytes
    check_seconds: float = 0.0
    seconds: float = 0.0
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def infra_fix(repo: Path, *args: str) -> tuple[int, dict, float]:
    """Run the venv's infra-fix as users do; (exit code, JSON report, seconds)."""
    started = time.perf_counter()
    argv = [INFRA_FIX, *args, "--format", "json"]
    try:
        proc = subprocess.run(argv, cwd=repo, capture_output=True, text=True, timeout=TIMEOUT, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        return -1, {}, time.perf_counter() - started
    seconds = time.perf_counter() - started
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        data = {"errors": [{"path": "?", "message": proc.stderr.strip()[-300:]}]}
    return proc.returncode, data, seconds


def check_archive(archive: Path, name: str, max_files: int, modes: tuple[str, ...], bisect: bool) -> Report:
    """The whole check on one sdist archive, or on a folder of a repository's files (../shared/corpus/repos); the
    temporary repository is removed afterwards."""
    report = Report(name)
    started = time.perf_counter()
    report.files = sum(1 for p in archive.rglob("*") if p.is_file()) if archive.is_dir() else tree.member_count(archive)
    if max_files and report.files > max_files:
        report.skipped = f"{report.files} files > --max-files {max_files}"
        return report
    work = Path(tempfile.mkdtemp(prefix=f"green-{name}-"))
    try:
        repo = work / "repo"
        if archive.is_dir():
            shutil.copytree(archive, repo, symlinks=True)
        else:
            tree.extract(archive, repo)
            report.removed = tree.drop_sdist_artifacts(repo)
        base = tree.init_repo(repo)
        files = tree.tracked(repo)
        report.files = len(files)
        report.workflows = {p: (repo / p).stat().st_size for p in files if workflows.WORKFLOW.match(p)}
        report.pins = ruffrun.pins(repo)
        code, _data, report.check_seconds = infra_fix(repo, "--check")
        before = checks.Side(repo, base)
        for mode in modes:
            report.outcomes.append(run_mode(repo, before, mode, bisect))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report.seconds = time.perf_counter() - started
    return report


def _apply(repo: Path, base: str, flags: list[str]) -> tuple[checks.Side, checks.Change, int, dict, float]:
    """Run `infra-fix --apply FLAGS` on the pristine tree and commit what it wrote."""
    tree.reset(repo, base)
    pins_before = ruffrun.pins(repo)
    code, data, seconds = infra_fix(repo, "--apply", *flags)
    modified, created = tree.changed_files(repo, base)
    patch = tree.diff_text(repo, base)
    after = checks.Side(repo, tree.commit_all(repo, "infra-fix --apply " + " ".join(flags)))
    return after, checks.Change(modified, created, patch, pins_before, ruffrun.pins(repo)), code, data, seconds


def evaluate(
    before: checks.Side, after: checks.Side, change: checks.Change, kinds: set[str] | None
) -> tuple[list[checks.Problem], list[str]]:
    """Every problem of the after side against the before side (only the check kinds asked for, if given)."""
    notes: list[str] = []
    problems: list[checks.Problem] = []
    if kinds is None or kinds & {"ruff", "format"}:
        problems += checks.ruff_problems(before, after, change, notes)
    if kinds is None or kinds & {"hook", "new-check"}:
        problems += checks.new_check_problems(after, change, before.text(".pre-commit-config.yaml"), notes)
    if kinds is None or kinds & {"workflow", "zizmor", "bot", "aggregator"}:
        problems += checks.workflow_problems(before, after, change, notes)
    return problems, notes


def run_mode(repo: Path, before: checks.Side, mode: str, bisect: bool) -> Outcome:
    """`--apply` (mode "safe") or `--apply --unsafe-fixes` (mode "unsafe"), then every check, then the culprits."""
    flags = ["--unsafe-fixes"] if mode == "unsafe" else []
    outcome = Outcome(mode)
    after, change, outcome.exit, data, outcome.seconds = _apply(repo, before.commit, flags)
    outcome.fixed.update(f["code"] for f in data.get("findings", []) if f.get("status") == "fixed")
    outcome.modified, outcome.created = change.modified, change.created
    for err in data.get("errors", []):
        outcome.notes.append(f"infra-fix error: {err.get('path')}: {err.get('message', '')[:200]}")
    if outcome.exit == -1:
        outcome.notes.append(f"infra-fix --apply timed out after {TIMEOUT}s")
    problems, notes = evaluate(before, after, change, None)
    outcome.notes += notes
    kinds = {p.kind for p in problems}
    suspects = sorted(
        {f["code"] for f in data.get("findings", []) if f.get("status") == "fixed" and _touches(kinds, [f["path"]])}
    )
    found = culprits(repo, before, flags, problems, suspects) if bisect and problems else {}
    for i, problem in enumerate(problems):
        codes, patch = found.get(i, ([], ""))
        outcome.culprits.append(Culprit(problem, codes, patch or _excerpt(change.patch, problem)))
    tree.reset(repo, before.commit)
    return outcome


_TOUCHES = {  # which changed files can break which kind of check: a rule's run that touches none is not rerun
    "ruff": (".toml", ".pre-commit-config.yaml", "uv.lock"),
    "format": (".toml", ".pre-commit-config.yaml", "uv.lock"),
    "hook": (".pre-commit-config.yaml",),
    "new-check": (".pre-commit-config.yaml", ".github/workflows/"),
    "workflow": (".github/workflows/",),
    "aggregator": (".github/workflows/",),
    "zizmor": (".github/workflows/",),
    "bot": (".github/workflows/", "renovate"),
}


def _touches(kinds: set[str], paths: list[str]) -> bool:
    return any(mark in path for kind in kinds for mark in _TOUCHES[kind] for path in paths)


def culprits(
    repo: Path, before: checks.Side, flags: list[str], problems: list[checks.Problem], codes: list[str]
) -> dict[int, tuple[list[str], str]]:
    """For each problem (by index): the fixed codes whose `--select CODE` run alone breaks the same check, and the
    first such run's patch. One infra-fix run per code, whatever the number of problems."""
    found: dict[int, tuple[list[str], str]] = {}
    for code in codes:
        after, change, *_ = _apply(repo, before.commit, [*flags, "--select", code])
        paths = change.modified + change.created
        kinds = {p.kind for p in problems if _touches({p.kind}, paths)}
        if not kinds:
            continue
        again, _notes = evaluate(before, after, change, kinds)
        keys = {p.key for p in again}
        for i, problem in enumerate(problems):
            if problem.key in keys:
                codes_so_far, patch = found.get(i, ([], ""))
                found[i] = ([*codes_so_far, code], patch or _excerpt(change.patch, problem))
    return found


def _excerpt(patch: str, problem: checks.Problem) -> str:
    """The part of the patch that matters for the problem (its workflow, the pre-commit config, ruff's config)."""
    chunks = [c for c in patch.split("diff --git ") if c]
    wanted = {
        "hook": (".pre-commit-config.yaml",),
        "workflow": (problem.key[-1],),
        "aggregator": (problem.key[-1],),
        "zizmor": (problem.key[1] if len(problem.key) > 1 else ".github/",),
        "bot": (".github/", "renovate"),
        "new-check": (".github/workflows/", ".pre-commit-config.yaml"),
    }.get(problem.kind, ("pyproject.toml", "ruff.toml", ".pre-commit-config.yaml"))
    kept = [c for c in chunks if any(w in c.split("\n", 1)[0] for w in wanted)] or chunks
    lines = "".join("diff --git " + c for c in kept).splitlines()
    return "\n".join(lines[:60] + (["... (patch cut)"] if len(lines) > 60 else []))  # noqa: PLR2004
