"""Hook runners a command hands over to: pre-commit and prek (`run` with its options read as the tools read them),
and lefthook (`lefthook run <hook>`, its commands and jobs in lefthook.yml).

`pre-commit run --hook-stage manual --all-files` runs the hooks of the manual stage, not a hook named `manual`;
`--from-ref X --to-ref Y`, `--files a b`, `--config path` take values too. A hook runs at a stage when its `stages`
(else the config's `default_stages`, else every stage) hold it; pre-commit's default stage is `pre-commit`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from .hits import HOOK_CHECKS, PYTEST, RUFF_FORMAT, RUFF_FORMAT_WRITE, Hit

if TYPE_CHECKING:
    from .scan import Scanner

LEFTHOOK_FILES = ("lefthook.yml", "lefthook.yaml", ".lefthook.yml", ".lefthook.yaml")
DEFAULT_STAGE = "pre-commit"
# options of `pre-commit run` / `prek run` that take one value (the value is never a hook id)
_VALUED = {
    "--hook-stage", "--stage", "--from-ref", "--source", "-s", "--to-ref", "--origin", "-o", "--config", "-c",
    "--color", "--remote-branch", "--local-branch", "--remote-name", "--remote-url", "--commit-msg-filename",
    "--checkout-type", "--prepare-commit-message-source", "--commit-object-name", "--rewrite-command",
    "--pre-rebase-upstream", "--pre-rebase-branch", "--is-squash-merge", "--skip", "--cd", "-C", "--log-file",
}  # fmt: skip
_LEGACY_STAGES = {"commit": "pre-commit", "push": "pre-push", "merge-commit": "pre-merge-commit"}


class HookRun(Struct, frozen=True):
    """What one `pre-commit run` (or `prek run`) runs: the hooks named (all when none is), at a stage, from a config."""

    ids: tuple[str, ...]
    stage: str = DEFAULT_STAGE
    config: str | None = None  # `--config path` (relative to where it runs); None: the repository's own


def hook_run(args: list[str]) -> HookRun | None:
    """`pre-commit [run] [options] [hook ids]` read as the tool reads it; None when it is another subcommand
    (`install`, `autoupdate`...)."""
    if args and not args[0].startswith("-"):
        if args[0] != "run":
            return None
        args = args[1:]
    ids: list[str] = []
    stage, config = DEFAULT_STAGE, None
    i = 0
    while i < len(args):
        option, _, inline = args[i].partition("=")
        if option == "--files":  # any number of files, up to the next option
            i += 1
            while i < len(args) and not args[i].startswith("-"):
                i += 1
            continue
        if option in _VALUED:
            value = inline or (args[i + 1] if i + 1 < len(args) else "")
            if option in ("--hook-stage", "--stage"):
                stage = _LEGACY_STAGES.get(value, value)
            elif option in ("--config", "-c"):
                config = value
            i += 1 if inline else 2
            continue
        if not args[i].startswith("-") and "$" not in args[i] and not args[i].startswith("*"):
            ids.append(args[i])
        i += 1
    return HookRun(tuple(ids), stage, config)


def runs_at(hook: dict[str, Any], stage: str, default_stages: object) -> bool:
    """Whether pre-commit runs `hook` at `stage`: its `stages`, else the config's `default_stages`, else all."""
    stages = hook.get("stages")
    if not isinstance(stages, list):
        stages = default_stages if isinstance(default_stages, list) else None
    if stages is None:
        return True
    return stage in {_LEGACY_STAGES.get(str(s), str(s)) for s in stages}


def hooks(scanner: Scanner, config: dict[str, Any], run: HookRun) -> set[Hit]:
    """The hits of the hooks a run selects: known hooks by id, a local hook by its `entry`. Hooks run at the
    repository root, on the files they match."""
    wanted = set(run.ids)
    found: set[Hit] = set()
    repos = config.get("repos")
    default_stages = config.get("default_stages")
    for entry in repos if isinstance(repos, list) else []:
        if not isinstance(entry, dict):
            continue
        listed = entry.get("hooks")
        for hook in listed if isinstance(listed, list) else []:
            if not isinstance(hook, dict) or (wanted and hook.get("id") not in wanted):
                continue
            if not runs_at(hook, run.stage, default_stages):
                continue  # a hook of another stage (`stages: [manual]`) runs only with --hook-stage
            hook_id = str(hook.get("id", ""))
            if hook_id in HOOK_CHECKS:
                found.add(Hit(HOOK_CHECKS[hook_id]))
            elif "pytest" in hook_id:
                found.add(Hit(PYTEST))
            if entry.get("repo") == "local" and isinstance(hook.get("entry"), str):
                found |= scanner.script(hook["entry"])
    # pre-commit fails when a hook changes files: a hook that runs `ruff format` checks the formatting
    return {Hit(RUFF_FORMAT, h.cwd, h.paths) if h.check == RUFF_FORMAT_WRITE else h for h in found}


def lefthook(scanner: Scanner, args: list[str], cwd: str) -> set[Hit]:
    """`lefthook run <hook> [--all-files]`: the `run` of every command, job and script of that hook in
    lefthook.yml, from the folder each names (`root:`); file placeholders stand for some files."""
    if args[:1] != ["run"] or len(args) < 2:
        return set()
    name = args[1]
    path = next((p for p in (f"{cwd}/{n}" if cwd else n for n in LEFTHOOK_FILES) if scanner.snapshot.exists(p)), None)
    if path is None:
        return set()
    hook = scanner.data(path).get(name)
    return set(scanner.memo(("lefthook", path, name), lambda: _lefthook_hook(scanner, hook, cwd)))


def _lefthook_hook(scanner: Scanner, hook: object, cwd: str) -> set[Hit]:
    if not isinstance(hook, dict):
        return set()
    found: set[Hit] = set()
    commands = hook.get("commands")
    entries = list(commands.values()) if isinstance(commands, dict) else []
    jobs = hook.get("jobs")
    entries += jobs if isinstance(jobs, list) else []
    while entries:
        entry = entries.pop()
        if not isinstance(entry, dict):
            continue
        group = entry.get("group")
        if isinstance(group, dict) and isinstance(group.get("jobs"), list):
            entries += group["jobs"]
        run = entry.get("run")
        if isinstance(run, str):
            root = entry.get("root")
            text = re.sub(r"\{(?:staged_files|all_files|push_files|files)\}", "$FILES", run)
            found |= scanner.script(text, f"{cwd}/{root}".strip("/") if isinstance(root, str) else cwd)
    return found


__all__ = ["DEFAULT_STAGE", "LEFTHOOK_FILES", "HookRun", "hook_run", "hooks", "lefthook", "runs_at"]
