"""UV: uv's workspace and lock files. Two fixers: the `.gitignore` whose rule ignores a lock (UV001, through the
pattern-list editor) and each lock-owning project's pyproject.toml, read to report (UV002 to UV004). The rules that
live in a Makefile's recipes (UV005 sync-locks, UV006 `uv lock` at deploy, UV007 `--python`) run in the Makefile
fixer (rules/make). `uv lock` in a Dockerfile, and an image that pip-installs beside a committed lock, are the
Docker rules'.
"""

from __future__ import annotations

from ...fixer import Scope, document_fixer
from . import ignored, workspace
from .rules import LOCK_ABSENT, LOCK_IGNORED, MEMBER_LOCKS, WORKSPACE

GITIGNORE = document_fixer(
    name="uv-gitignore",
    reads=("**/.gitignore", "**/pyproject.toml"),
    targets=ignored.targets,
    open=ignored.open_gitignore,
    checks=(ignored.unignore,),
    rules=(LOCK_IGNORED,),
    default_path=".gitignore",
    scope=Scope.REPOSITORY,
)
PROJECT = document_fixer(
    name="uv-project",
    reads=("**/pyproject.toml", "**/uv.lock"),
    targets=workspace.targets,
    open=workspace.open_pyproject,
    checks=(workspace.lock_absent, workspace.workspace_members, workspace.member_lock_reports),
    rules=(LOCK_ABSENT, WORKSPACE, MEMBER_LOCKS),
    default_path="pyproject.toml",
)

__all__ = ["GITIGNORE", "PROJECT"]
