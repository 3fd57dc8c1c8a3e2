"""PP005-PP008: pytest's table in pyproject.toml, and tool configuration scattered in INI files."""

from __future__ import annotations

import fnmatch
import posixpath
import re
import shlex

from ...edit.toml_render import render
from ...facts import all_requirements, requirement_name
from ...facts.commands.words import split_words
from ...facts.tools.pytest import inifile
from ...fixer import check
from ...model import Rule
from . import examples as ex
from .ini import IniSection, pytest_block, sections
from .meta import MANUAL, SAFE, UNSAFE, Path, Run, file_quote

PYTEST_FILES = ("pytest.toml", ".pytest.toml", "pytest.ini", ".pytest.ini")  # pytest reads these before pyproject
INI_FILES = ("setup.cfg", "tox.ini", "pytest.ini", ".pytest.ini", ".flake8")

_TEST_FILE = re.compile(r"test_\w*\.py|\w+_test\.py")
_NOT_COLLECTED = {"node_modules", "build", "dist", "venv", "site-packages"}  # besides dot and underscore folders
TESTPATHS = Rule(
    code="PP005",
    name="pytest-testpaths",
    summary="The pytest configuration does not set testpaths to the tests folder.",
    rationale="`testpaths` makes a bare `pytest` collect the tests folder only, fast and the same everywhere.",
    applicability=SAFE,
    tiers=(
        UNSAFE,
        MANUAL,
    ),
    fix='Adds `testpaths = ["tests"]` to `[tool.pytest.ini_options]` (or pytest 9\'s `[tool.pytest]`) where '
    "pytest reads its configuration from this pyproject.toml or from nowhere (facts/tools/pytest.py: the nearest file "
    "with pytest settings, as pytest finds it); unsafe where pytest also collects test files outside the tests "
    "folder today (they would stop running by default). A project whose tests pytest runs with a configuration "
    "above it (a workspace root's) gets no table of its own, which would replace that one for them: where its "
    "testpaths leave them out, the finding is manual.",
    examples=ex.TESTPATHS,
)
ASYNCIO_MODE = Rule(
    code="PP006",
    name="pytest-asyncio-mode",
    summary='The project runs pytest-asyncio without asyncio_mode = "auto".',
    rationale="In auto mode async tests and fixtures need no marker; a forgotten marker cannot skip a test.",
    applicability=SAFE,
    fix='Adds `asyncio_mode = "auto"` to pytest\'s table in pyproject.toml where pytest-asyncio is a dependency and '
    "some test or fixture is async; nothing where no test is async, or where the suite runs on anyio "
    "(`@pytest.mark.anyio`, an `anyio_backend` fixture), whose tests auto mode would take over.",
    examples=ex.ASYNCIO_MODE,
)
PYTEST_CONFIG = Rule(
    code="PP007",
    name="pytest-config-outside-pyproject",
    summary="The pytest configuration lives outside pyproject.toml.",
    rationale="All tool settings consolidated in pyproject.toml: one place to read, no precedence surprises "
    "(pytest.ini silently wins over pyproject.toml).",
    applicability=MANUAL,
    fix="Reported with the `[tool.pytest.ini_options]` block to paste; the old section is then deleted by hand.",
    examples=ex.PYTEST_CONFIG,
)
SCATTERED_CONFIG = Rule(
    code="PP008",
    name="tool-config-outside-pyproject",
    summary="A flake8, isort, mypy, coverage or pycodestyle configuration lives in setup.cfg, tox.ini or .flake8.",
    rationale="All tool settings consolidated in pyproject.toml; flake8, isort and pycodestyle are replaced by "
    "ruff's rules.",
    applicability=MANUAL,
    examples=ex.SCATTERED_CONFIG,
)


# -- PP005 / PP006 --------------------------------------------------------------------------------------------------


def _pytest_home(run: Run) -> Path | None:
    """The pyproject table pytest reads its settings from, existing or to create; None where pytest reads another
    file (facts/tools/pytest.py: the project's pytest.ini, tox.ini or setup.cfg, or a configuration above its folder,
    which a table here would replace for its tests)."""
    project = run.project
    found = inifile(run.ctx.repo, project.dir)
    if found is not None and found.path != project.path("pyproject.toml"):
        return None
    table = run.doc.get(("tool", "pytest"))
    if isinstance(table, dict):
        native = any(key != "ini_options" for key in table)
        ini = table.get("ini_options")
        if native and ini is not None:
            return None  # pytest refuses this file: a human must choose
        if native:
            return ("tool", "pytest")
        if isinstance(ini, dict):
            return ("tool", "pytest", "ini_options")
    return ("tool", "pytest", "ini_options")


