"""RN001-RN003: Renovate's configuration (renovate.json, or whichever of Renovate's config files exists)."""

from __future__ import annotations

from typing import Any

from ...edit.jsonc import JsoncDocument, dumps
from ...edit.makefile import targets as make_targets
from ...fixer import Context, FileRun, check
from ...model import Adoption, Applicability, ParseError
from ...snapshot import Snapshot
from .rules import CONFIG_ABSENT, DEFAULTS, SYNC_LOCKS

CONFIG_PATHS = (
    "renovate.json",
    "renovate.json5",
    ".github/renovate.json",
    ".github/renovate.json5",
    ".renovaterc",
    ".renovaterc.json",
    ".renovaterc.json5",
)  # Renovate's own search order
SCHEMA = "https://docs.renovatebot.com/renovate-schema.json"
SYNC = "make sync-locks"
RENOVATE = "Renovate"  # the adoption's name in every report
Run = FileRun[JsoncDocument]


def config_path(snapshot: Snapshot) -> str:
    return next((p for p in CONFIG_PATHS if snapshot.exists(p)), CONFIG_PATHS[0])


def configured(snapshot: Snapshot) -> bool:
    """Whether Renovate already has a configuration (a config file, or `renovate` in package.json)."""
    if any(snapshot.exists(p) for p in CONFIG_PATHS):
        return True
    package = snapshot.text("package.json") or ""
    return '"renovate"' in package


def app_installed(snapshot: Snapshot) -> bool:
    """Whether the Renovate app evidently runs on the repository: a configuration that says more than the defaults
    (someone tuned it for a Renovate that runs), or a `renovate/` branch. A configuration with the defaults only is no
    evidence: infra-fix writes exactly that, and so did the app's onboarding pull request."""
    if any(branch.startswith("renovate/") for branch in snapshot.branches):
        return True
    package = snapshot.text("package.json") or ""
    if '"renovate"' in package:
        return True
    path = next((p for p in CONFIG_PATHS if snapshot.exists(p)), None)
    if path is None:
        return False
    text = snapshot.text(path)
    if text is None:
        return True  # unreadable: not ours to judge; its fixer reports it
    try:
        data = JsoncDocument(text, json5=path.endswith(".json5")).data
    except ParseError:
        return True
    return not _defaults_only(data)


def _defaults_only(data: object) -> bool:
    if not isinstance(data, dict):
        return False
    extends = data.get("extends", [])
    tasks = data.get("postUpgradeTasks")
    return (
        set(data) <= {"$schema", "extends", "postUpgradeTasks"}
        and isinstance(extends, list)
        and set(extends) <= {"config:recommended", "config:base"}
        and (tasks is None or tasks == sync_tasks())
    )


def has_sync_locks(ctx: Context) -> bool:
    """The root Makefile as this run has fixed it so far has `sync-locks` (the uv rules may have just added it)."""
    return "sync-locks" in make_targets(ctx.current("Makefile") or "").rules


def sync_tasks() -> dict[str, Any]:
    """`make sync-locks` after each upgrade, once per branch, committing the regenerated locks."""
    return {"commands": [SYNC], "fileFilters": ["**/uv.lock"], "executionMode": "branch"}


def open_config(path: str, text: str, ctx: Context) -> JsoncDocument:
    doc = JsoncDocument(text, json5=path.endswith(".json5"))  # JSON5 syntax only where the name says JSON5
    if not isinstance(doc.data, dict):
        raise ParseError("a Renovate config must be a JSON object", 1, 1)
    return doc


def create(run: FileRun[None]) -> None:
    """The config alone where something already runs Renovate (a repair); else a part of adopting Renovate, made only
    with the workflow that runs it."""
    from .workflow import runner

    data: dict[str, Any] = {"$schema": SCHEMA, "extends": ["config:recommended"]}
    if has_sync_locks(run.ctx) and run.ctx.enabled(SYNC_LOCKS):
        data["postUpgradeTasks"] = sync_tasks()
    runs = runner(run.ctx)
    adopts = None if runs else Adoption(RENOVATE, "config", needs=("runner",))
    where = f" (run by {runs})" if runs else ""
    run.create(CONFIG_ABSENT, f"no Renovate config: create {run.path}{where}", lambda: dumps(data, unit="  "),
               adopts=adopts)  # fmt: skip


@check(DEFAULTS)
def defaults(run: Run) -> None:
    doc = run.doc
    if "$schema" not in doc.data:
        run.report(DEFAULTS, "no `$schema`: editors cannot validate the config", line=1,
                   edit=lambda: doc.set(("$schema",), SCHEMA), applicability=Applicability.SAFE)  # fmt: skip
    extends = doc.data.get("extends")
    if extends is None:
        run.report(DEFAULTS, 'no `extends`: add ["config:recommended"]', line=1,
                   edit=lambda: doc.set(("extends",), ["config:recommended"]))  # fmt: skip
    elif isinstance(extends, list) and "config:base" in extends:
        index = extends.index("config:base")
        run.report(DEFAULTS, "`config:base` is the deprecated name of `config:recommended`", at=("extends",),
                   edit=lambda: doc.set(("extends", index), "config:recommended"),
                   applicability=Applicability.SAFE)  # fmt: skip


@check(SYNC_LOCKS)
def sync_locks(run: Run) -> None:
    doc = run.doc
    if not has_sync_locks(run.ctx):
        return
    tasks = doc.data.get("postUpgradeTasks")
    commands = tasks.get("commands") if isinstance(tasks, dict) else None
    if isinstance(commands, list) and SYNC in commands:
        return
    if tasks is None:
        edit = lambda: doc.set(("postUpgradeTasks",), sync_tasks())  # noqa: E731
    elif isinstance(commands, list):
        edit = lambda: doc.extend(("postUpgradeTasks", "commands"), [SYNC])  # noqa: E731
    else:
        edit = lambda: doc.set(("postUpgradeTasks", "commands"), [SYNC])  # noqa: E731
    run.report(SYNC_LOCKS, f"the Makefile has a sync-locks target but Renovate does not run `{SYNC}` after upgrades",
               at=("postUpgradeTasks",), edit=edit)  # fmt: skip
