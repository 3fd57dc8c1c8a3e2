"""RF: ruff's configuration, in `[tool.ruff]` of pyproject.toml or in `ruff.toml` / `.ruff.toml`.

The rules run in a fixed order on one document: legacy keys move first, so every later rule finds the settings
where ruff reads them today.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import replace

from ..edit.toml import TomlDocument
from ..facts import Facts
from ..fixer import Context, Fixer, Outcome
from ..model import Applicability, Finding, Rule, Severity, fixes, noop, reports
from ..snapshot import Snapshot

SAFE, UNSAFE, MANUAL = Applicability.SAFE, Applicability.UNSAFE, Applicability.MANUAL
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

_PY = '[project]\nname = "demo"\nrequires-python = ">=3.11"\n'

LINE_LENGTH = Rule(
    code="RF001",
    name="ruff-line-length",
    summary="ruff's line-length is the blueprint's (120)",
    rationale="Wide enough for modern screens, narrow enough to avoid horizontal scrolling in diffs.",
    applicability=SAFE,
    fix="Sets `line-length` in the ruff configuration, adding it where absent.",
    examples=(
        fixes("absent", _PY + "\n[tool.ruff]\n", _PY + "\n[tool.ruff]\nline-length = 120\n"),
        fixes(
            "other-value-comment-kept",
            _PY + "\n[tool.ruff]\nline-length = 88  # black's\n",
            _PY + "\n[tool.ruff]\nline-length = 120  # black's\n",
        ),
        fixes("ruff-toml", "line-length = 100\n", "line-length = 120\n", path="ruff.toml"),
        noop("compliant", _PY + "\n[tool.ruff]\nline-length = 120\n"),
    ),
)
TARGET_VERSION = Rule(
    code="RF002",
    name="ruff-target-version",
    summary="ruff's target-version is the floor of requires-python",
    rationale="ruff's pyupgrade and syntax rules must target the oldest Python the project supports, the same "
    "version pyright and CI use.",
    applicability=UNSAFE,
    fix="Adds `target-version` (safe: ruff already infers it from requires-python) or moves it to the floor "
    "(unsafe: other rules start to apply).",
    examples=(
        fixes("absent", _PY + "\n[tool.ruff]\n", _PY + '\n[tool.ruff]\ntarget-version = "py311"\n'),
        fixes(
            "moves-with-unsafe-fixes",
            _PY + '\n[tool.ruff]\ntarget-version = "py38"\n',
            _PY + '\n[tool.ruff]\ntarget-version = "py311"\n',
            unsafe_fixes=True,
        ),
        reports("moves-only-with-unsafe-fixes", _PY + '\n[tool.ruff]\ntarget-version = "py38"\n'),
        noop("compliant", _PY + '\n[tool.ruff]\ntarget-version = "py311"\n'),
        noop("no-floor-known", '[project]\nname = "x"\n\n[tool.ruff]\n'),
        fixes(
            "floor-older-than-ruff-can-target",
            '[project]\nname = "x"\nrequires-python = ">=3.6"\n\n[tool.ruff]\n',
            '[project]\nname = "x"\nrequires-python = ">=3.6"\n\n[tool.ruff]\ntarget-version = "py37"\n',
        ),
    ),
)
SELECT = Rule(
    code="RF003",
    name="ruff-rule-selection",
    summary="ruff selects the blueprint's rules: E F W I UP B C901 PLR0913 PLR0912 PLR0915 S ANN",
    rationale="E/F/W/I are the minimum; bugbear and bandit catch real bugs and hard-coded secrets, ANN keeps public "
    "APIs typed, the complexity rules keep functions finite. Codes already covered (`ALL`, a prefix, "
    "`extend-select`) are not added again; the project's own codes and order are kept.",
    applicability=UNSAFE,
    severity=Severity.ERROR,
    fix="Appends the missing codes to `lint.select` (or `extend-select`) in the list's own layout.",
    examples=(
        fixes(
            "appends-missing-keeping-layout",
            _PY + '\n[tool.ruff.lint]\nselect = [\n    "E",  # errors\n    "F",\n]\n',
            _PY + '\n[tool.ruff.lint]\nselect = [\n    "E",  # errors\n    "F",\n    "W",\n    "I",\n    "UP",\n'
            '    "B",\n    "C901",\n    "PLR0913",\n    "PLR0912",\n    "PLR0915",\n    "S",\n    "ANN",\n]\n',
            unsafe_fixes=True,
        ),
        fixes(
            "extend-select",
            _PY + '\n[tool.ruff.lint]\nextend-select = ["I", "B", "UP", "W", "S", "ANN", "C90", "PLR"]\n',
            _PY + '\n[tool.ruff.lint]\nextend-select = ["I", "B", "UP", "W", "S", "ANN", "C90", "PLR", "E"]\n',
            unsafe_fixes=True,
        ),
        reports("unsafe-not-applied", _PY + '\n[tool.ruff.lint]\nselect = ["E", "F"]\n'),
        noop("all-covers-everything", _PY + '\n[tool.ruff.lint]\nselect = ["ALL"]\n'),
        noop(
            "prefixes-cover-codes",
            _PY + '\n[tool.ruff.lint]\nselect = ["E", "F", "W", "I", "UP", "B", "C90", "PL", "S", "ANN"]\n',
        ),
    ),
)
LEGACY = Rule(
    code="RF004",
    name="ruff-legacy-lint-settings",
    summary="lint settings live under `[tool.ruff.lint]`, not at the top of `[tool.ruff]`",
    rationale="ruff deprecated top-level lint settings in 0.2; the blueprint's layout keeps every lint setting in "
    "one table, where the other rules look for it.",
    applicability=SAFE,
    fix="Moves each top-level lint key (with the comments just above it) and renames plugin tables such as "
    "`[tool.ruff.isort]` to `[tool.ruff.lint.isort]`; where `lint` is not a table yet the key is renamed in place.",
    examples=(
        fixes(
            "renamed-in-place",
            _PY + '\n[tool.ruff]\nline-length = 120\nselect = ["E", "F"]\n',
            _PY + '\n[tool.ruff]\nline-length = 120\nlint.select = ["E", "F"]\n',
        ),
        fixes(
            "moved-into-existing-lint-table",
            _PY + '\n[tool.ruff]\n# ours\nignore = ["E501"]\n\n[tool.ruff.lint]\nselect = ["E"]\n',
            _PY + '\n[tool.ruff]\n\n[tool.ruff.lint]\nselect = ["E"]\n# ours\nignore = ["E501"]\n',
        ),
        fixes(
            "legacy-key-written-as-a-table",
            _PY + '\n[tool.ruff.per-file-ignores]\n"app/__main__.py" = ["E402"]\n',
            _PY + '\n[tool.ruff.lint.per-file-ignores]\n"app/__main__.py" = ["E402"]\n',
        ),
        fixes(
            "plugin-table-renamed",
            _PY + "\n[tool.ruff.isort]\nknown-first-party = []\n",
            _PY + "\n[tool.ruff.lint.isort]\nknown-first-party = []\n",
        ),
        reports(
            "both-places-is-manual",
            _PY + '\n[tool.ruff]\nselect = ["E"]\n\n[tool.ruff.lint]\nselect = ["F"]\n',
        ),
        noop("modern-layout", _PY + '\n[tool.ruff.lint]\nselect = ["E"]\n'),
    ),
)
COMPLEXITY = Rule(
    code="RF005",
    name="ruff-complexity-limits",
    summary="mccabe max-complexity 15; pylint max-args 10, max-branches 15, max-statements 60",
    rationale="Generous but finite thresholds prevent unbounded function growth. A stricter value the project "
    "already has is kept.",
    applicability=UNSAFE,
    fix="Adds the limits where absent (safe: without the values ruff uses looser defaults only for selected rules) "
    "and lowers a looser existing value (unsafe: new findings).",
    examples=(
        fixes(
            "absent-tables-added",
            _PY + '\n[tool.ruff.lint]\nselect = ["E"]\n',
            _PY + '\n[tool.ruff.lint]\nselect = ["E"]\n\n[tool.ruff.lint.mccabe]\nmax-complexity = 15\n\n'
            "[tool.ruff.lint.pylint]\nmax-args = 10\nmax-branches = 15\nmax-statements = 60\n",
        ),
        reports(
            "looser-value-is-unsafe",
            _PY + "\n[tool.ruff.lint.mccabe]\nmax-complexity = 30\n\n[tool.ruff.lint.pylint]\nmax-args = 10\n"
            "max-branches = 15\nmax-statements = 60\n",
        ),
        noop(
            "stricter-value-kept",
            _PY + "\n[tool.ruff.lint.mccabe]\nmax-complexity = 10\n\n[tool.ruff.lint.pylint]\nmax-args = 5\n"
            "max-branches = 12\nmax-statements = 50\n",
        ),
    ),
)
PER_FILE_IGNORES = Rule(
    code="RF006",
    name="ruff-per-file-ignores",
    summary="tests ignore S101 S105 S106 S108 ANN; migrations ignore S608 ANN",
    rationale="Tests need `assert` and fake secrets and do not need annotations; migrations use dynamic SQL.",
    applicability=SAFE,
    fix="Adds the missing codes to the existing entry for the tests (or migrations) folder, or adds the entry.",
    examples=(
        fixes(
            "entry-added",
            _PY + "\n[tool.ruff.lint.per-file-ignores]\n",
            _PY + '\n[tool.ruff.lint.per-file-ignores]\n"tests/**/*.py" = ["S101", "S105", "S106", "S108", "ANN"]\n',
            files={"tests/test_app.py": ""},
        ),
        fixes(
            "merged-into-existing-entry",
            _PY + '\n[tool.ruff.lint.per-file-ignores]\n"tests/*" = ["S101"]\n',
            _PY + '\n[tool.ruff.lint.per-file-ignores]\n"tests/*" = ["S101", "S105", "S106", "S108", "ANN"]\n',
            files={"tests/test_app.py": ""},
        ),
        fixes(
            "migrations",
            _PY + '\n[tool.ruff.lint.per-file-ignores]\n"**/migrations/**/*.py" = ["E501"]\n',
            _PY + '\n[tool.ruff.lint.per-file-ignores]\n"**/migrations/**/*.py" = ["E501", "S608", "ANN"]\n',
            files={"app/migrations/env.py": "", "app/migrations/versions/001_init.py": ""},
        ),
        noop("no-tests-folder", _PY + "\n[tool.ruff.lint]\n"),
        noop(
            "covered-by-prefixes",
            _PY + '\n[tool.ruff.lint.per-file-ignores]\n"tests/**" = ["S", "ANN"]\n',
            files={"tests/test_app.py": ""},
        ),
    ),
)

RULES = (LEGACY, LINE_LENGTH, TARGET_VERSION, SELECT, COMPLEXITY, PER_FILE_IGNORES)


def targets(snapshot: Snapshot, facts: Facts) -> tuple[str, ...]:
    """ruff's own precedence: `.ruff.toml`, then `ruff.toml`, then pyproject.toml."""
    for name in (".ruff.toml", "ruff.toml", "pyproject.toml"):
        if snapshot.exists(name):
            return (name,)
    return ()


