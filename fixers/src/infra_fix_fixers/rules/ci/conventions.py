"""How the repository writes workflows, so a job infra-fix adds looks like the others and adds no finding to the
auditors they run (zizmor): actions pinned by SHA, checkouts without persisted credentials, job permissions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...facts import Repository
from .workflow import jobs_of, steps_of

if TYPE_CHECKING:
    from .survey import Workflow

_SHA = re.compile(r"@[0-9a-f]{40}\b")


@dataclass(frozen=True)
class Conventions:
    """How the repository writes workflows, so a job infra-fix adds looks like the others and adds no finding to
    the auditors they run (zizmor)."""

    pinned: dict[str, str]  # action -> the full `uses:` value the repository pins it at (`owner/repo@<sha>`)
    pins_by_sha: bool  # every non-local action is pinned by a commit SHA
    persist_credentials_off: bool  # checkouts say `persist-credentials: false` (or zizmor would ask them to)
    job_permissions: bool  # jobs declare their own `permissions:`
    uses_uv: bool = False  # some job already installs or runs with uv
    runners: frozenset[str] = frozenset()  # the `runs-on` values of the gating jobs, where literal


def conventions(workflows: dict[str, Workflow], repo: Repository) -> Conventions:
    pinned: dict[str, str] = {}
    refs, sha_refs = 0, 0
    persist_off = job_permissions = uses_uv = False
    runners: set[str] = set()
    zizmor = repo.snapshot.exists(".github/zizmor.yml") or repo.snapshot.exists("zizmor.yml")
    for workflow in workflows.values():
        for job in jobs_of(workflow.data).values():
            job_permissions = job_permissions or "permissions" in job
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
                if _SHA.search(uses):
                    sha_refs += 1
                    pinned.setdefault(uses.split("@", 1)[0], uses)
                with_ = step.get("with")
                if uses.startswith("actions/checkout") and isinstance(with_, dict):
                    persist_off = persist_off or with_.get("persist-credentials") is False
    return Conventions(
        pinned, refs > 0 and sha_refs == refs, persist_off or zizmor, job_permissions, uses_uv, frozenset(runners)
    )
