"""The PP rules' documented examples (fixes / noop / reports), kept apart so the rules module stays readable.

Each runs with only its rule selected (tests/unit/test_examples.py): byte-exact output, findings, idempotence.
"""

from __future__ import annotations

from ...model import fixes, noop, reports

_HATCH = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'
_PROJECT = '[project]\nname = "demo"\nversion = "1.0.0"\nrequires-python = ">=3.12"\n'
_DEV = '\n[project.optional-dependencies]\ndev = ["pytest>=7.0", "ruff", "pre-commit>=4.2.0"]\n'
_TESTS = {"tests/test_demo.py": "def test_demo():\n    pass\n"}
_ASYNC = '[project]\nname = "demo"\ndependencies = ["pytest-asyncio>=0.23"]\n'

BUILD_SYSTEM = (
    fixes(
        "absent-added-at-top",
        "# demo project\n" + _PROJECT,
        _HATCH + "# demo project\n" + _PROJECT,
        unsafe_fixes=True,
    ),
    reports("absent-needs-unsafe-fixes", _PROJECT),
    reports("absent-without-project-table", '[tool.poetry]\nname = "demo"\n'),
    noop("hatchling", _HATCH + _PROJECT),
)

BUILD_BACKEND = (
    reports(
        "setuptools",
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n' + _PROJECT,
    ),
    reports("legacy-setuptools-no-backend", '[build-system]\nrequires = ["setuptools", "wheel"]\n\n' + _PROJECT),
    reports(
        "maturin-gently",
        '[build-system]\nrequires = ["maturin>=1.5,<2"]\nbuild-backend = "maturin"\n\n' + _PROJECT,
    ),
    noop("hatchling", _HATCH + _PROJECT),
    noop("absent-is-pp001s", _PROJECT),
)

REQUIRES_PYTHON = (
    fixes(
        "from-setup-py-after-version",
        '[project]\nname = "demo"\nversion = "1.0.0"\ndependencies = []\n',
        '[project]\nname = "demo"\nversion = "1.0.0"\nrequires-python = ">=3.9"\ndependencies = []\n',
        files={"setup.py": 'from setuptools import setup\n\nsetup(python_requires=">=3.9")\n'},
        unsafe_fixes=True,
    ),
    reports(
        "from-setup-py-needs-unsafe-fixes",
        '[project]\nname = "demo"\n',
        files={"setup.py": 'from setuptools import setup\n\nsetup(python_requires=">=3.9")\n'},
    ),
    reports(
        "python-version-is-not-the-floor",
        '[project]\nname = "demo"\n',
        files={".python-version": "3.14\n"},
    ),
    reports("no-python-version", '[project]\nname = "demo"\n'),
    reports("poetry-without-project-table", '[tool.poetry]\nname = "demo"\n'),
    noop("present", _PROJECT),
)

# A pre-commit config the repository has: pre-commit in the dev dependencies is then a repair, not an adoption.
_HOOKS = {".pre-commit-config.yaml": "repos: []\n"}
DEV_DEPENDENCIES = (
    fixes("optional-dependencies-created", _PROJECT, _PROJECT + _DEV, unsafe_fixes=True, files=_HOOKS),
    reports("a-published-extra-is-unsafe", _PROJECT),
    reports(
        "tools-kept-in-a-requirements-file",
        _PROJECT,
        files={"requirements.txt": "-e .\npytest==8.4.1\nruff==0.12.1 \\\n    --hash=sha256:00\n"},
        unsafe_fixes=True,
    ),
    fixes(
        "dependency-groups-multiline-kept",
        _PROJECT + '\n[dependency-groups]\ndev = [\n    "pytest>=8",  # tests\n]\n',
        _PROJECT + '\n[dependency-groups]\ndev = [\n    "pytest>=8",  # tests\n    "ruff",\n'
        '    "pre-commit>=4.2.0",\n]\n',
        files=_HOOKS,
    ),
    fixes(
        "ruff-at-the-locked-version",
        _PROJECT + "\n[project.optional-dependencies]\ndev = ['pytest', 'pre-commit']\n",
        _PROJECT + "\n[project.optional-dependencies]\ndev = ['pytest', 'pre-commit', 'ruff>=0.9.2']\n",
        files={"uv.lock": 'version = 1\n\n[[package]]\nname = "ruff"\nversion = "0.9.2"\n'},
        unsafe_fixes=True,
    ),
    reports(
        "a-lock-makes-it-unsafe",
        _PROJECT + '\n[dependency-groups]\ndev = ["pytest"]\n',
        files={"uv.lock": "version = 1\n"},
    ),
    fixes(
        "include-group-entry",
        _PROJECT + '\n[dependency-groups]\ntest = ["pytest"]\ndev = [{ include-group = "test" }]\n',
        _PROJECT + '\n[dependency-groups]\ntest = ["pytest"]\n'
        'dev = [{ include-group = "test" }, "ruff", "pre-commit>=4.2.0"]\n',
        files=_HOOKS,
    ),
    fixes(
        "pre-commit-waits-for-the-config-it-runs",
        _PROJECT + '\n[dependency-groups]\ndev = ["pytest"]\n',
        _PROJECT + '\n[dependency-groups]\ndev = ["pytest", "ruff"]\n',
    ),
    noop(
        "no-pre-commit-beside-lefthook",
        _PROJECT + '\n[dependency-groups]\ndev = ["pytest", "ruff"]\n',
        files={"lefthook.yml": "pre-commit:\n  commands: {}\n"},
    ),
    noop("uv-dev-dependencies", _PROJECT + '\n[tool.uv]\ndev-dependencies = ["pytest", "ruff", "pre-commit"]\n'),
    noop("prek-stands-for-pre-commit", _PROJECT + '\n[dependency-groups]\ndev = ["pytest", "ruff", "prek"]\n'),
    noop(
        "in-dependency-groups", _PROJECT + '\n[dependency-groups]\nlint = ["ruff", "pre_commit"]\ntest = ["pytest"]\n'
    ),
    reports(
        "poetry-without-project-table",
        '[tool.poetry]\nname = "demo"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n',
    ),
)