def fix(path: str, text: str | None, ctx: Context) -> Outcome:
    if text is None:
        return Outcome(None)
    doc = TomlDocument(text)
    base: Path = () if path.endswith("ruff.toml") else ("tool", "ruff")
    if doc.get((*base, "extend")) is not None:
        return Outcome(None)  # the settings come from another file too: judging this one alone would mislead
    findings: list[Finding] = []
    for check in (_legacy, _line_length, _target_version, _select, _complexity, _per_file_ignores):
        findings += check(doc, base, path, ctx)
    return Outcome(doc.text if doc.text != text else None, tuple(findings))


def _legacy(doc: TomlDocument, base: Path, path: str, ctx: Context) -> list[Finding]:
    found = []
    lint = (*base, "lint")
    for key in (*LEGACY_KEYS, *LEGACY_TABLES):
        old, new = (*base, key), (*lint, key)
        if doc.get(old) is None or (key in LEGACY_TABLES and not isinstance(doc.get(old), dict)):
            continue
        line = doc.line_of(old)
        if doc.get(new) is not None:
            message = f"`{key}` is set both at the top level and under `lint`: merge them by hand (ruff reads `lint`)"
            found.append(ctx.finding(LEGACY, path, message, line=line, applicability=MANUAL))
            continue
        if not ctx.may_fix(LEGACY):
            found.append(ctx.finding(LEGACY, path, f"`{key}` belongs under `lint`", line=line))
            continue
        # `[tool.ruff.per-file-ignores]` is a table of its own; `select = [...]` a key
        moved = doc.rename_table(old, new) if doc.has_header(old) else doc.move(old, new)
        if moved:
            found.append(ctx.finding(LEGACY, path, f"`{key}` belongs under `lint`", line=line, fixed=True))
        else:
            message = f"`{key}` belongs under `lint`; its layout here cannot be moved safely: move it by hand"
            found.append(ctx.finding(LEGACY, path, message, line=line, applicability=MANUAL))
    return found


