"""PC001-PC003: the blueprint's hooks, added where the repository's files let them pass (hygiene.py simulates the
check-* hooks), and the whole config created where there is none."""

from __future__ import annotations

from typing import Any

from ...edit.yaml import indent_block
from ...edit.yaml_render import plain_or_quoted
from ...fixer import Context, FileRun, check
from ...model import Applicability, Rule
from ..ci.scan import RUFF_CHECK, RUFF_FORMAT
from ..ci.survey import survey
from . import hygiene
from .checks import ruff_rev
from .document import (
    HOOKS_REPO,
    MINIMUM_HYGIENE,
    OTHER_HYGIENE,
    RUFF_LINT_IDS,
    RUFF_REPO,
    PrecommitDocument,
    Run,
    add_entry,
    add_to_entry,
)
from .rules import PC001, PC002, PC003

# Hooks whose check CI may already run green; the check-* hooks are simulated on the repository's files (hygiene.py),
# and check-added-large-files looks only at files being added.
_ALREADY_CHECKED = {"ruff": RUFF_CHECK, "ruff-format": RUFF_FORMAT}


def missing_hooks(doc: PrecommitDocument) -> list[tuple[Rule, str, dict[str, Any]]]:
    """The missing hooks, in the blueprint's order: (rule, repo URL, hook as data)."""
    wanted: list[tuple[Rule, str, dict[str, Any]]] = []
    for hook in (*MINIMUM_HYGIENE, *OTHER_HYGIENE):
        if hook not in doc.present:
            wanted.append((PC002 if hook in MINIMUM_HYGIENE else PC003, HOOKS_REPO, {"id": hook}))
    if not doc.other_ruff:
        if not doc.present & set(RUFF_LINT_IDS):
            wanted.append((PC002, RUFF_REPO, {"id": "ruff", "args": ["--fix"]}))
        if "ruff-format" not in doc.present:
            wanted.append((PC002, RUFF_REPO, {"id": "ruff-format"}))
    return wanted


def hook_plan(ctx: Context, hook: dict[str, Any]) -> tuple[dict[str, Any] | None, str, Applicability | None]:
    """The hook as it can be added (None: not at all), why, and how safe adding it is."""
    hook_id = hook["id"]
    commented, broken = hygiene.failing(hook_id, ctx.snapshot)
    if broken:
        return (
            None,
            f"; not added: it would fail on {hygiene.named(broken)} (fix them, or add it with an exclude)",
            None,
        )
    if commented:
        hook = {**hook, "exclude": hygiene.exclude_pattern(commented)}
    facts = ctx.shared(survey)
    checked = _ALREADY_CHECKED.get(hook_id)
    simulated = hook_id in ("check-json", "check-yaml", "check-toml", "check-added-large-files")
    if facts.runs_precommit and not simulated and checked not in facts.checks():
        why = "; pre-commit runs in CI: run `pre-commit run --all-files` in the same commit (the hook may change or " \
              "reject existing files)"  # fmt: skip
        return hook, why, Applicability.UNSAFE
    return hook, "", Applicability.SAFE


@check(PC002, PC003)
def add_hooks(run: Run) -> None:
    doc, ctx = run.doc, run.ctx
    if doc.repos is None:
        return
    for repo in (HOOKS_REPO, RUFF_REPO):
        for rule, url, hook in missing_hooks(doc):
            if url != repo or not ctx.enabled(rule):
                continue
            planned, why, kind = hook_plan(ctx, hook)
            entry = doc.hooks_entry if repo == HOOKS_REPO else _ruff_entry(doc)
            place = "its existing repo entry" if entry is not None else "a new repo entry"
            message = f"hook {hook['id']} of {repo.removeprefix('https://github.com/')} is missing (added to {place})"
            edit = (lambda h=planned, r=repo, e=entry: _add(run, r, e, h)) if planned else None  # noqa: E731
            at = ("repos", entry) if entry is not None else ("repos",)
            run.report(rule, message + why, at=at, edit=edit, applicability=kind if planned else Applicability.MANUAL)


def _add(run: Run, repo: str, entry: int | None, hook: dict[str, Any]) -> bool:
    doc = run.doc
    if entry is not None:
        return add_to_entry(doc, entry, hook)
    rev = run.ctx.settings.blueprint.pre_commit_hooks_rev if repo == HOOKS_REPO else ruff_rev(run.ctx)
    if not add_entry(doc, repo, rev, [hook]):
        return False
    repos = doc.get(("repos",))
    new_index = len(repos) - 1 if isinstance(repos, list) else 0
    if repo == HOOKS_REPO:
        doc.hooks_entry = new_index
    else:
        doc.ruff_entries.append(new_index)
    doc.present.add(hook["id"])
    return True


def _ruff_entry(doc: PrecommitDocument) -> int | None:
    """The ruff-pre-commit entry to add hooks to: the first with a list of hooks."""
    return next((i for i in doc.ruff_entries if isinstance(doc.get(("repos", i, "hooks")), list)), None)


# -- PC001: a config where there is none ----------------------------------------------------------------------------


def create(run: FileRun[None]) -> None:
    ctx = run.ctx
    hygiene_hooks = []
    for hook_id in (*MINIMUM_HYGIENE, *OTHER_HYGIENE):
        planned, _, _ = hook_plan(ctx, {"id": hook_id})
        if planned is not None:
            hygiene_hooks.append(planned)
    run.create(PC001, f"no pre-commit config: create {run.path} from the blueprint's template",
               lambda: template(ctx.settings.blueprint.pre_commit_hooks_rev, ruff_rev(ctx), hygiene_hooks))  # fmt: skip


def template(hooks_rev: str, ruff_rev: str, hooks: list[dict[str, Any]]) -> str:
    """The blueprint's .pre-commit-config.yaml."""
    rendered = [f"- id: {h['id']}" + (f"\n  exclude: {plain_or_quoted(h['exclude'])}" if "exclude" in h else "")
                for h in hooks]  # fmt: skip
    hygiene_text = indent_block("\n".join(rendered), "      ", "      ") if hooks else ""
    first = f"  - repo: {HOOKS_REPO}\n    rev: {hooks_rev}\n    hooks:\n{hygiene_text}\n\n" if hooks else ""
    return (
        f"repos:\n{first}"
        f"  - repo: {RUFF_REPO}\n    rev: {ruff_rev}\n    hooks:\n"
        "      - id: ruff\n        args: [--fix]\n      - id: ruff-format\n"
    )
