"""The PP fixer (pyproject.toml's structure): preservation of what it does not mean to touch, PITFALLS' TOML traps
where they meet its edits, refusals, and the INI side (scattered tool configuration)."""

from __future__ import annotations

import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers import Changed, Failed, Finding, Settings, Snapshot, remediate
from infra_fix_fixers.rules.pyproject import FIXER
from infra_fix_fixers.rules.pyproject.ini import pytest_block, pytest_value, sections

TESTS = {"tests/test_demo.py": "def test_demo():\n    pass\n"}
HOOKS = ".pre-commit-config.yaml"
HATCH = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n'


def run(
    text: str, files: dict[str, str] | None = None, *, unsafe: bool = False, select: tuple[str, ...] = ("PP",)
) -> tuple[str, list[Finding]]:
    """The fixed pyproject.toml (the input if unchanged) and every PP finding. The repository has a pre-commit config,
    so pre-commit in the dev dependencies is a repair (without one it adopts pre-commit: test_regressions.py)."""
    snapshot = Snapshot(files={HOOKS: "repos: []\n", **(files or {}), "pyproject.toml": text})
    result = remediate(snapshot, Settings(select=select, unsafe_fixes=unsafe), [FIXER])
    out = text
    for entry in result.files:
        assert not isinstance(entry, Failed), entry
        if isinstance(entry, Changed) and entry.path == "pyproject.toml":
            out = entry.after
    return out, list(result.findings)


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


# -- preservation ---------------------------------------------------------------------------------------------------


def test_keeps_comments() -> None:
    text = (
        "# Demo's packaging.  Hand-written, keep the comments.\n"
        "[project]  # the metadata\n"
        'name = "demo"  # distribution name\n'
        '# version is bumped by CI\nversion = "1.0.0"\n'
        "dependencies = [\n"
        '    "httpx",  # HTTP\n'
        "    # pinned below 2 until the migration\n"
        '    "pydantic<2",\n'
        "]\n"
        "\n"
        "[dependency-groups]\n"
        "dev = [\n"
        '    "pytest>=8",  # tests\n'
        "    # linters come later\n"
        "]\n"
        "\n"
        "# ruff is the other engineer's\n"
        "[tool.ruff]\n"
        "line-length = 120  # blueprint\n"
    )
    out, found = run(text, {**TESTS, "setup.cfg": "[options]\npython_requires = >=3.12\n"}, unsafe=True)
    assert (
        out
        == (
            HATCH + "# Demo's packaging.  Hand-written, keep the comments.\n"
            "[project]  # the metadata\n"
            'name = "demo"  # distribution name\n'
            '# version is bumped by CI\nversion = "1.0.0"\n'
            'requires-python = ">=3.12"\n'
            "dependencies = [\n"
            '    "httpx",  # HTTP\n'
            "    # pinned below 2 until the migration\n"
            '    "pydantic<2",\n'
            "]\n"
            "\n"
            "[dependency-groups]\n"
            "dev = [\n"
            '    "pytest>=8",  # tests\n'
            '    "ruff",\n'
            '    "pre-commit>=4.2.0",\n'
            "    # linters come later\n"
            "]\n"
            "\n"
            "[tool.pytest.ini_options]\n"  # the tool tables keep their name order (test_toml_edit.py)
            'testpaths = ["tests"]\n'
            "\n"
            "# ruff is the other engineer's\n"
            "[tool.ruff]\n"
            "line-length = 120  # blueprint\n"
        )
    )
    assert codes(found) == ["PP001", "PP003", "PP004", "PP005"]
    assert all(f.fixed for f in found)


def test_keeps_quote_style() -> None:
    text = "[project]\nname = 'demo'\nversion = '1'\n"
    out, _ = run(text, {**TESTS, "setup.cfg": "[options]\npython_requires = >=3.13\n"}, unsafe=True)
    assert out == (
        "[build-system]\nrequires = ['hatchling']\nbuild-backend = 'hatchling.build'\n\n"
        "[project]\nname = 'demo'\nversion = '1'\nrequires-python = '>=3.13'\n"
        "\n[project.optional-dependencies]\ndev = ['pytest>=7.0', 'ruff', 'pre-commit>=4.2.0']\n"
        "\n[tool.pytest.ini_options]\ntestpaths = ['tests']\n"
    )


