"""PC006: what runs the hooks of a new pre-commit config. A config nothing runs is a file without a reader: adopting
pre-commit brings the config and `.github/workflows/pre-commit.yml`, which runs every hook on every pull request and
push to the default branch, together or not at all (pre-commit.ci would do as well, but infra-fix cannot install an
app). Where CI already runs pre-commit, or the config exists, there is nothing to adopt: this file is not proposed.

The workflow follows the repository's conventions as a new CI job does (actions referred to as its workflows refer
to them, SHA pins where it pins or runs zizmor; no credentials persisted; read-only), and runs pre-commit through
pipx, which every GitHub-hosted runner has: no other action to pin.
"""

from __future__ import annotations

from ...edit.yaml_render import plain_or_quoted
from ...facts.workflows.survey import survey
from ...fixer import Context, FileRun
from ...model import Applicability
from ..ci.events import branches
from ..ci.jobs import action_ref  # how a new job refers to an action, one place for both
from .hooks import adoption
from .rules import PC006

RUNNER_PATH = ".github/workflows/pre-commit.yml"


def template(ctx: Context) -> str | None:
    """The workflow, or None where no checkout the repository would accept can be written (it pins every action by
    SHA and has no pin for actions/checkout)."""
    checkout = action_ref("actions/checkout", ctx.settings.blueprint.checkout_action, ctx.shared(survey))
    if checkout is None:
        return None
    wanted = branches(ctx)
    push = f"\n  push:\n    branches: [{', '.join(plain_or_quoted(b) for b in wanted)}]" if wanted else ""
    return f"""name: pre-commit

on:
  pull_request:{push}

permissions:
  contents: read

jobs:
  pre-commit:
    runs-on: ubuntu-latest
    steps:
      - uses: {checkout}
        with:
          persist-credentials: false
      - run: pipx run pre-commit run --all-files --show-diff-on-failure
"""


def create(run: FileRun[None]) -> None:
    part = adoption(run.ctx, "runner")
    if part is None:
        return
    text = template(run.ctx)
    message = f"nothing runs the hooks of the new pre-commit config: create {run.path}"
    if text is None:
        run.report(PC006, f"{message} (not written: this repository pins every action by SHA and has no pin for "
                   "actions/checkout to give it)", applicability=Applicability.MANUAL, adopts=part)  # fmt: skip
        return
    run.create(PC006, message, lambda: text, adopts=part)
