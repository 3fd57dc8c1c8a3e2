"""Would a new hygiene hook pass on the repository as it is? check-json, check-yaml and check-toml simulated on the
files they would check, chosen as pre-commit chooses them (identify's file types: `poetry.lock` and `Pipfile` are
TOML, `.babelrc` JSON, `.clang-format` YAML) and read the way pre-commit-hooks reads them.

A hook added over files it cannot read fails the next commit that touches them: check-json on tsconfig.json,
devcontainer.json, `.vscode/*.json` or a JSON-with-comments pyrightconfig.json. Such files are excluded from the new
hook (`exclude:`); where files fail for other reasons, the hook is not added and the files are named.
"""

from __future__ import annotations

import json
import re
import tomllib

from ...edit import toml_lock
from ...snapshot import Snapshot

_TYPES = {"check-json": "json", "check-yaml": "yaml", "check-toml": "toml"}
_COMMENTED = re.compile(r"(?m)^\s*//|/\*")
_MAX_NAMED = 5
_MERGE = re.compile(r"<<\s*:")  # a merge key (not a shell heredoc's `<<EOF` in a workflow's `run:`)


def failing(hook: str, snapshot: Snapshot) -> tuple[list[str], list[str]]:
    """(files the hook would fail on because they hold comments its reader rejects, files it would fail on for
    other reasons), for the hooks that read one file kind."""
    kind = _TYPES.get(hook)
    if kind is None:
        return [], []
    from identify.identify import tags_from_filename

    from ...facts.hooks import precommit_skips

    commented, other = [], []
    skipped = precommit_skips(snapshot)
    for path in snapshot.named_like(lambda name: kind in tags_from_filename(name)):  # one test per distinct name
        if skipped(path):
            continue  # the config's top-level `exclude:` keeps it from every hook (pytest-cov's ci/templates)
        text = snapshot.text(path)
        if text is None or _passes(hook, text):
            continue
        (commented if hook == "check-json" and _COMMENTED.search(text) else other).append(path)
    return commented, other


def reads() -> tuple[str, ...]:
    """The files the simulated hooks check, as patterns for the driver to load: every name and extension identify
    gives one of their types."""
    from identify import extensions

    wanted = set(_TYPES.values())
    return (
        *(f"**/*.{ext}" for ext, tags in sorted(extensions.EXTENSIONS.items()) if tags & wanted),
        *(f"**/{name}" for name, tags in sorted(extensions.NAMES.items()) if tags & wanted),
    )


def _passes(hook: str, text: str) -> bool:
    if hook == "check-json":
        try:
            json.loads(text, object_pairs_hook=_no_duplicates)
        except (ValueError, RecursionError):
            return False
        return True
    if hook == "check-toml":
        if toml_lock.valid(text):  # a uv.lock, without parsing a megabyte
            return True
        try:
            tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError):
            return False
        return True
    return _yaml_passes(text)


def _no_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate key")
    return dict(pairs)


def _yaml_passes(text: str) -> bool:
    """check-yaml: a single document, loaded safely (unknown tags and duplicate keys fail). A text infra-fix's own
    bounded reader accepts as one document without merge keys passes it too (that reader refuses whatever the safe
    loader refuses, and more), and is usually parsed already (the workflows): only the others are loaded again."""
    from ...edit.yaml_parse import parse, plain_single_document
    from ...model import ParseError

    if plain_single_document(text):  # libyaml in C, for most texts: a 600 KB pnpm-lock.yaml in a tenth of a second
        return True
    if not _MERGE.search(text):
        try:
            if len(parse(text).roots) <= 1:
                return True
        except ParseError:
            pass  # the safe loader decides: it may accept what the bounded reader refuses

    from ruamel.yaml import YAML  # only here: most texts never need it, and it costs 10 ms to import
    from ruamel.yaml.error import YAMLError

    try:
        documents = list(YAML(typ="safe", pure=True).load_all(text))
    except (YAMLError, RecursionError, ValueError):
        return False
    return len(documents) <= 1


def exclude_pattern(paths: list[str]) -> str:
    """The `exclude:` regex pre-commit matches against paths: exactly these files."""
    return "^(" + "|".join(re.escape(p).replace("\\/", "/") for p in paths) + ")$"


def named(paths: list[str]) -> str:
    shown = ", ".join(paths[:_MAX_NAMED])
    return shown + (f" and {len(paths) - _MAX_NAMED} more" if len(paths) > _MAX_NAMED else "")
