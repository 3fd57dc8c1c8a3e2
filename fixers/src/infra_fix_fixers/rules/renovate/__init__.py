"""RN: Renovate: its configuration (config.py) and the scheduled workflow that runs it (workflow.py), at the
repository root.

Where neither exists, Renovate is an adoption (a process the repository does not run yet): its config and its
workflow are made together or not at all, and not at all where another process already updates the dependencies
(Dependabot, pyup, a task or workflow running `uv lock --upgrade`, `pre-commit autoupdate`, `gha-update`...:
facts/equivalents.py). Where Renovate already runs (its workflow, a workflow running its action, or the Renovate
app, evidenced by a configuration that says more than the defaults or by a `renovate/` branch), the fixes are repairs.
"""

from __future__ import annotations

from ...facts.equivalents import UPDATE_READS, dependency_updates
from ...fixer import Check, Context, Scope, document_fixer
from ..ci.workflow import WorkflowDocument
from . import config, workflow
from .rules import CONFIG_ABSENT, DEFAULTS, DISPATCH, SCHEDULE, SYNC_LOCKS, TOKEN, WORKFLOW_ABSENT


def _config_targets(ctx: Context) -> tuple[str, ...]:
    if not config.configured(ctx.snapshot) and not workflow.runner(ctx) and dependency_updates(ctx.snapshot):
        return ()  # another process updates the dependencies: a second one would double every update
    return (config.config_path(ctx.snapshot),)


def _workflow_targets(ctx: Context) -> tuple[str, ...]:
    path = workflow.workflow_path(ctx)
    if ctx.snapshot.exists(path):
        return (path,)
    if workflow.runner(ctx) or dependency_updates(ctx.snapshot) or config.app_installed(ctx.snapshot):
        return ()  # Renovate (self-hosted or the app) or another process already updates the dependencies
    return (path,)


def _open_workflow(path: str, text: str, ctx: Context) -> WorkflowDocument:
    return WorkflowDocument(text)


CONFIG = document_fixer(
    name="renovate-config",
    reads=(*config.CONFIG_PATHS, "package.json", "Makefile", *UPDATE_READS),
    targets=_config_targets,
    open=config.open_config,
    checks=(config.defaults, config.sync_locks),
    create=Check((CONFIG_ABSENT,), config.create),
    rules=(CONFIG_ABSENT, DEFAULTS, SYNC_LOCKS),
    default_path=config.CONFIG_PATHS[0],
    scope=Scope.REPOSITORY,
)
WORKFLOW = document_fixer(
    name="renovate-workflow",
    reads=(*workflow.WORKFLOW_PATHS, *config.CONFIG_PATHS, "package.json", "Makefile", *UPDATE_READS),
    targets=_workflow_targets,
    open=_open_workflow,
    checks=(workflow.schedule, workflow.dispatch, workflow.tokens),
    create=Check((WORKFLOW_ABSENT,), workflow.create),
    rules=(WORKFLOW_ABSENT, SCHEDULE, DISPATCH, TOKEN),
    default_path=workflow.WORKFLOW_PATHS[0],
    scope=Scope.REPOSITORY,
)

__all__ = ["CONFIG", "WORKFLOW"]