def _governed_above(run: Run) -> None:
    """A project whose tests pytest runs with a configuration above its folder (a workspace root's): a table of its
    own would replace that configuration for them, dropping its settings. Where that configuration's testpaths
    leave the project's tests out, a human adds them there."""
    project = run.project
    found = inifile(run.ctx.repo, project.dir)
    if found is None or found.folder == project.dir or not project.test_dirs:
        return
    testpaths = found.settings(run.ctx.repo).get("testpaths")
    if testpaths is None:
        return  # a bare `pytest` there collects every folder, this project's tests too
    rel = [posixpath.relpath(project.path(t), found.folder or ".") for t in project.test_dirs]
    missing = [r for r in rel if not _covers(testpaths, r)]
    if missing:
        run.report(TESTPATHS, f"pytest reads {found.path} for {project.dir}'s tests (the nearest configuration above "
                   f"them), whose testpaths leave out {', '.join(missing)}: add them there (a pytest table here would "
                   f"become their configuration and drop that file's settings)", applicability=MANUAL)  # fmt: skip


@check(TESTPATHS, ASYNCIO_MODE)
def pytest_table(run: Run) -> None:
    home = _pytest_home(run)
    if home is None:
        _governed_above(run)
        return
    table, quote = "[" + ".".join(home) + "]", file_quote(run.doc)
    tests = list(run.project.test_dirs)
    current = run.doc.get((*home, "testpaths"))
    if tests and current is None:
        elsewhere = _collected_elsewhere(run, tests, home)
        why = (f" (unsafe: pytest also collects {len(elsewhere)} test file(s) outside them, {elsewhere[0]} among "
               "them, which would no longer run by default)") if elsewhere else ""  # fmt: skip
        run.report(TESTPATHS, f"pytest has no testpaths: add testpaths = {render(tests)} to {table}{why}", at=home,
                   edit=lambda: run.doc.set_raw((*home, "testpaths"), render(tests, quote), tests),
                   applicability=UNSAFE if elsewhere else None)  # fmt: skip
    elif tests and current is not None:
        uncovered = [t for t in tests if not _covers(current, t)]
        if uncovered:
            run.report(TESTPATHS, f"testpaths does not include {', '.join(uncovered)}/: its tests do not run by "
                       "default", at=(*home, "testpaths"), applicability=MANUAL)  # fmt: skip
    names = {requirement_name(r) for r in all_requirements(run.doc.data)}
    if "pytest-asyncio" in names and run.doc.get((*home, "asyncio_mode")) is None:
        suite = _async_suite(run)
        if suite is None:
            return  # no async test: auto mode would change nothing but a line to read
        if "anyio" in names or suite == "anyio" or _uses_anyio(run):
            return  # an anyio suite: its tests run under anyio's plugin, which auto mode would take over
        run.report(ASYNCIO_MODE, f'pytest-asyncio is a dependency: add asyncio_mode = "auto" to {table}', at=home,
                   edit=lambda: run.doc.set_raw((*home, "asyncio_mode"), render("auto", quote), "auto"),
                   respect=(*home, "asyncio_mode"), values=["auto"])  # fmt: skip


def _collected_elsewhere(run: Run, tests: list[str], home: Path) -> list[str]:
    """The files a bare `pytest` collects today (`test_*.py`, `*_test.py`) outside the test folders: testpaths
    would stop running them (docs examples with their own tests, a package's in-tree tests)."""
    project = run.project
    base = f"{project.dir}/" if project.dir else ""
    ignored = _ignored_by_addopts(run, home)
    found = []
    for path in run.ctx.snapshot.named_like(lambda name: _TEST_FILE.fullmatch(name) is not None):
        rel = path[len(base) :] if path.startswith(base) else None
        if rel is None or any(rel.startswith(t + "/") for t in tests) or run.ctx.repo.owner(path) is not project:
            continue
        if any(rel == i or rel.startswith(i.rstrip("/") + "/") or fnmatch.fnmatch(rel, i) for i in ignored):
            continue  # `addopts = "--ignore=test_build.py"`: pytest does not collect it today either
        if not any(part.startswith((".", "_")) or part in _NOT_COLLECTED for part in rel.split("/")[:-1]):
            found.append(path)
    return sorted(found)


def _ignored_by_addopts(run: Run, home: Path) -> list[str]:
    """The paths `--ignore`/`--ignore-glob` in pytest's addopts keep out of collection."""
    addopts = run.doc.get((*home, "addopts"))
    if isinstance(addopts, str):
        words = split_words(addopts)
    else:
        words = [w for w in addopts if isinstance(w, str)] if isinstance(addopts, list) else []
    ignored: list[str] = []
    for i, word in enumerate(words):
        option, _, value = word.partition("=")
        if option in ("--ignore", "--ignore-glob"):
            value = value or (words[i + 1] if i + 1 < len(words) else "")
            ignored.append(value.removeprefix("./"))
    return [v for v in ignored if v]


