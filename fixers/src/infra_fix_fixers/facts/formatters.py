"""Which of the repository's own formatters and linters check a configuration file infra-fix edits.

pyproject-fmt reorders tables and respaces arrays, prettier and yamlfmt rewrite YAML and JSON in their own style,
yamllint has its own line length: an edit infra-fix verified is still one such a hook may reject, and infra-fix cannot
run the hook to know. So a fix to a file one of them covers is unsafe (safe means green stays green, and this is a
check the project runs), and the report names the hook to run in the same commit.

A hook's files are chosen as pre-commit chooses them: the config's `files`/`exclude` (top level and the hook's), its
`types`, `types_or` and `exclude_types` over identify's tags, else the hook's own defaults as its repository
publishes them (known here for the hooks that touch the files infra-fix edits). A local hook counts when its entry
runs one of these tools. editorconfig-checker counts wherever it is run (pytest-django's tox runs `ec .`): it holds
every file to .editorconfig's indentation and line length.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from msgspec import Struct

from ..snapshot import Snapshot
from .hooks import precommit_config, precommit_path, precommit_repos, selects

if TYPE_CHECKING:
    from .repository import Repository


class CodeTool(Struct, frozen=True):
    """A formatter, import sorter or linter of Python code other than ruff's: a project that runs one has chosen it,
    and is not asked to run ruff's beside it (`ruff format`, ruff's isort rules `I`, or `ruff check`)."""

    name: str  # its check name in the command analysis
    stands_for: str  # "ruff-format", "I" (ruff's isort rules) or "ruff-check"
    hooks: tuple[str, ...]  # its pre-commit hook ids
    commands: tuple[str, ...]  # the commands (or `python -m` modules) that run it


CODE_TOOLS = (
    CodeTool("black", "ruff-format", ("black", "black-jupyter"), ("black",)),
    CodeTool("blue", "ruff-format", ("blue",), ("blue",)),
    CodeTool("pyink", "ruff-format", ("pyink",), ("pyink",)),
    CodeTool("yapf", "ruff-format", ("yapf",), ("yapf",)),
    CodeTool("autopep8", "ruff-format", ("autopep8",), ("autopep8",)),
    CodeTool("isort", "I", ("isort",), ("isort",)),
    CodeTool("reorder-python-imports", "I", ("reorder-python-imports",), ("reorder-python-imports",)),
    CodeTool("usort", "I", ("usort",), ("usort",)),
    CodeTool("flake8", "ruff-check", ("flake8",), ("flake8",)),
)

# hook id -> (default `files` regex, default `types`, default `types_or`), as each hook's .pre-commit-hooks.yaml has
# them, narrowed to what infra-fix edits (prettier's and biome's own lists are longer).
_KNOWN: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "pyproject-fmt": (r"(^|/)pyproject\.toml$", (), ()),
    "pyprojectsort": (r"(^|/)pyproject\.toml$", (), ()),
    "sort-pyproject": (r"(^|/)pyproject\.toml$", (), ()),
    "tombi-format": ("", ("toml",), ()),
    "tombi-lint": ("", ("toml",), ()),
    "taplo-format": ("", ("toml",), ()),
    "taplo-fmt": ("", ("toml",), ()),
    "toml-sort": ("", ("toml",), ()),
    "toml-sort-fix": ("", ("toml",), ()),
    "pretty-format-toml": (r"\.toml$", (), ()),
    "pretty-format-yaml": (r"\.ya?ml$", (), ()),
    "pretty-format-json": ("", ("json",), ()),
    "prettier": ("", (), ("yaml", "json", "json5")),
    "yamlfmt": ("", ("yaml",), ()),
    "yamllint": ("", ("yaml",), ()),
    "biome-check": ("", (), ("json", "jsonc")),
    "biome-format": ("", (), ("json", "jsonc")),
    "biome-ci": ("", (), ("json", "jsonc")),
    "dprint": ("", (), ("json", "toml", "yaml")),
    "editorconfig-checker": ("", (), ()),
    "editorconfig-checker-system": ("", (), ()),
    "checkmake": ("", ("makefile",), ()),  # lints Makefiles (a new target past its maxbodylength fails it)
    "checkmake-system": ("", ("makefile",), ()),
    "mbake-format": ("", ("makefile",), ()),  # reformats Makefiles in its own style
}
# what a local hook's entry runs -> the known hook it stands for
_TOOLS = {"pyproject-fmt": "pyproject-fmt", "pyprojectsort": "pyprojectsort", "tombi": "tombi-format",
          "taplo": "taplo-format", "toml-sort": "toml-sort",
          "prettier": "prettier", "yamlfmt": "yamlfmt", "yamllint": "yamllint", "biome": "biome-check",
          "dprint": "dprint", "editorconfig-checker": "editorconfig-checker", "ec": "editorconfig-checker",
          "checkmake": "checkmake", "mbake": "mbake-format", "bake": "mbake-format"}  # fmt: skip


class Formatter(Struct, frozen=True):
    """A formatter or linter the repository runs over configuration files (a pre-commit hook, or
    editorconfig-checker however it is run), and its file selection."""

    hook: str
    files: tuple[str, ...]  # the config's top level's and the hook's own: the file must pass both
    exclude: tuple[str, ...]
    types: tuple[str, ...]
    types_or: tuple[str, ...]
    exclude_types: tuple[str, ...]

    def covers(self, path: str, tags: set[str]) -> bool:
        return (
            all(selects(path, files, exclude) for files, exclude in zip(self.files, self.exclude, strict=True))
            and set(self.types) <= tags
            and (not self.types_or or bool(set(self.types_or) & tags))
            and not set(self.exclude_types) & tags
        )

    def advice(self, path: str) -> str:
        """What to say of a fix to `path` under this tool."""
        if self.hook == _EDITORCONFIG:
            return (f"the project runs editorconfig-checker, which checks {path} against .editorconfig (indentation, "
                    f"line length) and may reject this edit: run `ec {path}` in the same commit")  # fmt: skip
        return (f"the project's pre-commit hook {self.hook} formats or lints {path} and may rewrite or reject this "
                f"edit: run `pre-commit run {self.hook} --files {path}` in the same commit")  # fmt: skip


_EDITORCONFIG = "editorconfig-checker (run by the project)"
# editorconfig-checker run by a task runner, a workflow or a dependency the project installs for it
_RUNS_EC = re.compile(r"(?m)editorconfig-checker|^\s*(?:[\w,.-]+:\s+)?(?:uv run |uvx |pipx run )?ec(?:\s+\S+)*\s*$")
_EC_PLACES = ("tox.ini", "tox.toml", "Makefile", "noxfile.py", "pyproject.toml", "justfile", "Taskfile.yml")


def formatters(snapshot: Snapshot) -> tuple[Formatter, ...]:
    """The formatting and linting hooks of the repository's pre-commit config (the top level's `files`/`exclude`
    folded into each), and editorconfig-checker where the project runs it over its .editorconfig."""
    found: list[Formatter] = []
    if snapshot.exists(".editorconfig") and _runs_editorconfig_checker(snapshot):
        found.append(Formatter(_EDITORCONFIG, (), (), (), (), ()))
    if snapshot.text(precommit_path(snapshot)) is None:
        return tuple(found)  # and no YAML library imported for nothing
    config = precommit_config(snapshot)
    for entry in precommit_repos(snapshot):
        hooks = entry.get("hooks")
        for hook in hooks if isinstance(hooks, list) else ():
            if not isinstance(hook, dict):
                continue
            known = _known(hook, local=entry.get("repo") in ("local", "meta"))
            if known is None:
                continue
            files, types, types_or = _KNOWN[known]
            found.append(
                Formatter(
                    hook=str(hook.get("id", known)),
                    files=(_str(config.get("files"), ""), _str(hook.get("files"), files)),
                    exclude=(_str(config.get("exclude"), ""), _str(hook.get("exclude"), "")),
                    types=_strs(hook.get("types"), types),
                    types_or=_strs(hook.get("types_or"), types_or),
                    exclude_types=_strs(hook.get("exclude_types"), ()),
                )
            )
    return tuple(found)


def formatting_hooks(repo: Repository) -> tuple[Formatter, ...]:
    """`formatters` as a run's shared analysis (worked out once, whichever file asks first)."""
    return formatters(repo.snapshot)


