"""Issue 14's classes of wrong hunks on repositories nobody here had seen, one small repository per shape (built
here, not copied): what the tools themselves decide a configuration means (item 2), checks found where they really
run (3), facts from the whole workflow (4), edits in the file's own order and style (5), the human's word read as a
person reads it (6). Each test runs infra-fix as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tests.conftest import Ran, make_repo

Cli = Callable[..., Ran]
PY = '[project]\nname = "demo"\nversion = "1"\nrequires-python = ">=3.11"\n'
CHECKOUT = "      - uses: actions/checkout@v4\n"
BIN = Path(sys.executable).parent


@pytest.fixture
def repo(tmp_path: Path) -> Callable[[Mapping[str, str]], Path]:
    """A git repository (branch main, origin/HEAD unknown) at the CLI's working folder, from {path: text}."""

    def make(files: Mapping[str, str]) -> Path:
        make_repo(tmp_path, files)
        commit = ("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "init")
        for args in (("init", "-q", "-b", "main"), ("add", "-A"), commit):
            subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)  # noqa: S603,S607
        return tmp_path

    return make


def findings(cli: Cli, *args: str) -> list[dict[str, object]]:
    ran = cli("--check", "--format", "json", *args)
    return json.loads(ran.stdout)["findings"]


def messages(cli: Cli, code: str) -> list[str]:
    return [str(f["message"]) for f in findings(cli, "--select", code)]


def gaps(cli: Cli) -> list[str]:
    """CI002's messages: what no gating job runs (never empty in these repositories: nothing runs pyright)."""
    found = messages(cli, "CI002")
    assert found, "CI002 reported nothing: the repository was not read as intended"
    return found


def workflow(*runs: str, name: str = "ci") -> dict[str, str]:
    steps = "".join(f"      - run: {r}\n" for r in runs)
    text = (f"name: {name}\non:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  check:\n"
            f"    runs-on: ubuntu-latest\n    steps:\n{CHECKOUT}{steps}")  # fmt: skip
    return {f".github/workflows/{name}.yml": text}


def package(**extra: str) -> dict[str, str]:
    return {"pyproject.toml": PY, "src/demo/__init__.py": "", "tests/test_demo.py": "def test(): pass\n", **extra}


# -- 2. the tools' own rules decide what a configuration means --------------------------------------------------------

STRICT = '\n[tool.pytest.ini_options]\naddopts = "--strict-markers --strict-config"\nxfail_strict = true\n'


def workspace(root_pytest: str) -> dict[str, str]:
    member = '[project]\nname = "a"\nversion = "1"\nrequires-python = ">=3.11"\n'
    root = PY + '\n[tool.uv.workspace]\nmembers = ["packages/*"]\n' + root_pytest
    return {"pyproject.toml": root, "src/demo/__init__.py": "", "tests/test_demo.py": "def test(): pass\n",
            "packages/a/pyproject.toml": member, "packages/a/src/a/__init__.py": "",
            "packages/a/tests/test_a.py": "def test_a(): pass\n"}  # fmt: skip


def test_a_member_governed_by_the_roots_pytest_config_gets_no_table(repo: Callable[..., Path], cli: Cli) -> None:
    """pytest takes the nearest file with pytest settings: a table in the member would replace the root's
    --strict-markers, --strict-config and xfail_strict for its tests. Checked with the real pytest."""
    root = repo(workspace(STRICT))
    member = (root / "packages/a/pyproject.toml").read_text()
    cli("--apply", "--unsafe-fixes", "--select", "PP005,PP006")
    assert (root / "packages/a/pyproject.toml").read_text() == member
    command = [sys.executable, "-m", "pytest", "--co", "-p", "no:cacheprovider", "packages/a/tests"]
    header = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False).stdout  # noqa: S603
    assert "configfile: pyproject.toml" in header and "1 test collected" in header, header


def test_roots_testpaths_that_leave_a_member_out_are_reported(repo: Callable[..., Path], cli: Cli) -> None:
    repo(workspace(STRICT + 'testpaths = ["tests"]\n'))
    found = [f for f in findings(cli, "--select", "PP005") if f["path"] == "packages/a/pyproject.toml"]
    assert [f["status"] for f in found] == ["manual"] and "packages/a/tests" in str(found[0]["message"])


