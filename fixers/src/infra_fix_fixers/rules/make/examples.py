"""The MK rules' examples: each runs alone over its small repository, byte for byte, twice (tests/unit/
test_examples.py). A `pyproject.toml` in `files` makes the repository a Python project."""

from __future__ import annotations

from ...model import fixes, noop, reports

# A uv project with its dev tools, tests and lock.
PYPROJECT = (
    '[project]\nname = "acme"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n\n'
    '[dependency-groups]\ndev = ["pytest>=8", "ruff>=0.15"]\n'
)
LOCK = 'version = 1\nrequires-python = ">=3.12"\n'
UV = {"pyproject.toml": PYPROJECT, "uv.lock": LOCK, "tests/test_acme.py": "", "acme/__init__.py": ""}
CI = (  # a gating workflow that runs ruff over the whole project: the tree passes it
    "on: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
    "      - run: uv run ruff check .\n      - run: uv run ruff format --check .\n"
)
UV_CI = {**UV, ".github/workflows/ci.yml": CI}
HELP_HASH = (
    "help: ## Show this help\n"
    '\t@awk \'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_.-]+:.*## / {printf "  %-12s %s\\n", $$1, $$2}\' $(MAKEFILE_LIST)\n'
)
HELP_NAMES = (
    "help:\n\t@awk -F: '/^[a-zA-Z0-9][a-zA-Z0-9_.-]*:([^=]|$$)/ && !seen[$$1]++ {print \"  \" $$1}' $(MAKEFILE_LIST)\n"
)

PHONY = (
    fixes(
        "appends-to-the-list",
        ".PHONY: lint  # the commands\n\nlint:\n\truff check .\n\ntest: lint\n\tpytest\n",
        ".PHONY: lint test  # the commands\n\nlint:\n\truff check .\n\ntest: lint\n\tpytest\n",
    ),
    fixes(
        "one-phony-line-before-each-rule",
        ".PHONY: lint\nlint: ## Lint\n\truff check .\n\n.PHONY: fmt\nfmt: ## Format\n\truff format .\n\n"
        "# the tests\ntest: ## Test\n\tpytest\n",
        ".PHONY: lint\nlint: ## Lint\n\truff check .\n\n.PHONY: fmt\nfmt: ## Format\n\truff format .\n\n"
        "# the tests\n.PHONY: test\ntest: ## Test\n\tpytest\n",
    ),
    fixes(
        "one-phony-line-after-each-recipe",
        "deps:\n\tuv sync\n.PHONY: deps\n\nup:\n\tdocker compose up -d\n.PHONY: up\n\n"
        "logs:\n\tdocker compose logs -f\n",
        "deps:\n\tuv sync\n.PHONY: deps\n\nup:\n\tdocker compose up -d\n.PHONY: up\n\nlogs:\n\tdocker compose logs -f\n"
        ".PHONY: logs\n",
    ),
    fixes(
        "a-list-above-the-first-rule",
        "RUFF := ruff\n\n# lint everything\nlint:\n\t$(RUFF) check .\n\ndocs:\n\tmkdocs build\n",
        "RUFF := ruff\n\n.PHONY: lint docs\n\n# lint everything\nlint:\n\t$(RUFF) check .\n\ndocs:\n\tmkdocs build\n",
    ),
    noop(
        "file-targets-left-alone",
        ".PHONY: all\nall: requirements.txt stamp\n\nrequirements.txt: requirements.in\n\tuv pip compile $< -o $@\n\n"
        "stamp:\n\tmkdir -p build && touch stamp\n\n%.o: %.c\n\t$(CC) -c $<\n\n$(VENV)/bin/python:\n\tpython3 -m venv "
        "$(VENV)\n\nhello: hello.c\n",
    ),
    noop("phony-through-a-variable", "COMMANDS = lint test\n.PHONY: $(COMMANDS)\n\nlint:\n\truff check .\n"),
    reports("a-phony-name-no-rule-defines", ".PHONY: lint locales-extract\n\nlint:\n\truff check .\n"),
)

