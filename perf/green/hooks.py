"""The pre-commit hooks infra-fix added, run on the tree exactly as pre-commit would run them in CI.

The hook repositories cannot be cloned here, so each added `pre-commit/pre-commit-hooks` hook becomes a
`repo: local`, `language: system` hook whose entry is the same console script from the `pre-commit-hooks` package
in the venv, with the types of the package's manifest and the user's own `args`, `files`, `exclude`, types and the
config's top-level `files`/`exclude`. pre-commit itself then picks the files (`git ls-files`, `identify` for types),
so what is checked is what `pre-commit run --all-files` checks.
"""

from __future__ import annotations

import os
import subprocess  # noqa: S404 - fixed argument lists, never a shell
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

BIN = Path(sys.executable).parent
PRE_COMMIT_HOOKS = "pre-commit/pre-commit-hooks"
RUFF_PRE_COMMIT = "ruff-pre-commit"
# The pre-commit-hooks manifest (v6): hook id -> (console script, what selects its files).
MANIFEST: dict[str, tuple[str, dict[str, Any]]] = {
    "check-added-large-files": ("check-added-large-files", {}),
    "check-ast": ("check-ast", {"types": ["python"]}),
    "check-builtin-literals": ("check-builtin-literals", {"types": ["python"]}),
    "check-case-conflict": ("check-case-conflict", {}),
    "check-docstring-first": ("check-docstring-first", {"types": ["python"]}),
    "check-executables-have-shebangs": ("check-executables-have-shebangs", {"types": ["text", "executable"]}),
    "check-json": ("check-json", {"types": ["json"]}),
    "check-merge-conflict": ("check-merge-conflict", {"types": ["text"]}),
    "check-shebang-scripts-are-executable": ("check-shebang-scripts-are-executable", {"types": ["text"]}),
    "check-symlinks": ("check-symlinks", {"types": ["symlink"]}),
    "check-toml": ("check-toml", {"types": ["toml"]}),
    "check-vcs-permalinks": ("check-vcs-permalinks", {"types": ["text"]}),
    "check-xml": ("check-xml", {"types": ["xml"]}),
    "check-yaml": ("check-yaml", {"types": ["yaml"]}),
    "debug-statements": ("debug-statement-hook", {"types": ["python"]}),
    "destroyed-symlinks": ("destroyed-symlinks", {"types": ["file"]}),
    "detect-private-key": ("detect-private-key", {"types": ["text"]}),
    "double-quote-string-fixer": ("double-quote-string-fixer", {"types": ["python"]}),
    "end-of-file-fixer": ("end-of-file-fixer", {"types": ["text"]}),
    "fix-byte-order-marker": ("fix-byte-order-marker", {"types": ["text"]}),
    "mixed-line-ending": ("mixed-line-ending", {"types": ["text"]}),
    "name-tests-test": ("name-tests-test", {"files": r"(^|/)tests/.+\.py$"}),
    "pretty-format-json": ("pretty-format-json", {"types": ["json"]}),
    "requirements-txt-fixer": ("requirements-txt-fixer", {"files": r"requirements.*\.txt$"}),
    "trailing-whitespace": ("trailing-whitespace-fixer", {"types": ["text"]}),
}
_COPIED = ("args", "files", "exclude", "types", "types_or", "exclude_types", "stages", "always_run", "pass_filenames")


@dataclass(frozen=True)
class Hook:
    """One hook of a pre-commit config: the repository kind it comes from, its id, its settings, the rev."""

    source: str  # "pre-commit-hooks", "ruff-pre-commit" or the repo URL
    id: str
    spec: dict[str, Any]
    rev: str


@dataclass(frozen=True)
class HookRun:
    """A hook's outcome on the tree: passed, and what pre-commit printed."""

    hook: Hook
    passed: bool
    output: str


def load(text: str | None) -> dict[str, Any]:
    """The pre-commit config as data ({} when absent or unreadable)."""
    if not text:
        return {}
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def hooks(config: dict[str, Any]) -> list[Hook]:
    """Every hook of the config, tagged with the repository kind it comes from."""
    found: list[Hook] = []
    for entry in config.get("repos") or []:
        if not isinstance(entry, dict):
            continue
        url = str(entry.get("repo", ""))
        source = "pre-commit-hooks" if PRE_COMMIT_HOOKS in url else RUFF_PRE_COMMIT if RUFF_PRE_COMMIT in url else url
        for hook in entry.get("hooks") or []:
            if isinstance(hook, dict) and "id" in hook:
                found.append(Hook(source, str(hook["id"]), hook, str(entry.get("rev", ""))))
    return found


def added(before: str | None, after: str | None) -> list[Hook]:
    """Hooks in the after config that the before config did not run (by repository kind and id)."""
    old = {(h.source, h.id) for h in hooks(load(before))}
    return [h for h in hooks(load(after)) if (h.source, h.id) not in old]


def run(repo: Path, hook: Hook, config: dict[str, Any]) -> HookRun:
    """Run one pre-commit-hooks hook over the repository through pre-commit (`--all-files`)."""
    entry, selection = MANIFEST[hook.id]
    local: dict[str, Any] = {"id": hook.id, "name": hook.id, "entry": str(BIN / entry), "language": "system"}
    local.update(selection)
    local.update({key: hook.spec[key] for key in _COPIED if key in hook.spec})
    document: dict[str, Any] = {key: config[key] for key in ("files", "exclude") if key in config}
    document["repos"] = [{"repo": "local", "hooks": [local]}]
    with tempfile.TemporaryDirectory(prefix="green-pc-") as home:
        path = Path(home, "config.yaml")
        path.write_text(yaml.safe_dump(document), encoding="utf-8")
        env = {**os.environ, "PRE_COMMIT_HOME": str(Path(home, "cache")), "PRE_COMMIT_COLOR": "never"}
        argv = [str(BIN / "pre-commit"), "run", "--config", str(path), "--all-files", "--color", "never"]
        proc = subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=600, check=False)  # noqa: S603
    return HookRun(hook, proc.returncode == 0, (proc.stdout + proc.stderr).strip())
