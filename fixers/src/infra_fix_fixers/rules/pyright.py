"""PY: pyright's configuration, in `pyrightconfig.json` (JSON with comments) or `[tool.pyright]` of pyproject.toml.

pyright reads pyrightconfig.json when it exists and ignores `[tool.pyright]` then, so that file wins; a project
with neither gets a new pyrightconfig.json. The rules run in a fixed order on one parsed document, and every edit
is a verified splice (edit/jsonc.py, edit/toml.py): comments, trailing commas and layout are kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from ..facts import Facts
from ..fixer import Context, Fixer, Outcome
from ..model import Applicability, Finding, ParseError, Rule, Severity
from ..snapshot import Snapshot
from . import pyright_examples as ex

SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE
JSON_PATH = "pyrightconfig.json"
PYPROJECT = "pyproject.toml"
MODES = ("off", "basic", "standard", "strict")  # in order of strictness
PYRIGHT_DEFAULT_MODE = "standard"  # what pyright uses when typeCheckingMode is absent
# What pyright excludes when a config names no exclude; an explicit list replaces them, so a new list keeps them.
DEFAULT_EXCLUDES = ("**/node_modules", "**/__pycache__", "**/.*")
_MISSING = object()
_GLOB = {"**/": "(?:.*/)?", "/**": "(?:/.*)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
_TOOL_PYRIGHT = re.compile(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*pyright[ \t]*[\].]", re.M)

CREATE = Rule(
    code="PY001",
    name="pyright-config-exists",
    summary="the project has a pyright configuration",
    rationale="Without one, pyright checks every file under the root (tests, migrations, scripts) against whatever "
    "Python it finds, and each developer's editor disagrees with CI. A new file changes no run-time behaviour.",
    applicability=SAFE,
    fix="Creates pyrightconfig.json with the blueprint's settings, adapted to the project (source directories, "
    "migrations, Python floor, uv's .venv).",
    examples=ex.CREATE,
)
INCLUDE = Rule(
    code="PY002",
    name="pyright-include",
    summary="pyright's include lists the project's source directories (not tests, not migrations)",
    rationale="Type-checking the shipped code is the point; tests and generated migrations mostly add noise.",
    applicability=UNSAFE,
    fix="Adds `include` where absent (safe: it only narrows what is checked); appends missing source directories "
    "to an existing list (unsafe: newly checked code may fail).",
    examples=ex.INCLUDE,
)
EXCLUDE = Rule(
    code="PY003",
    name="pyright-exclude-migrations",
    summary='pyright excludes migrations (`"**/migrations"`) where the project has them',
    rationale="Auto-generated migration files produce false positives. A new `exclude` list keeps pyright's "
    "implicit defaults (node_modules, __pycache__, dot folders), which any explicit list replaces.",
    applicability=SAFE,
    fix='Appends `"**/migrations"` (or the migration folder\'s path when it is not named migrations) to `exclude`.',
    examples=ex.EXCLUDE,
)
MISSING_IMPORTS = Rule(
    code="PY004",
    name="pyright-report-missing-imports",
    summary="pyright reports unresolved imports (`reportMissingImports` true)",
    rationale="An import pyright cannot resolve is a broken environment or a typo; it must fail the check.",
    applicability=UNSAFE,
    fix="Adds `reportMissingImports: true` where absent (safe: it is pyright's default) or turns it on "
    "(unsafe: unresolved imports start to fail CI).",
    examples=ex.MISSING_IMPORTS,
)
TYPE_STUBS = Rule(
    code="PY005",
    name="pyright-report-missing-type-stubs",
    summary="pyright does not report missing type stubs (`reportMissingTypeStubs` false)",
    rationale="Many third-party packages ship no stubs; reporting each one is noise, not a bug.",
    applicability=SAFE,
    fix="Sets `reportMissingTypeStubs` to false, adding it where absent (it only silences a report).",
    examples=ex.TYPE_STUBS,
)
MODE = Rule(
    code="PY006",
    name="pyright-type-checking-mode",
    summary='pyright\'s `typeCheckingMode` is "basic" or stricter',
    rationale='"basic" catches real bugs without drowning in noise; "standard" and "strict" are stricter and '
    'compliant too. An absent typeCheckingMode is compliant: pyright\'s default is "standard", stricter than '
    '"basic". "off" leaves almost nothing checked.',
    applicability=UNSAFE,
    severity=Severity.ERROR,
    fix="Sets typeCheckingMode to the blueprint's mode (unsafe: the project's CI may go red).",
    examples=ex.MODE,
)
PYTHON_VERSION = Rule(
    code="PY007",
    name="pyright-python-version",
    summary="pyright's `pythonVersion` is the floor of requires-python",
    rationale="pyright must check against the oldest Python the project supports, the same version ruff and CI "
    "use; a newer one lets syntax and APIs the floor lacks pass.",
    applicability=UNSAFE,
    fix="Adds pythonVersion where absent (safe) or changes a different one (unsafe: new errors may appear).",
    examples=ex.PYTHON_VERSION,
)
VENV = Rule(
    code="PY008",
    name="pyright-uv-venv",
    summary='pyright uses uv\'s .venv (`venvPath` ".", `venv` ".venv") where the project uses uv',
    rationale="uv installs into .venv at the root; pointing pyright there resolves the project's dependencies the "
    "same way on every machine and in CI.",
    applicability=SAFE,
    fix='Sets `venvPath` to "." and `venv` to ".venv".',
    examples=ex.VENV,
)


class _Document(Protocol):
    """What the rules need of an editor; TomlDocument and JsoncDocument both provide it."""

    text: str

    def get(self, path: tuple[str, ...], default: object = None) -> Any: ...  # noqa: ANN401
    def set(self, path: tuple[str, ...], value: object) -> bool: ...
    def extend(self, path: tuple[str, ...], items: list[Any]) -> bool: ...
    def line_of(self, path: tuple[str, ...]) -> int | None: ...


@dataclass(frozen=True)
class _Config:
    """pyright's settings inside a document: the root of pyrightconfig.json, or `[tool.pyright]`."""

    doc: _Document
    prefix: tuple[str, ...]
    path: str

    def get(self, key: str) -> Any:  # noqa: ANN401 - configuration values are dynamic
        return self.doc.get((*self.prefix, key), _MISSING)

    def set(self, key: str, value: object) -> bool:
        return self.doc.set((*self.prefix, key), value)

    def extend(self, key: str, items: list[Any]) -> bool:
        return self.doc.extend((*self.prefix, key), items)

    def line(self, key: str) -> int | None:
        return self.doc.line_of((*self.prefix, key)) or self.doc.line_of(self.prefix)

    def paste(self, key: str, value: object) -> str:
        """The exact text to write for a setting, in this file's language."""
        if self.prefix:
            from ..edit.toml import render as render_toml

            return f"{key} = {render_toml(value)}"
        from ..edit.jsonc import render as render_json

        return f'"{key}": {render_json(value)}'