def test_keeps_existing_array_quote_style_over_the_files() -> None:
    text = '[project]\nname = "demo"\nrequires-python = ">=3.12"\n\n[dependency-groups]\ndev = [\'pytest\']\n'
    out, _ = run(text, select=("PP004",), unsafe=True)
    assert out.endswith("dev = ['pytest', 'ruff', 'pre-commit>=4.2.0']\n")


def test_keeps_no_final_newline() -> None:
    """T10: keys and tables added at the end must not glue onto the last line, nor add a final newline."""
    text = '[project]\nname = "demo"\nversion = "1"'
    out, _ = run(text, {**TESTS, "setup.cfg": "[options]\npython_requires = >=3.12\n"}, unsafe=True)
    assert out == (
        HATCH + '[project]\nname = "demo"\nversion = "1"\nrequires-python = ">=3.12"\n'
        '\n[project.optional-dependencies]\ndev = ["pytest>=7.0", "ruff", "pre-commit>=4.2.0"]\n'
        '\n[tool.pytest.ini_options]\ntestpaths = ["tests"]'
    )


def test_keeps_dotted_key_style_in_project() -> None:
    """T5/T14: a [project] that writes `optional-dependencies.x` dotted gets its dev extra dotted too."""
    text = '[project]\nname = "demo"\noptional-dependencies.test = ["pytest"]\nrequires-python = ">=3.12"\n'
    out, _ = run(text, select=("PP004",), unsafe=True)
    assert out == (
        '[project]\nname = "demo"\noptional-dependencies.test = ["pytest"]\n'
        'optional-dependencies.dev = ["ruff", "pre-commit>=4.2.0"]\nrequires-python = ">=3.12"\n'
    )


def test_keeps_a_dotted_only_file_dotted() -> None:
    """T14: a file written in dotted keys throughout, without a single table header, stays that way."""
    text = 'project.name = "demo"\nproject.version = "1"\ntool.ruff.line-length = 120\n'
    out, _ = run(
        text, {**TESTS, "setup.cfg": "[options]\npython_requires = >=3.12\n"}, unsafe=True, select=("PP003", "PP005")
    )
    assert out == (
        'project.name = "demo"\nproject.version = "1"\nproject.requires-python = ">=3.12"\n'
        'tool.ruff.line-length = 120\ntool.pytest.ini_options.testpaths = ["tests"]\n'
    )


def test_t1_dotted_project_keys_then_a_root_key_stay_put() -> None:
    """T1: requires-python beside `project.version` must not capture the root key that follows."""
    text = 'project.name = "demo"\nproject.version = "1"\nz = 2\n'
    out, _ = run(text, {"setup.cfg": "[options]\npython_requires = >=3.12\n"}, unsafe=True, select=("PP003",))
    assert out == 'project.name = "demo"\nproject.version = "1"\nproject.requires-python = ">=3.12"\nz = 2\n'
    assert tomllib.loads(out)["z"] == 2


def test_t2_super_table_after_child_and_array_of_tables() -> None:
    text = (
        '[project]\nname = "d"\n\n[tool.pytest.ini_options.extra]\na = 1\n\n[[tool.things]]\nb = 2\n\n'
        '[tool.pytest.ini_options]\naddopts = "-q"\n'
    )
    out, _ = run(text, TESTS, select=("PP005",))
    assert out == text + 'testpaths = ["tests"]\n'


def test_t7_inline_optional_dependencies_gain_an_entry() -> None:
    text = '[project]\nname = "d"\noptional-dependencies = { test = ["pytest"] }\n'
    out, _ = run(text, select=("PP004",), unsafe=True)
    assert out == (
        '[project]\nname = "d"\noptional-dependencies = { test = ["pytest"], dev = ["ruff", "pre-commit>=4.2.0"] }\n'
    )