def _uses_anyio(run: Run) -> bool:
    """Whether the tests are written for anyio (its pytest plugin, `@pytest.mark.anyio`, an `anyio_backend`
    fixture): pytest-asyncio's auto mode would claim those async tests too."""
    markers = run.doc.get(("tool", "pytest", "ini_options", "markers")) or []
    return any("anyio" in str(m) for m in markers)


_ASYNC_TEST = re.compile(r"(?m)^\s*async\s+def\s+test|@pytest\.mark\.asyncio\b|pytest_asyncio")
_ANYIO = re.compile(r"@pytest\.mark\.anyio\b|\banyio_backend\b|pytestmark\s*=.*\banyio\b")


def _async_suite(run: Run) -> str | None:
    """ "anyio" where the project's tests run on anyio, "asyncio" where some test or fixture is async for
    pytest-asyncio, None where no test is async (its test files and conftest.py files, as loaded)."""
    project, snapshot = run.project, run.ctx.snapshot
    base = f"{project.dir}/" if project.dir else ""
    found = None
    for path in snapshot.named_like(lambda name: name == "conftest.py" or _TEST_FILE.fullmatch(name) is not None):
        if not path.startswith(base) or run.ctx.repo.owner(path) is not project:
            continue
        text = snapshot.text(path) or ""
        if _ANYIO.search(text):
            return "anyio"
        if found is None and _ASYNC_TEST.search(text):
            found = "asyncio"
    return found


def _covers(testpaths: object, folder: str) -> bool:
    """Whether a testpaths value (a list, or pytest's shell-split string) reaches `folder` or a folder in it."""
    if isinstance(testpaths, str):
        try:
            testpaths = shlex.split(testpaths)
        except ValueError:
            return True  # pytest cannot read it either; not ours to judge
    if not isinstance(testpaths, list):
        return True
    for item in testpaths:
        if not isinstance(item, str):
            continue
        path = item.removeprefix("./").rstrip("/")
        if path == folder or path.startswith(folder + "/") or fnmatch.fnmatchcase(folder, path):
            return True
    return False


# -- PP007 / PP008 --------------------------------------------------------------------------------------------------

_ELSEWHERE = {
    "flake8": "flake8 does not read pyproject.toml: port its settings to [tool.ruff.lint] (the blueprint lints "
    "with ruff), then delete the section",
    "pycodestyle": "pycodestyle does not read pyproject.toml: port its settings to [tool.ruff.lint] (ruff's E and "
    "W rules), then delete the section",
    "isort": "move it to [tool.ruff.lint.isort] (ruff's I rules replace isort) or [tool.isort], then delete the "
    "section",
    "mypy": "move it to [tool.mypy] ([[tool.mypy.overrides]] for per-module sections; the blueprint type-checks "
    "with pyright), then delete the section",
    "coverage": "move it to [tool.coverage.<name>] in pyproject.toml, then delete the section",
}


def _tool_of(section: str) -> str | None:
    name = section.strip()
    if name in ("pytest", "tool:pytest"):
        return "pytest"
    if name in ("pep8", "pycodestyle"):
        return "pycodestyle"
    if name in ("isort", "tool:isort"):
        return "isort"
    if name == "mypy" or name.startswith("mypy-"):
        return "mypy"
    if name.startswith("coverage:"):
        return "coverage"
    return name if name == "flake8" else None


@check(PYTEST_CONFIG, SCATTERED_CONFIG)
def scattered(run: Run) -> None:
    snapshot, project = run.ctx.snapshot, run.project
    for name in INI_FILES:
        text = snapshot.text(project.path(name))
        for section in sections(text) if text is not None else ():
            tool = _tool_of(section.name)
            if tool == "pytest":
                _report_pytest_section(run, name, section)
            elif tool is not None and run.ctx.enabled(SCATTERED_CONFIG):
                message = f"{tool} configuration in {name} [{section.name}]: {_ELSEWHERE[tool]}"
                run.report(SCATTERED_CONFIG, message, file=project.path(name), line=section.line)


def _report_pytest_section(run: Run, name: str, section: IniSection) -> None:
    if not run.ctx.enabled(PYTEST_CONFIG):
        return
    block = pytest_block(section.values)
    then = "delete the file" if name in PYTEST_FILES else "delete the section"
    has_table = isinstance(run.doc.get(("tool", "pytest")), dict)
    merge = " (pyproject.toml already has pytest settings: merge them)" if has_table else ""
    if block is None:
        message = f"pytest configuration in {name} [{section.name}]: move it to [tool.pytest.ini_options]{merge}"
    else:
        message = f"pytest configuration in {name} [{section.name}]: move it to pyproject.toml{merge}, then {then}:\n"
        message += block
    run.report(PYTEST_CONFIG, message, file=run.project.path(name), line=section.line)
