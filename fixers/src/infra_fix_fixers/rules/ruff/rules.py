"""RF: the rules of ruff's configuration, their documentation and their examples (data: `--explain` and
docs/rules.md come from here; `{placeholders}` are filled in from the settings)."""

from __future__ import annotations

from ...model import Applicability, Rule, Severity, fixes, noop, reports

SAFE, UNSAFE, MANUAL = Applicability.SAFE, Applicability.UNSAFE, Applicability.MANUAL

_PY = '[project]\nname = "demo"\nrequires-python = ">=3.11"\n'
_SELECTED = '\n[tool.ruff.lint]\nselect = ["E", "C90", "PLR"]\n'  # the rules the limits are for
_SECURE = '\n[tool.ruff.lint]\nselect = ["E", "S", "ANN"]\n'  # the rules tests and migrations ignore

LINE_LENGTH = Rule(
    code="RF001",
    name="ruff-line-length",
    summary="The ruff line-length is not the blueprint's ({line_length}).",
    rationale="Wide enough for modern screens, narrow enough to avoid horizontal scrolling in diffs.",
    applicability=UNSAFE,
    tiers=(MANUAL,),
    fix="Sets `line-length`, adding it where absent (unsafe: `ruff format` reflows code to the new width and E501 "
    "and import sorting judge lines by it; run `ruff format` in the same commit).",
    examples=(
        fixes("absent", _PY + "\n[tool.ruff]\n", _PY + "\n[tool.ruff]\nline-length = 120\n", unsafe_fixes=True),
        reports("unsafe-not-applied", _PY + "\n[tool.ruff]\nline-length = 100\n"),
        fixes(
            "a-label-beside-the-key-is-kept",
            _PY + "\n[tool.ruff]\nline-length = 88  # width\n",
            _PY + "\n[tool.ruff]\nline-length = 120  # width\n",
            unsafe_fixes=True,
        ),
        reports(  # a sentence beside or above the key speaks for its value, whatever its words
            "a-sentence-beside-the-key-stands",
            _PY + "\n[tool.ruff]\nline-length = 88   # team agreed on 88 in 2023\n",
            unsafe_fixes=True,
        ),
        reports(
            "a-sentence-above-the-key-stands",
            _PY + "\n[tool.ruff]\n# Same as Black.\nline-length = 88\n",
            unsafe_fixes=True,
        ),
        reports(
            "a-reason-in-a-comment-stands",
            _PY + "\n[tool.ruff]\n# keep black's width: the docs are rendered at 88\nline-length = 88\n",
            unsafe_fixes=True,
        ),
        fixes(
            "ruff-toml",
            "line-length = 100\n",
            "line-length = 120\n",
            path="ruff.toml",
            files={"pyproject.toml": _PY},
            unsafe_fixes=True,
        ),
        noop("compliant", _PY + "\n[tool.ruff]\nline-length = 120\n"),
    ),
)
TARGET_VERSION = Rule(
    code="RF002",
    name="ruff-target-version",
    summary="The ruff target-version is not the floor of requires-python.",
    rationale="ruff's pyupgrade and syntax rules must target the oldest Python the project supports, the same "
    "version pyright and CI use.",
    applicability=UNSAFE,
    fix="Nothing where ruff already infers the floor from the requires-python beside its configuration; elsewhere "
    "adds `target-version` (unsafe: pyupgrade and syntax rules may change) or moves it to the floor (unsafe: other "
    "rules start to apply). A configuration shared by several projects (a workspace root's) targets the oldest "
    "floor among them.",
    examples=(
        noop("inferred-from-requires-python", _PY + "\n[tool.ruff]\n"),
        noop(  # ruff 0.10 and later read the requires-python of the pyproject.toml beside a ruff.toml
            "ruff-toml-reads-the-requires-python-beside-it",
            "line-length = 100\n",
            path="ruff.toml",
            files={"pyproject.toml": _PY, "ruff.toml": "line-length = 100\n"},
        ),
        fixes(
            "an-older-ruff-reads-no-floor-beside-a-ruff-toml",
            "line-length = 100\n",
            'line-length = 100\ntarget-version = "py311"\n',
            path="ruff.toml",
            files={"pyproject.toml": _PY + '\n[dependency-groups]\ndev = ["ruff==0.9.10"]\n'},
            unsafe_fixes=True,
        ),
        fixes(
            "moves-with-unsafe-fixes",
            _PY + '\n[tool.ruff]\ntarget-version = "py38"\n',
            _PY + '\n[tool.ruff]\ntarget-version = "py311"\n',
            unsafe_fixes=True,
        ),
        reports("moves-only-with-unsafe-fixes", _PY + '\n[tool.ruff]\ntarget-version = "py38"\n'),
        noop("compliant", _PY + '\n[tool.ruff]\ntarget-version = "py311"\n'),
        noop("no-floor-known", '[project]\nname = "x"\n\n[tool.ruff]\n'),
        noop(
            "floor-older-than-ruff-can-target-is-inferred-as-py37",
            '[project]\nname = "x"\nrequires-python = ">=3.6"\n\n[tool.ruff]\n',
        ),
    ),
)
SELECT = Rule(
    code="RF003",
    name="ruff-rule-selection",
    summary="The ruff selection lacks some of the blueprint's rules: {ruff_select}.",
    rationale="{ruff_required} are the minimum; bugbear and bandit catch real bugs and hard-coded secrets, ANN "
    "keeps public APIs typed, the complexity rules keep functions finite. Codes already covered (`ALL`, a prefix, "
    "`extend-select`) are not added again; the project's own codes and order are kept, and a comment that "
    "explains a code's absence (or a commented-out code) stands.",
    applicability=UNSAFE,
    severity=Severity.ERROR,
    fix="Adds the missing codes to `lint.select` (or `extend-select`) in the list's own layout, where a list kept "
    "sorted sorts them; no `I` where the project sorts its imports with isort or another sorter.",
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
    summary="Lint settings sit at the top of `[tool.ruff]`, not under `[tool.ruff.lint]`.",
    rationale="ruff deprecated top-level lint settings in 0.2; the blueprint's layout keeps every lint setting in "
    "one table, where the other rules look for it.",
    applicability=SAFE,
    tiers=(MANUAL,),
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
    summary="The complexity limits are not the blueprint's: mccabe max-complexity {max_complexity}; pylint max-args "
    "{max_args}, max-branches {max_branches}, max-statements {max_statements}.",
    rationale="Generous but finite thresholds prevent unbounded function growth. A stricter value the project "
    "already has is kept.",
    applicability=UNSAFE,
    tiers=(SAFE,),
    fix="Adds the limits where absent (safe: they are looser than ruff's defaults, so no new finding; unsafe "
    "where RUF100 is selected, as a `# noqa` the looser limit makes unneeded becomes a finding) and lowers a "
    "looser existing value (unsafe: new findings). Only for the rules ruff reports: a limit of a rule not selected, "
    "or ignored (with a reason or not), is dead configuration (RF003 selects the rules).",
    examples=(
        fixes(
            "absent-tables-added",
            _PY + _SELECTED,
            _PY + _SELECTED + "\n[tool.ruff.lint.mccabe]\nmax-complexity = 15\n\n"
            "[tool.ruff.lint.pylint]\nmax-args = 10\nmax-branches = 15\nmax-statements = 60\n",
        ),
        noop("rules-not-selected", _PY + '\n[tool.ruff.lint]\nselect = ["E"]\n'),
        noop(
            "rules-ignored-with-a-reason",
            _PY + '\n[tool.ruff.lint]\nselect = ["E", "C90", "PLR"]\nignore = [\n    "C901",  # we are complex '
            'software\n    "PLR",  # noisy\n]\n',
        ),
        reports(
            "looser-value-is-unsafe",
            _PY + _SELECTED + "\n[tool.ruff.lint.mccabe]\nmax-complexity = 30\n\n[tool.ruff.lint.pylint]\n"
            "max-args = 10\nmax-branches = 15\nmax-statements = 60\n",
        ),
        noop(
            "stricter-value-kept",
            _PY + _SELECTED + "\n[tool.ruff.lint.mccabe]\nmax-complexity = 10\n\n[tool.ruff.lint.pylint]\n"
            "max-args = 5\nmax-branches = 12\nmax-statements = 50\n",
        ),
    ),
)
PER_FILE_IGNORES = Rule(
    code="RF006",
    name="ruff-per-file-ignores",
    summary="The per-file ignores are not the blueprint's: tests ignore {test_ignores}; migrations ignore "
    "{migration_ignores}.",
    rationale="Tests need `assert` and fake secrets and do not need annotations; migrations use dynamic SQL.",
    applicability=SAFE,
    fix="Adds the missing codes to the existing entry for the tests (or migrations) folder, or adds the entry "
    "(unsafe where RUF100 is selected: a `# noqa` for an ignored code becomes a finding). Only codes ruff reports: "
    "ignoring a rule that is not selected is dead configuration.",
    examples=(
        fixes(
            "entry-added",
            _PY + _SECURE + "\n[tool.ruff.lint.per-file-ignores]\n",
            _PY + _SECURE + '\n[tool.ruff.lint.per-file-ignores]\n"tests/**/*.py" = ["S101", "S105", "S106", "S108", '
            '"ANN"]\n',
            files={"tests/test_app.py": ""},
        ),
        fixes(
            "merged-into-existing-entry",
            _PY + _SECURE + '\n[tool.ruff.lint.per-file-ignores]\n"tests/*" = ["S101"]\n',
            _PY
            + _SECURE
            + '\n[tool.ruff.lint.per-file-ignores]\n"tests/*" = ["S101", "S105", "S106", "S108", "ANN"]\n',
            files={"tests/test_app.py": ""},
        ),
        fixes(
            "migrations",
            _PY + _SECURE + '\n[tool.ruff.lint.per-file-ignores]\n"**/migrations/**/*.py" = ["E501"]\n',
            _PY + _SECURE + '\n[tool.ruff.lint.per-file-ignores]\n"**/migrations/**/*.py" = ["E501", "S608", "ANN"]\n',
            files={"app/migrations/env.py": "", "app/migrations/versions/001_init.py": ""},
        ),
        noop("only-what-ruff-reports", _PY + "\n[tool.ruff.lint.per-file-ignores]\n", files={"tests/test_app.py": ""}),
        noop("no-tests-folder", _PY + _SECURE),
        noop(
            "covered-by-prefixes",
            _PY + _SECURE + '\n[tool.ruff.lint.per-file-ignores]\n"tests/**" = ["S", "ANN"]\n',
            files={"tests/test_app.py": ""},
        ),
    ),
)

RULES = (LEGACY, LINE_LENGTH, TARGET_VERSION, SELECT, COMPLEXITY, PER_FILE_IGNORES)
