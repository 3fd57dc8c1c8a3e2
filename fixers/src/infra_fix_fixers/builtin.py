"""The built-in pack, registered under the entry-point group `infra_fix.fixers` like any third-party pack.

Order matters only where two fixers own one file (pyproject.toml): each sees the previous one's output.
"""

from __future__ import annotations

from .fixer import Fixer


def pack() -> list[Fixer]:
    from .rules import precommit, pyproject, pyright, renovate, ruff, workflows

    return [ruff.FIXER, pyproject.FIXER, precommit.FIXER, pyright.FIXER, workflows.FIXER, renovate.FIXER]
