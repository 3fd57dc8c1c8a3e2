"""What a GitHub Actions job really runs: the blueprint's three blocking checks, read from commands, not job names.

A job covers a check when a blocking step runs it: directly (`ruff check`, `uv run pytest`, `.venv/bin/pyright`),
through a Makefile target (its recipe and prerequisites, followed recursively), through `pre-commit run` (the
hooks of .pre-commit-config.yaml; `ruff-format` there fails CI on unformatted files, so it counts as a format
check), through `tox`/`nox` (their configuration file is scanned as a whole: an approximation, documented), or
through a known action (astral-sh/ruff-action, jakebailey/pyright-action, pre-commit/action).
A step with `continue-on-error: true`, a job with it, or a command ending in `|| true` is not blocking.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from ..snapshot import Snapshot

RUFF_CHECK, RUFF_FORMAT, PYRIGHT, PYTEST = "ruff-check", "ruff-format", "pyright", "pytest"
CHECKS = (RUFF_CHECK, RUFF_FORMAT, PYRIGHT, PYTEST)

_RUFF_CHECK = re.compile(r"\bruff(?:\.exe)?\s+(?:check\b|\.(?:\s|$))")
_RUFF_FORMAT = re.compile(r"\bruff(?:\.exe)?\s+format\b([^;&|\n]*)")
_PYRIGHT = re.compile(r"(?<![\w-])(?:based)?pyright(?![\w-])")
_PYTEST = re.compile(r"(?<![\w-])(?:pytest|py\.test)(?![\w-])")
_INSTALL = re.compile(r"\b(?:install|add|sync|lock)\b")
_NOT_BLOCKING = re.compile(r"\|\|\s*(?:true|:|exit\s+0)\s*$")
_MAKE = re.compile(r"(?:^|[\s;&|(])(?:make|\$\(MAKE\)|\$\{MAKE\})((?:\s+[^\s;&|)]+)*)")
# The project's own scripts a step may run; the fixer's `reads` load the same folders.
SCRIPT_DIRS = ("scripts", "script", "bin", "ci", "tools", ".github/scripts")
_SCRIPT = re.compile(r"(?:^|[\s;&|(=])(?:\./)?((?:" + "|".join(re.escape(d) for d in SCRIPT_DIRS) + r")/[\w.@/-]+)")
_RUNNERS = (("tox", "tox.ini"), ("nox", "noxfile.py"))
_PRE_COMMIT = re.compile(r"\bpre-commit\s+run\b([^;&|\n]*)")
_HOOK_ID = re.compile(r"^\s*-?\s*id:\s*['\"]?([\w.-]+)", re.M)
_COMMITS = re.compile(r"\bgit\s+(?:commit|push)\b")
_COMMIT_ACTIONS = ("stefanzweifel/git-auto-commit-action", "peter-evans/create-pull-request", "EndBug/add-and-commit")
_UV_INSTALL = re.compile(r"\buv\s+(?:sync|run)\b|\buvx\b")

_HOOKS = {"ruff": RUFF_CHECK, "ruff-check": RUFF_CHECK, "ruff-format": RUFF_FORMAT, "pyright": PYRIGHT}


def triggers(data: object) -> dict[str, Any]:
    """The `on:` of a workflow as {event: configuration or None}, whichever of its three forms it uses."""
    on = data.get("on") if isinstance(data, dict) else None
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {e: None for e in on if isinstance(e, str)}
    return dict(on) if isinstance(on, dict) else {}


def gates(data: object) -> bool:
    """Whether a workflow runs on pull requests or branch pushes (a tags-only push is a release, not a gate)."""
    on = triggers(data)
    push = on.get("push", False)
    branch_push = "push" in on and not (isinstance(push, dict) and "tags" in push and "branches" not in push)
    return "pull_request" in on or branch_push


def _blocking_steps(job: object) -> list[dict[str, Any]]:
    """A job's steps whose failure fails the job (neither the job nor the step has `continue-on-error: true`)."""
    if not isinstance(job, dict) or job.get("continue-on-error") is True:
        return []
    steps = job.get("steps") or []
    return [s for s in steps if isinstance(s, dict) and s.get("continue-on-error") is not True]