def _line_length(doc: TomlDocument, base: Path, path: str, ctx: Context) -> list[Finding]:
    want = ctx.settings.blueprint.line_length
    key = (*base, "line-length")
    have = doc.get(key)
    if have == want:
        return []
    line = doc.line_of(key)
    fixed = ctx.may_fix(LINE_LENGTH) and doc.set(key, want)
    message = f"line-length is {have}, the blueprint's is {want}" if have is not None else f"set line-length = {want}"
    return [ctx.finding(LINE_LENGTH, path, message, line=line, fixed=fixed)]


def _target_version(doc: TomlDocument, base: Path, path: str, ctx: Context) -> list[Finding]:
    want = ctx.facts.ruff_target
    key = (*base, "target-version")
    have = doc.get(key)
    if want is None or have == want:
        return []
    source = ctx.facts.python_floor_source
    if have is None:
        fixed = ctx.enabled(TARGET_VERSION) and doc.set(key, want)
        message = f'set target-version = "{want}" (the floor of {source})'
        return [ctx.finding(TARGET_VERSION, path, message, fixed=fixed, applicability=SAFE)]
    line = doc.line_of(key)
    fixed = ctx.may_fix(TARGET_VERSION) and doc.set(key, want)
    message = f'target-version is "{have}" but {source} gives "{want}"'
    return [ctx.finding(TARGET_VERSION, path, message, line=line, fixed=fixed)]