def test_t7_array_inside_an_inline_table_is_extended() -> None:
    text = '[project]\nname = "d"\noptional-dependencies = { dev = ["pytest"] }\n'
    out, _ = run(text, select=("PP004",), unsafe=True)
    assert out == ('[project]\nname = "d"\noptional-dependencies = { dev = ["pytest", "ruff", "pre-commit>=4.2.0"] }\n')


def test_t8_commented_multiline_array_without_trailing_comma() -> None:
    text = '[project]\nname = "d"\n\n[project.optional-dependencies]\ndev = [\n    "pytest"  # tests\n    # "x",\n]\n'
    out, _ = run(text, select=("PP004",), unsafe=True)
    assert out == (
        '[project]\nname = "d"\n\n[project.optional-dependencies]\ndev = [\n    "pytest",  # tests\n'
        '    "ruff",\n    "pre-commit>=4.2.0"\n    # "x",\n]\n'
    )


def test_t12_indented_sub_table_keeps_its_indentation() -> None:
    text = '[project]\nname = "d"\n\n[tool.pytest]\n  [tool.pytest.ini_options]\n  addopts = "-q"\n'
    out, _ = run(text, TESTS, select=("PP005",))
    assert out == text + '  testpaths = ["tests"]\n'


def test_t13_new_extra_table_goes_after_project_sub_tables_not_into_them() -> None:
    text = '[project]\nname = "d"\n\n[project.urls]\nHome = "https://x"\n\n[tool.ruff]\nline-length = 120\n'
    out, _ = run(text, select=("PP004",), unsafe=True)
    assert out == (
        '[project]\nname = "d"\n\n[project.urls]\nHome = "https://x"\n\n[project.optional-dependencies]\n'
        'dev = ["pytest>=7.0", "ruff", "pre-commit>=4.2.0"]\n\n[tool.ruff]\nline-length = 120\n'
    )


def test_build_system_goes_to_the_end_when_the_file_has_top_level_keys() -> None:
    """A table inserted above top-level keys would swallow them: the edit is checked and placed after."""
    text = 'x = 1\n\n[project]\nname = "d"\n'
    out, _ = run(text, unsafe=True, select=("PP001",))
    assert out == text + "\n" + HATCH.removesuffix("\n")


def test_build_system_goes_above_the_comment_that_labels_the_first_table() -> None:
    text = '# SPDX: MIT\n\n# metadata\n[project]\nname = "d"\n'
    out, _ = run(text, unsafe=True, select=("PP001",))
    assert out == "# SPDX: MIT\n\n" + HATCH + '# metadata\n[project]\nname = "d"\n'


def test_never_touches_ruff_configuration() -> None:
    text = '[project]\nname = "d"\n\n[tool.ruff]\nselect = ["E"]\n'
    out, _ = run(text, {**TESTS, "setup.cfg": "[options]\npython_requires = >=3.12\n"}, unsafe=True)
    assert tomllib.loads(out)["tool"]["ruff"] == {"select": ["E"]}
    assert '[tool.ruff]\nselect = ["E"]\n' in out


# -- behaviour ------------------------------------------------------------------------------------------------------


def test_unsafe_fixes_are_reported_not_made_by_default() -> None:
    text = '[project]\nname = "d"\n'
    out, found = run(text, {"setup.cfg": "[options]\npython_requires = >=3.12\n"}, select=("PP001", "PP003"))
    assert out == text
    assert codes(found) == ["PP001", "PP003"]
    assert not any(f.fixed for f in found)
    assert {f.applicability.value for f in found} == {"unsafe"}


def test_requires_python_without_python_version_is_manual() -> None:
    _, found = run('[project]\nname = "d"\n', unsafe=True, select=("PP003",))
    assert [(f.applicability.value, f.fixed) for f in found] == [("manual", False)]


def test_requires_python_declared_dynamic_is_not_added() -> None:
    text = '[project]\nname = "d"\ndynamic = ["requires-python"]\n'
    out, found = run(text, {"setup.cfg": "[options]\npython_requires = >=3.12\n"}, unsafe=True, select=("PP003",))
    assert out == text
    assert [f.applicability.value for f in found] == ["manual"]


