"""Settings: what the user asked for (select/ignore, unsafe fixes) and the blueprint values they may override.

They come from `[tool.infra-fix]` in the repository's pyproject.toml (a project's own table is layered on top for
that project's files) and from flags; flags win. Validation is strict and happens before any rule or template sees a
value: an unknown key or code is an error that names it, and every blueprint value is checked by type and range, so
that `line-length = -5` or a rev of `"[v6"` never reaches a file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, TypeVar

T = TypeVar("T")


class SettingsError(ValueError):
    """A setting that names something that does not exist, or has the wrong type or range."""


Validator = Callable[[str, Any], Any]


def integer(low: int, high: int) -> dict[str, Validator]:
    def check(key: str, value: Any) -> int:  # noqa: ANN401 - any TOML value may arrive here
        if type(value) is not int or not low <= value <= high:
            raise SettingsError(f"{key} must be an integer from {low} to {high}, got {value!r}")
        return value

    return {"check": check}


def matching(pattern: str, what: str) -> dict[str, Validator]:
    """A string (or, for a tuple default, each string of a list) that must match `pattern` in full."""
    regex = re.compile(pattern)

    def check(key: str, value: Any) -> object:  # noqa: ANN401
        items = value if isinstance(value, list) else [value]
        for item in items:
            if not isinstance(item, str) or not regex.fullmatch(item):
                raise SettingsError(f"{key} must be {what}, got {item!r}")
        return tuple(value) if isinstance(value, list) else value

    return {"check": check}


def choice(*allowed: str) -> dict[str, Validator]:
    def check(key: str, value: Any) -> str:  # noqa: ANN401
        if value not in allowed:
            raise SettingsError(f"{key} must be one of {', '.join(map(repr, allowed))}, got {value!r}")
        return value

    return {"check": check}


def requirements() -> dict[str, Validator]:
    def check(key: str, value: Any) -> tuple[str, ...]:  # noqa: ANN401
        from packaging.requirements import InvalidRequirement, Requirement

        if not isinstance(value, list):
            raise SettingsError(f"{key} must be a list of requirement strings")
        for item in value:
            try:
                valid = isinstance(item, str) and "\n" not in item and bool(Requirement(item).name)
            except InvalidRequirement:
                valid = False
            if not valid:
                raise SettingsError(f"{key} must hold PEP 508 requirements, got {item!r}")
        return tuple(value)

    return {"check": check}


_CODE = r"[A-Z]+[0-9]*|ALL"
_CODES = matching(_CODE, "a list of rule codes such as 'E' or 'PLR0913'")
_REV = matching(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}", "a tag such as 'v6.0.0' (letters, digits, . _ + -)")
_ACTION = matching(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[A-Za-z0-9_.-]+", "an action reference such as 'owner/repo@v4'")
_LIMIT = integer(1, 1000)


@dataclass(frozen=True)
class Blueprint:
    """The blueprint's fixed values. [ADAPT] values are not here: they come from the project's facts."""

    line_length: int = field(default=120, metadata=integer(1, 320))  # ruff's own bounds
    ruff_select: tuple[str, ...] = field(
        default=("E", "F", "W", "I", "UP", "B", "C901", "PLR0913", "PLR0912", "PLR0915", "S", "ANN"), metadata=_CODES
    )
    ruff_required: tuple[str, ...] = field(default=("E", "F", "W", "I"), metadata=_CODES)
    max_complexity: int = field(default=15, metadata=_LIMIT)
    max_args: int = field(default=10, metadata=_LIMIT)
    max_branches: int = field(default=15, metadata=_LIMIT)
    max_statements: int = field(default=60, metadata=_LIMIT)
    test_ignores: tuple[str, ...] = field(default=("S101", "S105", "S106", "S108", "ANN"), metadata=_CODES)
    migration_ignores: tuple[str, ...] = field(default=("S608", "ANN"), metadata=_CODES)
    type_checking_mode: str = field(default="basic", metadata=choice("basic", "standard", "strict"))
    pre_commit_hooks_rev: str = field(default="v6.0.0", metadata=_REV)
    ruff_rev: str = field(default="v0.14.13", metadata=_REV)  # used only when the project pins no ruff
    dev_dependencies: tuple[str, ...] = field(
        default=("pytest>=7.0", "ruff", "pre-commit>=4.2.0"), metadata=requirements()
    )  # ruff's version: the project's pin, else ruff_rev
    branches: tuple[str, ...] = field(
        default=(), metadata=matching(r"[A-Za-z0-9_.*/-]{1,100}", "a list of branch names or patterns")
    )  # empty: the repository's default branch
    checkout_action: str = field(default="actions/checkout@v4", metadata=_ACTION)  # [ADAPT] in created workflows
    setup_uv_action: str = field(default="astral-sh/setup-uv@v6", metadata=_ACTION)
    renovate_action: str = field(default="renovatebot/github-action@v43", metadata=_ACTION)
    image_digests: tuple[str, ...] = field(
        default=(),
        metadata=matching(
            r"[a-z0-9][a-z0-9._/:-]*:[A-Za-z0-9_][A-Za-z0-9._-]{0,127}@sha256:[0-9a-f]{64}",
            "a list of pinned images in Renovate's form, 'name:tag@sha256:<64 hex digits>'",
        ),
    )  # the digests FROM and COPY --from lines are pinned to (none: a manual finding names the line to write)

    def values(self) -> dict[str, object]:
        """Every value by its Python name: what rule texts' `{placeholders}` are filled from."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    exclude: tuple[str, ...] = ()  # paths (gitignore-style patterns) no fixer touches
    ignore_reasons: tuple[tuple[str, str], ...] = ()  # (code or prefix, why): shown in reports
    blueprint: Blueprint = field(default_factory=Blueprint)
    packs: tuple[object, ...] = ()  # each third-party pack's own settings object (a frozen dataclass)

    def enabled(self, code: str) -> bool:
        """Selected and not ignored; the more specific of two matching prefixes wins, as in ruff."""
        sel = max((len(p) for p in self.select or ("",) if code.startswith(p)), default=-1)
        ign = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return sel > ign

    def pack(self, kind: type[T]) -> T:
        """A pack's settings by their type (the pack's defaults when the user set none)."""
        return next((p for p in self.packs if isinstance(p, kind)), None) or kind()


