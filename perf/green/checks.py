"""Compare one tree before and after an infra-fix run: everything that could have turned a green check red.

Each problem carries a `key` naming the check it broke, so a bisection can rerun infra-fix one rule at a time and
ask whether that same check breaks again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import hooks, ruffrun, workflows
from .tree import git

_USES = re.compile(r"(?m)^\s*-?\s*uses:\s*['\"]?([^\s'\"#]+)")
_ADDED_RUFF_STEP = re.compile(r"^\+.*\bruff (check|format)\b.*$", re.M)


@dataclass(frozen=True)
class Problem:
    """One check the run turned (or would turn) red: which check (`key`), and what happened."""

    kind: str  # ruff, format, hook, new-check, zizmor, workflow, aggregator, bot
    key: tuple[str, ...]
    message: str


@dataclass
class Side:
    """One state of the repository: its commit and the ruff results computed on it (by ruff version)."""

    repo: Path
    commit: str
    ruff: dict[str | None, ruffrun.RuffResult] = field(default_factory=dict)

    def text(self, path: str) -> str | None:
        """A file's text at this side's commit (None when absent)."""
        proc = git(self.repo, "show", f"{self.commit}:{path}")
        return proc.stdout if proc.returncode == 0 else None

    def ruff_at(self, version: str | None, label: str) -> ruffrun.RuffResult:
        """ruff's verdict on this side (the work tree must be at this side's commit)."""
        if version not in self.ruff:
            self.ruff[version] = ruffrun.run(self.repo, version, label)
        return self.ruff[version]


@dataclass
class Change:
    """What one infra-fix run changed: files, the patch, the pins on each side."""

    modified: list[str]
    created: list[str]
    patch: str
    pins_before: dict[str, str]
    pins_after: dict[str, str]


def ruff_problems(before: Side, after: Side, change: Change, notes: list[str]) -> list[Problem]:
    """The venv's ruff and every pinned ruff: no new violation, no newly reformatted file, no config error."""
    channels: list[tuple[str, str | None, str | None]] = [("venv", None, None)]
    for source in ("pre-commit", "uv.lock"):
        old, new = change.pins_before.get(source), change.pins_after.get(source)
        if old and new:
            channels.append((source, old, new))
    problems: list[Problem] = []
    for source, old, new in channels:
        missing = [v for v in (old, new) if v and ruffrun.unavailable(v)]
        if missing:
            notes.append(f"ruff {missing[0]} ({source}) not run: {ruffrun.unavailable(missing[0])}")
            continue
        label = (
            "venv " + ruffrun.venv_version()
            if old is None
            else f"{source} {old}" + (f" -> {new}" if new != old else "")
        )
        git(before.repo, "checkout", "-q", "-f", before.commit)
        first = before.ruff_at(old, label)
        git(after.repo, "checkout", "-q", "-f", after.commit)
        second = after.ruff_at(new, label)
        for message in ruffrun.regressions(first, second):
            kind = "format" if message.startswith("ruff format") else "ruff"
            problems.append(Problem(kind, (kind, source), message))
        for warning in sorted(second.warnings - first.warnings):
            notes.append(f"new ruff warning ({label}): {warning[:200]}")
    return problems


def new_check_problems(after: Side, change: Change, precommit_before: str | None, notes: list[str]) -> list[Problem]:
    """Checks infra-fix added (pre-commit hooks, CI steps) must pass on the tree they were added to."""
    problems: list[Problem] = []
    precommit_after = after.text(".pre-commit-config.yaml")
    config = hooks.load(precommit_after)
    git(after.repo, "checkout", "-q", "-f", after.commit)
    for hook in hooks.added(precommit_before, precommit_after):
        if hook.source == "pre-commit-hooks":
            if hook.id not in hooks.MANIFEST:
                notes.append(f"added hook {hook.id} not run: not in the pre-commit-hooks manifest table")
                continue
            result = hooks.run(after.repo, hook, config)
            git(after.repo, "reset", "-q", "--hard", after.commit)  # fixer hooks rewrite files
            if not result.passed:
                problems.append(Problem("hook", ("hook", hook.id), f"added hook {hook.id} fails:\n{result.output}"))
        elif hook.source == hooks.RUFF_PRE_COMMIT:
            problems += _ruff_hook(after, hook, notes)
        else:
            notes.append(f"added hook {hook.id} from {hook.source} not run")
    added_steps = sorted(set(_ADDED_RUFF_STEP.findall(_workflow_patch(change))))
    if added_steps:
        version = change.pins_after.get("uv.lock")
        result = after.ruff_at(version, f"uv.lock {version}" if version else "venv")
        if "check" in added_steps and (result.config_error or result.violations):
            detail = result.config_error or _top_codes(result)
            problems.append(
                Problem("new-check", ("new-check", "ruff check"), f"added CI step `ruff check` fails: {detail}")
            )
        if "format" in added_steps and (result.config_error or result.reformat):
            detail = result.config_error or f"{len(result.reformat)} files would be reformatted"
            problems.append(
                Problem(
                    "new-check", ("new-check", "ruff format"), f"added CI step `ruff format --check` fails: {detail}"
                )
            )
    for tool in ("pytest", "pyright"):
        if re.search(rf"^\+.*\b{tool}\b", _workflow_patch(change), re.M):
            notes.append(f"added CI step runs {tool}: not verified (not run here)")
    return problems


