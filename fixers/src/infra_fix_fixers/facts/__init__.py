"""Facts at two levels: the repository's (its projects, its shared files) and each project's ([ADAPT] values).

Everything a rule adapts to is computed here, once per run, from the snapshot: no fixer derives a fact of its own,
which is what keeps files consistent with each other.
"""

from .alembic import Alembic
from .commands import READS as _COMMAND_READS
from .environment import Read, environment
from .hooks import PRECOMMIT_PATHS, hook_rev, precommit_config, precommit_path, precommit_repos
from .pins import REQUIREMENT_READS as _REQUIREMENT_READS
from .pins import all_requirements, canonical, locked_version, pinned_version, poetry_names, requirement_name
from .project import Project, read_project, ruff_target, source_dirs
from .python import python_floor, setup_cfg_requires, setup_py_requires, version_file_minor
from .repository import READS as _DISCOVERY_READS
from .repository import Repository, discover, folder_of
from .shape import Shape
from .workflows import READS as _WORKFLOW_READS

# The files the facts are made of: one that cannot be read is an error (the facts would be wrong without it).
PARSED = _DISCOVERY_READS
# Every file the facts read, wherever it is (the driver loads them for every run): those, and the files the
# command analysis glances at (a script a workflow runs) and the requirements files a project pins its tools in,
# whose unreadable copy is no error of the run's.
READS = (*PARSED, *_COMMAND_READS, *_WORKFLOW_READS, *_REQUIREMENT_READS)

__all__ = [
    "PRECOMMIT_PATHS",
    "PARSED",
    "READS",
    "Alembic",
    "Project",
    "Read",
    "Repository",
    "Shape",
    "all_requirements",
    "canonical",
    "discover",
    "environment",
    "folder_of",
    "hook_rev",
    "locked_version",
    "pinned_version",
    "poetry_names",
    "precommit_config",
    "precommit_path",
    "precommit_repos",
    "python_floor",
    "read_project",
    "requirement_name",
    "ruff_target",
    "setup_cfg_requires",
    "setup_py_requires",
    "source_dirs",
    "version_file_minor",
]
