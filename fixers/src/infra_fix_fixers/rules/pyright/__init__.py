"""PY: pyright's configuration (`pyrightconfig.json`, JSON with comments, or `[tool.pyright]` /
`[tool.basedpyright]` of pyproject.toml), judged for the projects it checks (facts/tools/pyright.py).

pyright reads pyrightconfig.json when it exists and ignores the pyproject tables then, so that file wins. Every edit
is a verified splice (edit/jsonc.py, edit/toml.py): comments, trailing commas and layout are kept.
"""

from __future__ import annotations

from ...edit.jsonc import JsoncDocument
from ...edit.toml import TomlDocument
from ...facts.tools.pyright import configs
from ...fixer import Context, Scope, document_fixer
from .checks import CHECKS, CREATE_CHECK, PyrightDocument, open_config
from .rules import RULES


def _targets(ctx: Context) -> tuple[str, ...]:
    project = ctx.project
    if project is None:
        return ()
    return tuple(path for path, cfg in ctx.shared(configs).items() if any(p.dir == project.dir for p in cfg.governs))


def _open(path: str, text: str, ctx: Context) -> PyrightDocument:
    config = ctx.shared(configs)[path]
    # pyright reads JSON with comments and trailing commas, not JSON5: unquoted keys or single quotes are errors
    doc = TomlDocument(text) if config.table else JsoncDocument(text, json5=False)
    return open_config(doc, config)


FIXER = document_fixer(
    name="pyright",
    rules=RULES,
    reads=("**/pyrightconfig.json", "**/pyproject.toml"),
    targets=_targets,
    open=_open,
    checks=CHECKS,
    create=CREATE_CHECK,
    default_path="pyrightconfig.json",
    scope=Scope.PROJECT,
)

__all__ = ["FIXER"]
