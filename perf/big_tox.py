"""Time `infra-fix --check` on a repository shaped like the Sentry-sized SDK of issue 7 (principle 6, bounded work).

Usage: python perf/big_tox.py [--lines 18000] [--workflows 25] [--runs 3] [--budget 2.0] [--keep]

The repository: a pyproject.toml, an 18,000-line tox.ini (hundreds of environments whose long `commands`, `deps`
and `setenv` sections refer to each other with `{[section]key}` substitutions, factor conditions and generative
names), a Makefile, scripts/ and 25 workflows whose jobs call `tox -e ...`, the scripts and make targets. On that
shape `--check` once ran past ten minutes (every workflow line calling a script re-scanned tox.ini). The budget is
two seconds on the 2-core development machine; exit 1 when the median is over it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess  # noqa: S404 - fixed argument lists, never a shell
import sys
import tempfile
import time
from pathlib import Path

INFRA_FIX = str(Path(sys.executable).parent / "infra-fix")
TIMEOUT = 900
INTEGRATIONS = [f"integration{i:03d}" for i in range(220)]
PYTHONS = ["py38", "py39", "py310", "py311", "py312", "py313"]
PYPROJECT = """[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "big-sdk"
version = "1.0.0"
requires-python = ">=3.8"

[tool.ruff]
line-length = 100
"""


def tox_ini(lines: int) -> str:
    """A tox.ini of at least `lines` lines: a base env, then one env per integration with long sections."""
    out = [
        "[tox]",
        "requires =",
        "    tox>=4",
        "    virtualenv<20.26",
        "envlist =",
        *(f"    {{{','.join(PYTHONS)}}}-{name}-v{{1,2,3}}" for name in INTEGRATIONS),
        "",
        "[testenv]",
        "passenv = SENTRY_*, CI, GITHUB_*",
        "setenv =",
        "    PYTHONDONTWRITEBYTECODE=1",
        "    COVERAGE_FILE=.coverage-{envname}",
        "deps =",
        "    -r requirements-testing.txt",
        "    linters: -r requirements-linting.txt",
        "commands =",
        "    python -m pytest {posargs} tests",
        "",
        "[testenv:linters]",
        "commands =",
        "    ruff check sentry_sdk tests",
        "    mypy sentry_sdk",
        "",
    ]
    i = 0
    while len(out) < lines:
        name = INTEGRATIONS[i % len(INTEGRATIONS)]
        out += [
            f"[testenv:{{{','.join(PYTHONS)}}}-{name}-v{{1,2,3}}{'' if i < len(INTEGRATIONS) else f'-extra{i}'}]",
            "deps =",
            "    {[testenv]deps}",
            *(f"    v{k}: {name}-lib~={k}.{j}" for k in (1, 2, 3) for j in range(6)),
            *(f"    py3{m}: backports-{name}-{m}" for m in range(8, 14)),
            "setenv =",
            "    {[testenv]setenv}",
            f"    TESTPATH=tests/integrations/{name}",
            "commands =",
            *(
                f"    python -m pytest -rsfx -k test_{name}_{k} {{posargs}} tests/integrations/{name}"
                for k in range(12)
            ),
            "    {[testenv:linters]commands}",
            "",
        ]
        i += 1
    return "\n".join(out) + "\n"


def workflow(n: int) -> str:
    """A workflow whose matrix jobs call tox, scripts and make (the shape that made every line re-scan tox.ini)."""
    groups = INTEGRATIONS[n * 8 : n * 8 + 8] or INTEGRATIONS[:8]
    jobs = []
    for k, name in enumerate(groups):
        jobs.append(f"""  test-{name}:
    name: {name} (${{{{ matrix.python-version }}}})
    runs-on: ubuntu-22.04
    strategy:
      fail-fast: false
      matrix:
        python-version: ["3.8", "3.10", "3.12", "3.13"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{{{ matrix.python-version }}}}
      - name: Setup test env
        run: |
          pip install "coverage[toml]" tox
          ./scripts/setup-env.sh {name}
      - name: Erase coverage
        run: coverage erase
      - name: Test {name} latest
        run: |
          set -x # print commands that are executed
          ./scripts/runtox.sh "py${{{{ matrix.python-version }}}}-{name}-latest"
      - name: Test {name} pinned
        run: |
          set -x
          ./scripts/runtox.sh --exclude-latest "py${{{{ matrix.python-version }}}}-{name}"
          tox -e py312-{name}-v{k % 3 + 1}
          make test-{name}
      - name: Generate coverage XML
        run: |
          coverage combine .coverage-sentry-*
          coverage xml
""")
    return f"""name: Test group {n}

on:
  push:
    branches:
      - master
      - release/**
  pull_request:

permissions:
  contents: read

jobs:
{chr(10).join(jobs)}"""


def build(root: Path, lines: int, workflows: int) -> None:
    """Write the repository and commit it on branch master (with an origin/HEAD, as a clone has)."""
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / "scripts").mkdir()
    (root / "pyproject.toml").write_text(PYPROJECT)
    (root / "tox.ini").write_text(tox_ini(lines))
    (root / "requirements-testing.txt").write_text("pytest\ncoverage\n")
    (root / "requirements-linting.txt").write_text("ruff\nmypy\n")
    (root / "Makefile").write_text(
        "".join(f"test-{name}:\n\ttox -e py312-{name}-v1\n\n" for name in INTEGRATIONS) + "lint:\n\ttox -e linters\n"
    )
    (root / "scripts" / "runtox.sh").write_text('#!/bin/sh\nexec tox -e "$@"\n')
    (root / "scripts" / "setup-env.sh").write_text('#!/bin/sh\npip install -e ".[$1]"\n')
    for n in range(workflows):
        (root / ".github" / "workflows" / f"test-group-{n:02d}.yml").write_text(workflow(n))
    for argv in (
        ["git", "init", "-q", "-b", "master"],
        ["git", "add", "-A"],
        ["git", "-c", "user.name=b", "-c", "user.email=b@example.invalid", "commit", "-q", "-m", "big"],
    ):
        subprocess.run(argv, cwd=root, check=True, capture_output=True)  # noqa: S603


def time_check(root: Path, runs: int) -> tuple[list[float], int]:
    """Wall-clock seconds of each `infra-fix --check` run, and the last exit code (-1: over TIMEOUT)."""
    times, code = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        try:
            argv = [INFRA_FIX, "--check", "--timeout", "0", str(root)]
            code = subprocess.run(argv, capture_output=True, timeout=TIMEOUT, check=False).returncode  # noqa: S603
        except subprocess.TimeoutExpired:
            return [float(TIMEOUT)], -1
        times.append(time.perf_counter() - started)
    return times, code


def main(argv: list[str] | None = None) -> int:
    """Build the repository, time `--check`, print the figures; 1 when the median is over the budget."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--lines", type=int, default=18000)
    parser.add_argument("--workflows", type=int, default=25)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--budget", type=float, default=2.0)
    parser.add_argument("--keep", action="store_true", help="keep the repository and print its path")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="big-tox-"))
    build(root, args.lines, args.workflows)
    size = len((root / "tox.ini").read_text().splitlines())
    times, code = time_check(root, args.runs)
    median = statistics.median(times)
    print(
        f"tox.ini {size} lines, {args.workflows} workflows: infra-fix --check exit {code}, "
        f"median {median:.2f}s, min {min(times):.2f}s over {len(times)} run(s); budget {args.budget:.1f}s"
    )
    if args.keep:
        print(f"kept {root}")
    else:
        subprocess.run(["rm", "-rf", str(root)], check=False)  # noqa: S603, S607
    return 0 if code != -1 and median <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