def test_a_member_with_its_own_pytest_table_gets_testpaths_there(repo: Callable[..., Path], cli: Cli) -> None:
    files = workspace(STRICT)
    files["packages/a/pyproject.toml"] += '\n[tool.pytest.ini_options]\naddopts = "-ra"\n'
    root = repo(files)
    cli("--apply", "--select", "PP005")
    assert 'testpaths = ["tests"]' in (root / "packages/a/pyproject.toml").read_text()


ASYNC_DEPS = '\n[dependency-groups]\ndev = ["pytest", "pytest-asyncio"]\n'


@pytest.mark.parametrize(
    ("test", "wanted"),
    [
        ("async def test_get():\n    pass\n", True),
        ("def test_get():\n    pass\n", False),
        ("import pytest\n\n\n@pytest.mark.anyio\nasync def test_get():\n    pass\n", False),
    ],
)
def test_asyncio_mode_only_for_async_tests_not_on_anyio(
    repo: Callable[..., Path], cli: Cli, test: str, wanted: bool
) -> None:
    root = repo({"pyproject.toml": PY + ASYNC_DEPS, "src/demo/__init__.py": "", "tests/test_api.py": test})
    cli("--apply", "--select", "PP006")
    assert ('asyncio_mode = "auto"' in (root / "pyproject.toml").read_text()) is wanted


def test_a_root_config_that_a_nested_pyright_run_would_take_is_not_created(repo: Callable[..., Path], cli: Cli) -> None:
    """`cd sdk && basedpyright` checks sdk/ with its defaults; a root pyrightconfig.json would become its
    configuration (37 files checked became 609)."""
    sdk = {"sdk/client.py": "x = 1\n", "sdk/requirements.txt": "httpx\n"}
    root = repo(package(**sdk, **workflow("cd sdk && uvx basedpyright", "uv run pytest")))
    cli("--apply", "--select", "PY001")
    assert not (root / "pyrightconfig.json").exists()
    [found] = findings(cli, "--select", "PY001")
    assert found["status"] == "manual" and "sdk/" in str(found["message"])


def test_ruff_reads_requires_python_beside_a_ruff_toml(repo: Callable[..., Path], cli: Cli) -> None:
    """ruff 0.10 and later take the target from the pyproject.toml beside a ruff.toml (`--show-settings` says so)."""
    repo(package(**{"ruff.toml": "line-length = 100\n"}))
    assert not messages(cli, "RF002")
    ran = subprocess.run([str(BIN / "ruff"), "check", "--show-settings", "src/demo/__init__.py"],  # noqa: S603
                         capture_output=True, text=True, check=False)  # fmt: skip
    assert "linter.unresolved_target_version = 3.11" in ran.stdout


# -- 3. checks found where they really run --------------------------------------------------------------------------


def test_interpreter_flags_and_tox_envpython_run_pytest(repo: Callable[..., Path], cli: Cli) -> None:
    """`python -Im pytest` in a workflow, tox's `{envpython} -b -m coverage run -m pytest`: both run pytest."""
    tox = "[tox]\nenvlist = py311\n\n[testenv]\ncommands = {envpython} -b -m coverage run -m pytest {posargs}\n"
    repo(package(**{"tox.ini": tox}, **workflow("python -m pip install tox", "python -m tox")))
    assert not [m for m in gaps(cli) if "runs pytest" in m]
    repo(package(**workflow("python -X dev -Im pytest -x", name="other")))
    assert not [m for m in gaps(cli) if "runs pytest" in m]


PRECOMMIT_MANUAL = """repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.15.0
    hooks:
      - id: ruff-check
        stages: [manual]
      - id: ruff-format
        stages: [manual]
"""


@pytest.mark.parametrize(
    "command",
    [
        "pre-commit run --hook-stage manual --all-files",
        "prek run --hook-stage=manual --all",
        "pre-commit run --hook-stage manual --from-ref origin/main --to-ref HEAD",
        "pre-commit run --hook-stage manual --files src/demo/__init__.py tests/test_demo.py",
    ],
)
def test_option_values_of_pre_commit_are_not_hook_ids(repo: Callable[..., Path], cli: Cli, command: str) -> None:
    repo(package(**{".pre-commit-config.yaml": PRECOMMIT_MANUAL}, **workflow(command)))
    assert not [m for m in gaps(cli) if "ruff" in m.split(":")[0]]


