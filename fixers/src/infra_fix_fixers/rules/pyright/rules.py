"""PY: the rules of pyright's configuration, their documentation and examples (data: `--explain` and
docs/rules.md come from here)."""

from __future__ import annotations

from ...model import Applicability, Rule, Severity
from . import examples as ex

SAFE, UNSAFE, MANUAL = Applicability.SAFE, Applicability.UNSAFE, Applicability.MANUAL

CREATE = Rule(
    code="PY001",
    name="pyright-config-exists",
    summary="The project has no pyright configuration.",
    rationale="Without one, pyright checks every file under the root (tests, migrations, scripts) against whatever "
    "Python it finds, and each developer's editor disagrees with CI. In a uv workspace one configuration at the root "
    "covers the members that have none of their own.",
    applicability=SAFE,
    tiers=(
        UNSAFE,
        MANUAL,
    ),
    options=("type-checking-mode",),
    fix="Creates pyrightconfig.json with the blueprint's settings, adapted to the projects it checks (their source "
    "folders, migrations, Python floor, uv's .venv; an execution environment per member where floors differ). Where "
    "CI, a hook or a task already runs pyright it is a repair, unsafe since what pyright reports then changes. Where "
    "nothing runs pyright it adopts pyright: made only with the CI job that runs it (CI002, or CI001's pyright job "
    "in a new CI workflow), so with --unsafe-fixes, and manual where no such job can be written. Not created where "
    "the project type-checks with mypy, ty, pyrefly or pytype and shows no sign of pyright (a manual finding).",
    examples=ex.CREATE,
)
INCLUDE = Rule(
    code="PY002",
    name="pyright-include",
    summary="The pyright include is not the project's source directories (tests and migrations left out).",
    rationale="Type-checking the shipped code is the point; tests and generated migrations mostly add noise. An "
    "existing include is never narrowed, and a commented-out one stands.",
    applicability=UNSAFE,
    tiers=(MANUAL,),
    fix="Adds `include` where absent (unsafe: what is no longer checked was a choice) and appends missing source "
    "folders to an existing list (unsafe: newly checked code may fail).",
    examples=ex.INCLUDE,
)
EXCLUDE = Rule(
    code="PY003",
    name="pyright-exclude-migrations",
    summary='The pyright configuration does not exclude the project\'s migrations (`"**/migrations"`).',
    rationale="Auto-generated migration files produce false positives. A new `exclude` list keeps pyright's "
    "implicit defaults (node_modules, __pycache__, dot folders), which any explicit list replaces.",
    applicability=SAFE,
    fix='Appends `"**/migrations"` (or the migration folder\'s path when it is not named migrations) to `exclude`.',
    examples=ex.EXCLUDE,
)
MISSING_IMPORTS = Rule(
    code="PY004",
    name="pyright-report-missing-imports",
    summary="The pyright configuration does not report unresolved imports (`reportMissingImports` true).",
    rationale="An import pyright cannot resolve is a broken environment or a typo; it must fail the check.",
    applicability=UNSAFE,
    tiers=(SAFE,),
    fix="Turns it on (unsafe: unresolved imports start to fail CI); a severity chosen under a comment stands. Absent "
    'is compliant in every mode but "off" (pyright reports them as errors by default: a line saying so is noise); '
    'under "off" it is added (safe: it only restores what basic mode reports), also where PY006 raises the mode in '
    "the same run, so one run with --unsafe-fixes writes what a plain run and then one with --unsafe-fixes write.",
    examples=ex.MISSING_IMPORTS,
)
TYPE_STUBS = Rule(
    code="PY005",
    name="pyright-report-missing-type-stubs",
    summary="The pyright configuration reports missing type stubs (`reportMissingTypeStubs` false).",
    rationale="Many third-party packages ship no stubs; reporting each one is noise, not a bug.",
    applicability=MANUAL,
    fix="Never an edit: a new configuration holds `reportMissingTypeStubs` false (PY001). Absent is compliant: "
    "below strict mode pyright's default is already off, and a strict set-up reports missing stubs on purpose (it "
    'silences them line by line), which is never loosened. A severity set on purpose (`"warning"`, `true`) is '
    "reported as manual: the project's word.",
    examples=ex.TYPE_STUBS,
)
MODE = Rule(
    code="PY006",
    name="pyright-type-checking-mode",
    summary='The pyright `typeCheckingMode` is laxer than "{type_checking_mode}".',
    rationale='"basic" catches real bugs without drowning in noise; "standard" and "strict" are stricter and '
    'compliant too. An absent typeCheckingMode is compliant: pyright\'s default is "standard", stricter than '
    '"basic". "off" leaves almost nothing checked.',
    applicability=UNSAFE,
    tiers=(MANUAL,),
    severity=Severity.ERROR,
    fix="Sets typeCheckingMode to the blueprint's mode (unsafe: the project's CI may go red); basedpyright's "
    '"recommended" and "all" count as stricter.',
    examples=ex.MODE,
)
PYTHON_VERSION = Rule(
    code="PY007",
    name="pyright-python-version",
    summary="The pyright `pythonVersion` is not the floor of requires-python.",
    rationale="pyright must check against the oldest Python the project supports, the same version ruff and CI "
    "use; a newer one lets syntax and APIs the floor lacks pass.",
    applicability=UNSAFE,
    tiers=(MANUAL,),
    fix="Sets pythonVersion, adding it where absent (unsafe both ways: without it pyright checks against the "
    "environment's Python, often newer than the floor). A configuration shared by projects with different floors "
    "takes the oldest.",
    examples=ex.PYTHON_VERSION,
)
VENV = Rule(
    code="PY008",
    name="pyright-uv-venv",
    summary='The pyright configuration does not use uv\'s .venv (`venvPath` to the folder holding it, `venv` ".venv").',
    rationale="uv installs into .venv at the root; pointing pyright there resolves the project's dependencies the "
    "same way on every machine and in CI.",
    applicability=SAFE,
    tiers=(
        UNSAFE,
        MANUAL,
    ),
    fix="Sets `venvPath` to the folder where `uv sync` creates `.venv` (the workspace's root for a member, else the "
    'project\'s own folder, relative to the configuration) and `venv` to ".venv". Unsafe where pyright already '
    "runs (CI, a hook, tox): it may run in another environment, and would then resolve imports from `.venv`. A "
    "configuration that already points pyright at another environment (`.nox/test-3-12`) is the project's choice: a "
    "manual finding.",
    examples=ex.VENV,
)

RULES = (CREATE, INCLUDE, EXCLUDE, MISSING_IMPORTS, TYPE_STUBS, MODE, PYTHON_VERSION, VENV)
