"""The CI rules' documentation and examples (data: --explain and docs/rules.md come from it)."""

from __future__ import annotations

from ...model import Applicability, Rule, Severity, fixes, noop, reports

# -- the example workflows: a few base texts, each example derived as "base + the one difference" ---------------------

_FLOOR = {
    "pyproject.toml": (
        "[project]\n"
        'name = "demo"\n'
        'requires-python = ">=3.11"\n'
        "\n"
        "[dependency-groups]\n"
        'dev = ["pytest", "ruff", "pyright"]\n'
    ),
    "uv.lock": "version = 1\n",
    "src/demo/__init__.py": "",
    "tests/test_demo.py": "def test_demo():\n    pass\n",
}
# The same project where its Makefile runs every check: what it runs routinely, a new job runs safely.
_ROUTINE = {**_FLOOR, "Makefile": "lint:\n\tuv run ruff check .\n\tuv run ruff format --check .\n\ntypecheck:\n"
            "\tuv run pyright\n\ntest:\n\tuv run pytest\n"}  # fmt: skip
# A project that type-checks with mypy: a pyright job is its maintainers' choice.
_MYPY = {**_FLOOR, "pyproject.toml": _FLOOR["pyproject.toml"].replace('"pyright"', '"mypy"'), "mypy.ini": "[mypy]\n"}
_TRIGGERED = "on:\n  pull_request:\n  push:\n    branches: [main]\n\n"  # on PRs and pushes to main, then a blank


def _job(name: str, *runs: str, python: bool = True) -> str:
    """A canonical job: read-only, checkout without persisted credentials, setup-uv (with the floor, "3.11", when
    `python`), `uv sync`, then `runs`."""
    setup = '        with:\n          python-version: "3.11"\n' if python else ""
    steps = "".join(f"      - run: {run}\n" for run in ("uv sync", *runs))
    return (
        f"  {name}:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n"
        "      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n"
        f"      - uses: astral-sh/setup-uv@v6\n{setup}{steps}"
    )


def _workflow(steps: str, *, on: str = "on: pull_request\n", job: str = "test", before_steps: str = "") -> str:
    """A one-job workflow (`test`, on pull_request) running `steps`."""
    return f"{on}jobs:\n  {job}:\n    runs-on: ubuntu-latest\n{before_steps}    steps:\n{steps}"


_LINT = _job("lint", ".venv/bin/ruff check .   # lint", ".venv/bin/ruff format --check .")
_TEST = _job("test", ".venv/bin/pytest", python=False)
_CI = _TRIGGERED + "jobs:\n" + _LINT  # a CI workflow with nothing to fix
_CI_WITH_TESTS = _CI + "\n" + _TEST
_PYRIGHT = _job("pyright", ".venv/bin/pyright")
_MACOS = "    strategy:\n      matrix:\n        os: [ubuntu-latest, macos-latest]\n    runs-on: ${{ matrix.os }}\n"
_PYTEST = "      - run: uv run pytest\n"
_SETUP_313 = '      - uses: astral-sh/setup-uv@v6\n        with:\n          python-version: "3.13"\n'
_OLD_PYTHON = "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.9'  # old\n" + _PYTEST
_PUSH_MAIN = "on:\n  push:\n    branches: [main]  # default branch\n"
_PUSH_RELEASE = "on:\n  pull_request:\n  push:\n    branches:\n      - release\n"
_FORMAT_IN_SCRIPT = "      - run: |\n          uv run ruff check .\n          uv run ruff format .\n"

