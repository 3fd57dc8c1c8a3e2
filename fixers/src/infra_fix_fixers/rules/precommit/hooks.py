"""PC001-PC003: the blueprint's hooks, added where the repository's files let them pass (hygiene.py simulates the
check-* hooks), and the whole config created where there is none."""

from __future__ import annotations

from typing import Any

from ...edit.yaml import indent_block
from ...edit.yaml_render import plain_or_quoted
from ...facts.commands.scan import RUFF_CHECK, RUFF_FORMAT, RUFF_FORMAT_WRITE
from ...facts.formatters import CODE_TOOLS
from ...facts.tools.ruff import configs
from ...facts.workflows.survey import survey
from ...fixer import Context, FileRun, check
from ...model import Adoption, Applicability, Rule
from . import hygiene
from .checks import pinned_ruff, ruff_rev
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

_KNOWN_TO_PASS = ("check-json", "check-yaml", "check-toml", "check-added-large-files")
_RUFF_CHECKS = {"ruff": RUFF_CHECK, "ruff-check": RUFF_CHECK, "ruff-format": RUFF_FORMAT}
# black and its kin: a config that formats with one is not asked for ruff-format beside it
_OTHER_FORMATTERS = {tool.name for tool in CODE_TOOLS if tool.stands_for == "ruff-format"}


def missing_hooks(doc: PrecommitDocument, hooked: set[str]) -> list[tuple[Rule, str, dict[str, Any]]]:
    """The missing hooks, in the blueprint's order: (rule, repo URL, hook as data). `hooked` are the checks the
    existing hooks already run, whatever their id (a local `lint` hook whose `make lint` runs `ruff check`)."""
    wanted: list[tuple[Rule, str, dict[str, Any]]] = []
    for hook in (*MINIMUM_HYGIENE, *OTHER_HYGIENE):
        if hook not in doc.present:
            wanted.append((PC002 if hook in MINIMUM_HYGIENE else PC003, HOOKS_REPO, {"id": hook}))
    if not doc.other_ruff:
        if not doc.present & set(RUFF_LINT_IDS) and RUFF_CHECK not in hooked:
            wanted.append((PC002, RUFF_REPO, {"id": "ruff", "args": ["--fix"]}))
        if "ruff-format" not in doc.present and not hooked & {RUFF_FORMAT, RUFF_FORMAT_WRITE, *_OTHER_FORMATTERS}:
            wanted.append((PC002, RUFF_REPO, {"id": "ruff-format"}))
    return wanted


def hook_plan(ctx: Context, hook: dict[str, Any]) -> tuple[dict[str, Any] | None, str, Applicability | None]:
    """The hook as it can be added (None: not at all), why, and how safe adding it is. Safe only where the tree is
    known to pass it: check-json, check-yaml and check-toml simulated on the files they check, check-added-large-files
    (it looks only at files being added), ruff's hooks where CI already runs that check at the ruff the hook pins.
    The others rewrite or reject files the tree may not pass yet (trailing whitespace, a missing final newline)."""
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
    if hook_id in _RUFF_CHECKS and (narrowed := _ruff_include(ctx)):
        why = f"; ruff's `include` ({narrowed}) limits what `ruff check .` lints, but pre-commit hands the hook " \
              "every changed Python file: run `pre-commit run --all-files` in the same commit"  # fmt: skip
        return hook, why, Applicability.UNSAFE
    if hook_id in _KNOWN_TO_PASS or _ruff_checked(ctx, hook_id):
        return hook, "", Applicability.SAFE
    why = "; the tree may not pass it yet (it rewrites or rejects files): run `pre-commit run --all-files` in the " \
          "same commit"  # fmt: skip
    return hook, why, Applicability.UNSAFE


def _ruff_include(ctx: Context) -> str | None:
    """The ruff configuration that narrows ruff's files with `include` (dishka's `.ruff.toml` lints src, tests and
    examples only), if any governs a project: files named on the command line, as pre-commit names them, bypass it."""
    for config in ctx.shared(configs).values():
        if not config.created and isinstance(config.settings(ctx.repo).get("include"), list):
            return config.path
    return None


def _ruff_checked(ctx: Context, hook_id: str) -> bool:
    """Whether the merge-gating CI, or the maintainers' own command (a Makefile target, a script: what a new CI job
    runs as safe, ci/routines.py), already runs this ruff check over every project, at the ruff the hook would pin:
    then the tree passes it. The same evidence in every run: a CI job infra-fix itself wrote from that command
    changes nothing (issue 14: a second --apply added the hooks the first had called unsafe)."""
    check = _RUFF_CHECKS.get(hook_id)
    pinned = pinned_ruff(ctx)
    if check is None or pinned is None or ruff_rev(ctx) != f"v{pinned}":
        return False
    facts = ctx.shared(survey)
    return all(
        facts.covered(check, project, whole=True) or any(r.runs(check, project.dir) for r in facts.commands)
        for project in ctx.repo.projects
    )


