"""RF checks, in the order they run on one configuration: legacy keys move first, so every later check finds the
settings where ruff reads them today."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from typing import Any

from ...edit.document import KeyComments
from ...edit.toml import TomlDocument
from ...facts import Repository
from ...facts.commands.scan import RUFF_FORMAT
from ...facts.tools.ruff import RuffConfig
from ...facts.workflows.survey import survey
from ...fixer import Check, FileRun, check
from ...model import Applicability, Severity
from .rules import COMPLEXITY, LEGACY, LINE_LENGTH, MANUAL, PER_FILE_IGNORES, SAFE, SELECT, TARGET_VERSION, UNSAFE

Path = tuple[str, ...]

# Settings ruff reads under [tool.ruff.lint] since 0.2; at the top level they are deprecated.
LEGACY_KEYS = (
    "select", "extend-select", "ignore", "extend-ignore", "per-file-ignores", "extend-per-file-ignores", "fixable",
    "extend-fixable", "unfixable", "extend-safe-fixes", "extend-unsafe-fixes", "dummy-variable-rgx", "external",
    "ignore-init-module-imports", "logger-objects", "task-tags", "typing-modules", "allowed-confusables",
    "explicit-preview-rules",
)  # fmt: skip
LEGACY_TABLES = (
    "flake8-annotations", "flake8-bandit", "flake8-boolean-trap", "flake8-bugbear", "flake8-builtins",
    "flake8-comprehensions", "flake8-copyright", "flake8-errmsg", "flake8-gettext", "flake8-implicit-str-concat",
    "flake8-import-conventions", "flake8-pytest-style", "flake8-quotes", "flake8-self", "flake8-tidy-imports",
    "flake8-type-checking", "flake8-unused-arguments", "isort", "mccabe", "pep8-naming", "pycodestyle",
    "pydocstyle", "pyflakes", "pylint", "pyupgrade",
)  # fmt: skip
RUFF_DEFAULT_SELECT = ("E4", "E7", "E9", "F")


class RuffDocument:
    """A ruff configuration being fixed: the TOML document, where ruff's settings sit in it, and what it governs."""

    def __init__(self, toml: TomlDocument, config: RuffConfig, repo: Repository) -> None:
        self.toml, self.config, self.repo = toml, config, repo
        self.section = config.section
        # A file that extends another is judged only for what it sets itself (see facts/tools/ruff.py).
        self.extends = toml.get((*self.section, "extend")) is not None

    @property
    def text(self) -> str:
        return self.toml.text

    def key(self, *parts: str) -> Path:
        return (*self.section, *parts)

    def get(self, path: Path, default: object = None) -> Any:  # noqa: ANN401 - TOML values are dynamic
        return self.toml.get(path, default)

    def line_of(self, path: Path) -> int | None:
        return self.toml.line_of(path)

    def comments(self, path: Path) -> KeyComments:
        return self.toml.comments(path)

    def judged(self, path: Path) -> bool:
        """Whether this file's value at `path` is this file's to fix (not inherited through `extend`)."""
        return not self.extends or self.get(path) is not None

    def lint_key(self, key: str) -> Path:
        """Where a lint setting is read from: under `lint`, or at the legacy top level if it is still there."""
        legacy = self.key(key)
        return (
            legacy
            if self.get(legacy) is not None and self.get(self.key("lint", key)) is None
            else self.key("lint", key)
        )

    def selected(self) -> list[str]:
        select, extend = self.get(self.lint_key("select")), self.get(self.lint_key("extend-select"))
        codes: list[str] = list(select if isinstance(select, list) else RUFF_DEFAULT_SELECT)
        return codes + (extend if isinstance(extend, list) else [])

    def active(self, code: str) -> bool:
        """Whether ruff reports `code` here: selected, and not ignored (a setting for a rule it does not report is
        dead configuration, and an ignore with a reason is the maintainers' word)."""
        ignore, extend = self.get(self.lint_key("ignore")), self.get(self.lint_key("extend-ignore"))
        ignored = [
            c for c in (ignore if isinstance(ignore, list) else []) + (extend if isinstance(extend, list) else [])
        ]
        return covered(code, self.selected()) and not covered(code, ignored)

    def loosening_kind(self) -> Applicability:
        """How safe a change that can only remove findings is: safe, unless RUF100 reports `# noqa` comments that
        the change makes unneeded."""
        return UNSAFE if covered("RUF100", self.selected()) else SAFE


Run = FileRun[RuffDocument]


def covered(code: str, selected: Sequence[str]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in selected if isinstance(s, str))