def test_a_hook_of_another_stage_is_not_run_by_a_plain_run(repo: Callable[..., Path], cli: Cli) -> None:
    repo(package(**{".pre-commit-config.yaml": PRECOMMIT_MANUAL}, **workflow("pre-commit run --all-files")))
    assert [m for m in gaps(cli) if "ruff check" in m.split(":")[0]]


def test_pre_commit_config_option_reads_that_config(repo: Callable[..., Path], cli: Cli) -> None:
    other = PRECOMMIT_MANUAL.replace("        stages: [manual]\n", "")
    repo(package(**{"ci/hooks.yaml": other}, **workflow("pre-commit run --config ci/hooks.yaml --all-files")))
    assert not [m for m in gaps(cli) if "ruff" in m.split(":")[0]]


NOXFILE = '''import nox

nox.options.sessions = ["tests"]


@nox.session
def tests(session):
    session.install(".")
    session.run("pytest", *session.posargs)


@nox.session(tags=["style"])
def lint(session):
    """Run the linters."""
    session.install("prek")
    session.run("prek", "run", "--all-files", *session.posargs)


@nox.session
def typing(session):
    session.run("pyright", "src")
'''
PRECOMMIT_RUFF = PRECOMMIT_MANUAL.replace("        stages: [manual]\n", "")


def test_a_nox_session_running_prek_runs_its_hooks(repo: Callable[..., Path], cli: Cli) -> None:
    """`nox -s lint` runs the lint session, whose prek runs the ruff hooks; not the other sessions' commands."""
    files = {"noxfile.py": NOXFILE, ".pre-commit-config.yaml": PRECOMMIT_RUFF}
    repo(package(**files, **workflow("pipx run nox -s lint -- --show-diff-on-failure")))
    found = gaps(cli)
    assert not [m for m in found if "ruff" in m.split(":")[0]]
    assert [m for m in found if "runs pytest" in m]  # the tests session is not run by `nox -s lint`
    assert [m for m in found if "runs pyright" in m]


def test_a_nox_session_that_is_not_there_is_named(repo: Callable[..., Path], cli: Cli) -> None:
    repo(package(**{"noxfile.py": NOXFILE}, **workflow("nox -s docs")))
    assert any("not followed: nox session docs (noxfile.py)" in m for m in gaps(cli))


JUSTFILE = """python := ""

# Run the linters
@lint:
    uv run ruff check src/ tests
    uv run ruff format --check src tests

test *args="-x tests":
    uv run {{ if python != '' { '-p ' + python } else { '' } }} pytest {{args}}

cov *args="-x tests":
    uv run coverage run -m pytest {{args}}

@default: test lint
"""


def test_just_recipes_are_followed(repo: Callable[..., Path], cli: Cli) -> None:
    repo(package(**{"justfile": JUSTFILE}, **workflow("just lint", 'just python=python3.12 covcleanup="false" cov')))
    found = gaps(cli)
    assert not [m for m in found if "ruff" in m.split(":")[0] or "runs pytest" in m], found


def test_an_option_value_is_no_make_target(repo: Callable[..., Path], cli: Cli) -> None:
    make = "lint:\n\tuv run ruff check .\n\tuv run ruff format --check .\n"
    repo(package(**{"Makefile": make}, **workflow("make -j 4 --no-print-directory")))
    assert not [m for m in gaps(cli) if "ruff" in m.split(":")[0]]


def test_a_script_that_calls_a_script_is_followed(repo: Callable[..., Path], cli: Cli) -> None:
    lint = '#!/bin/sh -e\n"$(dirname "$0")/run-pyright" src\n'
    files = {"scripts/lint": lint, "scripts/run-pyright": '#!/bin/sh\nuv run pyright "$@"\n'}
    repo(package(**files, **workflow("./scripts/lint")))
    assert not [m for m in gaps(cli) if "runs pyright" in m]


def test_a_projects_own_script_at_any_depth_is_followed(repo: Callable[..., Path], cli: Cli) -> None:
    files = {"backend/scripts/lint.sh": "#!/usr/bin/env bash\n\nprek run --all-files\n",
             ".pre-commit-config.yaml": PRECOMMIT_RUFF}  # fmt: skip
    repo(package(**files, **workflow("chmod 755 backend/scripts/lint.sh", "./backend/scripts/lint.sh")))
    assert not [m for m in gaps(cli) if "ruff" in m.split(":")[0]]


