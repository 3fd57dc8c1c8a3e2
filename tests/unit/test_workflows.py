"""CI: the GitHub Actions fixer, beyond its documented examples: the PITFALLS YAML traps, what counts as a check,
file ownership, and a preservation property over workflows with random extra comments and keys."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra_fix_fixers import Blueprint, Changed, Context, Failed, Finding, Settings, Snapshot, discover, remediate
from infra_fix_fixers.facts.commands.scan import Hit, Scanner
from infra_fix_fixers.facts.workflows.survey import survey
from infra_fix_fixers.rules import ci

PY = '[project]\nname = "demo"\nrequires-python = ">=3.11"\n'
CODE = {"src/demo/__init__.py": "", "tests/test_demo.py": "def test_demo():\n    pass\n"}
CI = ci.missing.CI_PATH


def fix(
    files: dict[str, str], *select: str, unsafe: bool = False, branch: str | None = "main", **blueprint: object
) -> tuple[dict, list[Finding]]:
    settings_ = Settings(select=select, unsafe_fixes=unsafe, blueprint=Blueprint(**blueprint))  # type: ignore[arg-type]
    result = remediate(Snapshot(files=files, default_branch=branch), settings_, [ci.FIXER])
    assert not result.failures, result.failures
    texts = {c.path: c.after for c in result.changes if isinstance(c, Changed)}
    return texts, list(result.findings)


def checks(line: str, snapshot: Snapshot | None = None) -> set[str]:
    return {h.check for h in Scanner(snapshot or Snapshot(files={})).script(line)}


PROJECT = PY
TRAPS = (
    "# CI for demo\n"
    "name: ci\n"
    "on:   # Y9: a YAML 1.1 loader reads this key as True\n"
    "  push:\n"
    "    branches: [main]\n"
    "defaults: &defaults\n"
    "  run:\n"
    "    shell: bash\n"
    "jobs:\n"
    "  test:\n"
    "    runs-on: 'ubuntu-latest'\n"
    "    defaults: *defaults\n"
    "    steps:\n"
    "    - uses: actions/checkout@v4\n"
    "    - run: |\n"
    "        uv sync\n"
    "        .venv/bin/pytest -q --maxfail=1 --durations=20 tests/unit tests/integration tests/property  # long\n"
    "        .venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/pyright\n"
)


def test_keeps_on_key_anchors_quotes_and_long_run_blocks() -> None:
    texts, found = fix({CI: TRAPS}, "CI004")
    expected = TRAPS.replace("    branches: [main]\n", "    branches: [main]\n  pull_request:\n")
    assert texts[CI] == expected
    assert [f.code for f in found] == ["CI004"]


def test_on_key_read_as_string_not_true() -> None:
    """A compliant file whose `on:` a YAML 1.1 loader would turn into True is recognised as triggered."""
    text = TRAPS.replace("    branches: [main]\n", "    branches: [main]\n  pull_request:\n")
    texts, found = fix({CI: text}, "CI002", "CI004")
    assert texts == {}
    assert found == []


def test_appends_to_hand_wrapped_flow_branch_list() -> None:
    text = "on:\n  pull_request:\n  push:\n    branches: [\n      develop,\n      release,\n    ]\njobs:\n" \
           "  t:\n    runs-on: x\n    steps:\n      - run: uv run pytest\n"  # fmt: skip
    texts, _ = fix({CI: text}, "CI004")
    assert texts[CI] == text.replace("      release,\n", "      release,\n      main,\n")


def test_keeps_missing_final_newline_when_adding_a_job() -> None:
    text = "on: [pull_request, push]\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: uv run pytest"
    texts, _ = fix({CI: text, "pyproject.toml": PY, **CODE}, "CI002", unsafe=True)
    assert texts[CI].startswith(text + "\n\n  ruff:\n")
    assert not texts[CI].endswith("\n")


def test_new_job_follows_the_files_own_indentation() -> None:
    text = "on: [pull_request, push]\njobs:\n    t:\n        runs-on: x\n        steps:\n"
    text += "        -   run: uv run pytest\n"
    texts, _ = fix({CI: text, "pyproject.toml": PROJECT, **CODE}, "CI002", unsafe=True)
    job = (
        "\n    pyright:\n        runs-on: ubuntu-latest\n        permissions:\n            contents: read\n"
        "        steps:\n        -   uses: actions/checkout@v4\n"
        "            with:\n                persist-credentials: false\n"
    )
    assert job in texts[CI]


def test_renovate_workflow_is_not_ci() -> None:
    snapshot = Snapshot(files={".github/workflows/renovate.yml": "on: push\njobs: {}\n", "pyproject.toml": PY, **CODE})
    assert ci.FIXER.targets(Context(discover(snapshot), None, Settings())) == (CI,)
    texts, _ = fix(dict(snapshot.files), "CI001", "CI004", unsafe=True)
    assert set(texts) == {CI}


def test_unparsable_workflow_is_a_located_failure() -> None:
    result = remediate(Snapshot(files={CI: "on: [push\njobs:\n"}), Settings(), [ci.FIXER])
    (failed,) = result.failures
    assert isinstance(failed, Failed) and failed.error.line is not None


def test_push_filter_uses_blueprint_branches_override() -> None:
    text = "on:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  t:\n    runs-on: x\n" \
           "    steps:\n      - run: uv run pytest\n"  # fmt: skip
    texts, _ = fix({CI: text}, "CI004", branches=("main", "release/*"))
    assert 'branches: [main, "release/*"]\n' in texts[CI]


def test_format_check_added_inside_double_quoted_run() -> None:
    text = 'on: pull_request\njobs:\n  l:\n    runs-on: x\n    steps:\n      - run: "uv run ruff format src tests"\n'
    texts, _ = fix({CI: text}, "CI003", unsafe=True)
    assert texts[CI] == text.replace("ruff format src", "ruff format --check src")


def test_tags_only_release_workflow_is_not_forced_onto_pull_requests() -> None:
    release = "on:\n  push:\n    tags: ['v*']\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: uv run pytest\n"
    texts, found = fix({".github/workflows/release.yml": release}, "CI004")
    assert texts == {} and found == []


def test_dev_extra_gets_extra_flag_in_template() -> None:
    pyproject = PY + '\n[project.optional-dependencies]\ndev = ["pytest"]\n'
    texts, _ = fix({"pyproject.toml": pyproject, "uv.lock": "version = 1\n", **CODE}, "CI001", unsafe=True)
    assert "      - run: uv sync --extra dev\n" in texts[CI]


@pytest.mark.parametrize(
    ("line", "found"),
    [
        pytest.param("uv sync && .venv/bin/pytest -q", {"pytest"}, id="install-then-run"),
        pytest.param("pip install pytest pyright ruff", set(), id="install-only"),
        pytest.param("uv run ruff check . && uv run ruff format --diff .", {"ruff-check", "ruff-format"}, id="uv-run"),
        pytest.param("ruff format .", {"ruff-format-write"}, id="format-without-check-rewrites"),
        pytest.param("ruff format --exit-non-zero-on-format .", {"ruff-format"}, id="format-that-fails-on-change"),
        pytest.param("python -m pytest tests", {"pytest"}, id="module"),
        pytest.param("npx basedpyright", {"pyright"}, id="basedpyright"),
    ],
)
def test_line_checks(line: str, found: set[str]) -> None:
    assert checks(line) == found


def test_checks_found_through_pre_commit_and_tox() -> None:
    hooks = "repos:\n  - repo: x\n    hooks:\n      - id: ruff\n      - id: ruff-format\n"
    tox = "[testenv]\ncommands =\n    pytest {posargs}\n    pyright src\n"
    snapshot = Snapshot(files={".pre-commit-config.yaml": hooks, "tox.ini": tox})
    assert checks("pre-commit run --all-files", snapshot) == {"ruff-check", "ruff-format"}
    assert checks("uvx tox -e py311", snapshot) == {"pytest", "pyright"}
    defaults = Snapshot(
        files={"tox.ini": "[testenv]\ncommands =\n    {posargs:pytest -vv}\n    {env:CHECKER:pyright} src\n"}
    )
    assert checks("tox -e py312", defaults) == {"pytest", "pyright"}  # pytest-cov's `{posargs:pytest -vv}`


def test_tox_toml_and_tool_tox_are_read_as_tox_reads_them() -> None:
    native = (
        'env_list = ["3.12", "type"]\n\n[env_run_base]\ncommands = [["pytest", { replace = "posargs", '
        'default = ["tests"], extend = true }]]\n\n[env.type]\ncommands = [["pyright", "src"]]\n'
    )
    snapshot = Snapshot(files={"tox.toml": native})
    assert checks("tox -e 3.12", snapshot) == {"pytest"}
    assert checks("tox run -e type", snapshot) == {"pyright"}
    assert checks("tox", snapshot) == {"pytest", "pyright"}
    in_pyproject = PY + '\n[tool.tox.env_run_base]\ncommands = [["ruff", "check", "."]]\n'
    assert checks("tox -e lint", Snapshot(files={"pyproject.toml": in_pyproject})) == {"ruff-check"}
    legacy = PY + '\n[tool.tox]\nlegacy_tox_ini = """\n[testenv]\ncommands = pytest\n"""\n'
    assert checks("tox -e py312", Snapshot(files={"pyproject.toml": legacy})) == {"pytest"}
    # tox.ini comes first, as tox looks for it first; a pyproject.toml without [tool.tox] is no tox configuration
    both = Snapshot(files={"tox.ini": "[testenv]\ncommands = pyright\n", "tox.toml": native, "pyproject.toml": PY})
    assert checks("tox -e py312", both) == {"pyright"}
    assert checks("tox", Snapshot(files={"pyproject.toml": PY})) == set()
    # an environment that runs tox again (molecule's `[tool.tox]`) is followed, and a cycle ends
    envs = (
        '[tool.tox.env.all]\ncommands = [["tox", "-e", "lint"]]\n[tool.tox.env.lint]\ncommands = [["ruff", "check"]]\n'
    )
    assert checks("tox -e all", Snapshot(files={"pyproject.toml": PY + "\n" + envs})) == {"ruff-check"}
    looping = '[tool.tox.env.a]\ncommands = [["tox", "-e", "b"]]\n\n[tool.tox.env.b]\ncommands = [["tox", "-e", "a"]]\n'
    assert checks("tox -e a", Snapshot(files={"pyproject.toml": PY + "\n" + looping})) == set()


def test_nox_sessions_and_hatch_scripts_are_followed() -> None:
    noxfile = (
        "@nox.session(tags=['ci'])\ndef unit(session):\n    session.install('-r', 'requirements/test.txt')\n"
        "    session.run('pytest', 'tests/unit')\n    session.run(\n        'ruff',\n        'check',\n    )\n"
    )
    assert checks("nox -t ci", Snapshot(files={"noxfile.py": noxfile})) == {"pytest", "ruff-check"}
    scripts = (
        PY
        + '\n[tool.hatch.envs.default.scripts]\ntest = "pytest {args}"\ntest-cov-xml = ["test --cov", "coverage xml"]'
        '\n\n[tool.hatch.envs.lint.scripts]\ncheck = ["ruff check .", "ruff format --check ."]\n'
    )
    snapshot = Snapshot(files={"pyproject.toml": scripts})
    assert checks("hatch run test-cov-xml", snapshot) == {"pytest"}  # a script that runs another by name
    assert checks("hatch run lint:check", snapshot) == {"ruff-check", "ruff-format"}
    assert checks("hatch run pyright src", snapshot) == {"pyright"}  # not a script: the command itself
    assert checks("hatch test -py 3.12", snapshot) == {"pytest"}
    assert checks("hatch fmt --check", snapshot) == {"ruff-check", "ruff-format"}


def test_tox_toml_environments_name_the_versions_they_test() -> None:
    from infra_fix_fixers.facts.workflows.versions import session_versions

    native = 'env_list = ["3.13", "py312-lint", "3.14t", "docs"]\n\n[env."3.11"]\ncommands = [["pytest"]]\n'
    assert session_versions(discover(Snapshot(files={"tox.toml": native, "pyproject.toml": PY}))) == {
        (3, 11),
        (3, 12),
        (3, 13),
        (3, 14),
    }


def test_a_hook_that_formats_is_a_check_and_conditional_expressions_are_optional_words() -> None:
    local = "repos:\n  - repo: local\n    hooks:\n      - {id: format, name: f, entry: make format, language: system}\n"
    snapshot = Snapshot(files={".pre-commit-config.yaml": local, "Makefile": "format:\n\tuv run ruff format\n"})
    assert checks("pre-commit run --all-files", snapshot) == {"ruff-format"}  # pre-commit fails on a change
    from infra_fix_fixers.facts.workflows.survey import matrix_variants

    run = "uv run -m ${{ matrix.os == 'ubuntu-latest' && 'coverage run -m' || '' }} pytest -n=auto"
    assert [checks(v) for v in matrix_variants(run, {})] == [{"pytest"}]


def test_continue_on_error_step_does_not_count() -> None:
    workflow = "on: pull_request\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: uv run pytest\n" \
               "        continue-on-error: true\n      - run: uv run pyright || true\n"  # fmt: skip
    facts = survey(discover(Snapshot(files={CI: workflow})))
    assert facts.hits == frozenset()


# -- preservation property -----------------------------------------------------------------------------------------

COMMENTS = st.sampled_from(["# note", "    # indented note", "", "  # two"])
EXTRA = st.sampled_from(["env:\n  FOO: bar", "permissions:\n  contents: read", "concurrency: ci-${{ github.ref }}"])
BASE = [
    "name: ci",
    "on:",
    "  push:",
    "    branches: [main]",
    "jobs:",
    "  test:",
    "    runs-on: ubuntu-latest",
    "    steps:",
    "      - uses: actions/checkout@v4",
    "      - run: uv run pytest",
]


@st.composite
def workflows_with_noise(draw: st.DrawFn) -> str:
    lines: list[str] = []
    for i, line in enumerate(BASE):
        if i in (1, 4, 5) and draw(st.booleans()):
            lines.append(draw(COMMENTS))
        lines.append(line)
    if draw(st.booleans()):
        lines.insert(1, draw(EXTRA))
    return "\n".join(lines) + draw(st.sampled_from(["\n", ""]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workflows_with_noise())
def test_edits_only_insert_lines_and_are_idempotent(text: str) -> None:
    files = {CI: text, "pyproject.toml": PY, **CODE}
    texts, _ = fix(files)
    after = texts[CI]
    ops = difflib.SequenceMatcher(None, text.splitlines(), after.splitlines()).get_opcodes()
    assert {op for op, *_ in ops} <= {"equal", "insert"}, ops
    again, _ = fix({**files, CI: after})
    assert again == {}


def _on_pr(*steps: str) -> str:
    body = "".join(f"      - {s}\n" for s in steps)
    head = "on:\n  pull_request:\n  push:\n    branches: [main]\n"
    return f"{head}jobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n{body}"


def test_checks_run_by_the_repositorys_own_scripts_and_composite_actions_count() -> None:
    files = {
        ".github/workflows/tests.yml": _on_pr("uses: ./.github/actions/run-pytest", "run: scripts/check"),
        ".github/actions/run-pytest/action.yml": "runs:\n  using: composite\n  steps:\n    - run: uv run pytest\n",
        "scripts/check": "#!/bin/sh\nset -e\nuv run ruff check .\nuv run ruff format --check .\nuv run pyright\n",
    }
    texts, findings = fix(files, "CI002")
    assert texts == {} and findings == []


def test_prek_action_runs_the_pre_commit_hooks() -> None:
    config = (
        "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.9.0\n    hooks:\n"
        "      - id: ruff-check\n      - id: ruff-format\n"
    )
    files = {".github/workflows/static.yml": _on_pr("uses: j178/prek-action@v1"), ".pre-commit-config.yaml": config}
    _, findings = fix(files, "CI002")
    assert [f.message for f in findings if "ruff" in f.message] == []


def test_missing_jobs_go_to_the_ci_workflow_not_a_release_or_smoke_one() -> None:
    files = {
        ".github/workflows/benchmark.yml": _on_pr("run: echo bench"),
        ".github/workflows/downstream-smoke.yml": _on_pr("run: uv run pytest tests/downstream"),
        ".github/workflows/main.yml": _on_pr("run: uv sync"),
        "pyproject.toml": PROJECT,
        **CODE,
    }
    texts, _ = fix(files, "CI002", unsafe=True)
    assert list(texts) == [".github/workflows/main.yml"]


def test_an_unreadable_script_a_workflow_might_run_is_not_an_error() -> None:
    from infra_fix_fixers import Location

    snapshot = Snapshot(
        files={".github/workflows/ci.yml": _on_pr("run: uv run pytest")},
        unreadable={"scripts/logo.png": Location("binary file (NUL byte)", 1, 5)},
    )
    result = remediate(snapshot, Settings(select=("CI",)), [ci.FIXER])
    assert not result.failures


def test_a_setup_py_project_gets_pip_jobs_that_can_pass() -> None:
    setup = 'from setuptools import setup\nsetup(name="demo", python_requires=">=3.9")\n'
    files = {"setup.py": setup, **CODE, ".github/workflows/ci.yml": _on_pr("run: python setup.py test")}
    texts, _ = fix(files, "CI002", unsafe=True)
    assert "python -m pip install -e . pytest\n" in texts[CI] or "python -m pytest" in texts[CI]
    assert "uv sync" not in texts[CI]


def test_scripts_and_paths_scope_checks_to_projects() -> None:
    snapshot = Snapshot(
        files={"backend/pyproject.toml": PY}, paths=frozenset({"backend/pyproject.toml", "backend/tests/t.py"})
    )
    scanner = Scanner(snapshot)
    assert scanner.script("cd backend && uv run pytest tests\n") == {Hit("pytest", "backend", ("tests",))}
    assert scanner.script("uv run --directory backend pyright\n") == {Hit("pyright", "backend")}
    assert scanner.script("cd backend\nuv run --directory sub pyright\n") == {Hit("pyright", "backend/sub")}
    assert Hit("pytest", "backend", ("tests",)).covers("backend")
    assert not Hit("pytest", "frontend").covers("backend")
    assert Hit("ruff-check").covers("backend")


def test_a_job_is_safe_where_it_runs_the_maintainers_own_command() -> None:
    """A Makefile target (or script) that runs a check over the whole project is what the maintainers run: a job
    running it is expected to pass. A check run only some other way, or never, may fail on the tree as it is.
    Another type checker is the maintainers' choice."""
    workflow = _on_pr("run: uv run pytest")
    base = {CI: workflow, "pyproject.toml": PY + '\n[dependency-groups]\ndev = ["ruff", "pytest"]\n', **CODE}
    _, found = fix(base, "CI002")
    assert {(f.fixed, f.applicability.value) for f in found} == {(False, "unsafe")}
    assert all("nowhere infra-fix can see" in f.message for f in found)
    routine = {**base, "Makefile": "lint:\n\tuv run ruff check .\n\tuv run ruff format .\n\nty:\n\tuv run pyright\n"}
    texts, found = fix(routine, "CI002")
    (ruff,) = [f for f in found if "ruff" in f.message]
    assert not ruff.fixed and "by no Makefile target or script" in ruff.message  # `ruff format` writes: no check
    assert "      - run: uv run --with pyright make ty\n" in texts[CI] and "  ruff:\n" not in texts[CI]
    checked = {**routine, "Makefile": routine["Makefile"].replace("ruff format .", "ruff format --check .")}
    texts, found = fix(checked, "CI002")
    assert all(f.fixed for f in found) and "      - run: uv run make lint\n" in texts[CI]
    mypy = {**checked, "Makefile": checked["Makefile"].replace("uv run pyright", "uv run mypy src")}
    texts, found = fix(mypy, "CI002")
    (pyright,) = [f for f in found if "pyright" in f.message]
    assert not pyright.fixed and "type-checks with mypy (run by the project's checks)" in pyright.message
    assert "  pyright:\n" not in texts[CI] and "  ruff:\n" in texts[CI]


