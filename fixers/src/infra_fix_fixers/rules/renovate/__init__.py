"""RN: Renovate: its configuration (config.py) and the scheduled workflow that runs it (workflow.py), at the
repository root. Another dependency bot already configured (Dependabot) satisfies the blueprint's intent, and a
repository with a Renovate configuration but no workflow runs the Renovate app: neither gets a self-hosted workflow.
"""

from __future__ import annotations

from ...fixer import Check, Context, Scope, document_fixer
from ..ci.workflow import WorkflowDocument
from . import config, workflow
from .rules import CONFIG_ABSENT, DEFAULTS, DISPATCH, SCHEDULE, SYNC_LOCKS, TOKEN, WORKFLOW_ABSENT


def _config_targets(ctx: Context) -> tuple[str, ...]:
    if config.dependabot(ctx.snapshot) and not config.configured(ctx.snapshot):
        return ()
    return (config.config_path(ctx.snapshot),)


def _workflow_targets(ctx: Context) -> tuple[str, ...]:
    path = workflow.workflow_path(ctx)
    if ctx.snapshot.exists(path):
        return (path,)
    if config.dependabot(ctx.snapshot) or config.configured(ctx.snapshot):
        return ()  # Dependabot, or the Renovate app, already runs: a second bot would double every update
    return (path,)


def _open_workflow(path: str, text: str, ctx: Context) -> WorkflowDocument:
    return WorkflowDocument(text)


CONFIG = document_fixer(
    name="renovate-config",
    reads=(*config.CONFIG_PATHS, "package.json", "Makefile", ".github/dependabot.yml", ".github/dependabot.yaml"),
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
    reads=(*workflow.WORKFLOW_PATHS, "Makefile"),
    targets=_workflow_targets,
    open=_open_workflow,
    checks=(workflow.schedule, workflow.dispatch, workflow.tokens),
    create=Check((WORKFLOW_ABSENT,), workflow.create),
    rules=(WORKFLOW_ABSENT, SCHEDULE, DISPATCH, TOKEN),
    default_path=workflow.WORKFLOW_PATHS[0],
    scope=Scope.REPOSITORY,
)

__all__ = ["CONFIG", "WORKFLOW"]