def job_lines(job: object) -> list[str]:
    """The blocking shell lines of a job's `run:` steps, backslash continuations joined."""
    lines: list[str] = []
    for step in _blocking_steps(job):
        run = step.get("run")
        if isinstance(run, str):
            joined = re.sub(r"\\\n\s*", " ", run)
            lines += [ln for ln in joined.splitlines() if not _NOT_BLOCKING.search(ln)]
    return lines


def job_checks(job: object, snapshot: Snapshot) -> set[str]:
    """The blocking checks a job covers."""
    found: set[str] = set()
    for line in job_lines(job):
        found |= line_checks(line, snapshot, set())
    for step in _blocking_steps(job):
        found |= _action_checks(step, snapshot)
    return found


def _action_checks(step: dict[str, Any], snapshot: Snapshot) -> set[str]:
    uses = step.get("uses")
    if not isinstance(uses, str):
        return set()
    name = uses.split("@", 1)[0].lower()
    args = str((step.get("with") or {}).get("args", "check")) if isinstance(step.get("with"), dict) else "check"
    if name.endswith("/ruff-action"):
        if args.split()[:1] == ["format"]:
            return {RUFF_FORMAT} if re.search(r"--(?:check|diff)\b", args) else set()
        return {RUFF_CHECK}
    if name.endswith("/pyright-action"):
        return {PYRIGHT}
    if name in ("pre-commit/action", "j178/prek-action"):  # prek runs the same .pre-commit-config.yaml
        return _pre_commit_checks("", snapshot)
    return set()


def line_checks(line: str, snapshot: Snapshot, seen: set[str]) -> set[str]:
    """The checks one shell line runs, following make, pre-commit, tox and nox into their configuration."""
    line = line.split("#", 1)[0] if line.lstrip().startswith("#") else line
    found: set[str] = set()
    for command in re.split(r"&&|\|\||;", line):
        if _INSTALL.search(command) and not re.search(r"\b(?:uv|poetry|pdm|hatch)\s+run\b", command):
            continue  # `pip install pytest` runs nothing
        if _RUFF_CHECK.search(command):
            found.add(RUFF_CHECK)
        if any(re.search(r"--(?:check|diff)\b", m.group(1)) for m in _RUFF_FORMAT.finditer(command)):
            found.add(RUFF_FORMAT)
        if _PYRIGHT.search(command):
            found.add(PYRIGHT)
        if _PYTEST.search(command):
            found.add(PYTEST)
    return found | _followed_checks(line, snapshot, seen)


def _followed_checks(line: str, snapshot: Snapshot, seen: set[str]) -> set[str]:
    """The checks of what a line hands over to: make targets, pre-commit hooks, the project's scripts, tox, nox."""
    found: set[str] = set()
    for match in _MAKE.finditer(line):
        for target in [w for w in match.group(1).split() if not w.startswith("-") and "=" not in w] or ["__first"]:
            found |= _make_checks(target, snapshot, seen)
    for match in _PRE_COMMIT.finditer(line):
        found |= _pre_commit_checks(match.group(1), snapshot)
    # files whose lines are commands: the project's scripts (`scripts/check`, `bash ci/lint.sh`), tox and nox
    # configuration (quotes and brackets dropped, so `session.run("pytest")` reads as a command)
    files = [match.group(1).rstrip(".") for match in _SCRIPT.finditer(line)]
    files += [config for tool, config in _RUNNERS if re.search(rf"(?<![\w-]){tool}(?![\w-])", line)]
    for path in dict.fromkeys(files):
        if path not in seen:
            for sub in re.sub(r"[\"',()\[\]]+", " ", snapshot.text(path) or "").splitlines():
                found |= line_checks(sub, snapshot, seen | {path})
    return found