NO_CI = Rule(
    code="CI001",
    name="no-ci-workflow",
    summary="No workflow runs the blueprint's checks on pull requests.",
    rationale="The blueprint's three blocking jobs (ruff, pyright, pytest) catch issues before merge; without a CI "
    "workflow nothing does.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.UNSAFE, Applicability.MANUAL),
    options=("branches", "checkout-action", "setup-uv-action"),
    severity=Severity.ERROR,
    fix="Create .github/workflows/ci.yml with a job per check and project that the project calls for (ruff where "
    "there is code, pyright where there are sources, pytest where there are tests), each installing the project "
    "the way it installs (uv sync, Poetry, pip), triggered on pull_request and on push to the default branch. Safe "
    "where the project already runs every check (a pre-commit hook, a Makefile, tox, nox, Taskfile or poe task, "
    "another workflow); unsafe where one has never run, since it may fail on the tree as it is. No pyright job where "
    "the project type-checks with another checker (mypy, ty, pyrefly, pytype): that one is reported, manual.",
    examples=(
        fixes(
            "creates-ci-workflow",
            None,
            "name: CI\n\n"
            + _TRIGGERED
            + "jobs:\n"
            + _job("ruff", "uv run make lint")
            + "\n"
            + _job("pyright", "uv run make typecheck")
            + "\n"
            + _job("pytest", "uv run make test"),
            files=_ROUTINE,
            default_branch="main",
        ),
        reports("checks-never-run-are-unsafe", None, files=_FLOOR, default_branch="main"),
        reports("another-type-checker-is-a-choice", None, files=_MYPY, default_branch="main"),
        noop("existing-ci-workflow", _CI),
    ),
)
MISSING_JOB = Rule(
    code="CI002",
    name="missing-blocking-job",
    summary="A project lacks a blocking check (ruff check, ruff format --check, pyright, pytest) in every gating "
    "workflow.",
    rationale="All three jobs must pass before merge, for every project of the repository; what a job runs counts "
    "(a make target, pre-commit or prek, tox, nox, Taskfile, a reusable workflow, `working-directory`), not "
    "its name.",
    applicability=Applicability.SAFE,
    tiers=(
        Applicability.UNSAFE,
        Applicability.MANUAL,
    ),
    options=("checkout-action", "setup-uv-action"),
    severity=Severity.ERROR,
    fix="Add a job that can pass to the CI workflow, in the file's layout: the project's installer, tools it depends "
    "on (else `uv run --with`), actions pinned as the file pins them, joined to the aggregator job. Where no such "
    "job can be written it is reported with the job to add. Safe where the project already runs the check (a "
    "hook, a task, another workflow), unsafe where it never has (the job may fail on the tree as it is); no "
    "pyright job where the project type-checks with mypy, ty, pyrefly or pytype, no ruff format job where it "
    "formats with black or another formatter, no ruff job where it lints with flake8 and runs ruff nowhere. Manual "
    "where a gating job runs a nox session, recipe or environment named by a variable and the project's own tasks "
    "run the check (that variable may name one). What a command hands over to and cannot be followed is named.",
    examples=(
        fixes(
            "adds-a-job-running-the-projects-own-target",
            _CI_WITH_TESTS,
            _CI_WITH_TESTS + "\n" + _job("pyright", "uv run make typecheck"),
            files=_ROUTINE,
        ),
        fixes(
            "adds-missing-pyright-job",
            _CI_WITH_TESTS,
            _CI_WITH_TESTS + "\n" + _PYRIGHT,
            files=_FLOOR,
            unsafe_fixes=True,
        ),  # fmt: skip
        reports("a-check-never-run-is-unsafe", _CI_WITH_TESTS, files=_FLOOR),
        reports("another-type-checker-is-a-choice", _CI_WITH_TESTS, files=_MYPY),
        noop(
            "checks-run-through-make",
            "on: [pull_request, push]\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n"
            "    - uses: actions/checkout@v4\n    - run: make check\n",
            files={
                "Makefile": (
                    "check: lint test\n"
                    "lint:\n"
                    "\tuv run ruff check .\n"
                    "\tuv run ruff format --check .\n"
                    "\tuv run pyright\n"
                    "test:\n"
                    "\tuv run pytest\n"
                )
            },
        ),
    ),
)
FORMAT_CHECK = Rule(
    code="CI003",
    name="ruff-format-without-check",
    summary="CI runs `ruff format` without `--check`.",
    rationale="In CI `ruff format` rewrites the checkout and passes whatever the formatting; `--check` fails instead "
    "(jobs that commit their changes, autoformat bots, are left alone).",
    applicability=Applicability.SAFE,
    tiers=(Applicability.UNSAFE,),
    fix="Add `--check` after `ruff format` in the `run:` command. Safe where the project keeps its tree formatted "
    "otherwise (a task or script runs ruff format); unsafe where nothing does (the tree may not be formatted: run "
    "`ruff format` in the same commit).",
    examples=(
        fixes(
            "adds-check-to-ruff-format",
            _workflow(_FORMAT_IN_SCRIPT, job="lint"),
            _workflow(_FORMAT_IN_SCRIPT.replace("format .", "format --check ."), job="lint"),
            files={"Makefile": "format:\n\tuv run ruff format .\n", "pyproject.toml": _FLOOR["pyproject.toml"]},
        ),
        reports("unsafe-where-nothing-else-formats", _workflow(_FORMAT_IN_SCRIPT, job="lint")),
        noop(
            "autoformat-bot-is-left-alone",
            _workflow("      - run: uv run ruff format .\n      - run: git commit -am format && git push\n", job="fmt"),
        ),
    ),
)
TRIGGERS = Rule(
    code="CI004",
    name="ci-triggers",
    summary="A CI workflow is not triggered on pull_request and on push to the default branch.",
    rationale="Triggered on PR and on push to protected branches, the checks catch issues before and after merge.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.MANUAL,),
    options=("branches",),
    fix="Add the missing `pull_request` / `push` trigger, or the branch to push's branch list, in merge-gating "
    "workflows only (never a release, nightly, label-gated, bot or reusable one); a branch filter that "
    "excludes the default branch otherwise is reported, and so is a missing push where the workflow reads "
    "pull-request context a push run lacks (`github.head_ref`, `GITHUB_BASE_REF`, `github.event.pull_request`) in "
    "a job or step a push would run: an `if:` is evaluated as GitHub evaluates it on a push "
    "(`github.event.pull_request.draft == false` is true there). `branches-ignore` beside `tags` runs on branches.",
    examples=(
        fixes(
            "adds-pull-request-trigger",
            _workflow(_PYTEST, on=_PUSH_MAIN),
            _workflow(_PYTEST, on=_PUSH_MAIN + "  pull_request:\n"),
        ),
        fixes(
            "appends-default-branch",
            _workflow(_PYTEST, on=_PUSH_RELEASE),
            _workflow(_PYTEST, on=_PUSH_RELEASE + "      - main\n"),
            default_branch="main",
        ),
        reports(
            "pull-request-filter-excludes-main",
            _workflow(_PYTEST, on="on:\n  pull_request:\n    branches: [develop]\n  push:\n"),
            default_branch="main",
        ),
        noop(
            "a-label-gated-workflow-is-not-ours",
            _workflow(_PYTEST, on="on:\n  pull_request:\n    types: [labeled]\n"),
            path=".github/workflows/deps-matrix.yml",
        ),
        fixes(
            "scalar-on-becomes-list",
            _workflow(_PYTEST.rstrip("\n"), on="on: push\n"),
            _workflow(_PYTEST.rstrip("\n"), on="on: [push, pull_request]\n"),
        ),
        noop("triggered-on-pr-and-main", _CI),
        reports(
            "a-workflow-reading-pull-request-context-gets-no-push",
            _workflow(
                "      - run: uvx prek run --from-ref origin/$GITHUB_BASE_REF --to-ref HEAD\n",
                on="on:\n  pull_request:\n",
            ),  # fmt: skip
            default_branch="main",
        ),
        fixes(
            "a-path-filtered-workflow-keeps-its-paths-on-push",
            _workflow(_PYTEST, on="on:\n  pull_request:\n    paths: [src/**]\n"),
            _workflow(
                _PYTEST,
                on="on:\n  pull_request:\n    paths: [src/**]\n  push:\n    branches: [main]\n    paths: [src/**]\n",
            ),  # fmt: skip
            default_branch="main",
        ),
        noop(
            "a-gate-over-reusable-workflows-that-run-on-push",
            "on:\n  pull_request:\njobs:\n  sdk:\n    uses: ./.github/workflows/sdk.yml\n",
            path=".github/workflows/gate.yml",
            files={
                **_FLOOR,
                ".github/workflows/sdk.yml": "on:\n  push:\n    branches: [main]\n  workflow_call:\n"
                "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n" + _PYTEST,
            },  # fmt: skip
            default_branch="main",
        ),
        fixes(
            "a-concurrency-group-on-head-ref-is-fine-on-push",
            _workflow(_PYTEST, on="on:\n  pull_request:\nconcurrency: ${{ github.head_ref || github.run_id }}\n"),
            _workflow(
                _PYTEST,
                on="on:\n  pull_request:\n  push:\n    branches: [main]\n"
                "concurrency: ${{ github.head_ref || github.run_id }}\n",
            ),  # fmt: skip
            default_branch="main",
        ),
    ),
)
INSTALL_UV = Rule(
    code="CI005",
    name="ci-install-with-uv",
    summary="A job running pyright or pytest does not install with `uv sync`.",
    rationale="All jobs use `uv sync` to install exactly the locked dependencies, then run tools from .venv/bin/.",
    applicability=Applicability.MANUAL,
    fix="Manual: replace the job's install steps with `uv sync` (changing how CI installs is a human's call).",
    examples=(
        reports(
            "pip-installed-pytest",
            _workflow("      - run: pip install -e . pytest\n      - run: pytest\n"),
            files=_FLOOR,
        ),
        noop("uv-sync-then-venv-tools", _CI_WITH_TESTS, files=_FLOOR),
        noop(
            "a-script-of-the-repository-that-syncs-first",
            _workflow("      - run: bash scripts/ci-test.sh\n"),
            files={**_FLOOR, "scripts/ci-test.sh": "uv sync --locked\n.venv/bin/pytest\n"},
        ),
        noop(
            "tox-installs-its-environments",
            _workflow("      - run: uv tool install tox --with tox-uv\n      - run: tox -e 3.11\n"),
            files={**_FLOOR, "tox.toml": '[env_run_base]\ncommands = [["pytest", "tests"]]\n'},
        ),
    ),
)
PYTHON_VERSION = Rule(
    code="CI006",
    name="ci-python-version",
    summary="CI tests Python below the floor, or never tests the floor.",
    rationale="CI must test the Python floor the project declares; a version below it cannot install the project. "
    "A version with a purpose (a matrix, a named step, a comment, a benchmark or bot job, code that needs it) is "
    "never rewritten.",
    applicability=Applicability.UNSAFE,
    tiers=(
        Applicability.SAFE,
        Applicability.MANUAL,
    ),
    fix="Raise a literal python-version below the floor to the floor (safe: the job could not install the "
    "project); where no gating job, matrix, reusable-workflow input, tox or nox session tests the floor, it is "
    "reported (manual: which version to add is the maintainer's call).",
    examples=(
        fixes(
            "raises-version-below-floor",
            _workflow(_OLD_PYTHON),
            _workflow(_OLD_PYTHON.replace("'3.9'", "'3.11'")),
            files=_FLOOR,
        ),
        reports("floor-never-tested", _workflow(_SETUP_313), files=_FLOOR, unsafe_fixes=True),
        reports(
            "a-named-step-keeps-its-version",
            _workflow(
                _OLD_PYTHON.replace(
                    "      - uses:", "      - name: Set up Python 3.9 for resolver rejection\n        uses:"
                )
            ),
            files=_FLOOR,
        ),
        reports(
            "a-comment-keeps-its-version",
            _workflow(_OLD_PYTHON.replace("# old", "# keep 3.9: the wheel check needs it")),
            files=_FLOOR,
        ),
        noop(
            "a-nightly-workflow-is-not-ours",
            _workflow(_OLD_PYTHON, on="on:\n  schedule:\n    - cron: '0 3 * * *'\n"),
            path=".github/workflows/nightly.yml",
            files=_FLOOR,
        ),
        reports(
            "matrix-below-floor-is-reported",
            _workflow(
                "      - uses: actions/setup-python@v5\n"
                "        with:\n          python-version: ${{ matrix.python }}\n",
                before_steps='    strategy:\n      matrix:\n        python: ["3.9", "3.11"]\n',
            ),
            files=_FLOOR,
        ),
        noop("version-at-floor", _CI, files=_FLOOR),
    ),
)
HARDENING_MATRIX = Rule(
    code="CI007",
    name="ci-hardening-matrix",
    summary="No test job runs the hardening matrix (Python 3.12, 3.13, 3.13t, 3.14 on ubuntu and macOS).",
    rationale="The hardening appendix tests every supported Python, free-threaded included, on two OSes.",
    applicability=Applicability.MANUAL,
    fix="Manual: the message gives the `strategy:` block to paste into the pytest job.",
    examples=(
        reports("no-os-matrix", _CI_WITH_TESTS, files=_FLOOR),
        noop("macos-matrix", _CI + "\n" + _TEST.replace("    runs-on: ubuntu-latest\n", _MACOS)),
    ),
)

RULES = (NO_CI, MISSING_JOB, FORMAT_CHECK, TRIGGERS, INSTALL_UV, PYTHON_VERSION, HARDENING_MATRIX)