def _report(
    ctx: Context,
    rule: Rule,
    cfg: _Config,
    key: str,
    message: str,
    edit: Callable[[], bool] | None,
    *,
    allowed: bool,
    applicability: Applicability | None = None,
) -> Finding:
    """The finding for one violation, after making its edit when this run may; a refused edit says so."""
    line = cfg.line(key)
    fixed = allowed and edit is not None and edit()
    if allowed and not fixed:
        message += " (left as is: the edit could not be verified; change it by hand)"
    return ctx.finding(rule, cfg.path, message, line=line, fixed=fixed, applicability=applicability)


def _check_include(cfg: _Config, ctx: Context) -> Finding | None:
    wanted = list(ctx.facts.source_dirs)
    current = cfg.get("include")
    if not wanted:
        return None
    if current is _MISSING:
        message = f"no include: pyright should check the source directories ({cfg.paste('include', wanted)})"
        edit = partial(cfg.set, "include", wanted)
        return _report(ctx, INCLUDE, cfg, "include", message, edit, allowed=ctx.enabled(INCLUDE), applicability=SAFE)
    if not _strings(current):
        return _report(ctx, INCLUDE, cfg, "include", "include is not a list of paths", None, allowed=False)
    missing = [d for d in wanted if not any(_covers(p, d) for p in current)]
    if not missing:
        return None
    message = f"include misses the source directories {_show(missing)}"
    edit = partial(cfg.extend, "include", missing)
    return _report(ctx, INCLUDE, cfg, "include", message, edit, allowed=ctx.may_fix(INCLUDE))


def _exclude_entry(folder: str) -> str:
    return "**/migrations" if folder.rsplit("/", 1)[-1] == "migrations" else folder


def _check_exclude(cfg: _Config, ctx: Context) -> Finding | None:
    folders = ctx.facts.migration_dirs
    current = cfg.get("exclude")
    if not folders:
        return None
    if current is _MISSING:
        new = [*DEFAULT_EXCLUDES, *dict.fromkeys(_exclude_entry(f) for f in folders)]
        message = f"no exclude: migrations are type-checked ({cfg.paste('exclude', new)})"
        edit = partial(cfg.set, "exclude", new)
        return _report(ctx, EXCLUDE, cfg, "exclude", message, edit, allowed=ctx.may_fix(EXCLUDE))
    if not _strings(current):
        return _report(ctx, EXCLUDE, cfg, "exclude", "exclude is not a list of paths", None, allowed=False)
    missing = list(dict.fromkeys(_exclude_entry(f) for f in folders if not any(_covers(p, f) for p in current)))
    if not missing:
        return None
    message = f"exclude does not cover the migrations: add {_show(missing)}"
    edit = partial(cfg.extend, "exclude", missing)
    return _report(ctx, EXCLUDE, cfg, "exclude", message, edit, allowed=ctx.may_fix(EXCLUDE))


