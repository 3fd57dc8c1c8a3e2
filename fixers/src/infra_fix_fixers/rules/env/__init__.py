"""EV: environment and secrets (blueprint section 10), in three fixers registered last in the built-in pack:

- `GITIGNORE` (EV001): the root `.gitignore` covers `.env` and its variants, `.venv/`, bytecode (gitignore.py);
- `SECRETS` (EV003, EV004): tracked `.env` files and hard-coded secrets in the files no other family owns,
  reported for a human (leaks.py finds them, checks.py reports them);
- `EXAMPLE` (EV002): the example env file of each context, its one writer, running after every other family so
  that the variables they now read are listed (plan.py decides where and what, example.py writes).
"""

from __future__ import annotations

from ...facts.environment import READS as ENVIRONMENT_READS
from ...fixer import Check, Scope, document_fixer
from . import checks, example, gitignore
from .leaks import READS as LEAK_READS
from .names import EXAMPLE_NAMES
from .rules import EXAMPLE, GITIGNORE, HARDCODED, TRACKED_ENV

GITIGNORE_FIXER = document_fixer(
    name="env-gitignore",
    reads=("**/.gitignore", *ENVIRONMENT_READS),
    targets=gitignore.targets,
    open=gitignore.open_gitignore,
    checks=(gitignore.coverage,),
    create=Check((GITIGNORE,), gitignore.create),
    rules=(GITIGNORE,),
    default_path=".gitignore",
    scope=Scope.REPOSITORY,
)
SECRETS = document_fixer(
    name="env-secrets",
    reads=LEAK_READS,
    targets=checks.targets,
    open=checks.open_text,
    checks=(checks.tracked_env, checks.hardcoded),
    rules=(TRACKED_ENV, HARDCODED),
    default_path=".env",
    scope=Scope.REPOSITORY,
)
EXAMPLE_FIXER = document_fixer(
    name="env-example",
    reads=(*ENVIRONMENT_READS, *example.READS, *(f"**/{name}" for name in EXAMPLE_NAMES), "**/.env.*", "**/*.env"),
    targets=example.targets,
    open=example.open_example,
    checks=(example.complete,),
    create=Check((EXAMPLE,), example.create),
    rules=(EXAMPLE,),
    default_path="example.env",
    scope=Scope.REPOSITORY,
)

__all__ = ["EXAMPLE_FIXER", "GITIGNORE_FIXER", "SECRETS"]