def test_dev_dependencies_use_uv_dev_dependencies_and_extras_as_present() -> None:
    text = (
        '[project]\nname = "d"\n\n[project.optional-dependencies]\ntest = ["PyTest>=8"]\n\n'
        '[tool.uv]\ndev-dependencies = ["ruff==0.9.1", "pre_commit"]\n'
    )
    assert run(text, select=("PP004",)) == (text, [])


def test_dev_tools_the_requirements_files_install_are_present() -> None:
    text = '[project]\nname = "d"\n\n[dependency-groups]\ndev = ["ruff==0.9.1"]\n'
    files = {"requirements/test.txt": "-r base.txt\npytest~=9.0.1  # tests\n", "requirements-dev.txt": "pre-commit\n"}
    assert run(text, files, select=("PP004",)) == (text, [])
    out, found = run(text, {"requirements/test.txt": "pytest-cov\n"}, select=("PP004",))
    assert [f.message.split(": add ")[1] for f in found] == [
        "pytest>=7.0, pre-commit>=4.2.0 to [dependency-groups] dev"
    ]


def test_dev_tools_of_hatch_environments_are_present_and_exact_pins_are_not_broken() -> None:
    hatch = '[project]\nname = "d"\n\n[tool.hatch.envs.default]\ndependencies = ["pytest", "ruff", "pre-commit"]\n'
    assert run(hatch, select=("PP004",)) == (hatch, [])
    groups = 'lint = ["ruff==0.15.4", "mypy==1.19.1"]\ndev = ["pytest==9.0.1"]\n'
    exact = '[project]\nname = "d"\n\n[dependency-groups]\n' + groups
    out, found = run(exact, select=("PP004",), unsafe=True)
    assert out == exact and [f.applicability.value for f in found] == ["manual"]
    assert "pinned exactly" in found[0].message


def test_dev_dependencies_ruff_follows_the_pinned_version() -> None:
    lock = 'version = 1\n\n[[package]]\nname = "ruff"\nversion = "0.12.3"\n'
    text = '[project]\nname = "d"\n\n[dependency-groups]\ndev = ["pytest", "pre-commit"]\n'
    out, _ = run(text, {"uv.lock": lock}, select=("PP004",), unsafe=True)
    assert out.endswith('dev = ["pytest", "pre-commit", "ruff>=0.12.3"]\n')


def test_dev_dependencies_follow_blueprint_overrides() -> None:
    from dataclasses import replace

    from infra_fix_fixers import Blueprint

    text = '[project]\nname = "d"\n\n[project.optional-dependencies]\ndev = ["pytest", "ruff", "pre-commit"]\n'
    settings = Settings(
        select=("PP004",), unsafe_fixes=True, blueprint=replace(Blueprint(), dev_dependencies=("pytest", "mypy>=1"))
    )
    result = remediate(Snapshot(files={"pyproject.toml": text}), settings, [FIXER])
    assert isinstance(result.files[0], Changed)
    assert result.files[0].after.endswith('dev = ["pytest", "ruff", "pre-commit", "mypy>=1"]\n')


def test_dev_dependencies_not_a_list_is_reported_not_edited() -> None:
    text = '[project]\nname = "d"\n\n[dependency-groups]\ndev = "pytest"\n'
    out, found = run(text, select=("PP004",))
    assert out == text
    assert [(f.applicability.value, f.fixed) for f in found] == [("manual", False)]


def test_dynamic_optional_dependencies_are_not_written_statically() -> None:
    text = '[project]\nname = "d"\ndynamic = ["optional-dependencies"]\n'
    out, found = run(text, select=("PP004",))
    assert out == text
    assert [f.applicability.value for f in found] == ["manual"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pytest.ini", "[pytest]\naddopts = -q\n"),
        (".pytest.ini", "[pytest]\n"),
        ("pytest.toml", "[pytest]\n"),
        ("tox.ini", "[tox]\nenvlist = py312\n\n[pytest]\naddopts = -q\n"),
        ("setup.cfg", "[tool:pytest]\naddopts = -q\n"),
    ],
)
def test_pytest_table_not_created_where_pytest_reads_another_file(name: str, text: str) -> None:
    pyproject = '[project]\nname = "d"\ndependencies = ["pytest-asyncio"]\n'
    out, found = run(pyproject, {**TESTS, name: text}, select=("PP005", "PP006"))
    assert (out, found) == (pyproject, [])