@check(LEGACY)
def legacy(run: Run) -> None:
    doc = run.doc
    for key in (*LEGACY_KEYS, *LEGACY_TABLES):
        old, new = doc.key(key), doc.key("lint", key)
        value = doc.get(old)
        if value is None or (key in LEGACY_TABLES and not isinstance(value, dict)):
            continue
        if doc.get(new) is not None:
            run.report(LEGACY, f"`{key}` is set both at the top level and under `lint`: merge them by hand (ruff "
                       "reads `lint`)", at=old, applicability=MANUAL)  # fmt: skip
            continue
        # `[tool.ruff.per-file-ignores]` is a table of its own; `select = [...]` a key
        move = doc.toml.rename_table if doc.toml.has_header(old) else doc.toml.move
        run.report(LEGACY, f"`{key}` belongs under `lint`", at=old, edit=lambda o=old, n=new, m=move: m(o, n))


@check(LINE_LENGTH)
def line_length(run: Run) -> None:
    doc, want = run.doc, run.ctx.settings.blueprint.line_length
    key = doc.key("line-length")
    have = doc.get(key)
    if have == want or not doc.judged(key):
        return
    message = f"line-length is {have}, the blueprint's is {want}" if have is not None else f"set line-length = {want}"
    facts = run.ctx.shared(survey)
    formatter = {f for p in doc.config.governs if (f := facts.chosen(RUFF_FORMAT, p))}
    if formatter:  # black formats: ruff's width is what E501 and ruff's fixes keep to
        message += f"; {min(formatter)} formats the code at its own width: set it to the same in the same commit"
    else:
        message += "; `ruff format` then reflows code to the new width: run it in the same commit"
    run.report(LINE_LENGTH, message, at=key, edit=lambda: doc.toml.set(key, want), respect=key, values=[want])


@check(TARGET_VERSION)
def target_version(run: Run) -> None:
    doc = run.doc
    want, key = doc.config.target, doc.key("target-version")
    have = doc.get(key)
    if want is None or have == want or not doc.judged(key):
        return
    sources = doc.config.floor_sources()
    if have is None:
        if doc.config.inferred_target(doc.repo) == want:
            return  # ruff infers the floor from the requires-python beside it: a line saying so again is noise
        why = " (ruff does not infer it here: pyupgrade and syntax rules may change)"
        run.report(TARGET_VERSION, f'set target-version = "{want}", the floor of {sources}{why}', at=key,
                   edit=lambda: doc.toml.set(key, want), applicability=UNSAFE, respect=key, values=[want])  # fmt: skip
        return
    run.report(TARGET_VERSION, f'target-version is "{have}" but {sources} gives "{want}"', at=key,
               edit=lambda: doc.toml.set(key, want), respect=key, values=[want])  # fmt: skip


@check(SELECT)
def select(run: Run) -> None:
    doc, bp = run.doc, run.ctx.settings.blueprint
    select_key, extend_key = doc.lint_key("select"), doc.lint_key("extend-select")
    if not (doc.judged(select_key) or doc.judged(extend_key)):
        return
    current, extend = doc.get(select_key), doc.get(extend_key)
    facts = run.ctx.shared(survey)
    sorters = {facts.chosen("I", p) for p in doc.config.governs} - {None}
    missing = [c for c in bp.ruff_select if not covered(c, doc.selected()) and not (c == "I" and sorters)]
    if not missing:
        return
    if isinstance(current, list) or not isinstance(extend, list):
        target, items = select_key, missing if isinstance(current, list) else list(bp.ruff_select)
    else:
        target, items = extend_key, missing
    required = [c for c in missing if c in bp.ruff_required]
    run.report(
        SELECT,
        f"ruff does not select {' '.join(missing)}",
        at=target,
        edit=lambda: doc.toml.extend(target, items),
        severity=None if required else Severity.WARNING,
        respect=target,
        values=missing,
    )


@check(COMPLEXITY)
def complexity(run: Run) -> None:
    doc, bp = run.doc, run.ctx.settings.blueprint
    limits = (
        (("mccabe", "max-complexity"), bp.max_complexity, "C901"),
        (("pylint", "max-args"), bp.max_args, "PLR0913"),
        (("pylint", "max-branches"), bp.max_branches, "PLR0912"),
        (("pylint", "max-statements"), bp.max_statements, "PLR0915"),
    )
    for (table, key), want, code in limits:
        where = (*doc.lint_key(table), key)
        have = doc.get(where)
        if (isinstance(have, int) and have <= want) or not doc.judged(where) or not doc.active(code):
            continue  # a threshold of a rule ruff does not report is set when the rule is selected (RF003)
        edit = lambda w=where, v=want: doc.toml.set(w, v)  # noqa: E731
        if have is None:
            run.report(COMPLEXITY, f"set {table}.{key} = {want}", at=where, edit=edit,
                       applicability=doc.loosening_kind(), respect=where, values=[want])  # fmt: skip
            continue
        run.report(COMPLEXITY, f"{table}.{key} is {have}, looser than the blueprint's {want}", at=where, edit=edit,
                   respect=where, values=[want])  # fmt: skip