def test_a_new_job_joins_the_aggregator_however_it_lists_its_needs() -> None:
    """alls-green with one job needed (starlette, mcp), Mergify's wait-jobs (tenacity), `needs` as one string."""
    gate = "\n  check:\n    if: always()\n    needs: tests\n    runs-on: ubuntu-latest\n    steps:\n"
    gate += "      - uses: Mergifyio/gha-mergify-ci@v26\n        with:\n          action: wait-jobs\n"
    gate += "          jobs: ${{ toJSON(needs) }}\n"
    text = "on:\n  pull_request:\n  push:\n    branches: [main]\njobs:\n  tests:\n    runs-on: x\n    steps:\n"
    text += "      - run: uv run pytest\n" + gate
    texts, _ = fix({CI: text, "pyproject.toml": PY, **CODE}, "CI002", unsafe=True)
    assert "    needs: [tests, ruff, pyright]\n" in texts[CI]


def test_where_zizmor_runs_a_new_job_uses_only_sha_pinned_actions() -> None:
    sha = "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065"
    text = _on_pr("uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", f"uses: {sha}", "run: pytest")
    files = {CI: text, "pyproject.toml": PY, "uv.lock": "version = 1\n", ".github/zizmor.yml": "rules: {}\n", **CODE}
    texts, _ = fix(files, "CI002", unsafe=True)
    assert "setup-uv" not in texts[CI] and "      - run: python -m pip install uv\n" in texts[CI]
    assert "@v" not in texts[CI].split("  ruff:")[1]  # no tag-pinned action: zizmor would report it
    unpinned = {**files, CI: _on_pr("uses: actions/checkout@v4", "run: pytest")}
    texts, found = fix(unpinned, "CI002", unsafe=True)
    assert texts == {} and all(not f.fixed for f in found)