def test_existing_pyproject_pytest_table_wins_over_tox_ini() -> None:
    """pytest reads pyproject.toml before tox.ini once it has a pytest table: that table is the one to edit."""
    pyproject = '[project]\nname = "d"\n\n[tool.pytest.ini_options]\naddopts = "-q"\n'
    out, _ = run(pyproject, {**TESTS, "tox.ini": "[pytest]\naddopts = -x\n"}, select=("PP005",))
    assert out == pyproject + 'testpaths = ["tests"]\n'


def test_both_pytest_table_styles_are_left_alone() -> None:
    pyproject = (
        '[project]\nname = "d"\n\n[tool.pytest]\nminversion = "9"\n\n[tool.pytest.ini_options]\naddopts = "-q"\n'
    )
    assert run(pyproject, TESTS, select=("PP005",)) == (pyproject, [])


@pytest.mark.parametrize("testpaths", ['["tests/unit", "tests/integration"]', '"./tests"', '["tests/"]', '["t*"]'])
def test_testpaths_reaching_the_tests_folder_are_compliant(testpaths: str) -> None:
    pyproject = f'[project]\nname = "d"\n\n[tool.pytest.ini_options]\ntestpaths = {testpaths}\n'
    assert run(pyproject, TESTS, select=("PP005",)) == (pyproject, [])


def test_backend_messages_are_gentle_for_compiled_extensions() -> None:
    text = '[build-system]\nrequires = ["scikit-build-core"]\nbuild-backend = "scikit_build_core.build"\n'
    _, found = run(text + '\n[project]\nname = "d"\n', select=("PP002",))
    assert len(found) == 1 and "keep it" in found[0].message and found[0].line == 3


def test_invalid_toml_fails_with_a_position() -> None:
    snapshot = Snapshot(files={"pyproject.toml": '[project]\nname = "d\n'})
    result = remediate(snapshot, Settings(select=("PP",)), [FIXER])
    assert isinstance(result.files[0], Failed) and result.files[0].error.line == 2


def test_no_pyproject_is_never_created() -> None:
    result = remediate(Snapshot(files={"setup.cfg": "[flake8]\n"}), Settings(select=("PP",)), [FIXER])
    assert result.files == ()


# -- scattered configuration (INI) ----------------------------------------------------------------------------------


def test_ini_sections_are_read_as_pytest_reads_them() -> None:
    text = "# c\n[tool:pytest]\naddopts = -ra  # not a comment to pytest\nmarkers =\n    slow: slow\n\n    db: db\n"
    (section,) = sections(text)
    assert section.name == "tool:pytest" and section.line == 2
    assert section.values == (("addopts", "-ra  # not a comment to pytest"), ("markers", "slow: slow\ndb: db"))


def test_pytest_values_become_lists_where_pytest_splits_them() -> None:
    assert pytest_value("testpaths", "tests 'it tests'") == ["tests", "it tests"]
    assert pytest_value("filterwarnings", "error\nignore::DeprecationWarning") == [
        "error",
        "ignore::DeprecationWarning",
    ]
    assert pytest_value("addopts", "-ra\n--strict-markers") == "-ra --strict-markers"
    assert pytest_value("minversion", "7.0") == "7.0"


def test_pytest_block_is_valid_toml_meaning_the_ini_values() -> None:
    block = pytest_block((("testpaths", "tests"), ("xfail_strict", "true"), ("markers", 'a: x\nb: "y"')))
    assert (
        block
        == '[tool.pytest.ini_options]\ntestpaths = ["tests"]\nxfail_strict = "true"\nmarkers = ["a: x", "b: \\"y\\""]\n'
    )


def test_scattered_sections_are_reported_in_their_own_file_with_lines() -> None:
    files = {
        "setup.cfg": "[metadata]\nname = d\n\n[flake8]\nmax-line-length = 88\n\n[mypy-foo.*]\nignore_errors = True\n",
        "tox.ini": "[tox]\n\n[coverage:run]\nbranch = true\n",
        ".flake8": "[flake8]\n",
    }
    _, found = run('[project]\nname = "d"\n', files, select=("PP008",))
    assert sorted((f.path, f.line) for f in found) == [
        (".flake8", 1),
        ("setup.cfg", 4),
        ("setup.cfg", 7),
        ("tox.ini", 3),
    ]


