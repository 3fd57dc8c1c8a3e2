"""Settings: what the user asked for (select/ignore, unsafe fixes) and the blueprint values they may override.

They come from `[tool.infra-fix]` in the target's pyproject.toml and from flags; flags win. Validation is strict:
an unknown key or code is an error that names it, never silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any


class SettingsError(ValueError):
    """A setting that names something that does not exist, or has the wrong type."""


@dataclass(frozen=True)
class Blueprint:
    """The blueprint's fixed values. [ADAPT] values are not here: they come from the project's facts."""

    line_length: int = 120
    ruff_select: tuple[str, ...] = ("E", "F", "W", "I", "UP", "B", "C901", "PLR0913", "PLR0912", "PLR0915", "S", "ANN")
    ruff_required: tuple[str, ...] = ("E", "F", "W", "I")
    max_complexity: int = 15
    max_args: int = 10
    max_branches: int = 15
    max_statements: int = 60
    test_ignores: tuple[str, ...] = ("S101", "S105", "S106", "S108", "ANN")
    migration_ignores: tuple[str, ...] = ("S608", "ANN")
    type_checking_mode: str = "basic"
    pre_commit_hooks_rev: str = "v6.0.0"
    ruff_rev: str = "v0.14.13"  # used only when the project pins no ruff
    dev_dependencies: tuple[str, ...] = ("pytest>=7.0", "ruff", "pre-commit>=4.2.0")  # ruff's version: ruff_rev
    branches: tuple[str, ...] = ()  # empty: the default branch from git, else main
    checkout_action: str = "actions/checkout@v4"  # [ADAPT] action versions of created workflows
    setup_uv_action: str = "astral-sh/setup-uv@v6"
    renovate_action: str = "renovatebot/github-action@v43"


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    exclude: tuple[str, ...] = ()  # paths (shell patterns) no fixer touches
    ignore_reasons: tuple[tuple[str, str], ...] = ()  # (code or prefix, why): shown in reports
    blueprint: Blueprint = field(default_factory=Blueprint)

    def enabled(self, code: str) -> bool:
        """Selected and not ignored; the more specific of two matching prefixes wins, as in ruff."""
        sel = max((len(p) for p in self.select or ("",) if code.startswith(p)), default=-1)
        ign = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return sel > ign


_TOP_KEYS = {"select", "ignore", "unsafe-fixes", "exclude", "ignore-reasons"}
_BLUEPRINT_KEYS = {f.name.replace("_", "-"): f for f in fields(Blueprint)}


def from_table(table: Mapping[str, Any], known_codes: Iterable[str]) -> Settings:
    """Settings from a `[tool.infra-fix]` table, validated against the codes of the loaded rules."""
    unknown = sorted(set(table) - _TOP_KEYS - set(_BLUEPRINT_KEYS))
    if unknown:
        allowed = ", ".join(sorted(_TOP_KEYS | set(_BLUEPRINT_KEYS)))
        raise SettingsError(f"unknown key {unknown[0]!r} in [tool.infra-fix] (known keys: {allowed})")
    codes = tuple(known_codes)
    overrides: dict[str, Any] = {}
    for key, value in table.items():
        if key in _BLUEPRINT_KEYS:
            name = _BLUEPRINT_KEYS[key].name
            overrides[name] = _coerce(key, value, getattr(Blueprint(), name))
    ignore = validate_codes("ignore", _strings(table, "ignore"), codes)
    return Settings(
        select=validate_codes("select", _strings(table, "select"), codes),
        ignore=ignore,
        ignore_reasons=_reasons(table.get("ignore-reasons", {}), ignore),
        unsafe_fixes=_bool(table, "unsafe-fixes"),
        exclude=_strings(table, "exclude"),
        blueprint=replace(Blueprint(), **overrides),
    )


def validate_codes(option: str, values: tuple[str, ...], known: tuple[str, ...]) -> tuple[str, ...]:
    """Every entry must be a code or a prefix of one: a typo must not silently select nothing."""
    for value in values:
        if value != "ALL" and not any(code.startswith(value) for code in known):
            raise SettingsError(f"{option}: unknown rule code or prefix {value!r}")
    return tuple("" if v == "ALL" else v for v in values)


def _reasons(value: Any, ignore: tuple[str, ...]) -> tuple[tuple[str, str], ...]:  # noqa: ANN401
    """Why a code is ignored, for the reports and pull-request bodies; every entry must name an ignored code."""
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise SettingsError('ignore-reasons must be a table of code = "reason"')
    for code in value:
        if code not in ignore:
            raise SettingsError(f"ignore-reasons: {code!r} is not in ignore")
    return tuple(value.items())


def _strings(table: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"{key} must be a list of strings")
    return tuple(value)


def _bool(table: Mapping[str, Any], key: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise SettingsError(f"{key} must be true or false")
    return value


def _coerce(key: str, value: Any, default: Any) -> Any:  # noqa: ANN401 - a setting's type is its default's
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SettingsError(f"{key} must be a list of strings")
        return tuple(value)
    if type(value) is not type(default):
        raise SettingsError(f"{key} must be a {type(default).__name__}, got {value!r}")
    return value