def covered(code: str, selected: Sequence[str]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in selected)


def _lint_key(doc: TomlDocument, base: Path, key: str) -> Path:
    """Where a lint setting is read from: under `lint`, or at the legacy top level if it is still there."""
    legacy = (*base, key)
    return legacy if doc.get(legacy) is not None and doc.get((*base, "lint", key)) is None else (*base, "lint", key)


def _select(doc: TomlDocument, base: Path, path: str, ctx: Context) -> list[Finding]:
    select_key, extend_key = _lint_key(doc, base, "select"), _lint_key(doc, base, "extend-select")
    select, extend = doc.get(select_key), doc.get(extend_key)
    selected = list(select if isinstance(select, list) else RUFF_DEFAULT_SELECT)
    selected += extend if isinstance(extend, list) else []
    missing = [c for c in ctx.settings.blueprint.ruff_select if not covered(c, selected)]
    if not missing:
        return []
    required = [c for c in missing if c in ctx.settings.blueprint.ruff_required]
    if isinstance(select, list) or not isinstance(extend, list):
        target, items = select_key, missing if isinstance(select, list) else list(ctx.settings.blueprint.ruff_select)
    else:
        target, items = extend_key, missing
    line = doc.line_of(target)
    fixed = ctx.may_fix(SELECT) and doc.extend(target, items)
    message = f"ruff does not select {' '.join(missing)}"
    finding = ctx.finding(SELECT, path, message, line=line, fixed=fixed)
    if not required:
        finding = replace(finding, severity=Severity.WARNING)
    return [finding]


