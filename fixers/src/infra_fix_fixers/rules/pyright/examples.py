"""The PY rules' documented examples (run by tests/unit/test_examples.py), kept apart from the rules' logic.

The example repository: a src/ layout, requires-python >=3.12, a uv.lock; MIGRATIONS adds an alembic folder.
"""

from __future__ import annotations

from ...model import fixes, noop, reports

_PYPROJECT = '[project]\nname = "app"\nrequires-python = ">=3.12"\n'
REPO = {"pyproject.toml": _PYPROJECT, "uv.lock": "version = 1\n", "src/app/__init__.py": ""}
MIGRATIONS = {**REPO, "migrations/env.py": "", "migrations/versions/0001_init.py": ""}
_TWO_PACKAGES = {"pyproject.toml": _PYPROJECT, "app/__init__.py": "", "worker/__init__.py": ""}
_EXCLUDES = '["**/node_modules", "**/__pycache__", "**/.*", "**/migrations"]'

COMPLIANT = (
    "{\n"
    "    // checked in CI\n"
    '    "include": ["src"],\n'
    f'    "exclude": {_EXCLUDES},\n'
    '    "typeCheckingMode": "basic",\n'
    '    "reportMissingImports": true,\n'
    '    "reportMissingTypeStubs": false,\n'
    '    "pythonVersion": "3.12",\n'
    '    "venvPath": ".",\n'
    '    "venv": ".venv",\n'
    "}\n"
)
CREATED = (
    "{\n"
    '    "include": ["src"],\n'
    f'    "exclude": {_EXCLUDES},\n'
    '    "typeCheckingMode": "basic",\n'
    '    "reportMissingImports": true,\n'
    '    "reportMissingTypeStubs": false,\n'
    '    "pythonVersion": "3.12",\n'
    '    "venvPath": ".",\n'
    '    "venv": ".venv"\n'
    "}\n"
)
TOOL_PYRIGHT = (
    _PYPROJECT + "\n[tool.pyright]\n"
    'include = ["src"]\n'
    f"exclude = {_EXCLUDES}\n"
    'typeCheckingMode = "standard"\n'
    "reportMissingImports = true\n"
    "reportMissingTypeStubs = false\n"
    'pythonVersion = "3.12"\n'
    'venvPath = "."\n'
    'venv = ".venv"\n'
)