@dataclass(frozen=True)
class PackSettings:
    """A pack's settings table: `[tool.infra-fix.<name>]`, validated against the fields of `kind`, a frozen dataclass
    whose every field has a default (and may carry a `check` validator in its metadata, as Blueprint's do)."""

    name: str
    kind: type


_TOP_KEYS = {"select", "ignore", "unsafe-fixes", "exclude", "ignore-reasons"}
_BLUEPRINT_KEYS = {f.name.replace("_", "-"): f.name for f in fields(Blueprint)}


def from_table(table: Mapping[str, Any], known_codes: Iterable[str], packs: Iterable[PackSettings] = ()) -> Settings:
    """Settings from a `[tool.infra-fix]` table, validated against the codes of the loaded rules."""
    return layer(Settings(), table, known_codes, packs)


def layer(
    base: Settings, table: Mapping[str, Any], known_codes: Iterable[str], packs: Iterable[PackSettings] = ()
) -> Settings:
    """`base` with the keys `table` sets replaced: a project's own table over the repository's."""
    pack_tables = {p.name: p for p in packs}
    unknown = sorted(set(table) - _TOP_KEYS - set(_BLUEPRINT_KEYS) - set(pack_tables))
    if unknown:
        allowed = ", ".join(sorted(_TOP_KEYS | set(_BLUEPRINT_KEYS) | set(pack_tables)))
        raise SettingsError(f"unknown key {unknown[0]!r} in [tool.infra-fix] (known keys: {allowed})")
    codes = tuple(known_codes)
    changes: dict[str, Any] = {}
    for key, attr in (("select", "select"), ("ignore", "ignore")):
        if key in table:
            changes[attr] = validate_codes(key, _strings(table, key), codes)
    if "unsafe-fixes" in table:
        changes["unsafe_fixes"] = _bool(table, "unsafe-fixes")
    if "exclude" in table:
        changes["exclude"] = _strings(table, "exclude")
    ignore = changes.get("ignore", base.ignore)
    if "ignore-reasons" in table:
        changes["ignore_reasons"] = _reasons(table["ignore-reasons"], ignore)
    overrides = {attr: table[key] for key, attr in _BLUEPRINT_KEYS.items() if key in table}
    changes["blueprint"] = validated(base.blueprint, overrides, "")
    own = [validated(_current(base, p.kind), _table(table, p.name), f"{p.name}.") for p in pack_tables.values()]
    changes["packs"] = tuple(own) + tuple(p for p in base.packs if not any(isinstance(p, type(o)) for o in own))
    return replace(base, **changes)


def validated(base: T, overrides: Mapping[str, Any], prefix: str) -> T:
    """`base` (a frozen dataclass) with `overrides` (by field name), each checked by its field's validator or, without
    one, by the type of its default."""
    if not is_dataclass(base):
        raise TypeError(f"{type(base).__name__} is not a dataclass")
    known = {f.name: f for f in fields(base)}
    checked: dict[str, Any] = {}
    for name, value in overrides.items():
        key = prefix + name.replace("_", "-")
        if name not in known:
            raise SettingsError(f"unknown key {key!r} in [tool.infra-fix]")
        check = known[name].metadata.get("check")
        checked[name] = check(key, value) if check else _coerce(key, value, getattr(base, name))
    return replace(base, **checked)  # type: ignore[type-var]


def _current(base: Settings, kind: type) -> object:
    return next((p for p in base.packs if isinstance(p, kind)), None) or kind()


def _table(table: Mapping[str, Any], name: str) -> dict[str, Any]:
    value = table.get(name, {})
    if not isinstance(value, dict):
        raise SettingsError(f"[tool.infra-fix.{name}] must be a table")
    return {k.replace("-", "_"): v for k, v in value.items()}


def validate_codes(option: str, values: tuple[str, ...], known: tuple[str, ...]) -> tuple[str, ...]:
    """Every entry must be a code or a prefix of one: a typo must not silently select nothing."""
    for value in values:
        if not value or (value != "ALL" and not any(code.startswith(value) for code in known)):
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