def test_a_command_that_cannot_be_followed_is_named(repo: Callable[..., Path], cli: Cli) -> None:
    repo(package(**workflow("./scripts/check-all")))
    assert all("not followed: scripts/check-all" in m for m in gaps(cli))


BLACK = """repos:
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v6.0.0
    hooks:
      - id: trailing-whitespace
      - id: end-of-file-fixer
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.15.0
    hooks:
      - id: ruff
        args: [--fix]
"""


def test_black_and_isort_are_the_projects_formatter(repo: Callable[..., Path], cli: Cli) -> None:
    """black and isort as the formatter: no ruff-format hook or job, no ruff `I` selection beside them."""
    codes = '"E", "F", "W", "UP", "B", "C901", "PLR0913", "PLR0912", "PLR0915", "S", "ANN"'
    ruff = f"\n[tool.ruff.lint]\nselect = [{codes}]\n"
    files = {"pyproject.toml": PY + ruff, ".pre-commit-config.yaml": BLACK}
    repo(package(**files, **workflow("uv run black --check src tests", "uv run isort --check-only .",
                                      "uv run ruff check .", "uv run pytest")))  # fmt: skip
    everything = findings(cli)
    asked = [f for f in everything if f["code"] in ("CI002", "PC002") and "ruff" in str(f["message"]).split(":")[0]]
    assert not [f for f in asked if "format" in str(f["message"]).split(";")[0]], asked
    assert not [f for f in everything if f["code"] == "RF003" and " I " in f"{f['message']} "]


def test_a_new_pre_commit_config_formats_with_black_where_the_project_does(repo: Callable[..., Path], cli: Cli) -> None:
    repo(package(**workflow("uv run black --check src tests", "uv run ruff check .", "uv run pytest")))
    found = [str(f["message"]) for f in findings(cli, "--select", "PC001", "--unsafe-fixes")]
    assert found and not [m for m in found if "ruff-format" in m]


def test_a_new_line_length_under_black_asks_for_blacks_width_not_ruff_format(
    repo: Callable[..., Path], cli: Cli
) -> None:
    pyproject = PY + "\n[tool.ruff]\nline-length = 79\n"
    repo(package(**{"pyproject.toml": pyproject}, **workflow("uv run black --check .", "uv run ruff check .")))
    [message] = [str(f["message"]) for f in findings(cli, "--select", "RF001")]
    assert "black formats the code at its own width" in message and "ruff format" not in message


def test_a_requirements_file_pins_the_ruff_a_new_hook_runs(repo: Callable[..., Path], cli: Cli) -> None:
    requirements = "-e .\npytest==8.4.1\nruff==0.12.1\n"
    repo(package(**{"requirements.txt": requirements}, **workflow("ruff check .", "ruff format --check .", "pytest")))
    ran = cli("--diff", "--unsafe-fixes", "--select", "PC")  # the config with the workflow that runs it: whole
    assert "rev: v0.12.1" in ran.stdout, ran.stdout


@pytest.mark.parametrize(
    "evidence",
    [
        {"README.rst": ".. image:: https://results.pre-commit.ci/badge/github/o/demo/main.svg\n", **workflow("pytest")},
        workflow("pytest", "echo ${{ github.actor != 'pre-commit-ci[bot]' }}", name="news"),
    ],
    ids=["readme-badge", "workflow-names-its-bot"],
)
def test_pre_commit_ci_installed_without_settings_runs_the_hooks(
    repo: Callable[..., Path], cli: Cli, evidence: dict[str, str]
) -> None:
    config = BLACK + "      - id: ruff-format\n"
    repo(package(**{".pre-commit-config.yaml": config}, **evidence))
    assert not [m for m in gaps(cli) if "ruff" in m.split(":")[0]]


FLAKE8 = """repos:
  - repo: https://github.com/PyCQA/flake8
    rev: 7.1.0
    hooks:
      - id: flake8
"""


