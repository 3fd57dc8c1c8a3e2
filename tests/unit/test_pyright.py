"""The PY fixer (pyright's configuration): where the config lives, what it adds in the file's own style, what is
safe or unsafe, and the bytes it must keep."""

from __future__ import annotations

from dataclasses import replace

import pytest

from infra_fix_fixers import Changed, Failed, Finding, Settings, Snapshot, remediate
from infra_fix_fixers.rules.pyright import FIXER
from infra_fix_fixers.rules.pyright.checks import covers as _covers
from infra_fix_fixers.rules.pyright.examples import COMPLIANT, CREATED, MIGRATIONS, REPO, TOOL_PYRIGHT
from infra_fix_fixers.settings import Blueprint

FULL = {**MIGRATIONS}  # src/ layout, requires-python >=3.12, uv.lock, migrations/
# A task that runs pyright: a new configuration is then a repair (unsafe), not a part of adopting pyright, which is
# made only with the CI job that runs it (test_adoptions.py, test_regressions.py).
RUNS = {"Makefile": "typecheck:\n\tuv run pyright\n"}


def run(
    files: dict[str, str], *, unsafe: bool = True, settings: Settings | None = None
) -> tuple[dict[str, str], list[Finding]]:
    """Every file the fixer changed or created (path -> text), and every PY finding."""
    settings = settings or Settings(select=("PY",), unsafe_fixes=unsafe)
    result = remediate(Snapshot(files=files), settings, [FIXER])
    changed: dict[str, str] = {}
    for entry in result.files:
        assert not isinstance(entry, Failed), entry
        if isinstance(entry, Changed):
            changed[entry.path] = entry.after
    return changed, list(result.findings)


def fixed_config(text: str, files: dict[str, str] = FULL, *, unsafe: bool = True) -> tuple[str, list[Finding]]:
    changed, found = run({**files, "pyrightconfig.json": text}, unsafe=unsafe)
    return changed.get("pyrightconfig.json", text), found


# -- where the configuration lives ----------------------------------------------------------------------------------


def test_creates_pyrightconfig_when_the_project_has_none() -> None:
    changed, found = run({**FULL, **RUNS})
    assert changed == {"pyrightconfig.json": CREATED}
    assert [(f.code, f.fixed) for f in found] == [("PY001", True)]


def test_created_config_adapts_to_a_project_without_uv_floor_or_migrations() -> None:
    changed, _ = run({"app/__init__.py": "", "requirements.txt": "httpx\n", **RUNS})
    expected = (
        '{\n    "include": ["app"],\n    "typeCheckingMode": "basic",\n    "reportMissingImports": true,\n'
        '    "reportMissingTypeStubs": false\n}\n'
    )
    assert changed == {"pyrightconfig.json": expected}


def test_created_config_uses_the_blueprint_mode() -> None:
    settings = Settings(select=("PY",), unsafe_fixes=True, blueprint=replace(Blueprint(), type_checking_mode="strict"))
    changed, _ = run({**FULL, **RUNS}, settings=settings)
    assert '"typeCheckingMode": "strict"' in changed["pyrightconfig.json"]


def test_tool_pyright_variant_compliant_is_byte_identical() -> None:
    changed, found = run({**FULL, "pyproject.toml": TOOL_PYRIGHT})
    assert changed == {} and found == []


def test_tool_pyright_variant_gets_its_missing_keys_in_place() -> None:
    text = (
        '[project]\nname = "app"\nrequires-python = ">=3.12"\n\n'
        "[tool.pyright]\n"
        "# types\n"
        'typeCheckingMode = "off"  # mode\n'
        "\n[tool.ruff]\nline-length = 120\n"
    )
    changed, found = run({**FULL, "pyproject.toml": text})
    assert changed == {
        "pyproject.toml": (
            '[project]\nname = "app"\nrequires-python = ">=3.12"\n\n'
            "[tool.pyright]\n"
            "# types\n"
            'typeCheckingMode = "basic"  # mode\n'
            'exclude = ["**/node_modules", "**/__pycache__", "**/.*", "**/migrations"]\n'
            'venvPath = "."\n'
            'venv = ".venv"\n'
            "reportMissingImports = true\n"
            'include = ["src"]\n'
            'pythonVersion = "3.12"\n'
            "\n[tool.ruff]\nline-length = 120\n"
        )
    }
    assert sorted(f.code for f in found) == ["PY002", "PY003", "PY004", "PY006", "PY007", "PY008"]
    assert all(f.fixed and f.path == "pyproject.toml" for f in found)


