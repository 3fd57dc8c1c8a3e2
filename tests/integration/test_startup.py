"""Start-up cost: heavy parsers are imported only when the repository has a file that needs them.

libcst (alembic env.py) and ruamel.yaml (pre-commit, workflows) cost hundreds of milliseconds to import; a
repository without migrations or YAML must not pay for them. `python -X importtime` lists every module imported.
"""

from __future__ import annotations

import subprocess  # noqa: S404 - runs our own interpreter
import sys
from pathlib import Path

import pytest

from infra_fix_fixers.builtin import pack
from infra_fix_fixers.snapshot import wanted

PYPROJECT = (
    '[project]\nname = "plain"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 120\n'
)


def imported_modules(repo: Path, tmp_path: Path, *, stub: bool = True) -> set[str]:
    """Modules `infra-fix --check repo` imports. A stub libcst shadows the real one on the path (`stub`), so that a
    run that should not need libcst fails loudly if it imports it anyway; without it, the real libcst is used."""
    stubs = tmp_path / "stubs"
    if stub:
        (stubs / "libcst").mkdir(parents=True)
        (stubs / "libcst" / "__init__.py").write_text("")
    proc = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-X", "importtime", "-m", "infra_fix", "--check", str(repo)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PYTHONPATH": str(stubs) if stub else "", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    modules = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":  # the header line
                modules.add(name)
    return modules


def plain_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "src" / "plain").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "pyproject.toml").write_text(PYPROJECT)
    (repo / "src" / "plain" / "__init__.py").write_text("")
    (repo / "tests" / "test_plain.py").write_text("def test_nothing():\n    pass\n")
    return repo


def test_a_repository_without_migrations_or_yaml_imports_neither_libcst_nor_ruamel(tmp_path: Path) -> None:
    modules = imported_modules(plain_repo(tmp_path), tmp_path)
    assert "infra_fix_fixers.engine" in modules  # the parse of -X importtime found the run's imports
    assert not {m for m in modules if m == "libcst" or m.startswith("libcst.")}
    assert not {m for m in modules if m.startswith("ruamel")}


def test_yaml_that_libyaml_reads_and_no_edit_needs_imports_no_ruamel(tmp_path: Path) -> None:
    """A workflow is read by libyaml (PyYAML's C parser), its scalars resolved by ruamel's YAML 1.2 table copied in
    edit/yaml_data.py: ruamel.yaml is imported only for a text libyaml cannot vouch for, or an edit to verify. A
    --check writes nothing: the rule documentation and the temporary files' names are not imported either."""
    repo = plain_repo(tmp_path)
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text(
        "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: pip install . && pytest\n"
    )
    modules = imported_modules(repo, tmp_path)
    assert "yaml._yaml" in modules  # the workflow was parsed
    assert not {m for m in modules if m.startswith("ruamel")}
    assert not {m for m in modules if m.startswith("infra_fix.docs")}
    assert "secrets" not in modules  # the standard library's (hmac, hashlib): only --apply names temporary files


def test_a_repository_with_a_pre_commit_config_imports_ruamel_but_not_libcst(tmp_path: Path) -> None:
    """The control: the same measurement does see ruamel.yaml once a YAML file needs it (the hooks added to an empty
    config are verified by ruamel, a text libyaml does not stand in for)."""
    if not any(wanted(".pre-commit-config.yaml", fixer.reads) for fixer in pack()):
        pytest.skip("no loaded fixer reads .pre-commit-config.yaml")
    repo = plain_repo(tmp_path)
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n")
    modules = imported_modules(repo, tmp_path)
    assert "ruamel.yaml" in modules
    assert "libcst" not in modules


def test_a_repository_with_an_alembic_env_py_imports_libcst(tmp_path: Path) -> None:
    """The control for libcst: the alembic env.py fixer imports it when, and only when, there is an env.py."""
    repo = plain_repo(tmp_path)
    (repo / "alembic.ini").write_text("[alembic]\nscript_location = migrations\n")
    (repo / "migrations").mkdir()
    (repo / "migrations" / "env.py").write_text("from alembic import context\n\ntarget_metadata = None\n")
    modules = imported_modules(repo, tmp_path, stub=False)
    assert "libcst" in modules
    assert {"infra_fix_fixers.rules.alembic.config", "infra_fix_fixers.rules.alembic.envpy"} <= modules


def test_dockerfile_parse_is_imported_only_for_a_dockerfile(tmp_path: Path) -> None:
    """The docker and alembic families are deferred (fixer.deferred_fixer): their checks, the container facts and
    their parsers are imported only for a repository with a Dockerfile or a compose file, an alembic tree."""
    repo = plain_repo(tmp_path)
    without = imported_modules(repo, tmp_path / "first")
    assert "dockerfile_parse" not in without
    assert not {"infra_fix_fixers.facts.containers", "infra_fix_fixers.rules.docker.parts"} & without
    assert not {"infra_fix_fixers.rules.alembic.config", "infra_fix_fixers.rules.alembic.envpy"} & without
    (repo / "Dockerfile").write_text("FROM python:3.12-slim\nCOPY src/ /app/src/\n")
    with_one = imported_modules(repo, tmp_path / "second")
    assert "dockerfile_parse" in with_one
    assert {"infra_fix_fixers.facts.containers", "infra_fix_fixers.rules.docker.parts"} <= with_one


