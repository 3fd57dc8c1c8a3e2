"""PC checks on the repository's `.pre-commit-config.yaml`: a `repos:` list, ruff's rev and `--fix` (the missing
hooks are hooks.py's)."""

from __future__ import annotations

import re

from ...facts.hooks import frozen_tag
from ...facts.tools.ruff import configs as ruff_configs
from ...fixer import Context, check
from ...model import Applicability
from .document import RUFF_LINT_IDS, Run
from .rules import PC002, PC004, PC005

_SHA = re.compile(r"[0-9a-f]{7,40}")


def pinned_ruff(ctx: Context) -> str | None:
    """The ruff the repository's projects pin, when they agree on one."""
    versions = {p.ruff_version for p in ctx.repo.projects if p.ruff_version}
    return versions.pop() if len(versions) == 1 else None


def ruff_rev(ctx: Context) -> str:
    """The rev a new ruff hook gets: the pinned ruff, else the blueprint's unless the projects require newer."""
    pinned = pinned_ruff(ctx)
    if pinned:
        return f"v{pinned}"
    from packaging.version import InvalidVersion, Version

    default = ctx.settings.blueprint.ruff_rev
    floors = [p.ruff_floor for p in ctx.repo.projects if p.ruff_floor]
    try:
        newest = max((Version(f) for f in floors), default=None)
        if newest is None or newest <= Version(default.removeprefix("v")):
            return default
    except InvalidVersion:
        return default
    return "v" + ".".join(str(part) for part in (*newest.release, 0, 0)[:3])  # tags have three parts: v0.15.0


@check(PC002)
def repos_list(run: Run) -> None:
    if run.doc.repos is None:
        run.report(PC002, "not a pre-commit config (no `repos:` list): cannot check its hooks",
                   applicability=Applicability.MANUAL)  # fmt: skip


# -- PC004: the ruff rev --------------------------------------------------------------------------------------------


@check(PC004)
def rev(run: Run) -> None:
    version = pinned_ruff(run.ctx)
    if not version or run.doc.repos is None:
        return
    want = f"v{version}"
    for index in run.doc.ruff_entries:
        have = str(run.doc.repos[index].get("rev", ""))
        if have == want:  # ruff-pre-commit's tags carry the `v`
            continue
        where = ("repos", index, "rev")
        if _SHA.fullmatch(have):
            frozen = frozen_tag(run.doc.text, have)
            if frozen != want:
                run.report(PC004, f"ruff-pre-commit rev is a frozen commit ({frozen or 'tag unknown'}) but the project "
                           f"pins ruff {version}: set it to the commit of tag {want} (`pre-commit autoupdate --freeze` "
                           "picks the latest)", at=where, applicability=Applicability.MANUAL)  # fmt: skip
            continue
        if _newer(have, version):
            run.report(PC004, f"ruff-pre-commit rev {have} is newer than the ruff the lock pins ({version}): upgrade "
                       "the lock (`uv lock --upgrade-package ruff`) rather than downgrade the hook", at=where,
                       applicability=Applicability.MANUAL)  # fmt: skip
            continue
        message = f"ruff-pre-commit rev {have} does not match the ruff the project pins ({version}): want {want}"
        edit = lambda w=where: run.doc.set_scalar(w, want)  # noqa: E731
        run.report(PC004, message, at=where, edit=edit, respect=where, values=[want])


def _newer(rev: str, version: str) -> bool:
    def key(text: str) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", text)[:3])

    return key(rev) > key(version)


# -- PC005: --fix on the ruff hook ----------------------------------------------------------------------------------


def _fixes_by_config(ctx: Context) -> bool:
    """Whether ruff fixes whatever it checks anyway: `fix = true` in every configuration that governs a project
    (then the hook fixes without `--fix`, and the finding would be false)."""
    found = [c for c in ctx.shared(ruff_configs).values() if not c.created]
    return bool(found) and all(c.settings(ctx.repo).get("fix") is True for c in found)


@check(PC005)
def fix_arg(run: Run) -> None:
    doc = run.doc
    if _fixes_by_config(run.ctx):
        return
    for index in doc.ruff_entries:
        hooks = doc.repos[index].get("hooks") if doc.repos else None
        for h_index, hook in enumerate(hooks if isinstance(hooks, list) else []):
            if not isinstance(hook, dict) or hook.get("id") not in RUFF_LINT_IDS:
                continue
            args = hook.get("args")
            if isinstance(args, list) and any(str(a).startswith("--fix") for a in args):
                continue
            where = ("repos", index, "hooks", h_index)
            edit = None
            if not (isinstance(args, list) and "--no-fix" in args):
                if isinstance(args, list):
                    edit = lambda w=where: doc.append((*w, "args"), "--fix")  # noqa: E731
                elif args is None and "args" not in hook:
                    edit = lambda w=where: doc.add_key(w, "args", ["--fix"])  # noqa: E731
            run.report(PC005, f"the {hook['id']} hook runs without --fix (the blueprint has `args: [--fix]`)",
                       at=where, edit=edit, applicability=None if edit else Applicability.MANUAL)  # fmt: skip
