"""PC: pre-commit (`.pre-commit-config.yaml`, at the repository root: pre-commit reads it nowhere else): the
blueprint's hygiene hooks and ruff hooks, and ruff's rev. Where the repository has no config and nothing runs
pre-commit, creating one adopts pre-commit: the config and the workflow that runs its hooks (runner.py), together or
not at all; never beside another git-hook runner (lefthook, husky...)."""

from __future__ import annotations

from ...facts import precommit_path
from ...facts.equivalents import hook_runner
from ...fixer import Check, Context, Scope, document_fixer
from . import checks, hooks, hygiene, runner
from .document import PrecommitDocument
from .rules import PC001, PC006, RULES


def _targets(ctx: Context) -> tuple[str, ...]:
    path = precommit_path(ctx.snapshot)
    if not ctx.snapshot.exists(path) and hook_runner(ctx.snapshot):
        return ()  # the repository runs its hooks with another runner: no second one
    return (path,)


def _runner_targets(ctx: Context) -> tuple[str, ...]:
    """The workflow only where it would be created: no config yet, no other hook runner, the path free."""
    snapshot = ctx.snapshot
    if snapshot.exists(precommit_path(snapshot)) or snapshot.exists(runner.RUNNER_PATH) or hook_runner(snapshot):
        return ()
    return (runner.RUNNER_PATH,)


def _open(path: str, text: str, ctx: Context) -> PrecommitDocument:
    return PrecommitDocument(text)  # raises ParseError with the position


FIXER = document_fixer(
    name="pre-commit",
    rules=RULES,
    reads=(".pre-commit-config.yaml", ".pre-commit-config.yml", "package.json", *hygiene.reads()),
    targets=_targets,
    open=_open,
    checks=(checks.repos_list, checks.rev, checks.fix_arg, hooks.add_hooks),
    create=Check((PC001,), hooks.create),
    default_path=".pre-commit-config.yaml",
    scope=Scope.REPOSITORY,
)

RUNNER = document_fixer(
    name="pre-commit-runner",
    rules=(PC006,),
    reads=(".pre-commit-config.yaml", ".pre-commit-config.yml", runner.RUNNER_PATH, "package.json"),
    targets=_runner_targets,
    open=lambda path, text, ctx: None,
    checks=(),
    create=Check((PC006,), runner.create),
    default_path=runner.RUNNER_PATH,
    scope=Scope.REPOSITORY,
)

__all__ = ["FIXER", "RUNNER"]