def _complexity(doc: TomlDocument, base: Path, path: str, ctx: Context) -> list[Finding]:
    bp = ctx.settings.blueprint
    limits = (
        (("mccabe", "max-complexity"), bp.max_complexity),
        (("pylint", "max-args"), bp.max_args),
        (("pylint", "max-branches"), bp.max_branches),
        (("pylint", "max-statements"), bp.max_statements),
    )
    found = []
    for (table, key), want in limits:
        where = (*_lint_key(doc, base, table), key)
        have = doc.get(where)
        if isinstance(have, int) and have <= want:
            continue
        if have is None:
            fixed = ctx.enabled(COMPLEXITY) and doc.set(where, want)
            found.append(ctx.finding(COMPLEXITY, path, f"set {table}.{key} = {want}", fixed=fixed, applicability=SAFE))
            continue
        line = doc.line_of(where)
        fixed = ctx.may_fix(COMPLEXITY) and doc.set(where, want)
        message = f"{table}.{key} is {have}, looser than the blueprint's {want}"
        found.append(ctx.finding(COMPLEXITY, path, message, line=line, fixed=fixed))
    return found


def _per_file_ignores(doc: TomlDocument, base: Path, path: str, ctx: Context) -> list[Finding]:
    bp = ctx.settings.blueprint
    wanted = [(d, f"{d}/**/*.py", f"{d}/unit/test_example.py", bp.test_ignores) for d in ctx.facts.test_dirs]
    names = dict.fromkeys(d.rsplit("/", 1)[-1] for d in ctx.facts.migration_dirs)
    wanted += [(n, f"**/{n}/**/*.py", f"app/{n}/versions/0001_init.py", bp.migration_ignores) for n in names]
    table = _lint_key(doc, base, "per-file-ignores")
    found = []
    for folder, pattern, sample, codes in wanted:
        current = doc.get(table) or {}
        matching = [k for k, v in current.items() if isinstance(v, list) and _glob_matches(k, sample)]
        have = [c for k in matching for c in current[k]]
        missing = [c for c in codes if not covered(c, have)]
        if not missing:
            continue
        own = [k for k in matching if folder in k]  # an entry for this folder, not a catch-all like "**/*.py"
        line = doc.line_of((*table, own[0])) if own else None
        fixed = ctx.may_fix(PER_FILE_IGNORES) and (
            doc.extend((*table, own[0]), missing) if own else doc.set((*table, pattern), list(codes))
        )
        key = own[0] if own else pattern
        message = f'per-file-ignores "{key}" lacks {" ".join(missing)}'
        found.append(ctx.finding(PER_FILE_IGNORES, path, message, line=line, fixed=fixed))
    return found


def _glob_matches(pattern: str, sample: str) -> bool:
    """Approximates ruff's per-file-ignores matching: a glob against the path, or against the file name alone."""
    pattern = pattern.removeprefix("./")
    return fnmatch.fnmatchcase(sample, pattern) or fnmatch.fnmatchcase(sample.rsplit("/", 1)[-1], pattern)


FIXER = Fixer(
    name="ruff",
    rules=RULES,
    reads=("pyproject.toml", "ruff.toml", ".ruff.toml", "uv.lock", ".python-version"),
    targets=targets,
    fix=fix,
    default_path="pyproject.toml",
)
