"""Settings for one repository: `[tool.infra-fix]` in its pyproject.toml, with the command line's flags on top."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace

from infra_fix_fixers import Settings
from infra_fix_fixers.settings import SettingsError, from_table, validate_codes


@dataclass(frozen=True)
class Flags:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    unsafe_fixes: bool | None = None


def settings_for(pyproject: str | None, flags: Flags, codes: tuple[str, ...]) -> Settings:
    """Raises SettingsError naming the bad key or code. An unparsable pyproject gives the defaults here: the fixer
    that owns pyproject.toml reports its syntax error with the position."""
    table = {}
    if pyproject is not None:
        try:
            table = tomllib.loads(pyproject).get("tool", {}).get("infra-fix", {})
        except tomllib.TOMLDecodeError:
            table = {}
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


__all__ = ["Flags", "SettingsError", "settings_for"]