def test_flake8_is_the_projects_linter_ruff_is_not_adopted_beside_it(repo: Callable[..., Path], cli: Cli) -> None:
    files = {".pre-commit-config.yaml": FLAKE8, **workflow("pre-commit run --all-files", "black --check .", "pytest")}
    repo(package(**files))
    ran = cli("--diff", "--unsafe-fixes")
    assert "ruff" not in ran.stdout, ran.stdout
    assert not [m for m in gaps(cli) if m.startswith("no blocking CI job infra-fix can follow runs ruff")]


def test_a_nox_session_named_by_a_variable_may_be_the_projects_test_session(
    repo: Callable[..., Path], cli: Cli
) -> None:
    noxfile = "import nox\n\n\n@nox.session\ndef test(session):\n    session.run('pytest')\n"
    repo(
        package(**{"noxfile.py": noxfile}, **workflow('nox -s "$NOX_SESSION"', "ruff check .", "ruff format --check ."))
    )
    [pytest] = [f for f in findings(cli, "--select", "CI002", "--unsafe-fixes") if "runs pytest" in str(f["message"])]
    assert pytest["fixed"] is False and "nothing is missing" in str(pytest["message"])


def test_ruff_fix_true_is_the_hooks_fix(repo: Callable[..., Path], cli: Cli) -> None:
    config = BLACK.replace("        args: [--fix]\n", "")
    repo(package(**{"pyproject.toml": PY + "\n[tool.ruff]\nfix = true\n", ".pre-commit-config.yaml": config}))
    assert not messages(cli, "PC005")


def test_reusable_workflows_called_over_a_matrix_of_folders(repo: Callable[..., Path], cli: Cli) -> None:
    """A monorepo's CI calls its lint workflow once per package (`working-directory: ${{ matrix.dir }}`)."""
    caller = ("name: ci\non:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  lint:\n    strategy:\n"
              "      matrix:\n        dir: [libs/a, libs/b]\n    uses: ./.github/workflows/_lint.yml\n    with:\n"
              "      working-directory: ${{ matrix.dir }}\n")  # fmt: skip
    called = ("name: lint\non:\n  workflow_call:\n    inputs:\n      working-directory:\n        type: string\n"
              "jobs:\n  lint:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n"
              "        working-directory: ${{ inputs.working-directory }}\n    steps:\n" + CHECKOUT +
              "      - run: make lint test\n")  # fmt: skip
    make = "lint:\n\tuv run ruff check .\n\tuv run ruff format --check .\n\ntest:\n\tuv run pytest\n"
    files: dict[str, str] = {".github/workflows/ci.yml": caller, ".github/workflows/_lint.yml": called}
    for lib in ("libs/a", "libs/b"):
        files |= {f"{lib}/pyproject.toml": PY.replace("demo", lib[-1]), f"{lib}/Makefile": make,
                  f"{lib}/src/{lib[-1]}/__init__.py": "", f"{lib}/tests/test_x.py": "def test(): pass\n"}  # fmt: skip
    repo(files)
    found = gaps(cli)
    assert not [m for m in found if "ruff" in m.split(":")[0] or "runs pytest" in m], found


# -- 4. facts from the whole workflow -------------------------------------------------------------------------------


def on(triggers: str, job_if: str = "", run: str = "uv run pytest") -> dict[str, str]:
    gate = f"    if: {job_if}\n" if job_if else ""
    text = (f"name: ci\non:\n{triggers}jobs:\n  test:\n{gate}    runs-on: ubuntu-latest\n    steps:\n{CHECKOUT}"
            f"      - run: {run}\n")  # fmt: skip
    return {".github/workflows/ci.yml": text}


def test_branches_ignore_with_tags_runs_on_main(repo: Callable[..., Path], cli: Cli) -> None:
    triggers = '  push:\n    branches-ignore:\n      - "wip*"\n    tags:\n      - "v*"\n  pull_request:\n'
    repo(package(**on(triggers)))
    assert not messages(cli, "CI004")


def test_a_pull_request_condition_true_on_push_guards_nothing(repo: Callable[..., Path], cli: Cli) -> None:
    """`if: github.event.pull_request.draft == false` is true on a push (null is false): the job would run there,
    and its `github.base_ref` would be empty. A push trigger is not added."""
    root = repo(package(**on("  pull_request:\n", "github.event.pull_request.draft == false",
                              'git diff --exit-code "origin/${{ github.base_ref }}" -- src')))  # fmt: skip
    before = (root / ".github/workflows/ci.yml").read_text()
    cli("--apply", "--unsafe-fixes", "--select", "CI004")
    assert (root / ".github/workflows/ci.yml").read_text() == before
    [found] = findings(cli, "--select", "CI004")
    assert found["status"] == "manual" and "github.base_ref" in str(found["message"])


