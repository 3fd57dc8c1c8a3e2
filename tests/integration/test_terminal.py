"""The terminal as ruff does it: colour only on a terminal (`--color`, NO_COLOR, FORCE_COLOR), the patch coloured,
progress on stderr only on a terminal, -q and -v, --statistics, --show-settings."""

from __future__ import annotations

import io
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from infra_fix.config import Flags
from infra_fix.plugins import load_fixers
from infra_fix.run import Mode, Output, run
from tests.conftest import Ran, make_repo

Cli = Callable[..., Ran]
PYPROJECT = '[project]\nname = "demo"\nversion = "1"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 88\n'
ESC = "\033["
PLAIN_FINDING = re.compile(r"^\S+: [A-Z]{2}\d{3} .* \[[a-z -]+\]$", re.MULTILINE)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def repo(tmp_path: Path, cli: Cli) -> Path:
    return make_repo(tmp_path, {"pyproject.toml": PYPROJECT, "tests/test_x.py": ""})


def test_plain_without_a_terminal_and_coloured_when_asked(
    repo: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = cli("--check")
    assert ESC not in plain.stdout and PLAIN_FINDING.search(plain.stdout)
    coloured = cli("--check", "--color", "always")
    assert ESC in coloured.stdout
    assert re.sub(r"\033\[[0-9;]*m", "", coloured.stdout) == plain.stdout  # colour adds no character but escapes
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert cli("--check").stdout == coloured.stdout
    assert ESC not in cli("--check", "--color", "never").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert ESC not in cli("--check").stdout


def test_the_patch_is_coloured_as_git_colours_it_and_stays_plain_in_a_pipe(repo: Path, cli: Cli) -> None:
    plain = cli("--diff", "--unsafe-fixes").stdout
    assert ESC not in plain and plain.startswith("diff --git ")
    coloured = cli("--diff", "--unsafe-fixes", "--color", "always").stdout
    assert "\033[32m+line-length = 120" in coloured and "\033[31m-line-length = 88" in coloured
    assert "\033[36m@@ " in coloured
    assert re.sub(r"\033\[[0-9;]*m", "", coloured) == plain


@pytest.mark.parametrize("fmt", ["json", "github", "sarif", "markdown"])
def test_machine_formats_are_never_coloured(repo: Path, cli: Cli, fmt: str) -> None:
    ran = cli("--check", "--format", fmt, "--color", "always")
    assert ran.code == 1 and ESC not in ran.stdout
    if fmt in ("json", "sarif"):
        json.loads(ran.stdout)


def _two_repositories(tmp_path: Path) -> list[Path]:
    roots = []
    for name in ("one", "two"):
        root = make_repo(tmp_path / name, {"pyproject.toml": PYPROJECT})
        subprocess.run(["git", "init", "-q", str(root)], check=True)  # noqa: S603, S607
        roots.append(root)
    return roots


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_only_on_a_terminal_and_only_for_several_repositories(
    tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    roots = _two_repositories(tmp_path)
    fixers = load_fixers()
    out, err = io.StringIO(), Terminal()
    run(roots, Mode.CHECK, Flags(), fixers, Output("text", out, err), jobs)
    assert "[1/2] " in err.getvalue() and "[2/2] " in err.getvalue() and err.getvalue().endswith("\r\033[K")
    assert "[1/2]" not in out.getvalue()
    piped = io.StringIO()
    run(roots, Mode.CHECK, Flags(), fixers, Output("text", io.StringIO(), piped), jobs)
    assert piped.getvalue() == ""
    alone, quiet = Terminal(), Terminal()
    run(roots[:1], Mode.CHECK, Flags(), fixers, Output("text", io.StringIO(), alone))
    run(roots, Mode.CHECK, Flags(), fixers, Output("text", io.StringIO(), quiet, quiet=True), jobs)
    assert alone.getvalue() == "" and quiet.getvalue() == ""
    report = out.getvalue()
    assert report.index("one/pyproject.toml") < report.index("two/pyproject.toml")  # in the order given


def test_quiet_prints_the_findings_alone_and_verbose_times_each_repository(repo: Path, cli: Cli) -> None:
    full = cli("--check").stdout
    quiet = cli("--check", "-q")
    assert quiet.code == 1 and quiet.stdout.splitlines() == [
        line
        for line in full.splitlines()
        if PLAIN_FINDING.match(line) or line.startswith(("    ", "Left", "Adopt")) or not line  # groups, as in full
    ]
    verbose = cli("--check", "-v")
    assert verbose.stdout == full and re.search(r"infra-fix: .+: \d+\.\d\d s, \d+ findings", verbose.stderr)
    assert cli("--check", "-q", "-v").code == 2


def test_statistics_counts_findings_by_rule(repo: Path, cli: Cli) -> None:
    ran = cli("--check", "--statistics", "--unsafe-fixes")
    rows = [re.match(r"^\s*(\d+)  ([A-Z]{2}\d{3})\s+(\S+)\s+\[(.+)\]$", line) for line in ran.stdout.splitlines()]
    assert rows and all(rows), ran.stdout
    counts = [int(m[1]) for m in rows if m]
    assert counts == sorted(counts, reverse=True)
    findings = PLAIN_FINDING.findall(cli("--check", "--unsafe-fixes").stdout)
    assert sum(counts) == len(findings)
    assert any(m[2] == "RF001" and m[3] == "ruff-line-length" for m in rows if m)


def test_show_settings_names_where_each_value_comes_from(tmp_path: Path, cli: Cli) -> None:
    make_repo(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "r"\nversion = "1"\n\n[tool.infra-fix]\nignore = ["PP001"]\n'
            'line-length = 100\n\n[tool.uv.workspace]\nmembers = ["backend"]\n',
            "backend/pyproject.toml": '[project]\nname = "b"\nversion = "1"\n\n[tool.infra-fix]\nline-length = 110\n',
        },
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)  # noqa: S603, S607
    ran = cli("--show-settings", "backend", "--unsafe-fixes")
    assert ran.code == 0
    lines = {line.split("=", 1)[0].strip(): line for line in ran.stdout.splitlines()[1:]}
    assert lines["line-length"].endswith("= 110  # backend/pyproject.toml [tool.infra-fix]")
    assert lines["ignore"].endswith('= ["PP001"]  # pyproject.toml [tool.infra-fix]')
    assert lines["unsafe-fixes"].endswith("= true  # --unsafe-fixes")
    assert lines["max-args"].endswith("= 10  # default")
    assert "= 100  # pyproject.toml" in cli("--show-settings", "pyproject.toml").stdout


def test_several_repositories_stream_their_findings_and_end_with_one_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each repository's findings as it finishes (here in the order given: one job), then the notes and one summary
    over all of them; the same lines as the report of each repository run alone."""
    monkeypatch.chdir(tmp_path)
    roots = _two_repositories(tmp_path)
    fixers = load_fixers()
    out = io.StringIO()
    run(roots, Mode.CHECK, Flags(), fixers, Output("text", out, io.StringIO()))
    lines = out.getvalue().splitlines()
    alone = []
    for root in roots:
        each = io.StringIO()
        run([root], Mode.CHECK, Flags(), fixers, Output("text", each, io.StringIO(), quiet=True))
        alone += each.getvalue().splitlines()
    assert lines[: len(alone)] == alone
    summaries = [line for line in lines if re.match(r"^\d+ findings", line)]
    assert summaries == [lines[-1]] and lines[-1].startswith(f"{len(PLAIN_FINDING.findall(out.getvalue()))} findings")