@check(PC002, PC003)
def add_hooks(run: Run) -> None:
    doc, ctx = run.doc, run.ctx
    if doc.repos is None:
        return
    facts = ctx.shared(survey)
    hooked = {h.check for h in facts.hooks}
    hooked |= {c for c in (RUFF_FORMAT, RUFF_CHECK) if facts.chosen(c)}  # black or flake8 run by CI or a task
    created: set[int] = set()  # entries this run adds: the hooks after the first go there too, into no existing one
    for repo in (HOOKS_REPO, RUFF_REPO):
        wanted = [(rule, hook_plan(ctx, hook), hook) for rule, url, hook in missing_hooks(doc, hooked)
                  if url == repo and ctx.enabled(rule)]  # fmt: skip
        # the safe hooks first: what a plain run adds and a later --unsafe-fixes run appends is then what one
        # --unsafe-fixes run adds (the blueprint's order within each)
        wanted.sort(key=lambda item: item[1][2] is not Applicability.SAFE)
        for rule, (planned, why, kind), hook in wanted:
            entry = doc.hooks_entry if repo == HOOKS_REPO else _ruff_entry(doc)
            place = "its existing repo entry" if entry is not None and entry not in created else "a new repo entry"
            message = f"hook {hook['id']} of {repo.removeprefix('https://github.com/')} is missing (added to {place})"
            edit = (lambda h=planned, r=repo, e=entry: _add(run, r, e, h, created)) if planned else None  # noqa: E731
            at = ("repos", entry) if entry is not None else ("repos",)
            run.report(rule, message + why, at=at, edit=edit, applicability=kind if planned else Applicability.MANUAL)


def _add(run: Run, repo: str, entry: int | None, hook: dict[str, Any], created: set[int]) -> bool:
    doc = run.doc
    if entry is not None:
        return add_to_entry(doc, entry, hook)
    rev = run.ctx.settings.blueprint.pre_commit_hooks_rev if repo == HOOKS_REPO else ruff_rev(run.ctx)
    if not add_entry(doc, repo, rev, [hook]):
        return False
    repos = doc.get(("repos",))
    new_index = len(repos) - 1 if isinstance(repos, list) else 0
    created.add(new_index)
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

PRECOMMIT = "pre-commit"  # the adoption's name in every report


def adoption(ctx: Context, part: str) -> Adoption | None:
    """A part of adopting pre-commit, where nothing runs its hooks yet (no CI step, no pre-commit.ci); None where
    something does: then the config is a repair of what CI runs."""
    if ctx.shared(survey).runs_precommit:
        return None
    return Adoption(PRECOMMIT, part, needs=("runner",) if part == "config" else ("config",))


def create(run: FileRun[None]) -> None:
    """The blueprint's config, with the hooks the tree is known to pass; each other hook is its own unsafe finding,
    written into the new file only when unsafe fixes are. Where nothing runs pre-commit yet it adopts pre-commit:
    made only with the workflow that runs the hooks (PC006)."""
    ctx = run.ctx
    chosen: list[dict[str, Any]] = []

    def include(hook: dict[str, Any]) -> bool:  # an unsafe hook's fix: it goes into the file created below
        chosen.append(hook)
        return True

    planned: list[dict[str, Any]] = []
    facts = ctx.shared(survey)  # black's project gets no ruff-format hook, flake8's no ruff hook
    ruff_hooks = [h for h, check in (("ruff", RUFF_CHECK), ("ruff-format", RUFF_FORMAT)) if not facts.chosen(check)]
    safe: list[str] = []
    for hook_id in (*MINIMUM_HYGIENE, *OTHER_HYGIENE, *ruff_hooks):
        hook, why, kind = hook_plan(ctx, {"id": hook_id})
        if hook is None:
            continue
        planned.append(hook)
        if kind is Applicability.SAFE:
            chosen.append(hook)
            safe.append(hook_id)
        else:
            run.report(PC001, f"hook {hook_id} for the new {run.path}{why}", edit=lambda h=hook: include(h),
                       applicability=kind, adopts=adoption(ctx, "hooks"))  # fmt: skip
    if not planned:
        return
    names = ", ".join(safe) if safe else "the hooks above (each with --unsafe-fixes)"

    def text() -> str:
        # pre-commit-hooks' safe hooks first, then the unsafe ones, each in the blueprint's order, and ruff's in the
        # blueprint's order: what a plain run creates and a later --unsafe-fixes run adds (PC002 and PC003 append to
        # the hygiene entry, and put `ruff` before `ruff-format`) is then the very file one --unsafe-fixes run creates
        made = [h for h in planned if h in chosen]
        hooks = sorted(made, key=lambda h: h["id"] not in _RUFF_CHECKS and h["id"] not in safe)
        return template(ctx.settings.blueprint.pre_commit_hooks_rev, ruff_rev(ctx), hooks)

    run.create(PC001, f"no pre-commit config: create {run.path} from the blueprint's template with {names}", text,
               applicability=Applicability.SAFE if safe else Applicability.UNSAFE,
               adopts=adoption(ctx, "config"))  # fmt: skip


def template(hooks_rev: str, ruff_rev: str, hooks: list[dict[str, Any]]) -> str:
    """The blueprint's .pre-commit-config.yaml with `hooks` (pre-commit-hooks' first, then ruff's)."""
    hygiene_hooks = [h for h in hooks if h["id"] not in _RUFF_CHECKS]
    rendered = [f"- id: {h['id']}" + (f"\n  exclude: {plain_or_quoted(h['exclude'])}" if "exclude" in h else "")
                for h in hygiene_hooks]  # fmt: skip
    parts = []
    if hygiene_hooks:
        hygiene_text = indent_block("\n".join(rendered), "      ", "      ")
        parts.append(f"  - repo: {HOOKS_REPO}\n    rev: {hooks_rev}\n    hooks:\n{hygiene_text}\n")
    ruff = [h["id"] for h in hooks if h["id"] in _RUFF_CHECKS]
    if ruff:
        lines = "".join(
            "      - id: ruff\n        args: [--fix]\n" if i == "ruff" else f"      - id: {i}\n" for i in ruff
        )
        parts.append(f"  - repo: {RUFF_REPO}\n    rev: {ruff_rev}\n    hooks:\n{lines}")
    return "repos:\n" + "\n".join(parts)
