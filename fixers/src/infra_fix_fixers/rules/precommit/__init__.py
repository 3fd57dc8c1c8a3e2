"""PC: pre-commit (`.pre-commit-config.yaml`, at the repository root: pre-commit reads it nowhere else): the
blueprint's hygiene hooks and ruff hooks, and ruff's rev."""

from __future__ import annotations

from ...facts import precommit_path
from ...fixer import Check, Context, Scope, document_fixer
from . import checks, hooks, hygiene
from .document import PrecommitDocument
from .rules import PC001, RULES


def _targets(ctx: Context) -> tuple[str, ...]:
    return (precommit_path(ctx.snapshot),)


def _open(path: str, text: str, ctx: Context) -> PrecommitDocument:
    return PrecommitDocument(text)  # raises ParseError with the position


FIXER = document_fixer(
    name="pre-commit",
    rules=RULES,
    reads=(".pre-commit-config.yaml", ".pre-commit-config.yml", *hygiene.reads()),
    targets=_targets,
    open=_open,
    checks=(checks.repos_list, checks.rev, checks.fix_arg, hooks.add_hooks),
    create=Check((PC001,), hooks.create),
    default_path=".pre-commit-config.yaml",
    scope=Scope.REPOSITORY,
)

__all__ = ["FIXER"]
