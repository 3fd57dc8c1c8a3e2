"""PY checks, in order, on one pyright configuration (pyrightconfig.json, or a pyproject table)."""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from typing import Any

from ...edit.jsonc import dumps
from ...facts.commands.scan import PYRIGHT
from ...facts.project import floor_origin
from ...facts.repository import Repository
from ...facts.tools.pyright import PyrightConfig, configs, nearest
from ...facts.type_checkers import other_type_checker
from ...facts.workflows.survey import Survey, survey
from ...fixer import Check, FileRun, check
from ...model import Adoption, Applicability, ParseError
from ..ci.missing import CI_ADOPTION, PYRIGHT_ADOPTION
from .rules import CREATE, EXCLUDE, INCLUDE, MISSING_IMPORTS, MODE, PYTHON_VERSION, SAFE, TYPE_STUBS, VENV

MODES = ("off", "basic", "standard", "strict")  # in order of strictness
BASED_MODES = {"recommended": 4, "all": 5}  # basedpyright's stricter modes
DEFAULT_MODE = {False: "standard", True: "recommended"}  # what (based)pyright uses when typeCheckingMode is absent
# What pyright excludes when a config names no exclude; an explicit list replaces them, so a new list keeps them.
DEFAULT_EXCLUDES = ("**/node_modules", "**/__pycache__", "**/.*")
MISSING = object()
_GLOB = {"**/": "(?:.*/)?", "/**": "(?:/.*)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}


class PyrightDocument:
    """pyright's settings inside a document: the root of pyrightconfig.json, or a pyproject table."""

    def __init__(self, doc: Any, config: PyrightConfig) -> None:  # noqa: ANN401 - a TOML or JSONC editor
        self.doc, self.config, self.prefix = doc, config, config.table

    @property
    def text(self) -> str:
        return self.doc.text

    def key(self, name: str) -> tuple[str, ...]:
        return (*self.prefix, name)

    def get(self, name: str) -> Any:  # noqa: ANN401 - configuration values are dynamic
        return self.doc.get(self.key(name), MISSING)

    def set(self, name: str, value: object) -> Callable[[], bool]:
        return lambda: self.doc.set(self.key(name), value)

    def extend(self, name: str, items: list[Any]) -> Callable[[], bool]:
        return lambda: self.doc.extend(self.key(name), items)

    def line_of(self, path: tuple[str, ...]) -> int | None:
        return self.doc.line_of(path)

    def comments(self, path: tuple[str, ...]) -> list[str]:
        return self.doc.comments(path)

    def paste(self, name: str, value: object) -> str:
        """The exact text to write for a setting, in this file's language."""
        if self.prefix:
            from ...edit.toml_render import render as render_toml

            return f"{name} = {render_toml(value)}"
        from ...edit.jsonc import render as render_json

        return f'"{name}": {render_json(value)}'


Run = FileRun[PyrightDocument]


def _report(run: Run, rule: Any, name: str, message: str, value: object, edit: Callable[[], bool] | None,  # noqa: ANN401
            kind: Applicability | None = None) -> None:  # fmt: skip
    run.report(rule, message, at=run.doc.key(name), edit=edit, applicability=kind, respect=run.doc.key(name),
               values=value if isinstance(value, list) else [value])  # fmt: skip


@check(INCLUDE)
def include(run: Run) -> None:
    cfg, wanted = run.doc, run.doc.config.sources()
    current = cfg.get("include")
    if not wanted:
        return
    if current is MISSING:
        message = f"no include: pyright checks everything here; the blueprint lists the source folders " \
                  f"({cfg.paste('include', wanted)})"  # fmt: skip
        _report(run, INCLUDE, "include", message, wanted, cfg.set("include", wanted))
        return
    if not _strings(current):
        run.report(INCLUDE, "include is not a list of paths", at=cfg.key("include"))
        return
    missing = [d for d in wanted if not any(covers(p, d) for p in current)]
    if missing:
        _report(run, INCLUDE, "include", f"include misses the source folders {_show(missing)}", missing,
                cfg.extend("include", missing))  # fmt: skip


def _exclude_entry(folder: str) -> str:
    return "**/migrations" if folder.rsplit("/", 1)[-1] == "migrations" else folder


@check(EXCLUDE)
def exclude(run: Run) -> None:
    cfg, folders = run.doc, run.doc.config.migrations()
    current = cfg.get("exclude")
    if not folders:
        return
    if current is MISSING:
        new = [*DEFAULT_EXCLUDES, *dict.fromkeys(_exclude_entry(f) for f in folders)]
        _report(run, EXCLUDE, "exclude", f"no exclude: migrations are type-checked ({cfg.paste('exclude', new)})",
                new, cfg.set("exclude", new))  # fmt: skip
        return
    if not _strings(current):
        run.report(EXCLUDE, "exclude is not a list of paths", at=cfg.key("exclude"))
        return
    missing = list(dict.fromkeys(_exclude_entry(f) for f in folders if not any(covers(p, f) for p in current)))
    if missing:
        _report(run, EXCLUDE, "exclude", f"exclude does not cover the migrations: add {_show(missing)}", missing,
                cfg.extend("exclude", missing))  # fmt: skip


@check(MISSING_IMPORTS)
def missing_imports(run: Run) -> None:
    cfg, name = run.doc, "reportMissingImports"
    value = cfg.get(name)
    if value is True or value == "error":
        return
    if value is MISSING and (strictness(_mode(cfg)) or 0) >= MODES.index("basic"):
        return  # pyright already reports them as errors in this mode: a line saying so is noise
    if value is MISSING:
        _report(run, MISSING_IMPORTS, name, f"reportMissingImports is not set ({cfg.paste(name, True)})", True,
                cfg.set(name, True), SAFE)  # fmt: skip
        return
    _report(run, MISSING_IMPORTS, name, f"reportMissingImports is {_show(value)}: unresolved imports must fail "
            f"({cfg.paste(name, True)})", True, cfg.set(name, True))  # fmt: skip


@check(TYPE_STUBS)
def type_stubs(run: Run) -> None:
    cfg, name = run.doc, "reportMissingTypeStubs"
    value = cfg.get(name)
    if value is False or value == "none":
        return
    if value is MISSING and _mode(cfg) in MODES[: MODES.index("strict")]:
        return  # off below strict mode: a line saying so is noise
    if value is MISSING:
        return  # a strict set-up reports missing stubs on purpose (and silences them line by line): never loosened
    _report(run, TYPE_STUBS, name, f"reportMissingTypeStubs is {_show(value)}, set on purpose: turn it off by hand "
            f"if the project no longer wants it ({cfg.paste(name, False)})", False, None,
            Applicability.MANUAL)  # fmt: skip


def _mode(cfg: PyrightDocument) -> object:
    """The typeCheckingMode pyright applies: the configured one, else (based)pyright's default."""
    value = cfg.get("typeCheckingMode")
    return DEFAULT_MODE[cfg.config.basedpyright] if value is MISSING else value


def strictness(mode: object) -> int | None:
    if mode in MODES:
        return MODES.index(mode)  # type: ignore[arg-type]
    return BASED_MODES.get(mode) if isinstance(mode, str) else None


@check(MODE)
def mode(run: Run) -> None:
    cfg, name = run.doc, "typeCheckingMode"
    value, target = cfg.get(name), run.ctx.settings.blueprint.type_checking_mode
    default, effective = DEFAULT_MODE[cfg.config.basedpyright], _mode(cfg)
    have, want = strictness(effective), strictness(target)
    if want is None or (have is not None and have >= want):
        return
    shown = f'absent (the default "{default}")' if value is MISSING else _show(value)
    _report(run, MODE, name, f'typeCheckingMode is {shown}, below "{target}" ({cfg.paste(name, target)})', target,
            cfg.set(name, target))  # fmt: skip


@check(PYTHON_VERSION)
def python_version(run: Run) -> None:
    cfg, name, floor = run.doc, "pythonVersion", run.doc.config.floor
    value = cfg.get(name)
    if floor is None:
        return
    want = f"{floor[0]}.{floor[1]}"
    if isinstance(value, str) and _minor(value) == want:
        return
    sources = floor_origin(cfg.config.governs)
    shown = "not set" if value is MISSING else _show(value)
    _report(run, PYTHON_VERSION, name, f"pythonVersion is {shown}, but the floor from {sources} is {want} "
            f"({cfg.paste(name, want)})", want, cfg.set(name, want))  # fmt: skip


@check(VENV)
def venv(run: Run) -> None:
    cfg = run.doc
    venv_path = cfg.config.venv_path()
    if not cfg.config.uses_uv or venv_path is None:
        return
    wanted = {"venvPath": venv_path, "venv": ".venv"}
    wrong = {k: v for k, v in wanted.items() if not _same_dir(cfg.get(k), v)}
    if not wrong:
        return
    pasted = ", ".join(cfg.paste(k, v) for k, v in wrong.items())
    chosen = {k: cfg.get(k) for k in wanted if cfg.get(k) is not MISSING}
    if chosen:  # `venvPath = ".nox"`, `venv = "test-3-12"`: the environment the maintainers point pyright at
        shown = ", ".join(f"{k} {_show(v)}" for k, v in chosen.items())
        run.report(VENV, f"pyright is pointed at another environment ({shown}): the project's choice; point it at "
                   f"uv's .venv by hand if that is where its dependencies are ({pasted})",
                   at=cfg.key(next(iter(chosen))), applicability=Applicability.MANUAL)  # fmt: skip
        return

    def edit() -> bool:
        return all([cfg.set(k, v)() for k, v in wrong.items()])  # a list, not a generator: try every key

    runs = PYRIGHT in run.ctx.shared(survey).runs_anywhere()
    why = " (unsafe: pyright already runs somewhere, maybe in another environment, and would resolve imports from " \
          ".venv there)" if runs else ""  # fmt: skip
    _report(run, VENV, next(iter(wrong)), f"pyright does not use uv's .venv ({pasted}){why}", list(wrong.values()),
            edit, Applicability.UNSAFE if runs else None)  # fmt: skip


# -- a configuration where there is none ----------------------------------------------------------------------------


def new_config(config: PyrightConfig, mode: str) -> dict[str, Any]:
    """The blueprint's pyrightconfig.json for the projects it will check, in the blueprint's key order."""
    data: dict[str, Any] = {}
    if config.sources():
        data["include"] = config.sources()
    if config.migrations():
        data["exclude"] = [*DEFAULT_EXCLUDES, *dict.fromkeys(_exclude_entry(f) for f in config.migrations())]
    data["typeCheckingMode"] = mode
    data["reportMissingImports"] = True
    data["reportMissingTypeStubs"] = False
    if config.floor:
        data["pythonVersion"] = f"{config.floor[0]}.{config.floor[1]}"
    if config.uses_uv and config.venv_path() is not None:
        data.update(venvPath=config.venv_path(), venv=".venv")
    if config.floors_differ():
        data["executionEnvironments"] = [
            {"root": root, "pythonVersion": p.floor_text}
            for p in config.governs
            if p.python_floor
            for root in (config.relative(p, d) for d in p.source_dirs)
            if root
        ]
    return data


def create(run: FileRun[None]) -> None:
    config = run.ctx.shared(configs)[run.path]
    facts = run.ctx.shared(survey)
    for project in config.governs:
        other = other_type_checker(run.ctx.repo, facts, project)
        if other:
            run.report(CREATE, f"no pyright configuration, and {project.dir or 'the project'} type-checks with "
                       f"{other}: not created, pyright beside it is a choice to make by hand",
                       applicability=Applicability.MANUAL)  # fmt: skip
            return
    captured = _captured(run.ctx.repo, facts, config)
    if captured:
        run.report(CREATE, f"no pyright configuration; not created: pyright runs from {captured}/ with its own "
                   f"defaults, and would take {run.path} for its configuration (the nearest above it) and check what "
                   "that includes instead: give it its own configuration first",
                   applicability=Applicability.MANUAL)  # fmt: skip
        return
    checked = PYRIGHT in facts.runs_anywhere()
    kind = Applicability.UNSAFE if checked else Applicability.SAFE
    why = " (unsafe: CI, a hook or a task runs pyright, and what it reports changes)" if checked else ""
    message = f"no pyright configuration: create {run.path} from the blueprint{why}"
    mode = run.ctx.settings.blueprint.type_checking_mode
    run.create(CREATE, message, lambda: dumps(new_config(config, mode)), applicability=kind,
               adopts=None if checked else _adopting(facts))  # fmt: skip


def _adopting(facts: Survey) -> Adoption:
    """Where nothing runs pyright, its configuration is a part of adopting it, made only with the CI job that runs
    it: a job added to the CI workflow (CI002), or one of the jobs of a new CI workflow (CI001) where there is none."""
    if facts.primary is None:
        return Adoption(CI_ADOPTION, "pyright config", needs=("pyright job",))
    return Adoption(PYRIGHT_ADOPTION, "config", needs=("runner",))


def _captured(repo: Repository, facts: Survey, config: PyrightConfig) -> str | None:
    """A folder below the new configuration's where pyright or basedpyright already runs with no configuration
    between: pyright takes the nearest one above the folder it runs from, so the new file would become that run's
    configuration (a nested project's 37 files checked became 609)."""
    for hit in sorted(facts.hits | facts.hooks | facts.routine, key=lambda h: h.cwd):
        below = hit.cwd != config.folder and (not config.folder or hit.cwd.startswith(config.folder + "/"))
        if hit.check == PYRIGHT and below and nearest(repo, hit.cwd) is None:
            return hit.cwd
    return None


CREATE_CHECK: Check[None] = Check((CREATE,), create)


def open_config(doc: Any, config: PyrightConfig) -> PyrightDocument:  # noqa: ANN401
    if config.table and not isinstance(doc.get(config.table), dict):
        raise ParseError(f"[{'.'.join(config.table)}] must be a table", doc.line_of(config.table))
    if not config.table and not isinstance(doc.data, dict):
        raise ParseError(f"{config.path} must hold a JSON object", 1, 1)
    return PyrightDocument(doc, config)


# -- helpers ----------------------------------------------------------------------------------------------------------


def _show(value: object) -> str:
    """A value as the user wrote it in JSON or TOML, never as a Python repr."""
    return json.dumps(value, default=str, ensure_ascii=False)


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def covers(pattern: str, folder: str) -> bool:
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
    """`"./"` is `"."`, `"./.venv/"` is `".venv"` and `"../../"` is `"../.."` to pyright."""
    if not isinstance(value, str):
        return False
    return posixpath.normpath(value or ".") == posixpath.normpath(wanted)


# missing_imports before mode: it judges the mode the file has before this run raises it (unsafe), as a plain run
# does, so --apply then --apply --unsafe-fixes writes what one --apply --unsafe-fixes writes (onyx: "off")
# The checks whose fixes are safe first, so the keys a plain run adds come before those --unsafe-fixes adds, as a
# later unsafe run appends them (one answer however it is run); PY004 judges the mode before PY006 raises it.
CHECKS: tuple[Check[PyrightDocument], ...] = (exclude, venv, missing_imports, type_stubs, include, mode, python_version)
