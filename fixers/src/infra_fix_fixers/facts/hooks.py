"""What the repository's pre-commit configuration runs, read through the YAML tree (never by pattern)."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import ParseError
from ..snapshot import Snapshot

_COMMIT = re.compile(r"[0-9a-f]{40}")
PRECOMMIT_PATHS = (".pre-commit-config.yaml", ".pre-commit-config.yml")


def precommit_path(snapshot: Snapshot) -> str:
    """pre-commit reads `.pre-commit-config.yaml`; a repository that only has the `.yml` spelling keeps it."""
    if not snapshot.exists(PRECOMMIT_PATHS[0]) and snapshot.exists(PRECOMMIT_PATHS[1]):
        return PRECOMMIT_PATHS[1]
    return PRECOMMIT_PATHS[0]


def precommit_config(snapshot: Snapshot) -> dict[str, object]:
    """The pre-commit config as data ({} when absent or unparsable: the pre-commit fixer reports a broken file with
    its position, duplicate keys included)."""
    text = snapshot.text(precommit_path(snapshot))
    if text is None:
        return {}
    from ..edit.yaml import YamlDocument

    try:
        docs = YamlDocument(text).data  # duplicate keys refused, as the pre-commit fixer refuses them
    except ParseError:
        return {}
    return docs[0] if len(docs) == 1 and isinstance(docs[0], dict) else {}


def precommit_repos(snapshot: Snapshot) -> list[dict[str, object]]:
    """The `repos:` entries of the pre-commit config as data."""
    repos = precommit_config(snapshot).get("repos")
    return [entry for entry in repos if isinstance(entry, dict)] if isinstance(repos, list) else []


def selects(path: str, files: object, exclude: object) -> bool:
    """Whether pre-commit hands `path` to a hook (or, at the config's top level, to any) with these `files` and
    `exclude` regexes, searched as pre-commit searches them. A pattern Python cannot read is taken to select the
    file: the cautious answer, whether the question is what a new hook must pass or what a formatter may reject."""

    def found(pattern: object, default: bool) -> bool:
        if not isinstance(pattern, str) or not pattern:
            return default
        try:
            return re.search(pattern, path) is not None
        except re.error:
            return default  # unreadable: `files` matches, `exclude` excludes nothing

    return found(files, True) and not found(exclude, False)


def precommit_skips(snapshot: Snapshot) -> Callable[[str], bool]:
    """Whether the config's top level leaves a path out of every hook (`exclude:`, or `files:` not matching)."""
    config = precommit_config(snapshot)
    return lambda path: not selects(path, config.get("files"), config.get("exclude"))


def frozen_tag(text: str, rev: str) -> str | None:
    """The tag a rev frozen to a commit stands for: its `# frozen: vX` comment (`pre-commit autoupdate --freeze`)."""
    match = re.search(re.escape(rev) + r"""['"]?[ \t]*#[ \t]*frozen:[ \t]*(\S+)""", text)
    return match.group(1) if match else None


def hook_rev(snapshot: Snapshot, repo_suffix: str) -> str | None:
    """The version (without a leading `v`) the first entry whose repo URL ends with `repo_suffix` runs. A rev frozen
    to a commit (`pre-commit autoupdate --freeze`) is a version only through its `# frozen: vX` comment; without
    one the version is unknown (None), never the commit's hash."""
    for entry in precommit_repos(snapshot):
        url = str(entry.get("repo", "")).rstrip("/").removesuffix(".git").lower()
        rev = entry.get("rev")
        if url.endswith(repo_suffix.lower()) and isinstance(rev, str):
            if _COMMIT.fullmatch(rev):
                frozen = frozen_tag(snapshot.text(precommit_path(snapshot)) or "", rev)
                return frozen.removeprefix("v") if frozen else None
            return rev.removeprefix("v")
    return None