CREATE = (
    fixes(
        "adopts-pyright-with-the-ci-job-that-runs-it",
        None,
        CREATED,
        files=MIGRATIONS,
        together=("CI001",),
        unsafe_fixes=True,
    ),  # fmt: skip
    reports("adopting-pyright-needs-what-runs-it", None, files=MIGRATIONS),
    fixes(
        "a-repair-where-pyright-already-runs",
        None,
        CREATED,
        files={**MIGRATIONS, "Makefile": "typecheck:\n\tuv run pyright\n"},
        unsafe_fixes=True,
    ),
    noop("compliant", COMPLIANT, files=MIGRATIONS),
    noop("tool-pyright-in-pyproject-counts", TOOL_PYRIGHT, path="pyproject.toml", files=MIGRATIONS),
    reports("another-type-checker-is-a-choice", None, files={**MIGRATIONS, "mypy.ini": "[mypy]\nstrict = true\n"}),
    noop("any-existing-file-counts", "{}", files=REPO),
)
INCLUDE = (
    fixes(
        "adds-include-with-unsafe-fixes",
        '{\n  "typeCheckingMode": "basic"\n}\n',
        '{\n  "typeCheckingMode": "basic",\n  "include": ["src"]\n}\n',
        files=REPO,
        unsafe_fixes=True,
    ),
    reports("adding-include-narrows-so-is-unsafe", '{\n  "typeCheckingMode": "basic"\n}\n', files=REPO),
    reports(
        "a-commented-out-include-stands",
        '{\n  // "include": ["src"],\n  "typeCheckingMode": "basic"\n}\n',
        files=REPO,
        unsafe_fixes=True,
    ),
    fixes(
        "appends-missing-source-directory-with-unsafe-fixes",
        '{\n    "include": [\n        "app",  // the API\n    ],\n}\n',
        '{\n    "include": [\n        "app",  // the API\n        "worker",\n    ],\n}\n',
        files=_TWO_PACKAGES,
        unsafe_fixes=True,
    ),
    reports("appending-is-unsafe", '{\n    "include": ["app"]\n}\n', files=_TWO_PACKAGES),
    noop("root-covers-everything", '{"include": ["."]}\n', files=REPO),
    noop("compliant", COMPLIANT, files=MIGRATIONS),
)
EXCLUDE = (
    fixes(
        "new-exclude-keeps-pyright-defaults",
        '{\n\t"include": ["src"]\n}',
        f'{{\n\t"include": ["src"],\n\t"exclude": {_EXCLUDES}\n}}',
        files=MIGRATIONS,
    ),
    fixes(
        "appends-to-existing-exclude",
        '{\n  "exclude": ["build"], // generated\n}\n',
        '{\n  "exclude": ["build", "**/migrations"], // generated\n}\n',
        files=MIGRATIONS,
    ),
    fixes(
        "folder-not-named-migrations-by-path",
        "{}\n",
        '{\n    "exclude": ["**/node_modules", "**/__pycache__", "**/.*", "alembic"]\n}\n',
        files={**REPO, "alembic/env.py": "", "alembic/versions/0001_init.py": ""},
    ),
    noop("globstar-pattern-covers", '{"exclude": ["**/migrations/**"]}\n', files=MIGRATIONS),
    noop("no-migrations-no-exclude", "{}\n", files=REPO),
)
MISSING_IMPORTS = (
    fixes(
        "adds-setting-where-the-mode-only-warns",
        '{\n  "typeCheckingMode": "off"\n}\n',
        '{\n  "typeCheckingMode": "off",\n  "reportMissingImports": true\n}\n',
        files=REPO,
    ),
    fixes(  # what the plain run above, then an --unsafe-fixes run raising the mode (PY006), leave: one answer
        "added-also-where-the-same-run-raises-the-mode",
        '{\n  "typeCheckingMode": "off"\n}\n',
        '{\n  "typeCheckingMode": "basic",\n  "reportMissingImports": true\n}\n',
        files=REPO,
        unsafe_fixes=True,
        together=("PY006",),
    ),
    noop("the-modes-default-already-errors", '{\n  "reportMissingTypeStubs": false\n}\n', files=REPO),
    fixes(
        "turns-on-with-unsafe-fixes",
        '{"reportMissingImports": false}\n',
        '{"reportMissingImports": true}\n',
        files=REPO,
        unsafe_fixes=True,
    ),
    reports("turning-on-is-unsafe", '{"reportMissingImports": false}\n', files=REPO),
    noop("error-severity-counts", '{"reportMissingImports": "error"}\n', files=REPO),
)
TYPE_STUBS = (
    noop(  # strict reports missing stubs on purpose (silenced line by line where wanted): never loosened
        "a-strict-set-up-is-not-loosened",
        '{\n    "typeCheckingMode": "strict",\n}\n',
        files=REPO,
    ),
    noop("below-strict-mode-the-default-is-off", '{\n    "reportMissingImports": true,\n}\n', files=REPO),
    reports(  # a severity set on purpose is the project's word: a human turns it off
        "a-severity-set-on-purpose-is-reported",
        '{"reportMissingTypeStubs": "warning"}',
        files=REPO,
    ),
    noop("none-severity-counts", '{"reportMissingTypeStubs": "none"}\n', files=REPO),
)
MODE = (
    fixes(
        "off-to-basic-with-unsafe-fixes",
        '{\n  "typeCheckingMode": "off", // mode\n}\n',
        '{\n  "typeCheckingMode": "basic", // mode\n}\n',
        files=REPO,
        unsafe_fixes=True,
    ),
    reports(
        "a-reason-in-a-comment-stands",
        '{\n  "typeCheckingMode": "off", // too noisy for now\n}\n',
        files=REPO,
        unsafe_fixes=True,
    ),
    reports("raising-the-mode-is-unsafe", '{\n  "typeCheckingMode": "off"\n}\n', files=REPO),
    fixes(
        "tool-pyright-in-pyproject",
        _PYPROJECT + '\n[tool.pyright]\ntypeCheckingMode = "off"\n',
        _PYPROJECT + '\n[tool.pyright]\ntypeCheckingMode = "basic"\n',
        path="pyproject.toml",
        files=REPO,
        unsafe_fixes=True,
    ),
    noop("absent-means-pyright-default-standard", '{\n  "include": ["src"]\n}\n', files=REPO),
    noop("strict-is-stricter", '{"typeCheckingMode": "strict"}\n', files=REPO),
)
PYTHON_VERSION = (
    fixes(
        "adds-floor",
        '{\n  "include": ["src"]\n}\n',
        '{\n  "include": ["src"],\n  "pythonVersion": "3.12"\n}\n',
        files=REPO,
        unsafe_fixes=True,
    ),
    fixes(
        "moves-to-floor-with-unsafe-fixes",
        '{"pythonVersion": "3.9"}\n',
        '{"pythonVersion": "3.12"}\n',
        files=REPO,
        unsafe_fixes=True,
    ),
    reports("moving-is-unsafe", '{"pythonVersion": "3.9"}\n', files=REPO),
    fixes(
        "tool-pyright-in-pyproject",
        _PYPROJECT + '\n[tool.pyright]\ninclude = ["src"]\n',
        _PYPROJECT + '\n[tool.pyright]\ninclude = ["src"]\npythonVersion = "3.12"\n',
        path="pyproject.toml",
        files=REPO,
        unsafe_fixes=True,
    ),
    noop("no-floor-known", "{}\n", files={"src/app/__init__.py": ""}),
)
VENV = (
    fixes(
        "adds-venv-no-final-newline",
        '{\n  "include": ["src"]\n}',
        '{\n  "include": ["src"],\n  "venvPath": ".",\n  "venv": ".venv"\n}',
        files=REPO,
    ),
    reports("another-environment-is-the-projects-choice", '{"venvPath": ".nox", "venv": "test-3-12"}\n', files=REPO),
    reports(  # pyright may run in another environment there, and would then resolve imports from .venv
        "unsafe-where-pyright-already-runs",
        '{\n  "include": ["src"]\n}\n',
        files={**REPO, "Makefile": "typecheck:\n\tpyright\n"},
    ),
    reports("another-venv-name-too", '{"venvPath": ".", "venv": "venv"}\n', files=REPO, unsafe_fixes=True),
    noop("dot-slash-counts", '{"venvPath": "./", "venv": ".venv"}\n', files=REPO),
    noop("no-uv-no-venv", "{}\n", files={"pyproject.toml": _PYPROJECT, "src/app/__init__.py": ""}),
)
