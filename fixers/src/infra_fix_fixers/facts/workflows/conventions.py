"""How the repository writes workflows, so a job infra-fix adds looks like the others and adds no finding to the
auditor it runs (zizmor): actions pinned by SHA where the repository pins them, or where zizmor runs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from msgspec import Struct

from ..hooks import precommit_path
from ..repository import Repository
from .data import jobs_of, steps_of

if TYPE_CHECKING:
    from .survey import Workflow

_SHA = re.compile(r"@[0-9a-f]{40}\b")
_ZIZMOR_CONFIGS = (".github/zizmor.yml", ".github/zizmor.yaml", "zizmor.yml", "zizmor.yaml")


class Conventions(Struct, frozen=True):
    """How the repository writes workflows, so a job infra-fix adds looks like the others and adds no finding to
    the auditors they run (zizmor)."""

    pinned: dict[str, str]  # action -> the full `uses:` value the repository pins it at (`owner/repo@<sha>`)
    refs: dict[str, str]  # action -> the `uses:` value the repository refers to it by (the gating workflows' first)
    pins_by_sha: bool  # every non-local action is pinned by a commit SHA
    audited: bool = False  # the repository runs zizmor (a config, a step, a hook): a new action must be SHA-pinned
    uses_uv: bool = False  # some job already installs or runs with uv
    runners: frozenset[str] = frozenset()  # the `runs-on` values of the gating jobs, where literal


def conventions(workflows: dict[str, Workflow], repo: Repository) -> Conventions:
    pinned: dict[str, str] = {}
    named: dict[str, str] = {}
    refs, sha_refs = 0, 0
    uses_uv = False
    runners: set[str] = set()
    hooks = repo.snapshot.text(precommit_path(repo.snapshot)) or ""
    zizmor = any(repo.snapshot.exists(p) for p in _ZIZMOR_CONFIGS) or "zizmor" in hooks
    for workflow in sorted(workflows.values(), key=lambda w: not w.gating):  # the gating workflows' refs first
        for job in jobs_of(workflow.data).values():
            if workflow.gating and isinstance(job.get("runs-on"), str) and "${{" not in job["runs-on"]:
                runners.add(job["runs-on"])
            for step in steps_of(job):
                uses = step.get("uses")
                uses_uv = uses_uv or bool(re.search(r"\buvx?\b", str(step.get("run", "")))) or "setup-uv" in str(uses)
                if not isinstance(uses, str) or uses.startswith(("./", "docker://")):
                    zizmor = zizmor or "zizmor" in str(step.get("run", ""))
                    continue
                refs += 1
                zizmor = zizmor or "zizmor" in uses
                named.setdefault(uses.split("@", 1)[0], uses)
                if _SHA.search(uses):
                    sha_refs += 1
                    pinned.setdefault(uses.split("@", 1)[0], uses)
    return Conventions(pinned, named, refs > 0 and sha_refs == refs, zizmor, uses_uv, frozenset(runners))
