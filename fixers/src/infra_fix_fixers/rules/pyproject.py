"""PP: pyproject.toml's structure: the build backend, requires-python, dev dependencies, pytest's table, and tool
configuration scattered in INI files.

Runs after the RF fixer on the same document and never touches `[tool.ruff]`. The rules run in a fixed order on
one parsed document; every edit goes through TomlDocument (or a splice checked the same way), so an edit that
would mean anything else is refused and reported for a human. Moving pytest's INI configuration into pyproject.toml
would delete another file's section: it is reported with the block to paste instead.
"""

from __future__ import annotations

from ..edit.toml import TomlDocument
from ..facts import Facts
from ..fixer import Context, Fixer, Outcome
from ..snapshot import Snapshot
from .pyproject_meta import (
    BUILD_BACKEND,
    BUILD_SYSTEM,
    DEV_DEPENDENCIES,
    REQUIRES_PYTHON,
    check_build_system,
    check_dev_dependencies,
    check_requires_python,
)
from .pyproject_pytest import (
    ASYNCIO_MODE,
    INI_FILES,
    PYTEST_CONFIG,
    SCATTERED_CONFIG,
    TESTPATHS,
    check_pytest,
    check_scattered,
)
from .pyproject_run import PATH, Run


def _targets(snapshot: Snapshot, facts: Facts) -> tuple[str, ...]:
    return (PATH,) if snapshot.exists(PATH) else ()  # never created: a project without one is not ours to define


def _fix(path: str, text: str | None, ctx: Context) -> Outcome:
    if text is None:
        return Outcome(None)
    run = Run(TomlDocument(text), ctx)  # raises ParseError with line and column
    check_build_system(run)
    check_requires_python(run)
    check_dev_dependencies(run)
    check_pytest(run)
    check_scattered(run)
    return Outcome(run.doc.text if run.doc.text != text else None, tuple(run.findings))


FIXER = Fixer(
    name="pyproject",
    rules=(
        BUILD_SYSTEM,
        BUILD_BACKEND,
        REQUIRES_PYTHON,
        DEV_DEPENDENCIES,
        TESTPATHS,
        ASYNCIO_MODE,
        PYTEST_CONFIG,
        SCATTERED_CONFIG,
    ),
    reads=(PATH, ".python-version", "uv.lock", *INI_FILES),
    targets=_targets,
    fix=_fix,
    default_path=PATH,
)
