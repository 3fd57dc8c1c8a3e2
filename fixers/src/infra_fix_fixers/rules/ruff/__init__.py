"""RF: ruff's configuration, wherever ruff reads it (`[tool.ruff]` of a pyproject.toml, `ruff.toml`,
`.ruff.toml`), judged for the projects it governs (facts/tools/ruff.py)."""

from __future__ import annotations

from ...edit.toml import TomlDocument
from ...facts.tools.ruff import configs
from ...facts.workflows.survey import survey
from ...fixer import Context, Scope, document_fixer
from .checks import CHECKS, RuffDocument
from .rules import RULES


def _targets(ctx: Context) -> tuple[str, ...]:
    project = ctx.project
    if project is None:
        return ()
    facts = ctx.shared(survey)  # flake8's project gets no new ruff configuration
    return tuple(
        path
        for path, config in ctx.shared(configs).items()
        if any(p.dir == project.dir for p in config.governs)
        and not (config.created and all(facts.lints_otherwise(p) for p in config.governs))
    )


def _open(path: str, text: str, ctx: Context) -> RuffDocument:
    return RuffDocument(TomlDocument(text), ctx.shared(configs)[path], ctx.repo)


FIXER = document_fixer(
    name="ruff",
    rules=RULES,
    reads=("**/pyproject.toml", "**/ruff.toml", "**/.ruff.toml", "**/uv.lock"),
    targets=_targets,
    open=_open,
    checks=CHECKS,
    default_path="pyproject.toml",
    scope=Scope.PROJECT,
)

__all__ = ["FIXER", "RULES"]