def flag_imports(tmp_path: Path, *flags: str, script: bool = True) -> set[str]:
    """Modules `infra-fix FLAGS` imports (the console script, as users run it, unless `script` is False)."""
    command = [str(Path(sys.executable).with_name("infra-fix"))] if script else [sys.executable, "-m", "infra_fix"]
    proc = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [*command, *flags],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PYTHONPROFILEIMPORTTIME": "1", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}


HEAVY = ("ruamel", "yaml", "libcst", "dockerfile_parse", "github", "tomllib", "identify", "packaging")


def heavy(modules: set[str], *prefixes: str) -> set[str]:
    return {m for m in modules if m.split(".")[0] in prefixes}


def test_version_imports_neither_click_nor_importlib_metadata_nor_the_fixers(tmp_path: Path) -> None:
    """`infra-fix --version` stays near the interpreter's own start-up (issue 19: at most 3x `python -c pass`)."""
    modules = flag_imports(tmp_path, "--version")
    assert "infra_fix.entry" in modules  # the measurement sees our imports
    assert not heavy(modules, "click", "infra_fix_fixers", *HEAVY)
    assert "importlib.metadata" not in modules


def test_help_imports_click_but_no_fixer_and_no_parser(tmp_path: Path) -> None:
    modules = flag_imports(tmp_path, "--help")
    assert "click" in modules
    assert not heavy(modules, "infra_fix_fixers", *HEAVY)
    assert "importlib.metadata" not in modules


@pytest.mark.parametrize("flags", [("--list-rules",), ("--explain", "RF001")])
def test_rule_documentation_imports_no_parser(tmp_path: Path, flags: tuple[str, ...]) -> None:
    modules = flag_imports(tmp_path, *flags, script=False)
    assert "infra_fix_fixers.model" in modules
    assert not heavy(modules, "ruamel", "yaml", "libcst", "dockerfile_parse", "github")
    assert "importlib.metadata" not in modules


def test_the_console_script_prints_the_installed_version(tmp_path: Path) -> None:
    from importlib.metadata import version

    proc = subprocess.run(  # noqa: S603 - our own console script
        [str(Path(sys.executable).with_name("infra-fix")), "--version"], capture_output=True, text=True, check=True
    )
    assert proc.stdout.splitlines()[0] == f"infra-fix {version('infra-fix')}"
    assert "  pack builtin " in proc.stdout


# Records are msgspec Structs: a frozen dataclass compiles six methods when its module is imported (about 0.6 ms each
# class on 3.11, some 60 ms a run for the ~100 a run defines), a Struct is defined in microseconds. These remain.
DATACLASSES = {
    "infra_fix_fixers.settings.Blueprint",  # pack settings are dataclasses: the contract pack authors write to
    "infra_fix_fixers.settings.Settings",
    "infra_fix_fixers.settings.PackSettings",
    "infra_fix_fixers.facts.env_model.Read",  # `shown` is left out of comparisons, which a Struct cannot do
}
_DEFINED = """
import contextlib, dataclasses, io, sys
from infra_fix.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(["--check", sys.argv[1]])
    except SystemExit:
        pass
for module in list(sys.modules.values()):
    if module.__name__.startswith("infra_fix"):
        for name, value in vars(module).items():
            if isinstance(value, type) and value.__module__ == module.__name__ and dataclasses.is_dataclass(value):
                print(f"{module.__name__}.{name}")
"""


def test_a_run_defines_no_dataclass_but_the_settings(tmp_path: Path) -> None:
    """A run over files of every family (the deferred docker and alembic families included) defines its records as
    Structs: a new `@dataclass` on the run's path fails here."""
    repo = plain_repo(tmp_path)
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n")
    (repo / ".pre-commit-config.yaml").write_text("repos: []\n")
    (repo / "Makefile").write_text("test:\n\tpytest\n")
    (repo / "Dockerfile").write_text("FROM python:3.12-slim\nCOPY . /app\n")
    (repo / "compose.yaml").write_text("services:\n  app:\n    build: .\n")
    (repo / ".env.example").write_text("DATABASE_URL=\n")
    (repo / "alembic.ini").write_text("[alembic]\nscript_location = migrations\n")
    (repo / "migrations").mkdir()
    (repo / "migrations" / "env.py").write_text("from alembic import context\n\ntarget_metadata = None\n")
    proc = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", _DEFINED, str(repo)], capture_output=True, text=True, timeout=120, check=True
    )
    defined = set(proc.stdout.split())
    assert "infra_fix_fixers.settings.Settings" in defined  # the probe sees dataclasses where there are some
    assert defined == DATACLASSES
