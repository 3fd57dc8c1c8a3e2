"""A check some command runs, and where: the unit of "which commands does this repository run".

The blueprint's blocking checks (ruff check, `ruff format --check`, pyright, pytest) and the type checkers a project
may have chosen instead, each with the folder its command runs in and the paths it is given, so that coverage can be
judged per project in a monorepo.
"""

from __future__ import annotations

from msgspec import Struct

from ..formatters import CODE_TOOLS
from .words import join, under

RUFF_CHECK, RUFF_FORMAT, PYRIGHT, PYTEST = "ruff-check", "ruff-format", "pyright", "pytest"
CHECKS = (RUFF_CHECK, RUFF_FORMAT, PYRIGHT, PYTEST)
# Type checkers other than the blueprint's: a project that runs one has chosen it (ty and pyrefly via `check`).
MYPY, TY, PYREFLY, PYTYPE = "mypy", "ty", "pyrefly", "pytype"
OTHER_TYPE_CHECKERS = (MYPY, TY, PYREFLY, PYTYPE)
RUFF_FORMAT_WRITE = "ruff-format-write"  # `ruff format` that rewrites: no check, but the tree stays formatted


class Hit(Struct, frozen=True):
    """A check some command runs, in folder `cwd` (a repository path, "" the root), on `paths` (() the whole cwd)."""

    check: str
    cwd: str = ""
    paths: tuple[str, ...] = ()

    def covers(self, folder: str) -> bool:
        """Whether the check reaches the project in `folder` (paths it cannot read, `$FILES`, are taken to)."""
        if not under(folder, self.cwd):
            return False
        if any("$" in p for p in self.paths):
            return True
        targets = [join(self.cwd, p) for p in self.paths] or [self.cwd]
        return any(under(folder, t) or under(t, folder) for t in targets)

    def covers_all(self, folder: str) -> bool:
        """Whether the check reaches every file of the project in `folder` (not only some of its paths)."""
        return under(folder, self.cwd) and not self.paths

    def moved(self, cwd: str) -> Hit:
        return Hit(self.check, join(cwd, self.cwd), self.paths)


# What a pre-commit hook id runs, and what a command (or `python -m` module) runs, as check names.
HOOK_CHECKS = {
    "ruff": RUFF_CHECK, "ruff-check": RUFF_CHECK, "ruff-format": RUFF_FORMAT, "pyright": PYRIGHT,
    "basedpyright": PYRIGHT, "mypy": MYPY, "ty": TY, "ty-check": TY, "pyrefly": PYREFLY, "pyrefly-check": PYREFLY,
    "pyrefly-typecheck": PYREFLY, **{hook: tool.name for tool in CODE_TOOLS for hook in tool.hooks},
}  # fmt: skip
TOOL_CHECKS = {
    "pytest": PYTEST, "py.test": PYTEST, "pyright": PYRIGHT, "basedpyright": PYRIGHT, "mypy": MYPY, "dmypy": MYPY,
    "pytype": PYTYPE, **{command: tool.name for tool in CODE_TOOLS for command in tool.commands},
}  # fmt: skip
