"""CI: GitHub Actions workflows (`.github/workflows/*.yml|*.yaml`; the renovate workflow is Renovate's).

What counts is what the steps run, never job names (scan.py): every project needs its blocking checks (ruff check
and `ruff format --check`, pyright, pytest) in jobs that gate merges (survey.py). Only merge-gating workflows are
edited (roles.py); missing checks become jobs that can pass (jobs.py) in *the* CI workflow, or a new
`.github/workflows/ci.yml` where there is none (missing.py). Every edit is a located splice checked by re-parsing.
"""

from __future__ import annotations

from ...facts.workflows.survey import survey, workflow_paths
from ...fixer import Check, Context, Scope, document_fixer
from . import checks, events, missing, python_version
from .rules import HARDENING_MATRIX, NO_CI, RULES
from .workflow import WORKFLOW_PATTERNS, WorkflowDocument


def _targets(ctx: Context) -> tuple[str, ...]:
    paths = workflow_paths(ctx.repo)
    if ctx.shared(survey).primary is None and missing.CI_PATH not in paths:
        paths.append(missing.CI_PATH)
    return tuple(paths)


def _open(path: str, text: str, ctx: Context) -> WorkflowDocument:
    return WorkflowDocument(text)


FIXER = document_fixer(
    name="github-workflows",
    rules=RULES,
    reads=WORKFLOW_PATTERNS,  # what runs the checks (Makefiles, tox, scripts...) is read by the facts
    targets=_targets,
    open=_open,
    checks=(
        checks.format_check,
        python_version.python_version,
        events.trigger,
        checks.install,
        missing.missing_jobs,
        checks.hardening,
    ),
    create=Check((NO_CI, HARDENING_MATRIX), missing.create),
    default_path=missing.CI_PATH,
    scope=Scope.REPOSITORY,
)

__all__ = ["FIXER"]
