"""Facts at two levels: the repository's (its projects, its shared files) and each project's ([ADAPT] values).

Everything a rule adapts to is computed here, once per run, from the snapshot: no fixer derives a fact of its own,
which is what keeps files consistent with each other.
"""

from .alembic import Alembic
from .environment import Read, environment
from .hooks import PRECOMMIT_PATHS, hook_rev, precommit_config, precommit_path, precommit_repos
from .pins import all_requirements, canonical, locked_version, pinned_version, poetry_names, requirement_name
from .project import Project, read_project, ruff_target, source_dirs
from .python import python_floor, setup_cfg_requires, setup_py_requires, version_file_minor
from .repository import READS, Repository, discover, folder_of
from .shape import Shape

__all__ = [
    "PRECOMMIT_PATHS",
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
