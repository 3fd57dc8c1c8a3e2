"""Micro-benchmarks of the pure core (pytest-benchmark; `make bench`, never part of `make test`).

What is timed is what scales with the user's repository: the whole remediation of a small project, format-preserving
TOML edits on a large pyproject.toml, the facts pass over a lock file with thousands of packages, and discovery of a
workspace with many members.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess  # noqa: S404 - times our own command
import sys
from pathlib import Path

import pytest

from infra_fix.load import Loaded, load
from infra_fix_fixers import Changed, Fixer, Settings, Snapshot, remediate
from infra_fix_fixers.builtin import pack
from infra_fix_fixers.edit.toml import TomlDocument
from infra_fix_fixers.facts import READS, discover

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"
LOCK_PACKAGES = 5000
PYPROJECT_TOOLS = 300


@pytest.fixture(scope="module")
def fixers() -> list[Fixer]:
    return pack()


@pytest.fixture(scope="module")
def demo(fixers: list[Fixer]) -> Loaded:
    patterns = tuple(dict.fromkeys(p for f in fixers for p in (*READS, *f.reads)))
    return load(DEMO, patterns)


def big_lock(packages: int = LOCK_PACKAGES) -> str:
    """A uv.lock shaped like uv writes them: a package table per entry with sdist, wheels and dependencies."""
    parts = ['version = 1\nrevision = 2\nrequires-python = ">=3.11"\n']
    for i in range(packages):
        name = "ruff" if i == packages - 1 else f"package-{i:05d}"  # the one facts look for comes last
        digest = hashlib.sha256(name.encode()).hexdigest()
        url = f"https://files.pythonhosted.org/packages/{digest[:2]}/{digest[2:4]}/{digest[4:]}/{name}"
        deps = "".join(f'    {{ name = "package-{(i + k) % packages:05d}" }},\n' for k in (1, 7, 31))
        parts.append(
            f'\n[[package]]\nname = "{name}"\nversion = "1.{i % 50}.{i % 7}"\n'
            f'source = {{ registry = "https://pypi.org/simple" }}\ndependencies = [\n{deps}]\n'
            f'sdist = {{ url = "{url}-1.0.tar.gz", hash = "sha256:{digest}", size = {1000 + i} }}\n'
            f"wheels = [\n"
            f'    {{ url = "{url}-1.0-py3-none-any.whl", hash = "sha256:{digest}", size = {900 + i} }},\n'
            f'    {{ url = "{url}-1.0-cp312-abi3-manylinux_2_17_x86_64.whl", hash = "sha256:{digest}", size = {i} }},\n'
            f"]\n"
        )
    return "".join(parts)


def big_pyproject(tools: int = PYPROJECT_TOOLS) -> str:
    """A long pyproject.toml: many dependencies and tool tables with comments, `[tool.ruff]` in the middle."""
    deps = "".join(f'    "dependency-{i}>=1.{i}",  # why we need {i}\n' for i in range(200))
    parts = [
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n',
        f'[project]\nname = "big"\nversion = "1.0"\nrequires-python = ">=3.11"\ndependencies = [\n{deps}]\n',
    ]
    for i in range(tools):
        if i == tools // 2:
            parts.append('\n[tool.ruff]\nline-length = 100\n\n[tool.ruff.lint]\nselect = [\n    "E",\n    "F",\n]\n')
        parts.append(f'\n# settings of tool {i}\n[tool.tool-{i}]\nenabled = true\nlevel = {i}\nname = "t{i}"\n')
    return "".join(parts)


def test_remediate_demo(benchmark, demo: Loaded, fixers: list[Fixer]) -> None:
    result = benchmark(remediate, demo.snapshot, Settings(), fixers)
    assert any(isinstance(item, Changed) for item in result.files)


def test_remediate_demo_unsafe(benchmark, demo: Loaded, fixers: list[Fixer]) -> None:
    result = benchmark(remediate, demo.snapshot, Settings(unsafe_fixes=True), fixers)
    assert any(isinstance(item, Changed) for item in result.files)


def test_toml_parse_large_pyproject(benchmark) -> None:
    text = big_pyproject()
    doc = benchmark(TomlDocument, text)
    assert doc.get(("tool", "ruff", "line-length")) == 100


def test_toml_set_leaf_in_large_pyproject(benchmark) -> None:
    text = big_pyproject()

    def edit() -> str:
        doc = TomlDocument(text)
        assert doc.set(("tool", "ruff", "line-length"), 120)
        return doc.text

    assert "line-length = 120\n" in benchmark(edit)


def test_toml_extend_and_add_tables_in_large_pyproject(benchmark) -> None:
    text = big_pyproject()

    def edit() -> str:
        doc = TomlDocument(text)
        assert doc.extend(("tool", "ruff", "lint", "select"), ["W", "I", "UP", "B"])
        assert doc.set(("tool", "ruff", "lint", "mccabe", "max-complexity"), 15)
        assert doc.set(("tool", "pytest", "ini_options", "testpaths"), ["tests"])
        return doc.text

    after = benchmark(edit)
    assert after.count("\n") > text.count("\n")


def test_facts_over_a_lock_with_thousands_of_packages(benchmark) -> None:
    pyproject = '[project]\nname = "big"\nrequires-python = ">=3.12"\n'
    snapshot = Snapshot({"pyproject.toml": pyproject, "uv.lock": big_lock()})
    repo = benchmark(discover, snapshot)
    assert repo.primary is not None
    assert repo.primary.ruff_version == f"1.{(LOCK_PACKAGES - 1) % 50}.{(LOCK_PACKAGES - 1) % 7}"


def test_discover_a_workspace_with_many_members(benchmark) -> None:
    members = 200
    files = {
        "pyproject.toml": '[project]\nname = "root"\nrequires-python = ">=3.12"\n\n'
        '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
        "uv.lock": big_lock(1000),
    }
    for i in range(members):
        files[f"packages/p{i:03d}/pyproject.toml"] = f'[project]\nname = "p{i:03d}"\ndependencies = ["root"]\n'
        files[f"packages/p{i:03d}/src/p{i:03d}/__init__.py"] = ""
    repo = benchmark(discover, Snapshot(files))
    assert len(repo.projects) == members + 1


def test_whole_command_check_on_demo(benchmark, tmp_path: Path) -> None:
    """`infra-fix --check` on the demo repository as a user runs it: interpreter start-up, entry points, git,
    everything (on a copy, as `make demo` does: in this repository it is a fixture, not a project)."""
    repo = tmp_path / "demo"
    shutil.copytree(DEMO, repo)
    subprocess.run(["git", "init", "--quiet", str(repo)], check=True)  # noqa: S603, S607 - git from PATH, as users run it
    command = [str(Path(sys.executable).parent / "infra-fix"), "--check", str(repo)]
    proc = benchmark.pedantic(subprocess.run, args=(command,), kwargs={"capture_output": True}, rounds=5)
    assert proc.returncode == 1  # the demo has findings


def big_makefile(targets: int = 2000) -> str:
    """A Makefile of `targets` rules in the per-target `.PHONY` idiom, half of them missing their declaration, with
    continued recipes and a conditional every tenth rule (the shape of securedrop's 600-line file, scaled up)."""
    parts = ["VAR := x\n"]
    for i in range(targets):
        rule = f"target-{i}: ## Do {i}\n\t@echo {i} \\\n\t\tmore\n\t$(VAR) run\n"
        if i % 10 == 0:
            rule = f"ifdef CI\n{rule}endif\n"
        parts.append(("" if i % 2 else f".PHONY: target-{i}\n") + rule)
    return "\n".join(parts)


def test_bench_makefile_phony_and_help(benchmark: pytest.FixtureRequest) -> None:
    """Reading a 2,000-rule Makefile, declaring 1,000 targets phony and appending `help`: each edit re-reads it."""
    from infra_fix_fixers.edit.makefile_doc import MakefileDocument, NewRule

    text = big_makefile()

    def edit() -> str:
        doc = MakefileDocument(text)
        doc.declare_phony([n for r in doc.parsed.rules for n in r.targets])
        doc.append_rules([NewRule("help", (), ("@echo help",), "Show this help")])
        return doc.text

    result = benchmark(edit)  # type: ignore[operator]
    assert "help:" in result