HELP = (
    fixes(
        "prints-the-hash-descriptions",
        ".PHONY: test\n\ntest: ## Run the tests\n\tpytest\n",
        ".PHONY: test help\n\ntest: ## Run the tests\n\tpytest\n\n" + HELP_HASH,
    ),
    fixes(
        "lists-the-targets-where-none-is-described",
        "lint:\n\truff check .\n\ntest:\n\tpytest\n",
        "lint:\n\truff check .\n\ntest:\n\tpytest\n\n.PHONY: help\n" + HELP_NAMES,
    ),
    fixes(
        "phony-comment-descriptions",
        ".PHONY: lint  # Lint the code\nlint:\n\truff check .\n\n.PHONY: test  # Run the tests\ntest:\n\tpytest\n",
        ".PHONY: lint  # Lint the code\nlint:\n\truff check .\n\n.PHONY: test  # Run the tests\ntest:\n\tpytest\n\n"
        ".PHONY: help  # Show this help\nhelp:\n"
        '\t@awk \'/^\\.PHONY: [a-zA-Z0-9_.-]+ *#/ {name = $$2; sub(/^[^#]*# */, ""); '
        'printf "  %-12s %s\\n", name, $$0}\' $(MAKEFILE_LIST)\n',
    ),
    fixes(
        "hash-comments-above-the-rules",
        ".PHONY: up test\n\n## up: Start the services\nup:\n\tdocker compose up -d\n\n## test: Run the tests\n"
        "test:\n\tpytest\n",
        ".PHONY: up test help\n\n## up: Start the services\nup:\n\tdocker compose up -d\n\n## test: Run the tests\n"
        "test:\n\tpytest\n\n## help: Show this help\nhelp:\n\t@grep -h '^## [a-zA-Z0-9_.-]*:' $(MAKEFILE_LIST) | "
        "sed -e 's/^## /  /'\n",
    ),
    fixes(
        "keeps-no-final-newline",
        "test:\n\tpytest",
        "test:\n\tpytest\n\n.PHONY: help\n" + HELP_NAMES.removesuffix("\n"),
    ),
    noop("help-exists", ".PHONY: help\nhelp:\n\t@grep -E '^[a-z]+:' Makefile\n"),
    noop(
        "help-in-an-included-file",
        "include make/common.mk\n\ntest:\n\tpytest\n",
        files={"make/common.mk": "help:\n\t@echo usage\n"},
    ),
)

STANDARD = (
    fixes(
        "a-uv-project-gets-lint-format-check-and-check",
        ".PHONY: test\n\ntest:\n\tuv run pytest\n",
        ".PHONY: test lint format-check check\n\ntest:\n\tuv run pytest\n\nlint:\n\tuv run ruff check .\n\n"
        "format-check:\n\tuv run ruff format --check .\n\ncheck: lint format-check test\n",
        files=UV_CI,
    ),
    reports(
        "unsafe-where-nothing-runs-the-tool-yet",
        "VENV := .venv\n\n.PHONY: test\ntest: ## Run the tests\n\t$(VENV)/bin/pytest\n",
        files=UV,
    ),
    fixes(
        "as-the-file-runs-its-tools",
        "VENV := .venv\n\n.PHONY: test\ntest: ## Run the tests\n\t$(VENV)/bin/pytest\n",
        "VENV := .venv\n\n.PHONY: test\ntest: ## Run the tests\n\t$(VENV)/bin/pytest\n\n.PHONY: lint\n"
        "lint: ## Lint (ruff check)\n\t$(VENV)/bin/ruff check .\n\n.PHONY: format-check\n"
        "format-check: ## Check the formatting (ruff format --check)\n\t$(VENV)/bin/ruff format --check .\n\n"
        ".PHONY: check\ncheck: lint format-check test ## Run every check\n",
        files=UV,
        unsafe_fixes=True,
    ),
    noop(
        "the-jobs-are-done-under-other-names",
        ".PHONY: lint format typing tests check\n\nlint:\n\tuv run ruff check .\n\nformat:\n\tuv run ruff format "
        "--check .\n\ntyping:\n\tuv run mypy\n\ntests:\n\tuv run pytest\n\ncheck: lint format typing tests\n",
        files=UV,
    ),
    fixes(
        "up-and-down-beside-a-compose-file",
        ".PHONY: lint format-check test check\n\nlint:\n\truff check .\n\nformat-check:\n\truff format --check .\n\n"
        "test:\n\tpytest\n\ncheck: lint format-check test\n",
        ".PHONY: lint format-check test check up down\n\nlint:\n\truff check .\n\nformat-check:\n\truff format --check "
        ".\n\ntest:\n\tpytest\n\ncheck: lint format-check test\n\nup:\n\tdocker compose up -d\n\ndown:\n\t"
        "docker compose down\n",
        files={**UV, "compose.yaml": "services: {}\n"},
    ),
    noop(
        "no-tool-no-target",
        "serve:\n\tpython -m http.server\n",
        files={"pyproject.toml": '[project]\nname = "site"\nversion = "1"\n'},
    ),
)