def formatter_of(hooks: tuple[Formatter, ...], path: str) -> Formatter | None:
    """The first tool that formats or lints `path` (a file that may not exist yet: its name decides its type)."""
    if not hooks:
        return None
    from identify.identify import tags_from_filename

    tags = {"file", "text", *tags_from_filename(path.rpartition("/")[2])}
    return next((h for h in hooks if h.covers(path, tags)), None)


def _runs_editorconfig_checker(snapshot: Snapshot) -> bool:
    """editorconfig-checker checks every file against .editorconfig, wherever it is run from: a pre-commit hook
    (found with the hooks), a tox environment or Makefile recipe (`ec .`), a workflow."""
    places = [p for name in _EC_PLACES for p in snapshot.named(name)]
    places += [p for p in snapshot.paths if p.startswith(".github/workflows/")]
    return any(_RUNS_EC.search(snapshot.text(p) or "") for p in places)


def _known(hook: dict[str, object], *, local: bool) -> str | None:
    hook_id = str(hook.get("id", ""))
    if not local:
        return hook_id if hook_id in _KNOWN else None
    words = str(hook.get("entry", "")).split()
    for word in words[:3]:  # `prettier --check`, `npx prettier`, `uv run yamllint`
        name = word.rpartition("/")[2]
        if name in _TOOLS:
            return _TOOLS[name]
    return None


def _str(value: object, default: str) -> str:
    return value if isinstance(value, str) else default


def _strs(value: object, default: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else default
