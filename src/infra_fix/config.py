"""Settings for one repository: `[tool.infra-fix]` in its pyproject.toml, with the command line's flags on top."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from infra_fix_fixers import Settings
from infra_fix_fixers.settings import SettingsError, from_table, validate_codes

DEFAULT_TIMEOUT = 120.0  # seconds for one repository: far above any real one (well under a second), far below CI's


@dataclass(frozen=True)
class Flags:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    unsafe_fixes: bool | None = None
    timeout: float | None = None  # seconds for one repository; None or 0: no limit


def settings_for(pyproject: Mapping[str, Any] | None, flags: Flags, codes: tuple[str, ...]) -> Settings:
    """Settings from the parsed pyproject.toml (None when absent or unparsable: the defaults, while the syntax
    error is reported with its position as the file's own error). Raises SettingsError naming a bad key or code."""
    tool = (pyproject or {}).get("tool", {})
    table = tool.get("infra-fix", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise SettingsError("[tool.infra-fix] must be a table")
    settings = from_table(table, codes)
    if flags.select is not None:
        settings = replace(settings, select=validate_codes("--select", flags.select, codes))
    if flags.ignore is not None:
        settings = replace(settings, ignore=validate_codes("--ignore", flags.ignore, codes))
    if flags.unsafe_fixes is not None:
        settings = replace(settings, unsafe_fixes=flags.unsafe_fixes)
    return settings


__all__ = ["DEFAULT_TIMEOUT", "Flags", "SettingsError", "settings_for", "validate_codes"]
