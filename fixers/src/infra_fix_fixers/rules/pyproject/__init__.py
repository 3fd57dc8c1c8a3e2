"""PP: pyproject.toml's structure: the build backend, requires-python, dev dependencies, pytest's table, tool
configuration scattered in INI files, and values of the wrong shape.

Runs after the RF fixer on the same document and never touches `[tool.ruff]`. The checks run in a fixed order on
one parsed document; every edit goes through TomlDocument (or a splice checked the same way), so an edit that
would mean anything else is refused and reported for a human. Moving pytest's INI configuration into pyproject.toml
would delete another file's section: it is reported with the block to paste instead.
"""

from __future__ import annotations

from ...edit.toml import TomlDocument
from ...facts.pins import REQUIREMENT_FILES
from ...fixer import Context, Scope, document_fixer
from .meta import build_system, dev_dependencies, requires_python
from .pytest_config import INI_FILES, pytest_table, scattered
from .shape import wrong_shape

PATH = "pyproject.toml"


def _targets(ctx: Context) -> tuple[str, ...]:
    """Its own pyproject.toml, never created: a project without one is not ours to define."""
    project = ctx.project
    path = project.path(PATH) if project else PATH
    return (path,) if ctx.snapshot.exists(path) else ()


def _open(path: str, text: str, ctx: Context) -> TomlDocument:
    return TomlDocument(text)  # raises ParseError with line and column


FIXER = document_fixer(
    name="pyproject",
    reads=(
        "**/pyproject.toml",
        "**/uv.lock",
        "**/setup.py",
        *(f"**/{n}" for n in INI_FILES),
        *(f"**/{n}" for n in REQUIREMENT_FILES),
        "**/conftest.py",  # whether the tests are async, and on which runner (PP006)
        "**/tests/**/test_*.py",
        "**/test/**/test_*.py",
        "**/tests/**/*_test.py",
    ),
    targets=_targets,
    open=_open,
    checks=(build_system, requires_python, dev_dependencies, pytest_table, scattered, wrong_shape),
    default_path=PATH,
    scope=Scope.PROJECT,
)

__all__ = ["FIXER"]
