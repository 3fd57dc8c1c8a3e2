"""The Dockerfile being fixed, with what the repository says of it: the build contexts it is built with, the
project it belongs to, what it is for. Every check reads the build from the text as it is now (`readings`), so a
check sees the edits of the checks before it, and the facts (facts/containers.py) say what the context holds.
"""

from __future__ import annotations

from typing import Any

from ...edit.dockerfile import DockerfileDocument
from ...facts import Project, Repository
from ...facts.containers import Containers, Image, analyses, lock_at
from ...facts.dockerfile import Analysis, Stage, analyse, image_ref
from ...fixer import FileRun


class ImageDocument(DockerfileDocument):
    """A Dockerfile and its facts."""

    def __init__(self, text: str, image: Image, facts: Containers, repo: Repository, project: Project | None) -> None:
        super().__init__(text)
        self.image, self.facts, self.repo, self.project = image, facts, repo, project

    def readings(self) -> dict[str, Analysis]:
        """The build as the text is now, once per build context (none known: one reading without a context)."""
        found = analyses(self.repo, self.facts, self.image, self.instructions)
        return found or {"": analyse(self.instructions)}

    def reading(self) -> Analysis:
        return next(iter(self.readings().values()))

    def lock_at(self, position: int) -> bool | None:
        if not self.image.builds:
            return None
        return lock_at(self.readings(), position)

    @property
    def production(self) -> bool:
        return self.image.purpose == "production"


Run = FileRun[ImageDocument]


def python_stage(reading: Analysis, stage: Stage) -> bool:
    """Whether a stage runs Python: its chain starts from a Python image (or uv's), or it has a virtual
    environment or runs uv or pip."""
    chain = reading.chain(stage)
    root = image_ref(chain[-1].image)
    if "python" in root.name.lower() or "python" in (root.tag or "").lower():
        return True
    if any(s.venvs for s in chain):
        return True
    indices = {i for s in chain for i in range(s.start, s.end)}
    return any(
        c.index in indices and (c.uv("sync") or c.uv("pip") or c.words[0].rpartition("/")[2].startswith("pip"))
        for c in reading.commands
    )


def dev_packages(project: Project | None, repo: Repository) -> set[str]:
    """The canonical names in the dev group uv installs by default (`[dependency-groups] dev`, `[tool.uv]
    dev-dependencies`), of the project and of its workspace root."""
    from ...facts import canonical, requirement_name

    names: set[str] = set()
    for candidate in (project, repo.project(project.workspace) if project and project.workspace else None):
        data: Any = candidate.pyproject if candidate else None
        if not isinstance(data, dict):
            continue
        groups = data.get("dependency-groups")
        uv = data.get("tool", {}).get("uv", {}) if isinstance(data.get("tool"), dict) else {}
        items = []
        if isinstance(groups, dict) and isinstance(groups.get("dev"), list):
            items += groups["dev"]
        if isinstance(uv, dict) and isinstance(uv.get("dev-dependencies"), list):
            items += uv["dev-dependencies"]
        names |= {canonical(requirement_name(i)) for i in items if isinstance(i, str)}
    return names - {""}