def _check_missing_imports(cfg: _Config, ctx: Context) -> Finding | None:
    key, value = "reportMissingImports", cfg.get("reportMissingImports")
    if value is True or value == "error":
        return None
    edit = partial(cfg.set, key, True)
    if value is _MISSING:
        message = f"reportMissingImports is not set ({cfg.paste(key, True)})"
        return _report(ctx, MISSING_IMPORTS, cfg, key, message, edit, allowed=ctx.enabled(MISSING_IMPORTS),
                       applicability=SAFE)  # fmt: skip
    message = f"reportMissingImports is {_show(value)}: unresolved imports must fail ({cfg.paste(key, True)})"
    return _report(ctx, MISSING_IMPORTS, cfg, key, message, edit, allowed=ctx.may_fix(MISSING_IMPORTS))


def _check_type_stubs(cfg: _Config, ctx: Context) -> Finding | None:
    key, value = "reportMissingTypeStubs", cfg.get("reportMissingTypeStubs")
    if value is False or value == "none":
        return None
    shown = "not set" if value is _MISSING else _show(value)
    message = f"reportMissingTypeStubs is {shown} ({cfg.paste(key, False)})"
    return _report(ctx, TYPE_STUBS, cfg, key, message, partial(cfg.set, key, False), allowed=ctx.may_fix(TYPE_STUBS))


def _check_mode(cfg: _Config, ctx: Context) -> Finding | None:
    key, value = "typeCheckingMode", cfg.get("typeCheckingMode")
    target = ctx.settings.blueprint.type_checking_mode
    effective = PYRIGHT_DEFAULT_MODE if value is _MISSING else value
    if target not in MODES or (effective in MODES and MODES.index(effective) >= MODES.index(target)):
        return None
    shown = f'absent (pyright\'s default "{PYRIGHT_DEFAULT_MODE}")' if value is _MISSING else _show(value)
    message = f'typeCheckingMode is {shown}, below "{target}" ({cfg.paste(key, target)})'
    return _report(ctx, MODE, cfg, key, message, partial(cfg.set, key, target), allowed=ctx.may_fix(MODE))


def _check_python_version(cfg: _Config, ctx: Context) -> Finding | None:
    key, value, floor = "pythonVersion", cfg.get("pythonVersion"), ctx.facts.floor_text
    if floor is None or (isinstance(value, str) and _minor(value) == floor):
        return None
    source = ctx.facts.python_floor_source or "requires-python"
    edit = partial(cfg.set, key, floor)
    if value is _MISSING:
        message = f"pythonVersion is not set; the floor from {source} is {floor} ({cfg.paste(key, floor)})"
        return _report(ctx, PYTHON_VERSION, cfg, key, message, edit, allowed=ctx.enabled(PYTHON_VERSION),
                       applicability=SAFE)  # fmt: skip
    message = f"pythonVersion is {_show(value)}, but the floor from {source} is {floor} ({cfg.paste(key, floor)})"
    return _report(ctx, PYTHON_VERSION, cfg, key, message, edit, allowed=ctx.may_fix(PYTHON_VERSION))


def _check_venv(cfg: _Config, ctx: Context) -> Finding | None:
    if not ctx.facts.uses_uv:
        return None
    wanted = {"venvPath": ".", "venv": ".venv"}
    wrong = {k: v for k, v in wanted.items() if not _same_dir(cfg.get(k), v)}
    if not wrong:
        return None
    pasted = ", ".join(cfg.paste(k, v) for k, v in wrong.items())
    message = f"pyright does not use uv's .venv ({pasted})"

    def edit() -> bool:
        return all([cfg.set(k, v) for k, v in wrong.items()])  # a list, not a generator: try every key

    return _report(ctx, VENV, cfg, next(iter(wrong)), message, edit, allowed=ctx.may_fix(VENV))


_CHECKS: tuple[tuple[Rule, Callable[[_Config, Context], Finding | None]], ...] = (
    (INCLUDE, _check_include),
    (EXCLUDE, _check_exclude),
    (MODE, _check_mode),
    (MISSING_IMPORTS, _check_missing_imports),
    (TYPE_STUBS, _check_type_stubs),
    (PYTHON_VERSION, _check_python_version),
    (VENV, _check_venv),
)


