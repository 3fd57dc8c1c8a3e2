"""MK006: a Makefile created where the repository has none and no other task runner, with `help` as the default goal and
the standard targets its tools call for. An adoption (make is a tool the repository does not run yet), tagged as such
(`Adoption(MAKEFILE)`: reports group it apart, the bot proposes it on its own) and made whole or not at all: with at
least two targets, a check among them, every one of them, at the tier of its least safe target (a check target nothing
runs yet is unsafe, MK003), so a safe run then an unsafe one writes what one unsafe run writes. Never beside a justfile,
a Taskfile, tox, nox, hatch scripts, poethepoet, pdm scripts, taskipy, or scripts that run the checks
(`scripts/lint.sh`, as the full-stack template has).
"""

from __future__ import annotations

from ...edit.makefile_doc import MakefileDocument, NewRule, phony_list
from ...facts.equivalents import task_runner
from ...facts.workflows.survey import survey
from ...fixer import Context, FileRun
from ...model import Adoption, Applicability
from ..uv.locks import standalone_member_locks, sync_locks_rule
from ..uv.rules import SYNC_LOCKS
from .analysis import project_of
from .rules import CREATE
from .standard import plan
from .usage import help_rule


def create(run: FileRun[None]) -> None:
    ctx = run.ctx
    if run.path != "Makefile" or project_of(ctx.repo, run.path) is None:
        return
    planned = plan(ctx, run.path, MakefileDocument(""))
    rules = [each.rule for each in planned]
    members = standalone_member_locks(ctx.repo, run.path)
    if members and ctx.enabled(SYNC_LOCKS):
        rules.append(sync_locks_rule(members))
    checks = _CHECKS & {r.name for r in rules}
    if task_runner(ctx.repo) or not ctx.enabled(CREATE) or len(rules) < 2 or not checks or _scripts(ctx):
        if members:
            run.report(SYNC_LOCKS, f"{', '.join(members)} keep locks of their own, which `uv lock` never updates, "
                       "and no Makefile holds a `sync-locks` target: add one (or drop the member locks and build "
                       "with `uv sync --frozen --package` from the root lock)")  # fmt: skip
        return
    names = ["help", *(r.name for r in rules)]
    text = render([help_rule("hash", names), *rules])
    MakefileDocument(text)  # raises ParseError if it would not read back
    unsafe = [p.rule.name for p in planned if p.applicability is Applicability.UNSAFE]
    why = f" (unsafe: nothing runs the checks of {', '.join(unsafe)} over the project yet)" if unsafe else ""
    run.create(CREATE, f"no Makefile and no other task runner: create one with {', '.join(names)}{why}",
               lambda: text, applicability=Applicability.UNSAFE if unsafe else Applicability.SAFE,
               adopts=Adoption(MAKEFILE, "Makefile"))  # fmt: skip


MAKEFILE = "a Makefile"
# A Makefile is adopted for the checks every developer and CI run the same way (blueprint section 8): one that would
# only wrap `docker compose up -d` (frappe_docker, netbox-docker) has no reader the compose file does not have.
_CHECKS = {"lint", "format-check", "typecheck", "test", "sync-locks"}


def _scripts(ctx: Context) -> bool:
    """Scripts that run the checks (`scripts/lint.sh`, starlette's `scripts/test`): the repository's task runner."""
    return any(r.command.startswith("bash ") for r in ctx.shared(survey).commands)


def render(rules: list[NewRule]) -> str:
    """A new Makefile: one `.PHONY` list, then each rule described for `make help`, a blank line between."""
    blocks = [phony_list([r.name for r in rules])]
    for rule in rules:
        header = rule.name + ":" + "".join(" " + p for p in rule.prerequisites)
        header += f" ## {rule.description}" if rule.description else ""
        blocks.append(header + "\n" + "".join(f"\t{line}\n" for line in rule.recipe))
    return "\n".join(blocks)