def test_a_condition_false_on_push_guards_its_job(repo: Callable[..., Path], cli: Cli) -> None:
    text = on("  pull_request:\n", "github.event_name == 'pull_request'", 'echo "${{ github.base_ref }}"')
    root = repo(package(**text))
    cli("--apply", "--select", "CI004")
    assert "push:" in (root / ".github/workflows/ci.yml").read_text()


def test_a_folder_with_its_own_packaging_inside_a_package_is_a_project(repo: Callable[..., Path], cli: Cli) -> None:
    """`agent/sandbox/` has its own pyproject.toml and uv.lock, though `agent/` is a package of the root's."""
    sandbox = '[project]\nname = "sandbox"\nversion = "1"\nrequires-python = ">=3.12"\n'
    repo({"pyproject.toml": PY, "agent/__init__.py": "", "agent/sandbox/pyproject.toml": sandbox,
          "agent/sandbox/uv.lock": "version = 1\n", "agent/sandbox/main.py": "print()\n"})  # fmt: skip
    ran = cli("--check", "--format", "json", "agent/sandbox")
    paths = {str(f["path"]) for f in json.loads(ran.stdout)["findings"]}
    assert any(p.startswith("agent/sandbox/") for p in paths), paths
    assert "pyproject.toml" not in paths  # the root project is not the one fixed


def test_a_path_that_names_no_project_says_so(repo: Callable[..., Path], cli: Cli) -> None:
    repo(package(**{"tools/gen.py": "print()\n"}))
    ran = cli("--diff", "tools")
    assert "tools/ holds no Python project of its own" in ran.stderr and "the root" in ran.stderr


def test_a_namespace_package_named_by_the_metadata_is_a_source(repo: Callable[..., Path], cli: Cli) -> None:
    wheel = '\n[tool.hatch.build.targets.wheel]\npackages = ["core", "plugins"]\n'
    root = repo({"pyproject.toml": PY + wheel, "core/__init__.py": "", "plugins/extra.py": "x = 1\n",
                 "tests/test_x.py": "def test(): pass\n"})  # fmt: skip
    cli("--apply", "--unsafe-fixes", "--select", "PY001,CI001")  # pyright adopted whole: with the CI that runs it
    config = json.loads((root / "pyrightconfig.json").read_text())
    assert config["include"] == ["core", "plugins"]


def test_a_virtual_workspace_root_whose_member_holds_the_settings(repo: Callable[..., Path], cli: Cli) -> None:
    """The root only lists its member; ruff's and pytest's settings, and the tools, live in backend/."""
    tools = '\n[dependency-groups]\ndev = ["pytest>=8", "ruff>=0.15.0", "pre-commit>=4.2.0"]\n'
    backend = PY + tools + '\n[tool.ruff]\nline-length = 100\n\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n'
    repo({"pyproject.toml": '[tool.uv.workspace]\nmembers = ["backend"]\n', "backend/pyproject.toml": backend,
          "backend/app/__init__.py": "", "backend/tests/test_x.py": "def test(): pass\n"})  # fmt: skip
    root = [f for f in findings(cli, "--unsafe-fixes") if f["path"] == "pyproject.toml"]
    assert not [f for f in root if str(f["code"]).startswith(("RF", "PP004", "PP005"))], root


def test_generated_workflows_count_for_the_versions_tested(repo: Callable[..., Path], cli: Cli) -> None:
    wheels = ("# This file is autogenerated by maturin\nname: wheels\non:\n  pull_request:\njobs:\n  test:\n"
              "    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n"
              '        python: ["3.11", "3.12", "3.13", "3.14t"]\n    steps:\n' + CHECKOUT +
              "      - uses: actions/setup-python@v5\n        with:\n          python-version: ${{ matrix.python }}\n"
              "      - run: pytest\n")  # fmt: skip
    ci = workflow("uv run pytest")
    ci[".github/workflows/ci.yml"] = ci[".github/workflows/ci.yml"].replace(
        CHECKOUT, CHECKOUT + '      - uses: actions/setup-python@v5\n        with:\n          python-version: "3.12"\n'
    )
    repo(package(**ci))
    assert [m for m in messages(cli, "CI006") if "no job infra-fix can follow tests" in m]  # 3.11 untested
    repo(package(**ci, **{".github/workflows/wheels.yml": wheels}))
    assert not [m for m in messages(cli, "CI006") if "no job infra-fix can follow tests" in m]