def _show(value: object) -> str:
    """A value as the user wrote it in JSON or TOML, never as a Python repr."""
    return json.dumps(value, default=str, ensure_ascii=False)


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _covers(pattern: str, folder: str) -> bool:
    """Whether an include/exclude entry names `folder` or a folder above it, with pyright's `**`, `*`, `?`."""
    pattern = re.sub(r"^(\./)+", "", pattern.strip()).rstrip("/")
    if pattern in ("", "."):
        return True
    parts = re.split(r"(\*\*/|/\*\*$|\*\*|\*|\?)", pattern)
    regex = "".join(_GLOB.get(part, re.escape(part)) for part in parts)
    steps = folder.split("/")
    return any(re.fullmatch(regex, "/".join(steps[:n])) for n in range(1, len(steps) + 1))


def _minor(version: str) -> str | None:
    match = re.match(r"\s*(\d+)\.(\d+)", version)
    return f"{match.group(1)}.{match.group(2)}" if match else None


def _same_dir(value: object, wanted: str) -> bool:
    """`"./"` is `"."` and `"./.venv/"` is `".venv"` to pyright."""
    if not isinstance(value, str):
        return False
    value = "." if value in (".", "./") else value.removeprefix("./").rstrip("/")
    return value == wanted


def new_config(facts: Facts, mode: str) -> dict[str, Any]:
    """The blueprint's pyrightconfig.json for this project, in the blueprint's key order."""
    config: dict[str, Any] = {}
    if facts.source_dirs:
        config["include"] = list(facts.source_dirs)
    if facts.migration_dirs:
        config["exclude"] = [*DEFAULT_EXCLUDES, *dict.fromkeys(_exclude_entry(f) for f in facts.migration_dirs)]
    config["typeCheckingMode"] = mode if mode in MODES else "basic"
    config["reportMissingImports"] = True
    config["reportMissingTypeStubs"] = False
    if facts.floor_text:
        config["pythonVersion"] = facts.floor_text
    if facts.uses_uv:
        config.update(venvPath=".", venv=".venv")
    return config


def _uses_pyproject(snapshot: Snapshot, facts: Facts) -> bool:
    tool = (facts.pyproject or {}).get("tool")
    if isinstance(tool, dict) and "pyright" in tool:
        return True
    text = snapshot.text(PYPROJECT)
    # An invalid pyproject.toml with a [tool.pyright] table: owning it reports the parse error where it is.
    return facts.pyproject is None and text is not None and bool(_TOOL_PYRIGHT.search(text))


def targets(snapshot: Snapshot, facts: Facts) -> tuple[str, ...]:
    if not snapshot.exists(JSON_PATH) and _uses_pyproject(snapshot, facts):
        return (PYPROJECT,)
    return (JSON_PATH,)


def _open(path: str, text: str) -> _Config:
    if path == PYPROJECT:
        from ..edit.toml import TomlDocument

        doc = TomlDocument(text)
        if not isinstance(doc.get(("tool", "pyright")), dict):
            raise ParseError("[tool.pyright] must be a table", doc.line_of(("tool", "pyright")))
        return _Config(doc, ("tool", "pyright"), path)
    from ..edit.jsonc import JsoncDocument
    from ..edit.splice import line_col

    json_doc = JsoncDocument(text)
    if not isinstance(json_doc.data, dict):
        raise ParseError(f"{path} must hold a JSON object", *line_col(text, json_doc.root.start))
    return _Config(json_doc, (), path)


def fix(path: str, text: str | None, ctx: Context) -> Outcome:
    if text is None:
        if path != JSON_PATH or not ctx.may_fix(CREATE):
            return Outcome(None)
        from ..edit.jsonc import dumps

        message = f"no pyright configuration: created {JSON_PATH} from the blueprint"
        created = dumps(new_config(ctx.facts, ctx.settings.blueprint.type_checking_mode))
        return Outcome(created, (ctx.finding(CREATE, path, message, line=1, fixed=True),))
    cfg = _open(path, text)
    findings = [found for rule, check in _CHECKS if ctx.enabled(rule) and (found := check(cfg, ctx)) is not None]
    return Outcome(cfg.doc.text if cfg.doc.text != text else None, tuple(findings))


FIXER = Fixer(
    name="pyright",
    rules=(CREATE, INCLUDE, EXCLUDE, MISSING_IMPORTS, TYPE_STUBS, MODE, PYTHON_VERSION, VENV),
    reads=(JSON_PATH, PYPROJECT),
    targets=targets,
    fix=fix,
    default_path=JSON_PATH,
)