@functools.lru_cache(maxsize=16)
def makefile_targets(text: str) -> dict[str, tuple[list[str], list[str]]]:
    """target -> (prerequisites, recipe lines) of a Makefile, read plainly (no variable expansion)."""
    targets: dict[str, tuple[list[str], list[str]]] = {}
    current: list[str] = []
    for line in text.splitlines():
        if line.startswith("\t"):
            for name in current:
                targets[name][1].append(line[1:])
            continue
        match = re.match(r"^([A-Za-z0-9_./%-][A-Za-z0-9_./% -]*?)\s*::?(?![=])\s*([^#;]*)", line)
        if match and not line.startswith((".PHONY", "export ", "-include", "include ")):
            current = match.group(1).split()
            for name in current:
                targets.setdefault(name, ([], []))[0].extend(match.group(2).split())
            targets.setdefault("__first", (list(current), []))
        elif line.strip() and not line.startswith("#"):
            current = []
    return targets


def _make_checks(target: str, snapshot: Snapshot, seen: set[str]) -> set[str]:
    key = "make:" + target
    text = snapshot.text("Makefile")
    if key in seen or text is None:
        return set()
    seen.add(key)
    prereqs, recipe = makefile_targets(text).get(target, ([], []))
    found: set[str] = set()
    for name in prereqs:
        found |= _make_checks(name, snapshot, seen)
    for line in recipe:
        if not _NOT_BLOCKING.search(line):
            found |= line_checks(line.lstrip("@-+ "), snapshot, seen)
    return found


def _pre_commit_checks(args: str, snapshot: Snapshot) -> set[str]:
    hook_ids = {m.group(1) for m in _HOOK_ID.finditer(snapshot.text(".pre-commit-config.yaml") or "")}
    named = [w for w in args.split() if not w.startswith("-")]
    chosen = hook_ids & set(named) if named else hook_ids
    found = {_HOOKS[h] for h in chosen if h in _HOOKS}
    found |= {PYTEST for h in chosen if "pytest" in h}
    return found


def installs_with_uv(job: object, snapshot: Snapshot) -> bool:
    """Whether a job installs the project with uv (`uv sync`, or `uv run`, which syncs first), directly or via make."""
    for line in job_lines(job):
        if _UV_INSTALL.search(line):
            return True
        for match in _MAKE.finditer(line):
            for target in match.group(1).split() or ["__first"]:
                if any(_UV_INSTALL.search(r) for r in _make_recipe(target, snapshot, set())):
                    return True
    return False


def _make_recipe(target: str, snapshot: Snapshot, seen: set[str]) -> list[str]:
    """A target's recipe lines with its prerequisites', recursively."""
    if target in seen:
        return []
    seen.add(target)
    prereqs, recipe = makefile_targets(snapshot.text("Makefile") or "").get(target, ([], []))
    lines = [line for name in prereqs for line in _make_recipe(name, snapshot, seen)]
    return lines + recipe


def commits(job: object) -> bool:
    """Whether a job pushes its own changes (an autoformat bot): its `ruff format` is meant to write."""
    steps = job.get("steps") if isinstance(job, dict) else None
    for step in steps or []:
        if not isinstance(step, dict):
            continue
        uses = str(step.get("uses", ""))
        if _COMMITS.search(str(step.get("run", ""))) or uses.startswith(_COMMIT_ACTIONS):
            return True
    return False


def unchecked_format(command: str) -> list[int]:
    """Offsets just past `format` of each `ruff format` in `command` that has no --check/--diff (it would rewrite
    files in CI and pass whatever the formatting)."""
    return [m.start(1) for m in _RUFF_FORMAT.finditer(command) if not re.search(r"--(?:check|diff)\b", m.group(1))]
