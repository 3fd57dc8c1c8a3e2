"""The UV rules' examples (run by tests/unit/test_examples.py, each alone, byte for byte, twice). `ignored` is git's
answer for the example repository, as `git check-ignore` gives it at load."""

from __future__ import annotations

from ...model import fixes, noop, reports


def _member(name: str, extra: str = "") -> str:
    return f'[project]\nname = "{name}"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n{extra}'


PROJECT = _member("acme")
UV_PROJECT = PROJECT + "\n[tool.uv]\npackage = true\n"
LOCK = 'version = 1\nrequires-python = ">=3.12"\n'
WORKER_FROM_API = _member("worker", 'dependencies = ["api"]\n\n[tool.uv.sources]\napi = { workspace = true }\n')
WORKSPACE_ROOT = PROJECT + '\n[tool.uv.workspace]\nmembers = ["api", "worker"]\n'
WORKSPACE_FILES = {"api/pyproject.toml": _member("api"), "worker/pyproject.toml": WORKER_FROM_API, "uv.lock": LOCK}

LOCK_IGNORED = (
    fixes(
        "comments-out-a-labelled-line",
        "# environments\n.venv/\n\n# locks\nuv.lock\n",
        "# environments\n.venv/\n\n# locks\n#uv.lock\n",
        path=".gitignore",
        files={"pyproject.toml": PROJECT},
        ignored={"uv.lock": ".gitignore:5: uv.lock"},
    ),
    fixes(
        "negates-a-glob-that-ignores-other-locks",
        "*.lock\n.venv/\n",
        "*.lock\n.venv/\n!/uv.lock\n",
        path=".gitignore",
        files={"pyproject.toml": UV_PROJECT},
        ignored={"uv.lock": ".gitignore:1: *.lock"},
    ),
    fixes(
        "removes-a-line-of-its-own",
        ".venv/\nuv.lock\n",
        ".venv/\n",
        path=".gitignore",
        files={"pyproject.toml": PROJECT},
        ignored={"uv.lock": ".gitignore:2: uv.lock"},
    ),
    fixes(
        "a-subfolder-project-in-the-root-gitignore",
        "backend/uv.lock\nnode_modules/\n",
        "node_modules/\n",
        path=".gitignore",
        files={"backend/pyproject.toml": UV_PROJECT, "backend/app.py": ""},
        ignored={"backend/uv.lock": ".gitignore:1: backend/uv.lock"},
    ),
    reports(
        "the-humans-reason-stands",
        "# a library: we test against the newest versions, never a lock\nuv.lock\n",
        path=".gitignore",
        files={"pyproject.toml": PROJECT},
        ignored={"uv.lock": ".gitignore:2: uv.lock"},
    ),
    noop(
        "a-commented-line-ignores-nothing",
        "# uv\n#uv.lock\n",
        path=".gitignore",
        files={"pyproject.toml": UV_PROJECT, "uv.lock": LOCK},
        ignored={"uv.lock": None},
    ),
)

LOCK_ABSENT = (
    reports("a-uv-project-without-its-lock", UV_PROJECT),
    noop("the-lock-is-committed", UV_PROJECT, files={"uv.lock": LOCK}),
    noop("not-a-uv-project", PROJECT),
)

WORKSPACE = (
    reports(
        "a-member-that-is-not-there",
        PROJECT + '\n[tool.uv.workspace]\nmembers = ["api", "services/*"]\n',
        files={"api/pyproject.toml": _member("api"), "uv.lock": LOCK},
    ),
    reports(
        "a-member-folder-without-pyproject",
        PROJECT + '\n[tool.uv.workspace]\nmembers = ["packages/*"]\n',
        files={"packages/api/pyproject.toml": _member("api"), "packages/notes/README.md": "", "uv.lock": LOCK},
    ),
    reports(
        "members-as-a-string", PROJECT + '\n[tool.uv.workspace]\nmembers = "packages/*"\n', files={"uv.lock": LOCK}
    ),
    noop(
        "globs-and-excludes-as-uv-reads-them",
        PROJECT + '\n[tool.uv.workspace]\nmembers = ["packages/*"]\nexclude = ["packages/notes"]\n',
        files={"packages/api/pyproject.toml": _member("api"), "packages/notes/README.md": "", "uv.lock": LOCK},
    ),
)

MEMBER_LOCKS = (
    reports("a-member-lock-uv-cannot-make", WORKSPACE_ROOT, files={**WORKSPACE_FILES, "worker/uv.lock": LOCK}),
    noop("one-root-lock-built-with-package", WORKSPACE_ROOT, files=WORKSPACE_FILES),
)

_SYNC = (
    "\n.PHONY: sync-locks\n"
    "sync-locks: ## Regenerate the lock files of the members built on their own\n"
    "\t@set -e; for member in api; do \\\n"
    "\t\ttmp=$$(mktemp -d); \\\n"
    '\t\tcp "$$member/pyproject.toml" "$$tmp/"; \\\n'
    '\t\tif [ -f "$$member/uv.lock" ]; then cp "$$member/uv.lock" "$$tmp/"; fi; \\\n'
    '\t\tuv lock --directory "$$tmp" || { rm -rf "$$tmp"; exit 1; }; \\\n'
    '\t\tcp "$$tmp/uv.lock" "$$member/uv.lock"; \\\n'
    '\t\trm -rf "$$tmp"; \\\n'
    "\tdone\n"
)
_MAKEFILE = ".PHONY: lint\nlint: ## Lint\n\tuv run ruff check .\n"
SYNC_LOCKS = (
    fixes(
        "sync-locks-for-the-members-that-lock-alone",
        _MAKEFILE,
        _MAKEFILE + _SYNC,
        files={"pyproject.toml": WORKSPACE_ROOT, **WORKSPACE_FILES, "api/uv.lock": LOCK},
    ),
    reports(
        "the-blueprint-loop-hides-failures",
        "sync-locks:\n\t@for p in api; do \\\n\t\t(cd /tmp/$$p && uv lock); \\\n\tdone\n",
        files={"pyproject.toml": WORKSPACE_ROOT, **WORKSPACE_FILES, "api/uv.lock": LOCK},
    ),
    noop("a-single-lock-workspace", _MAKEFILE, files={"pyproject.toml": WORKSPACE_ROOT, **WORKSPACE_FILES}),
)

LOCK_AT_DEPLOY = (
    reports(
        "uv-lock-before-deploying",
        "deploy: build\n\tkubectl apply -f k8s/\n\nbuild:\n\tuv lock\n\tdocker build -t app .\n",
        files={"pyproject.toml": UV_PROJECT, "uv.lock": LOCK},
    ),
    noop(
        "checking-the-lock-and-upgrading-by-hand",
        "deploy:\n\tuv lock --check\n\tfly deploy\n\nupgrade:\n\tuv lock --upgrade\n",
        files={"pyproject.toml": UV_PROJECT, "uv.lock": LOCK},
    ),
)

PYTHON_OUTSIDE = (
    reports(
        "a-python-requires-python-excludes",
        "install:\n\tuv sync --python 3.12\n",
        files={"pyproject.toml": PROJECT.replace(">=3.12", "==3.13.*"), "uv.lock": LOCK},
    ),
    noop(
        "a-python-it-admits",
        "install:\n\tuv sync --python 3.13\n\ntest:\n\tuv run -p 3.14 pytest\n",
        files={"pyproject.toml": PROJECT.replace(">=3.12", ">=3.13"), "uv.lock": LOCK},
    ),
)