# -- 5. edits in the file's own order and style -----------------------------------------------------------------------


HOOKS_SORTED = """repos:
  - repo: https://github.com/pre-commit/pre-commit-hooks
    rev: v6.0.0
    hooks:
      - id: check-ast
      - id: check-toml
      - id: check-yaml
      - id: end-of-file-fixer
      - id: trailing-whitespace
"""


def test_a_hook_goes_where_it_sorts(repo: Callable[..., Path], cli: Cli) -> None:
    root = repo(package(**{".pre-commit-config.yaml": HOOKS_SORTED}))
    cli("--apply", "--select", "PC003")
    ids = [
        line.split("id: ")[1] for line in (root / ".pre-commit-config.yaml").read_text().splitlines() if "id:" in line
    ]
    assert "check-added-large-files" in ids and ids == sorted(ids)


def test_a_dependency_goes_where_it_sorts(repo: Callable[..., Path], cli: Cli) -> None:
    """`"ruff>=0.15.8"` appended after a sorted group is what pyprojectsort rejects: it goes where it sorts."""
    group = '\n[dependency-groups]\ndev = [\n    "coverage",\n    "pre-commit",\n    "pytest>=8",\n    "sphinx",\n]\n'
    root = repo(package(**{"pyproject.toml": PY + group}))
    cli("--apply", "--select", "PP004")
    text = (root / "pyproject.toml").read_text()
    assert '    "pytest>=8",\n    "ruff",\n    "sphinx",\n' in text


def test_a_new_exclude_is_quoted_as_the_files_others(repo: Callable[..., Path], cli: Cli) -> None:
    config = HOOKS_SORTED.replace("      - id: check-ast\n", '      - id: check-ast\n        exclude: "^docs/"\n')
    root = repo(package(**{".pre-commit-config.yaml": config, "web/tsconfig.json": "{\n  // comments\n}\n"}))
    cli("--apply", "--select", "PC003")
    assert 'exclude: "^(web/tsconfig\\\\.json)$"' in (root / ".pre-commit-config.yaml").read_text()


def test_a_sorter_hook_the_project_runs_makes_the_edit_unsafe_and_is_named(repo: Callable[..., Path], cli: Cli) -> None:
    sorter = "  - repo: https://github.com/kieran-ryan/pyprojectsort\n    rev: v0.4.0\n"
    sorter += "    hooks:\n      - id: pyprojectsort\n"
    repo(package(**{".pre-commit-config.yaml": HOOKS_SORTED + sorter}))
    [found] = [f for f in findings(cli, "--select", "PP005")]
    assert found["status"] != "fixable" and "pyprojectsort" in str(found["message"])


# -- 6. the human's word -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "setting",
    ["line-length = 88   # team agreed on 88 in 2023\n", "# Same as Black.\nline-length = 88\n",
     "line-length = 88  # 88\n"],
)  # fmt: skip
def test_a_sentence_or_the_value_beside_a_key_stands(repo: Callable[..., Path], cli: Cli, setting: str) -> None:
    root = repo(package(**{"pyproject.toml": PY + "\n[tool.ruff]\n" + setting}))
    cli("--apply", "--unsafe-fixes", "--select", "RF001")
    assert "line-length = 88" in (root / "pyproject.toml").read_text()
    [found] = findings(cli, "--select", "RF001")
    assert found["status"] == "manual" and "says otherwise" in str(found["message"])


def test_a_label_beside_a_key_is_no_word_against_it(repo: Callable[..., Path], cli: Cli) -> None:
    root = repo(package(**{"pyproject.toml": PY + "\n[tool.ruff]\nline-length = 88  # pycodestyle\n"}))
    cli("--apply", "--unsafe-fixes", "--select", "RF001")
    assert "line-length = 120  # pycodestyle" in (root / "pyproject.toml").read_text()