@check(PER_FILE_IGNORES)
def per_file_ignores(run: Run) -> None:
    doc, bp = run.doc, run.ctx.settings.blueprint
    table = doc.lint_key("per-file-ignores")
    if not doc.judged(table) and doc.extends:
        return
    for folder, pattern, samples, wanted in _wanted_ignores(doc, bp.test_ignores, bp.migration_ignores):
        codes = tuple(c for c in wanted if doc.active(c))  # ignoring what ruff does not report is dead configuration
        if not codes:
            continue
        current = doc.get(table) or {}
        matching = [k for k, v in current.items() if isinstance(v, list) and all(_glob_matches(k, s) for s in samples)]
        have = [c for k in matching for c in current[k]]
        missing = [c for c in codes if not covered(c, have)]
        if not missing:
            continue
        own = [k for k in matching if folder in k]  # an entry for this folder, not a catch-all like "**/*.py"
        key = own[0] if own else pattern
        edit = (lambda k=key, m=missing: doc.toml.extend((*table, k), m)) if own else (
            lambda k=key, c=codes: doc.toml.set((*table, k), list(c)))  # fmt: skip
        run.report(PER_FILE_IGNORES, f'per-file-ignores "{key}" lacks {" ".join(missing)}', at=(*table, key),
                   edit=edit, applicability=doc.loosening_kind(), respect=(*table, key), values=missing)  # fmt: skip


def _wanted_ignores(
    doc: RuffDocument, test_codes: tuple[str, ...], migration_codes: tuple[str, ...]
) -> list[tuple[str, str, list[str], tuple[str, ...]]]:
    """(folder, pattern to add, sample paths the pattern must match, codes) for the governed projects' tests and
    migrations, as paths relative to this configuration. Test folders of several projects (a workspace root's
    configuration) share one `**/tests/**/*.py` entry, as people write it."""
    tests: dict[str, list[str]] = {}
    for project in doc.config.governs:
        for folder in project.test_dirs:
            rel = doc.config.relative(project, folder)
            if rel:
                tests.setdefault(rel.rsplit("/", 1)[-1], []).append(rel)
    wanted = []
    for name, rels in tests.items():
        rels = sorted(set(rels))
        pattern = f"{rels[0]}/**/*.py" if len(rels) == 1 and "/" not in rels[0] else f"**/{name}/**/*.py"
        wanted.append((name, pattern, [f"{rel}/unit/test_example.py" for rel in rels], test_codes))
    migrations = {
        m.rsplit("/", 1)[-1] for p in doc.config.governs for m in p.migration_dirs if doc.config.relative(p, m)
    }
    for name in sorted(migrations):
        wanted.append((name, f"**/{name}/**/*.py", [f"app/{name}/versions/0001_init.py"], migration_codes))
    return wanted


def _glob_matches(pattern: str, sample: str) -> bool:
    """Approximates ruff's per-file-ignores matching (globset): a glob against the path, or against the file name
    alone; `{a,b}` alternatives, and `**/` matching no folder too."""
    name = sample.rsplit("/", 1)[-1]
    for each in _alternatives(pattern.removeprefix("./")):
        bare = each[3:] if each.startswith("**/") else each
        if any(fnmatch.fnmatchcase(target, p) for target in (sample, name) for p in (each, bare)):
            return True
    return False


def _alternatives(pattern: str, limit: int = 64) -> list[str]:
    """A glob's `{a,b}` alternatives spelled out (`**/{tests,test}/*` is two globs), up to `limit`."""
    found, pending = [], [pattern]
    while pending and len(found) < limit:
        each = pending.pop()
        match = re.search(r"\{([^{}]*)\}", each)
        if match is None:
            found.append(each)
            continue
        pending += [each[: match.start()] + part + each[match.end() :] for part in match.group(1).split(",")]
    return found


CHECKS: tuple[Check[RuffDocument], ...] = (legacy, line_length, target_version, select, complexity, per_file_ignores)
