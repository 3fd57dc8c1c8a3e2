"""What a repository runs outside the jobs that gate merges: its other workflows (nightly, release), every task its
task runners define (Makefile targets, tox environments, nox sessions, Taskfile and poethepoet tasks) and the shell
scripts in its scripts folders, whether CI calls them or not.

A check found here is part of the project's routine: its maintainers run it over the project, so a CI job running
it is expected to pass. A check found nowhere has never run on the project that infra-fix can see, and a job added
for it may well fail on the tree as it is: adding it is not a safe fix. Pre-commit hooks are no such evidence: they
run on the files a commit changes, not on the tree (and infra-fix adds hooks itself, so counting them would let
one run's fix change the next run's judgement).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from ...facts import Repository
from . import runners
from .scan import Hit, Scanner, yaml_data
from .words import is_script

if TYPE_CHECKING:
    from .survey import Workflow


def routine(repo: Repository, scanner: Scanner, workflows: dict[str, Workflow]) -> frozenset[Hit]:
    found = {h for w in workflows.values() if not w.gating for job in w.jobs.values() for h in job.hits}
    snapshot = repo.snapshot
    for path in repo.makefiles:
        table = runners.makefile(scanner, path)
        for name in table.rules if table else ():
            found |= runners.make_target(scanner, path, name)
    for path in snapshot.named("tox.ini"):
        found |= {h.moved(posixpath.dirname(path)) for hits in runners.tox_envs(scanner, path).values() for h in hits}
    for path in snapshot.named("noxfile.py"):
        found |= {h.moved(posixpath.dirname(path)) for h in scanner.file(path, code=True)}
    for path in (p for name in runners.TASKFILES for p in snapshot.named(name)):
        tasks = yaml_data(snapshot.text(path)).get("tasks")
        for name in tasks if isinstance(tasks, dict) else ():
            found |= runners.taskfile_task(scanner, path, str(name))
    for path in sorted(p for p in snapshot.files if is_script(p)):
        parent = posixpath.dirname(path)
        home = posixpath.dirname(parent)  # run from the folder above its scripts folder
        home = posixpath.dirname(home) if parent.endswith(".github/scripts") else home
        found |= {h.moved(home) for h in scanner.file(path)}
    for folder, data in repo.pyprojects.items():
        tool = data.get("tool") if isinstance(data, dict) else None
        poe = tool.get("poe") if isinstance(tool, dict) else None
        tasks = poe.get("tasks") if isinstance(poe, dict) else None
        path = f"{folder}/pyproject.toml" if folder else "pyproject.toml"
        for name in tasks if isinstance(tasks, dict) else ():
            found |= {h.moved(folder) for h in runners.poe_task(scanner, path, str(name))}
    return frozenset(found)


__all__ = ["routine"]
