"""The CI rules' documentation and examples (data: --explain and docs/rules.md come from it)."""

from __future__ import annotations

from ..model import Applicability, Rule, Severity, fixes, noop, reports

NO_CI = Rule(
    code="CI001",
    name="no-ci-workflow",
    summary="No workflow runs the blueprint's checks on pull requests.",
    rationale="The blueprint's three blocking jobs (ruff, pyright, pytest) catch issues before merge; without a CI "
    "workflow nothing does.",
    applicability=Applicability.SAFE,
    severity=Severity.ERROR,
    fix="Create .github/workflows/ci.yml from the canonical template (uv sync, tools from .venv/bin/, python-version "
    "from requires-python, triggered on pull_request and on push to the default branch).",
    examples=(
        fixes(
            "creates-ci-workflow",
            None,
            (
                "name: CI\n"
                "\n"
                "on:\n"
                "  pull_request:\n"
                "  push:\n"
                "    branches: [main]\n"
                "\n"
                "jobs:\n"
                "  ruff:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.11"\n'
                "      - run: uv sync\n"
                "      - run: .venv/bin/ruff check .\n"
                "      - run: .venv/bin/ruff format --check .\n"
                "\n"
                "  pyright:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.11"\n'
                "      - run: uv sync\n"
                "      - run: .venv/bin/pyright\n"
                "\n"
                "  pytest:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.11"\n'
                "      - run: uv sync\n"
                "      - run: .venv/bin/pytest\n"
            ),
            files={
                "pyproject.toml": (
                    "[project]\n"
                    'name = "demo"\n'
                    'requires-python = ">=3.11"\n'
                    "\n"
                    "[dependency-groups]\n"
                    'dev = ["pytest", "ruff", "pyright"]\n'
                )
            },
        ),
        noop(
            "existing-ci-workflow",
            (
                "on:\n"
                "  pull_request:\n"
                "  push:\n"
                "    branches: [main]\n"
                "\n"
                "jobs:\n"
                "  lint:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.11"\n'
                "      - run: uv sync\n"
                "      - run: .venv/bin/ruff check .   # lint\n"
                "      - run: .venv/bin/ruff format --check .\n"
            ),
        ),
    ),
)
MISSING_JOB = Rule(
    code="CI002",
    name="missing-blocking-job",
    summary="A blocking check (ruff check, ruff format --check, pyright, pytest) runs in no gating workflow.",
    rationale="All three jobs must pass before merge; what a job runs counts (a make target, pre-commit, tox), not "
    "its name.",
    applicability=Applicability.SAFE,
    severity=Severity.ERROR,
    fix="Add the missing job from the canonical template to the CI workflow, in the file's own indentation.",
    examples=(
        fixes(
            "adds-missing-pyright-job",
            (
                "on:\n"
                "  pull_request:\n"
                "  push:\n"
                "    branches: [main]\n"
                "\n"
                "jobs:\n"
                "  lint:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.11"\n'
                "      - run: uv sync\n"
                "      - run: .venv/bin/ruff check .   # lint\n"
                "      - run: .venv/bin/ruff format --check .\n"
                "\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "      - run: uv sync\n"
                "      - run: .venv/bin/pytest\n"
            ),
            (
                "on:\n"
                "  pull_request:\n"
                "  push:\n"
                "    branches: [main]\n"
                "\n"
                "jobs:\n"
                "  lint:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.11"\n'
                "      - run: uv sync\n"
                "      - run: .venv/bin/ruff check .   # lint\n"
                "      - run: .venv/bin/ruff format --check .\n"
                "\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "      - run: uv sync\n"
                "      - run: .venv/bin/pytest\n"
                "\n"
                "  pyright:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.11"\n'
                "      - run: uv sync\n"
                "      - run: .venv/bin/pyright\n"
            ),
            files={
                "pyproject.toml": (
                    "[project]\n"
                    'name = "demo"\n'
                    'requires-python = ">=3.11"\n'
                    "\n"
                    "[dependency-groups]\n"
                    'dev = ["pytest", "ruff", "pyright"]\n'
                )
            },
        ),
        noop(
            "checks-run-through-make",
            (
                "on: [pull_request, push]\n"
                "jobs:\n"
                "  check:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "    - uses: actions/checkout@v4\n"
                "    - run: make check\n"
            ),
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
    fix="Add `--check` after `ruff format` in the `run:` command.",
    examples=(
        fixes(
            "adds-check-to-ruff-format",
            (
                "on: pull_request\n"
                "jobs:\n"
                "  lint:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - run: |\n"
                "          uv run ruff check .\n"
                "          uv run ruff format .\n"
            ),
            (
                "on: pull_request\n"
                "jobs:\n"
                "  lint:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - run: |\n"
                "          uv run ruff check .\n"
                "          uv run ruff format --check .\n"
            ),
        ),
        noop(
            "autoformat-bot-is-left-alone",
            (
                "on: pull_request\n"
                "jobs:\n"
                "  fmt:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - run: uv run ruff format .\n"
                "      - run: git commit -am format && git push\n"
            ),
        ),
    ),
)
TRIGGERS = Rule(
    code="CI004",
    name="ci-triggers",
    summary="A CI workflow is not triggered on pull_request and on push to the default branch.",
    rationale="Triggered on PR and on push to protected branches, the checks catch issues before and after merge.",
    applicability=Applicability.SAFE,
    fix="Add the missing `pull_request` / `push` trigger, or the branch to push's branch list; a branch filter that "
    "excludes the default branch otherwise is reported.",
    examples=(
        fixes(
            "adds-pull-request-trigger",
            (
                "on:\n"
                "  push:\n"
                "    branches: [main]  # default branch\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - run: uv run pytest\n"
            ),
            (
                "on:\n"
                "  push:\n"
                "    branches: [main]  # default branch\n"
                "  pull_request:\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - run: uv run pytest\n"
            ),
        ),
        fixes(
            "appends-default-branch",
            (
                "on:\n"
                "  pull_request:\n"
                "  push:\n"
                "    branches:\n"
                "      - release\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - run: uv run pytest\n"
            ),
            (
                "on:\n"
                "  pull_request:\n"
                "  push:\n"
                "    branches:\n"
                "      - release\n"
                "      - main\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - run: uv run pytest\n"
            ),
        ),
        fixes(
            "scalar-on-becomes-list",
            ("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv run pytest"),
            (
                "on: [push, pull_request]\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - run: uv run pytest"
            ),
        ),
        reports(
            "pull-request-filter-excludes-main",
            (
                "on:\n"
                "  pull_request:\n"
                "    branches: [develop]\n"
                "  push:\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - run: uv run pytest\n"
            ),
        ),
        noop(
            "triggered-on-pr-and-main",
            (
                "on:\n"
                "  pull_request:\n"
                "  push:\n"
                "    branches: [main]\n"
                "\n"
                "jobs:\n"
                "  lint:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.11"\n'
                "      - run: uv sync\n"
                "      - run: .venv/bin/ruff check .   # lint\n"
                "      - run: .venv/bin/ruff format --check .\n"
            ),
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
            (
                "on: pull_request\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - run: pip install -e . pytest\n"
                "      - run: pytest\n"
            ),
            files={"uv.lock": "version = 1\n"},
        ),
        noop(
            "uv-sync-then-venv-tools",
            (
                "on:\n"
                "  pull_request:\n"
                "  push:\n"
                "    branches: [main]\n"
                "\n"
                "jobs:\n"
                "  lint:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.11"\n'
                "      - run: uv sync\n"
                "      - run: .venv/bin/ruff check .   # lint\n"
                "      - run: .venv/bin/ruff format --check .\n"
                "\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "      - run: uv sync\n"
                "      - run: .venv/bin/pytest\n"
            ),
            files={"uv.lock": "version = 1\n"},
        ),
    ),
)
PYTHON_VERSION = Rule(
    code="CI006",
    name="ci-python-version",
    summary="python-version in setup-python/setup-uv does not match requires-python.",
    rationale="CI must test the Python floor the project declares; a version below it cannot install the project.",
    applicability=Applicability.UNSAFE,
    fix="Set the literal python-version to the floor: safe when it was below the floor (CI could not install the "
    "project), unsafe when above (the floor may fail); matrix values are reported, never rewritten.",
    examples=(
        fixes(
            "raises-version-below-floor",
            (
                "on: pull_request\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/setup-python@v5\n"
                "        with:\n"
                "          python-version: '3.9'  # old\n"
                "      - run: uv run pytest\n"
            ),
            (
                "on: pull_request\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/setup-python@v5\n"
                "        with:\n"
                "          python-version: '3.11'  # old\n"
                "      - run: uv run pytest\n"
            ),
            files={
                "pyproject.toml": (
                    "[project]\n"
                    'name = "demo"\n'
                    'requires-python = ">=3.11"\n'
                    "\n"
                    "[dependency-groups]\n"
                    'dev = ["pytest", "ruff", "pyright"]\n'
                )
            },
        ),
        reports(
            "above-floor-needs-unsafe",
            (
                "on: pull_request\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.13"\n'
            ),
            files={
                "pyproject.toml": (
                    "[project]\n"
                    'name = "demo"\n'
                    'requires-python = ">=3.11"\n'
                    "\n"
                    "[dependency-groups]\n"
                    'dev = ["pytest", "ruff", "pyright"]\n'
                )
            },
        ),
        fixes(
            "above-floor-with-unsafe-fixes",
            (
                "on: pull_request\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.13"\n'
            ),
            (
                "on: pull_request\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.11"\n'
            ),
            files={
                "pyproject.toml": (
                    "[project]\n"
                    'name = "demo"\n'
                    'requires-python = ">=3.11"\n'
                    "\n"
                    "[dependency-groups]\n"
                    'dev = ["pytest", "ruff", "pyright"]\n'
                )
            },
            unsafe_fixes=True,
        ),
        reports(
            "matrix-below-floor-is-reported",
            (
                "on: pull_request\n"
                "jobs:\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    strategy:\n"
                "      matrix:\n"
                '        python: ["3.9", "3.11"]\n'
                "    steps:\n"
                "      - uses: actions/setup-python@v5\n"
                "        with:\n"
                "          python-version: ${{ matrix.python }}\n"
            ),
            files={
                "pyproject.toml": (
                    "[project]\n"
                    'name = "demo"\n'
                    'requires-python = ">=3.11"\n'
                    "\n"
                    "[dependency-groups]\n"
                    'dev = ["pytest", "ruff", "pyright"]\n'
                )
            },
        ),
        noop(
            "version-at-floor",
            (
                "on:\n"
                "  pull_request:\n"
                "  push:\n"
                "    branches: [main]\n"
                "\n"
                "jobs:\n"
                "  lint:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.11"\n'
                "      - run: uv sync\n"
                "      - run: .venv/bin/ruff check .   # lint\n"
                "      - run: .venv/bin/ruff format --check .\n"
            ),
            files={
                "pyproject.toml": (
                    "[project]\n"
                    'name = "demo"\n'
                    'requires-python = ">=3.11"\n'
                    "\n"
                    "[dependency-groups]\n"
                    'dev = ["pytest", "ruff", "pyright"]\n'
                )
            },
        ),
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
        reports(
            "no-os-matrix",
            (
                "on:\n"
                "  pull_request:\n"
                "  push:\n"
                "    branches: [main]\n"
                "\n"
                "jobs:\n"
                "  lint:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.11"\n'
                "      - run: uv sync\n"
                "      - run: .venv/bin/ruff check .   # lint\n"
                "      - run: .venv/bin/ruff format --check .\n"
                "\n"
                "  test:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "      - run: uv sync\n"
                "      - run: .venv/bin/pytest\n"
            ),
            files={
                "pyproject.toml": (
                    "[project]\n"
                    'name = "demo"\n'
                    'requires-python = ">=3.11"\n'
                    "\n"
                    "[dependency-groups]\n"
                    'dev = ["pytest", "ruff", "pyright"]\n'
                )
            },
        ),
        noop(
            "macos-matrix",
            (
                "on:\n"
                "  pull_request:\n"
                "  push:\n"
                "    branches: [main]\n"
                "\n"
                "jobs:\n"
                "  lint:\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "        with:\n"
                '          python-version: "3.11"\n'
                "      - run: uv sync\n"
                "      - run: .venv/bin/ruff check .   # lint\n"
                "      - run: .venv/bin/ruff format --check .\n"
                "\n"
                "  test:\n"
                "    strategy:\n"
                "      matrix:\n"
                "        os: [ubuntu-latest, macos-latest]\n"
                "    runs-on: ${{ matrix.os }}\n"
                "    steps:\n"
                "      - uses: actions/checkout@v4\n"
                "      - uses: astral-sh/setup-uv@v6\n"
                "      - run: uv sync\n"
                "      - run: .venv/bin/pytest\n"
            ),
        ),
    ),
)

RULES = (NO_CI, MISSING_JOB, FORMAT_CHECK, TRIGGERS, INSTALL_UV, PYTHON_VERSION, HARDENING_MATRIX)
