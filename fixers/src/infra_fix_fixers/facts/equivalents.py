"""What the repository already uses in place of a tool the blueprint would adopt: an adoption is never proposed
beside an equivalent that already does its job.

- instead of pre-commit: another git-hook runner (lefthook, husky, overcommit, hk, simple-git-hooks);
- instead of make: another task runner (just, Taskfile, tox, nox, hatch scripts, poethepoet tasks);
- instead of Renovate: any other process that already updates dependencies (Dependabot, pyup, a workflow, Makefile
  target, tox/nox environment or task running `gha-update`, `pre-commit autoupdate`, `uv lock --upgrade`,
  `pip-compile --upgrade`, `poetry update`...); and Renovate itself where a workflow already runs it.

Each answer names what was found and where, for the finding's message. Files are matched by name from the listing;
commands are found in the texts of the files `UPDATE_READS` names (the fixers that ask load them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..snapshot import Snapshot
from . import anchored
from .commands.just import JUSTFILES
from .repository import Repository

HOOK_RUNNERS = {
    "lefthook": ("lefthook.yml", "lefthook.yaml", "lefthook.json", "lefthook.toml", ".lefthook.yml", ".lefthook.yaml",
                 ".lefthook.json", ".lefthook.toml"),
    "overcommit": (".overcommit.yml",),
    "hk": ("hk.pkl",),
}  # fmt: skip
TASK_RUNNERS = {
    "just": JUSTFILES,
    "Taskfile": (
        "Taskfile.yml",
        "Taskfile.yaml",
        "taskfile.yml",
        "taskfile.yaml",
        "Taskfile.dist.yml",
        "Taskfile.dist.yaml",
    ),
    "tox": ("tox.ini", "tox.toml"),
    "nox": ("noxfile.py",),
}
_DEPENDABOT = (".github/dependabot.yml", ".github/dependabot.yaml")
_PYUP = (".pyup.yml", ".pyup.yaml")
# Where a repository writes the commands it runs: workflows, task runners, scripts.
UPDATE_READS = (
    ".github/workflows/*.yml",
    ".github/workflows/*.yaml",
    "**/Makefile",
    "**/makefile",
    "**/GNUmakefile",
    "**/tox.ini",
    "**/tox.toml",
    "**/noxfile.py",
    "justfile",
    "Justfile",
    ".justfile",
    "Taskfile.yml",
    "Taskfile.yaml",
    "package.json",
    "scripts/*",
    "bin/*",
    "tools/*",
    "**/pyproject.toml",
)
_SEP = r"""(?:\s+|["']\s*,\s*["'])"""  # words of a command line, or arguments of nox's session.run("uv", "lock")
_UPGRADE = rf"""{_SEP}(?:[^\n]*?{_SEP})?(?:-U|--upgrade)(?=["'\s]|$)"""
_UPDATES = re.compile(
    rf"\bgha-update\b"
    rf"|\b(?:pre-commit|prek){_SEP}autoupdate\b|\bpre-commit-update\b"
    rf"|\buv{_SEP}lock{_UPGRADE}"
    rf"|\buv{_SEP}(?:pip{_SEP})?compile{_UPGRADE}"
    rf"|\bpip-compile{_UPGRADE}"
    rf"|\b(?:poetry|pdm|pipenv){_SEP}update\b"
    r"|\bdependabot\b",
    re.MULTILINE,
)
_RENOVATE_RUNS = re.compile(r"\brenovatebot/github-action\b|\bnpx\s+renovate\b|\brenovate/renovate\b")
# the words every match of each begins with (anchored.finditer): a 827 KB tox.ini is searched for them in C
ANCHORS = {
    _UPDATES: ("gha-update", "pre-commit", "prek", "uv", "pip-compile", "poetry", "pdm", "pipenv", "dependabot"),
    _RENOVATE_RUNS: ("renovatebot/github-action", "npx", "renovate/renovate"),
}


def hook_runner(snapshot: Snapshot) -> str | None:
    """The git-hook runner the repository uses instead of pre-commit, as "lefthook (lefthook.yml)", or None. prek is
    no other runner: it runs `.pre-commit-config.yaml` itself."""
    for name, paths in HOOK_RUNNERS.items():
        found = next((p for p in paths if snapshot.exists(p)), None)
        if found:
            return f"{name} ({found})"
    if snapshot.has_dir(".husky"):
        return "husky (.husky/)"
    package = snapshot.text("package.json") or ""
    for name in ("simple-git-hooks", "husky", "lefthook"):
        if f'"{name}"' in package:
            return f"{name} (package.json)"
    return None


def task_runner(repo: Repository, folder: str = "") -> str | None:
    """The task runner a project folder (the root by default) uses instead of make, as "just (justfile)", or None:
    a justfile, Taskfile, tox or nox configuration in it, `hatch.toml`, or tox settings, poethepoet tasks, hatch
    environment scripts, pdm scripts or taskipy tasks in its pyproject.toml."""
    snapshot = repo.snapshot
    prefix = f"{folder}/" if folder else ""
    for name, paths in TASK_RUNNERS.items():
        found = next((prefix + p for p in paths if snapshot.exists(prefix + p)), None)
        if found:
            return f"{name} ({found})"
    if snapshot.exists(f"{prefix}hatch.toml"):
        return f"hatch ({prefix}hatch.toml)"
    data = repo.pyprojects.get(folder)
    tool = data.get("tool") if isinstance(data, dict) else None
    if not isinstance(tool, dict):
        return None
    where = f"{prefix}pyproject.toml"
    if isinstance(tool.get("tox"), dict):
        return f"tox ([tool.tox] in {where})"
    if isinstance(tool.get("poe"), dict) and tool["poe"].get("tasks"):
        return f"poethepoet ([tool.poe.tasks] in {where})"
    envs = tool.get("hatch", {}).get("envs") if isinstance(tool.get("hatch"), dict) else None
    if isinstance(envs, dict) and any(isinstance(e, dict) and e.get("scripts") for e in envs.values()):
        return f"hatch (environment scripts in {where})"
    pdm = tool.get("pdm")
    if isinstance(pdm, dict) and pdm.get("scripts"):
        return f"pdm ([tool.pdm.scripts] in {where})"
    if "taskipy" in tool:
        return f"taskipy ([tool.taskipy] in {where})"
    return None


def dependency_updates(snapshot: Snapshot) -> str | None:
    """The process other than Renovate that already updates the repository's dependencies, as "Dependabot
    (.github/dependabot.yml)" or "`uv lock --upgrade` in tox.ini", or None."""
    for path in (*_DEPENDABOT, *_PYUP):
        if snapshot.exists(path):
            return f"{'Dependabot' if 'dependabot' in path else 'pyup'} ({path})"
    for path, command in _commands(snapshot, _update_files(snapshot), _UPDATES):
        return f"`{command}` in {path}"
    return None


def renovate_runner(snapshot: Snapshot) -> str | None:
    """The workflow (or task) that runs Renovate itself, self-hosted, as "`renovatebot/github-action` in
    .github/workflows/deps.yml", or None."""
    for path, command in _commands(snapshot, _update_files(snapshot), _RENOVATE_RUNS):
        return f"`{command}` in {path}"
    return None


def _update_files(snapshot: Snapshot) -> Iterable[str]:
    from ..snapshot import compile_patterns

    wanted = compile_patterns(UPDATE_READS)
    return (p for p in sorted(snapshot.files) if wanted(p))


def _commands(snapshot: Snapshot, paths: Iterable[str], pattern: re.Pattern[str]) -> Iterable[tuple[str, str]]:
    for path in paths:
        text = snapshot.text(path) or ""
        for match in anchored.finditer(pattern, text, ANCHORS[pattern]):
            line = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
            if line.lstrip().startswith(("#", "//")):
                continue  # a comment names the command; it does not run it
            yield path, " ".join(re.sub(r"""["',]""", " ", match.group(0)).split())