def test_pytest_ini_reported_with_the_block_to_paste() -> None:
    _, found = run('[project]\nname = "d"\n', {"pytest.ini": "[pytest]\ntestpaths = tests\n"}, select=("PP007",))
    (finding,) = found
    assert finding.path == "pytest.ini" and finding.line == 1
    assert finding.message.endswith('delete the file:\n[tool.pytest.ini_options]\ntestpaths = ["tests"]\n')


def test_fixer_reads_the_ini_files() -> None:
    assert {"**/setup.cfg", "**/tox.ini", "**/pytest.ini", "**/.flake8", "**/setup.py"} <= set(FIXER.reads)


# -- properties -----------------------------------------------------------------------------------------------------

_TABLES = {
    "": ["tool.x.y = 1\n", "top = 'level'\n"],
    "[project]": [
        'name = "demo"\n',
        "version = '1.0'\n",
        'requires-python = ">=3.11"\n',
        'dependencies = ["pytest-asyncio"]\n',
        'urls.Home = "https://x"\n',
    ],
    "[project.optional-dependencies]": ['dev = [\n    "pytest",  # tests\n]\n', "test = ['ruff']\n", "x = []\n"],
    "[dependency-groups]": ['lint = [{ include-group = "dev" }]\n', 'dev = ["pre-commit"]\n'],
    "[tool.pytest.ini_options]": ['addopts = "-q"\n', 'testpaths = ["tests"]\n'],
    "[tool.ruff]": ["line-length = 100  # keep\n"],
    "[build-system]": ['requires = ["setuptools"]\n', 'build-backend = "hatchling.build"\n'],
}
_NOISE = st.sampled_from(["", "", "\n", "# a comment\n", "  # indented comment\n"])


@st.composite
def _documents(draw: st.DrawFn) -> str:
    """pyproject-like documents: distinct tables in any order, each with some of its keys, comments between."""
    names = draw(st.lists(st.sampled_from(sorted(_TABLES)), unique=True, max_size=len(_TABLES)))
    if "" in names:
        names.remove("")
        names.insert(0, "")
    parts = []
    for name in names:
        parts.append(draw(_NOISE) + (name + "\n" if name else ""))
        for line in draw(st.lists(st.sampled_from(_TABLES[name]), unique=True)):
            parts.append(draw(_NOISE) + line)
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(_documents(), st.booleans(), st.booleans())
def test_property_keeps_every_input_line_and_meaning_and_is_idempotent(
    text: str, final_newline: bool, python_version: bool
) -> None:
    if not final_newline:
        text = text.rstrip("\n")
    try:
        before = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return  # invalid input is a located failure, tested above
    files = {**TESTS, **({"setup.cfg": "[options]\npython_requires = >=3.12\n"} if python_version else {})}
    out, _ = run(text, files, unsafe=True)
    after = tomllib.loads(out)
    _assert_only_added(before, after, ())
    kept = iter(out.splitlines())
    for line in text.splitlines():  # every input line survives, in order
        assert any(_survives(line, o) for o in kept), line
    assert run(out, files, unsafe=True)[0] == out


def _survives(line: str, out: str) -> bool:
    """Unchanged; or a comma added after a last array item; or an inline array or table grown at its end."""
    if out == line or out.replace(",", "", 1) == line:
        return True
    return line.endswith(("]", "}")) and out.startswith(line[:-1].rstrip()) and out.endswith(line[-1])


def _assert_only_added(before: object, after: object, path: tuple[str, ...]) -> None:
    """Everything the input meant is still there; lists only grow at the end."""
    if isinstance(before, dict):
        assert isinstance(after, dict), path
        for key, value in before.items():
            assert key in after, path + (key,)
            _assert_only_added(value, after[key], path + (key,))
    elif isinstance(before, list):
        assert isinstance(after, list) and after[: len(before)] == before, path
    else:
        assert before == after, path
