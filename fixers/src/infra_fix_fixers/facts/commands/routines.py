"""What a repository runs outside the jobs that gate merges: its other workflows (nightly, release), every task its
task runners define (Makefile targets, tox environments, nox sessions, Taskfile and poethepoet tasks) and the shell
scripts in its scripts folders, whether CI calls them or not.

Makefile targets and scripts are also commands a new CI job can run as they are (`Routine`): then the job runs
exactly what the maintainers run, on their paths and at their tools' versions, and is expected to pass.

A check found here is part of the project's routine: its maintainers run it over the project, so a CI job running
it is expected to pass. A check found nowhere has never run on the project that infra-fix can see, and a job added
for it may well fail on the tree as it is: adding it is not a safe fix. Pre-commit hooks are no such evidence: they
run on the files a commit changes, not on the tree (and infra-fix adds hooks itself, so counting them would let
one run's fix change the next run's judgement).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from ..repository import Repository
from ..workflows.data import jobs_of, steps_of
from . import just, nox, runners, tox
from .scan import Hit, Scanner
from .words import is_script

if TYPE_CHECKING:
    from ..workflows.survey import Workflow


class Routine(Struct, frozen=True):
    """A command the project's maintainers run whole (a Makefile target, a script), from folder `cwd`, and the checks
    it runs: a CI job running this very command runs what they run, at their versions and on their paths."""

    cwd: str
    command: str
    hits: frozenset[Hit]

    def runs(self, check: str, folder: str) -> bool:
        """Whether it runs `check` over all of the project in `folder`."""
        return any(h.check == check and h.covers_all(folder) for h in self.hits)


def routine(
    repo: Repository, scanner: Scanner, workflows: dict[str, Workflow], known: tuple[Routine, ...]
) -> frozenset[Hit]:
    """Every check the repository runs outside the gating jobs (the evidence that a check is the project's habit)."""
    found = {
        h
        for w in workflows.values()
        if not w.gating
        for job_id, job in w.jobs.items()
        if not _foreign_checkout(jobs_of(w.data).get(job_id, {}))
        for h in job.hits
    }
    found |= {h for entry in known for h in entry.hits}
    snapshot = repo.snapshot
    for path in tox.tox_configs(scanner):
        found |= {h.moved(posixpath.dirname(path)) for hits in tox.tox_envs(scanner, path).values() for h in hits}
    for path in snapshot.named("noxfile.py"):
        found |= nox.nox(scanner, ["-f", posixpath.basename(path), "-k", "all"], posixpath.dirname(path))
    for path in (p for name in just.JUSTFILES for p in snapshot.named(name)):
        recipes = just.recipes(scanner, path)
        found |= {h for name in recipes for h in just.just(scanner, ["-f", posixpath.basename(path), name],
                                                               posixpath.dirname(path))}  # fmt: skip
    for path in (p for name in runners.TASKFILES for p in snapshot.named(name)):
        tasks = scanner.data(path).get("tasks")
        for name in tasks if isinstance(tasks, dict) else ():
            found |= runners.taskfile_task(scanner, path, str(name))
    for folder, data in repo.pyprojects.items():
        tool = data.get("tool") if isinstance(data, dict) else None
        poe = tool.get("poe") if isinstance(tool, dict) else None
        tasks = poe.get("tasks") if isinstance(poe, dict) else None
        path = f"{folder}/pyproject.toml" if folder else "pyproject.toml"
        for name in tasks if isinstance(tasks, dict) else ():
            found |= {h.moved(folder) for h in runners.poe_task(scanner, path, str(name))}
    return frozenset(found)


def commands(repo: Repository, scanner: Scanner) -> tuple[Routine, ...]:
    """The Makefile targets and scripts that run some check, each as the command a job would run."""
    found: list[Routine] = []
    for path in repo.makefiles:
        table = runners.makefile(scanner, path)
        folder = posixpath.dirname(path)
        for name in table.rules if table else ():
            hits = runners.make_target(scanner, path, name)
            if hits and not name.startswith(".") and "%" not in name:
                found.append(Routine(folder, f"make {name}", hits))
    for path in sorted(p for p in repo.snapshot.files if is_script(p)):
        parent = posixpath.dirname(path)
        home = posixpath.dirname(parent)  # run from the folder above its scripts folder
        home = posixpath.dirname(home) if parent.endswith(".github/scripts") else home
        hits = frozenset(h.moved(home) for h in scanner.file(path))
        if hits:
            found.append(Routine(home, f"bash {posixpath.relpath(path, home or '.')}", hits))
    return tuple(found)


def _foreign_checkout(job: dict[str, Any]) -> bool:
    """A job that checks out another repository (a downstream test) runs that repository's checks, not ours."""
    return any(
        str(step.get("uses", "")).startswith("actions/checkout")
        and isinstance(step.get("with"), dict)
        and "repository" in step["with"]
        for step in steps_of(job)
    )


__all__ = ["Routine", "commands", "routine"]