def test_a_push_only_workflow_with_secrets_is_not_given_pull_requests() -> None:
    """Mailu's multi-arch workflow: pushes to branches (bors), a reusable build-test-deploy with `secrets: inherit`."""
    text = "on:\n  push:\n    branches: [master, staging]\njobs:\n  build:\n"
    text += "    uses: ./.github/workflows/build_test_deploy.yml\n    secrets: inherit\n"
    texts, found = fix({".github/workflows/multiarch.yml": text, "pyproject.toml": PY}, "CI004")
    assert texts == {} and found == []


def test_a_step_with_comment_lines_is_read_for_the_scripts_it_runs() -> None:
    """A comment line has no words (onyx's workflows): the scripts on the other lines are still followed."""
    workflow = _on_pr("run: |\n          # sync first\n          bash scripts/ci-test.sh")
    pyproject = PY + '\n[dependency-groups]\ndev = ["pytest"]\n'
    files = {CI: workflow, "pyproject.toml": pyproject, "uv.lock": "version = 1\n", **CODE,
             "scripts/ci-test.sh": "uv sync --locked\n.venv/bin/pytest\n"}  # fmt: skip
    _, found = fix(files, "CI005")
    assert found == []


def test_commands_inside_shell_compounds_are_read() -> None:
    loop = "for v in 15 16; do if ! make test_pg V=$v; then exit 1; fi; done"
    makefile = "test_pg:\n\tuv run pytest\n"
    assert checks(loop, Snapshot(files={"Makefile": makefile})) == {"pytest"}
    assert checks("while true; do ruff check .; done") == {"ruff-check"}
    assert checks('if [ -n "$CI" ]; then pyright; else echo skip; fi') == {"pyright"}