TESTPATHS = (
    fixes("table-created", _PROJECT, _PROJECT + '\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n', files=_TESTS),
    fixes(
        "existing-table",
        _PROJECT + '\n[tool.pytest.ini_options]\naddopts = "-ra"\n',
        _PROJECT + '\n[tool.pytest.ini_options]\naddopts = "-ra"\ntestpaths = ["tests"]\n',
        files=_TESTS,
    ),
    fixes(
        "pytest-9-native-table",
        _PROJECT + '\n[tool.pytest]\nminversion = "9.0"\n',
        _PROJECT + '\n[tool.pytest]\nminversion = "9.0"\ntestpaths = ["tests"]\n',
        files=_TESTS,
    ),
    reports("testpaths-lacks-tests", _PROJECT + '\n[tool.pytest.ini_options]\ntestpaths = ["src"]\n', files=_TESTS),
    noop("compliant", _PROJECT + '\n[tool.pytest.ini_options]\ntestpaths = "tests"\n', files=_TESTS),
    noop("pytest-ini-wins", _PROJECT, files={**_TESTS, "pytest.ini": "[pytest]\naddopts = -q\n"}),
    noop("setup-cfg-section-wins", _PROJECT, files={**_TESTS, "setup.cfg": "[tool:pytest]\naddopts = -q\n"}),
    noop("no-tests-folder", _PROJECT),
    reports(
        "tests-collected-elsewhere-would-stop-running",
        _PROJECT,
        files={**_TESTS, "docs_src/tutorial/test_main.py": "def test_main():\n    pass\n"},
    ),
    fixes(
        "a-test-file-addopts-ignores-is-not-collected-today-either",
        _PROJECT + '\n[tool.pytest.ini_options]\naddopts = "--ignore=test_build.py"\n',
        _PROJECT + '\n[tool.pytest.ini_options]\naddopts = "--ignore=test_build.py"\ntestpaths = ["tests"]\n',
        files={**_TESTS, "test_build.py": "def test_build():\n    pass\n"},
    ),
)

_ASYNC_TEST = "async def test_get():\n    assert True\n"
ASYNCIO_MODE = (
    fixes(
        "added-to-pytest-table",
        _ASYNC + '\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
        _ASYNC + '\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\nasyncio_mode = "auto"\n',
        files={"tests/test_api.py": _ASYNC_TEST},
    ),
    fixes(
        "table-created",
        _ASYNC,
        _ASYNC + '\n[tool.pytest.ini_options]\nasyncio_mode = "auto"\n',
        files={"tests/test_api.py": _ASYNC_TEST},
    ),
    noop("no-async-test", _ASYNC, files={"tests/test_api.py": "def test_sync():\n    pass\n"}),
    noop(
        "anyio-marked-tests-left-alone",
        _ASYNC,
        files={"tests/test_api.py": "import pytest\n\n\n@pytest.mark.anyio\n" + _ASYNC_TEST},
    ),  # fmt: skip
    noop("mode-chosen", _ASYNC + '\n[tool.pytest.ini_options]\nasyncio_mode = "strict"\n'),
    noop(
        "anyio-suite-left-alone",
        _ASYNC,
        files={"tests/conftest.py": "import pytest\n\n\n@pytest.fixture\ndef anyio_backend():\n    return 'asyncio'\n"},
    ),
    noop("no-pytest-asyncio", _PROJECT),
)

PYTEST_CONFIG = (
    reports(
        "setup-cfg-section",
        _PROJECT,
        files={"setup.cfg": "[metadata]\nname = demo\n\n[tool:pytest]\ntestpaths = tests\nmarkers =\n    slow: slow\n"},
    ),
    reports("pytest-ini", _PROJECT, files={"pytest.ini": "[pytest]\naddopts = -ra\n"}),
    noop("in-pyproject", _PROJECT + '\n[tool.pytest.ini_options]\naddopts = "-ra"\n', files={"tox.ini": "[tox]\n"}),
)

SCATTERED_CONFIG = (
    reports("flake8-file", _PROJECT, files={".flake8": "[flake8]\nmax-line-length = 120\n"}),
    reports(
        "setup-cfg-mypy-and-isort", _PROJECT, files={"setup.cfg": "[mypy]\nstrict = True\n\n[isort]\nprofile = black\n"}
    ),
    noop("setup-cfg-metadata-only", _PROJECT, files={"setup.cfg": "[metadata]\nname = demo\n"}),
)