def test_pyrightconfig_wins_over_tool_pyright() -> None:
    """pyright ignores [tool.pyright] when pyrightconfig.json exists: only that file is judged and edited."""
    pyproject = '[project]\nname = "app"\nrequires-python = ">=3.12"\n\n[tool.pyright]\ntypeCheckingMode = "off"\n'
    changed, found = run({**FULL, "pyproject.toml": pyproject, "pyrightconfig.json": COMPLIANT})
    assert changed == {} and found == []


def test_invalid_pyproject_with_tool_pyright_is_a_located_failure() -> None:
    files = {"pyproject.toml": "[tool.pyright]\ninclude = [\n", "src/app/__init__.py": ""}
    result = remediate(Snapshot(files=files), Settings(select=("PY",)), [FIXER])
    assert [(f.path, f.error.line is not None) for f in result.failures] == [("pyproject.toml", True)]
    assert result.changes == ()


# -- compliant input is byte-identical ------------------------------------------------------------------------------


def test_compliant_file_comes_back_byte_identical_with_no_finding() -> None:
    assert fixed_config(COMPLIANT) == (COMPLIANT, [])


@pytest.mark.parametrize("mode", ["basic", "standard", "strict"])
def test_any_mode_at_least_basic_is_compliant(mode: str) -> None:
    text = COMPLIANT.replace('"basic"', f'"{mode}"')
    assert fixed_config(text) == (text, [])


def test_absent_mode_is_compliant_because_pyright_defaults_to_standard() -> None:
    text = COMPLIANT.replace('    "typeCheckingMode": "basic",\n', "")
    assert fixed_config(text) == (text, [])


def test_absent_mode_is_a_finding_when_the_blueprint_asks_for_strict() -> None:
    text = COMPLIANT.replace('    "typeCheckingMode": "basic",\n', "")
    settings = Settings(select=("PY",), blueprint=replace(Blueprint(), type_checking_mode="strict"))
    changed, found = run({**FULL, "pyrightconfig.json": text}, settings=settings)
    assert changed == {} and [(f.code, f.fixed) for f in found] == [("PY006", False)]


# -- preservation ---------------------------------------------------------------------------------------------------

PARTIAL = (
    "// type checking: see CONTRIBUTING.md\n"
    "{\n"
    "    /* strict later */\n"
    '    "typeCheckingMode": "off", // noisy\n'
    '    "reportGeneralTypeIssues": false, // SQLModel\n'
    "}\n"
)
PARTIAL_FIXED = (
    "// type checking: see CONTRIBUTING.md\n"
    "{\n"
    "    /* strict later */\n"
    '    "typeCheckingMode": "basic", // noisy\n'
    '    "reportGeneralTypeIssues": false, // SQLModel\n'
    '    "exclude": ["**/node_modules", "**/__pycache__", "**/.*", "**/migrations"],\n'
    '    "venvPath": ".",\n'
    '    "venv": ".venv",\n'
    '    "reportMissingImports": true,\n'  # what a plain run adds under "off", before --unsafe-fixes raises the mode
    '    "include": ["src"],\n'  # the safe keys first, as a plain run then an --unsafe-fixes run add them
    '    "pythonVersion": "3.12",\n'
    "}\n"
)


def test_keeps_comments_and_trailing_commas() -> None:
    assert fixed_config(PARTIAL)[0] == PARTIAL_FIXED


@pytest.mark.parametrize("unit", ["  ", "    ", "\t"], ids=["two-spaces", "four-spaces", "tab"])
def test_keeps_indentation(unit: str) -> None:
    before = PARTIAL.replace("    ", unit)
    assert fixed_config(before)[0] == PARTIAL_FIXED.replace("    ", unit)


def test_keeps_a_missing_final_newline() -> None:
    assert fixed_config(PARTIAL.rstrip("\n"))[0] == PARTIAL_FIXED.rstrip("\n")


def test_inline_config_stays_inline() -> None:
    text = '{"include": ["src"], "typeCheckingMode": "basic"}'
    out, _ = fixed_config(text, REPO)
    assert out == (
        '{"include": ["src"], "typeCheckingMode": "basic", "venvPath": ".", "venv": ".venv", "pythonVersion": "3.12"}'
    )


