"""Which commands the repository runs, and which checks they reach: command lines read as the shell and the
tools read them, followed into what they hand over to (Makefile targets, tox environments, nox sessions, Taskfile,
hatch and poethepoet tasks, pre-commit hooks, the repository's own scripts). A repository fact every family reads
(CI jobs, pre-commit hooks, pyright's configuration, Makefiles), worked out once per run by the workflow survey.
"""

from .words import SCRIPT_DIRS

# The files the command analysis reads, wherever they are: the driver loads them for every run.
READS = (
    "**/Makefile",
    ".pre-commit-config.yaml",
    ".pre-commit-config.yml",
    "**/tox.ini",
    "**/tox.toml",
    "**/hatch.toml",
    "**/noxfile.py",
    "**/Taskfile.yml",
    "**/Taskfile.yaml",
    "**/justfile",
    "**/Justfile",
    "**/.justfile",
    "lefthook.yml",
    "lefthook.yaml",
    ".lefthook.yml",
    ".lefthook.yaml",
    "**/*.sh",
    ".github/actions/**/action.yml",
    ".github/actions/**/action.yaml",
    *(f"{folder}/**" for folder in SCRIPT_DIRS),
    *(f"**/{folder}/*" for folder in SCRIPT_DIRS),  # a project's own scripts (backend/scripts/lint.sh)
    "**/pyproject.toml",
)

__all__ = ["READS"]