def _ruff_hook(after: Side, hook: hooks.Hook, notes: list[str]) -> list[Problem]:
    version = hook.rev.removeprefix("v") or None
    if version and ruffrun.unavailable(version):
        notes.append(f"added hook {hook.id} (ruff {version}) not run: {ruffrun.unavailable(version)}")
        return []
    result = after.ruff_at(version, f"pre-commit {version}")
    if hook.id in ("ruff", "ruff-check") and (result.config_error or result.violations):
        detail = result.config_error or _top_codes(result)
        return [Problem("new-check", ("hook", hook.id), f"added hook {hook.id} (ruff {version}) fails: {detail}")]
    if hook.id == "ruff-format" and (result.config_error or result.reformat):
        detail = result.config_error or f"{len(result.reformat)} files would be reformatted"
        return [Problem("new-check", ("hook", hook.id), f"added hook ruff-format (ruff {version}) fails: {detail}")]
    return []


def _top_codes(result: ruffrun.RuffResult) -> str:
    counts = result.by_code()
    top = ", ".join(f"{code} {n}" for code, n in counts.most_common(6))
    return f"{sum(counts.values())} violations ({top}{', ...' if len(counts) > 6 else ''})"  # noqa: PLR2004


def _workflow_patch(change: Change) -> str:
    chunks = re.split(r"(?m)^(?=diff --git )", change.patch)
    return "".join(c for c in chunks if re.match(r"diff --git a/\.github/workflows/", c))


def workflow_problems(before: Side, after: Side, change: Change, notes: list[str]) -> list[Problem]:
    """Only the gating CI workflow may change; no new zizmor finding; no second dependency bot."""
    problems: list[Problem] = []
    touched = [p for p in change.modified + change.created if workflows.WORKFLOW.match(p)]
    for path in touched:
        old = before.text(path)
        verdict = workflows.classify(path, old if old is not None else after.text(path) or "")
        state = "created" if old is None else "changed"
        gate = "gating CI" if verdict.gating else "NOT gating: " + "; ".join(verdict.reasons)
        notes.append(f"workflow {state}: {path} (on: {', '.join(verdict.triggers)}; {gate})")
        if old is not None and not verdict.gating:
            problems.append(Problem("workflow", ("workflow", path), f"{path} changed, but it is {gate}"))
        aggregator, outside = workflows.jobs_outside_aggregator(old or "", after.text(path) or "")
        if outside:
            message = f"{path}: added job(s) {', '.join(outside)} not in the `needs` of aggregator job `{aggregator}`"
            problems.append(Problem("aggregator", ("aggregator", path), message + ": they gate nothing"))
    bots = [p for p in workflows.BOT_CONFIGS if before.text(p) is not None]
    for path in change.created:
        if bots and ("renovate" in path.lower()):
            problems.append(Problem("bot", ("bot", path), f"{path} created although {', '.join(bots)} exists"))
    for line in workflows.python_versions_rewritten(_workflow_patch(change)):
        notes.append(f"python-version rewritten (review its purpose): {line}")
    git(before.repo, "checkout", "-q", "-f", before.commit)
    old_findings, error = workflows.zizmor(before.repo, [p for p in touched if before.text(p) is not None])
    git(after.repo, "checkout", "-q", "-f", after.commit)
    new_findings, error_after = workflows.zizmor(after.repo, touched)
    for message in filter(None, (error, error_after)):
        notes.append(f"zizmor: {message}")
    strict = _pins_or_audits(before)
    for (path, ident), n in sorted(new_findings.items()):
        if n > old_findings[path, ident]:
            message = f"zizmor {ident} on {path}: {old_findings[path, ident]} -> {n}"
            if ident == "unpinned-uses" and not strict:
                # zizmor >= 1.20 asks for SHA pins everywhere; a repository that refers to actions by tag and runs
                # no zizmor has no check this turns red, and a new job written as its others are is its convention
                notes.append(f"{message} (the repository pins by tag and runs no zizmor: noted, not a failure)")
                continue
            problems.append(Problem("zizmor", ("zizmor", path, ident), message))
    return problems


def _pins_or_audits(side: Side) -> bool:
    """Whether the repository runs zizmor (a config, a workflow step, a hook) or pins every action by SHA: then an
    action referred to by tag in a new job is a finding its own checks or conventions would raise."""
    listed = git(side.repo, "ls-tree", "-r", "--name-only", side.commit).stdout.split()
    texts = {p: side.text(p) or "" for p in listed if workflows.WORKFLOW.match(p) or p == ".pre-commit-config.yaml"}
    if any("zizmor" in p for p in listed) or any("zizmor" in t for t in texts.values()):
        return True
    uses = [u for p, t in texts.items() if p != ".pre-commit-config.yaml" for u in _USES.findall(t)]
    remote = [u for u in uses if not u.startswith(("./", "docker://"))]
    return bool(remote) and all(re.search(r"@[0-9a-f]{40}\b", u) for u in remote)
