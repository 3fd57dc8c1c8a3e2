"""Which file pytest takes for its configuration, as pytest decides it (`determine_setup`): from the common ancestor
of the paths it is given (the folder it runs in without any), the first folder upwards holding pytest.toml or
.pytest.toml, pytest.ini or .pytest.ini (even empty), a pyproject.toml with `[tool.pytest.ini_options]` (or pytest 9's
`[tool.pytest]`), a tox.ini with `[pytest]` or a setup.cfg with `[tool:pytest]`; the first match wins, and its
settings are the only ones pytest reads.

So a workspace member given a `[tool.pytest.ini_options]` of its own becomes the configuration of its tests, and the
root's `--strict-markers`, `--strict-config` and `xfail_strict` silently stop applying to them: a table is added only
where the file already governs the tests.
"""

from __future__ import annotations

from typing import Any

from msgspec import Struct

from ..ini import sections
from ..repository import Repository, ancestors, folder_of

# In pytest's order of precedence within one folder.
FILES = ("pytest.toml", ".pytest.toml", "pytest.ini", ".pytest.ini", "pyproject.toml", "tox.ini", "setup.cfg")


class PytestConfig(Struct, frozen=True):
    """The file pytest reads its settings from, and where in it they are."""

    path: str
    table: tuple[str, ...] = ()  # in a pyproject.toml: ("tool", "pytest", "ini_options") or ("tool", "pytest")
    section: str = ""  # in an INI file: "pytest" or "tool:pytest"

    @property
    def folder(self) -> str:
        return folder_of(self.path)

    def settings(self, repo: Repository) -> dict[str, Any]:
        """The settings as pytest sees them (INI values as text), {} where they cannot be read."""
        if self.table:
            data: Any = repo.pyprojects.get(self.folder) or {}
            for key in self.table:
                data = data.get(key) if isinstance(data, dict) else None
            return data if isinstance(data, dict) else {}
        text = repo.snapshot.text(self.path)
        found = next((s for s in sections(text or "") if s.name.strip() == self.section), None)
        return dict(found.values) if found else {}


def in_folder(repo: Repository, folder: str) -> PytestConfig | None:
    """The configuration file pytest would take in `folder` itself, if any."""
    base = f"{folder}/" if folder else ""
    for name in FILES:
        path = base + name
        if not repo.snapshot.exists(path):
            continue
        if name in ("pytest.toml", ".pytest.toml", "pytest.ini", ".pytest.ini"):
            return PytestConfig(path, section="pytest")
        if name == "pyproject.toml":
            table = _pyproject_table(repo.pyprojects.get(folder))
            if table:
                return PytestConfig(path, table=table)
            continue
        wanted = "pytest" if name == "tox.ini" else "tool:pytest"
        if any(s.name.strip() == wanted for s in sections(repo.snapshot.text(path) or "")):
            return PytestConfig(path, section=wanted)
    return None


def inifile(repo: Repository, folder: str) -> PytestConfig | None:
    """The configuration pytest takes for tests run from (or given as paths in) `folder`: the nearest upwards."""
    return next((found for each in ancestors(folder) if (found := in_folder(repo, each)) is not None), None)


def _pyproject_table(data: dict[str, Any] | None) -> tuple[str, ...] | None:
    tool = data.get("tool") if isinstance(data, dict) else None
    pytest = tool.get("pytest") if isinstance(tool, dict) else None
    if not isinstance(pytest, dict):
        return None
    if isinstance(pytest.get("ini_options"), dict):
        return ("tool", "pytest", "ini_options")
    return ("tool", "pytest") if any(key != "ini_options" for key in pytest) else None


__all__ = ["FILES", "PytestConfig", "in_folder", "inifile"]