def test_fixing_twice_changes_nothing_more() -> None:
    once, _ = fixed_config(PARTIAL)
    twice, found = fixed_config(once)
    assert twice == once and found == []


# -- safe and unsafe ------------------------------------------------------------------------------------------------


def test_without_unsafe_fixes_only_safe_edits_are_made() -> None:
    text = '{\n  "include": ["lib"],\n  "typeCheckingMode": "off",\n  "reportMissingImports": false,\n}\n'
    out, found = fixed_config(text, unsafe=False)
    assert out == (
        '{\n  "include": ["lib"],\n  "typeCheckingMode": "off",\n  "reportMissingImports": false,\n'
        '  "exclude": ["**/node_modules", "**/__pycache__", "**/.*", "**/migrations"],\n'
        '  "venvPath": ".",\n  "venv": ".venv",\n}\n'
    )
    unfixed = sorted((f.code, f.line) for f in found if not f.fixed)
    assert unfixed == [("PY002", 2), ("PY004", 4), ("PY006", 3), ("PY007", 1)]
    assert all(f.applicability.value == "unsafe" for f in found if not f.fixed)


def test_changing_or_adding_a_python_version_is_unsafe() -> None:
    """Without pythonVersion pyright checks against the environment's Python, often newer than the floor: setting
    the floor can bring new errors either way."""
    _, found = fixed_config('{"pythonVersion": "3.10"}', REPO, unsafe=False)
    assert [(f.code, f.fixed) for f in found if f.code == "PY007"] == [("PY007", False)]
    _, found = fixed_config("{}", REPO, unsafe=False)
    assert [(f.code, f.fixed, f.applicability.value) for f in found if f.code == "PY007"] == [
        ("PY007", False, "unsafe")
    ]


def test_an_ignored_rule_is_not_edited() -> None:
    settings = Settings(select=("PY",), ignore=("PY008",))
    changed, found = run({**REPO, "pyrightconfig.json": COMPLIANT.replace('"venv": ".venv"', '"venv": "env"')},
                         settings=settings)  # fmt: skip
    assert changed == {} and found == []


def test_a_message_carries_the_text_to_paste() -> None:
    _, found = fixed_config('{"typeCheckingMode": "off"}', REPO, unsafe=False)
    [mode] = [f for f in found if f.code == "PY006"]
    assert '"typeCheckingMode": "basic"' in mode.message and '"off"' in mode.message


# -- what counts as covered -----------------------------------------------------------------------------------------


def test_include_that_is_not_a_list_is_reported_not_edited() -> None:
    out, found = fixed_config('{"include": "src"}', REPO)
    assert out.startswith('{"include": "src"') and [f.fixed for f in found if f.code == "PY002"] == [False]


def test_nested_migrations_folder_is_covered_by_the_globstar_entry() -> None:
    files = {**REPO, "app/migrations/env.py": "", "app/migrations/versions/0001.py": ""}
    out, _ = fixed_config('{"exclude": ["build"]}', files)
    assert '"exclude": ["build", "**/migrations"]' in out


@pytest.mark.parametrize(
    ("pattern", "folder", "covered"),
    [
        ("src", "src", True),
        ("./src/", "src", True),
        (".", "src", True),
        ("packages", "packages/api/src", True),
        ("packages/*/src", "packages/api/src", True),
        ("**/migrations", "migrations", True),
        ("**/migrations", "app/db/migrations", True),
        ("**/migrations/**", "migrations", True),
        ("src/app", "src", False),
        ("source", "src", False),
        ("migrations_old", "migrations", False),
    ],
)
def test_covers(pattern: str, folder: str, covered: bool) -> None:
    assert _covers(pattern, folder) is covered


# -- bad input ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        pytest.param('{\n  "include": ["src"\n}\n', 3, 1, id="unclosed-array"),
        pytest.param('["src"]\n', 1, 1, id="not-an-object"),
    ],
)
def test_bad_file_is_a_located_failure_and_left_alone(text: str, line: int, column: int) -> None:
    result = remediate(Snapshot(files={**REPO, "pyrightconfig.json": text}), Settings(select=("PY",)), [FIXER])
    [failure] = result.failures
    assert (failure.path, failure.error.line, failure.error.column) == ("pyrightconfig.json", line, column)
    assert result.changes == ()