DOTENV = (
    reports(
        "suggests-reading-env-with-the-caveats",
        "up:\n\tdocker compose up -d\n",
        files={".env.example": "DEBUG=1\n"},
    ),
    noop("lint-and-tests-need-no-env", "test:\n\tpytest\n", files={".env.example": "DEBUG=1\n"}),
    reports("a-hard-include-stops-make-without-env", "include .env\nexport\n\ntest:\n\tpytest\n"),
    reports(
        "values-make-reads-otherwise",
        "-include .env\nexport\n\ntest:\n\tpytest\n",
        files={".env.example": 'NAME="acme"\nPASSWORD=p$word\nDEBUG=1\n'},
    ),
    noop(
        "reads-env-as-dotenv-does",
        "-include .env\nexport\n\ntest:\n\tpytest\n",
        files={".env.example": "DEBUG=1\nNAME=acme\n"},
    ),
)

OVERRIDES = (
    reports(
        "an-assignment-the-environment-cannot-override",
        "ENVIRONMENT_NAME := dev\n\nup:\n\t./deploy $(ENVIRONMENT_NAME)\n",
    ),
    noop("a-default-the-environment-overrides", "ENVIRONMENT_NAME ?= dev\n\nup:\n\t./deploy $(ENVIRONMENT_NAME)\n"),
)

CREATE = (
    fixes(
        "creates-the-makefile-of-a-uv-project",
        None,
        ".PHONY: help lint format-check test check\n\n"
        + HELP_HASH.replace("%-12s", "%-14s")
        + "\nlint: ## Lint (ruff check)\n\tuv run ruff check .\n\n"
        "format-check: ## Check the formatting (ruff format --check)\n\tuv run ruff format --check .\n\n"
        "test: ## Run the tests (pytest)\n\tuv run pytest\n\ncheck: lint format-check test ## Run every check\n",
        files={**UV_CI, ".github/workflows/ci.yml": CI + "      - run: uv run pytest\n"},
    ),
    reports("unsafe-where-a-check-runs-nowhere-yet", None, files=UV_CI),
    fixes(
        "the-whole-adoption-with-unsafe-fixes",
        None,
        ".PHONY: help lint format-check test check\n\n"
        + HELP_HASH.replace("%-12s", "%-14s")
        + "\nlint: ## Lint (ruff check)\n\tuv run ruff check .\n\n"
        "format-check: ## Check the formatting (ruff format --check)\n\tuv run ruff format --check .\n\n"
        "test: ## Run the tests (pytest)\n\tuv run pytest\n\ncheck: lint format-check test ## Run every check\n",
        files=UV_CI,
        unsafe_fixes=True,
    ),
    noop("a-justfile-runs-the-tasks", None, files={**UV, "justfile": "test:\n    uv run pytest\n"}),
    noop(
        "no-makefile-only-to-start-the-services",
        None,
        files={
            "pyproject.toml": '[project]\nname = "stack"\nversion = "1"\n',
            "compose.yml": "services:\n  web:\n    image: nginx\n",
        },
    ),
)

SECRET = (
    reports("a-password-in-a-variable", "DB_PASSWORD := hunter22\n\nmigrate:\n\talembic upgrade head\n"),
    noop(
        "read-from-the-environment",
        "DB_PASSWORD ?= $(shell cat .secrets/db)\nAPI_TOKEN ?= changeme\n\nmigrate:\n\talembic upgrade head\n",
    ),
)
