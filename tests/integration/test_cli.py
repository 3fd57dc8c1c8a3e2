"""The command line as users run it: modes, exit codes, the patch, in-place writes, bad input, settings."""

from __future__ import annotations

import json
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Ran, make_repo

PYPROJECT = (
    '[project]\nname = "demo"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 88  # narrow\n'
    'select = ["E", "F"]\n'  # the legacy place: RF004 moves it, safely
)
COMPLIANT = (
    '[project]\nname = "demo"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 120\n'
    'target-version = "py312"\n\n[tool.ruff.lint]\nselect = ["E", "F", "W", "I", "UP", "B", "C90", "PLR", "S", '
    '"ANN"]\n\n[tool.ruff.lint.mccabe]\nmax-complexity = 15\n\n[tool.ruff.lint.pylint]\nmax-args = 10\n'
    "max-branches = 15\nmax-statements = 60\n"
)
Cli = Callable[..., Ran]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)  # noqa: S603,S607


def _git_repo(root: Path) -> None:
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "init")


def test_diff_is_the_only_stdout_and_git_apply_accepts_it(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT, "tests/test_x.py": ""})
    _git_repo(tmp_path)
    ran = cli("--diff")
    assert ran.code == 1
    assert ran.stdout.startswith("diff --git a/")
    assert "diff --git a/pyproject.toml b/pyproject.toml\n" in ran.stdout
    assert "RF001" in ran.stderr and "RF001" not in ran.stdout
    (tmp_path / "fix.patch").write_text(ran.stdout)
    assert _git(tmp_path, "apply", "--check", "fix.patch").returncode == 0
    if shutil.which("patch"):
        dry = subprocess.run(["patch", "-p1", "--dry-run", "-i", "fix.patch"], cwd=tmp_path, capture_output=True)  # noqa: S603,S607
        assert dry.returncode == 0, dry.stdout
    assert _git(tmp_path, "apply", "fix.patch").returncode == 0
    assert cli("--diff").stdout == ""


def test_apply_then_check_leaves_only_what_needs_a_human(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT, "tests/test_x.py": ""})
    applied = cli("--apply", "--select", "RF")
    assert "[fixed]" in applied.stdout
    checked = cli("--check", "--select", "RF", "--format", "json")
    statuses = {f["status"] for f in json.loads(checked.stdout)["findings"]}
    assert statuses <= {"fixable with --unsafe-fixes", "manual"}
    cli("--apply", "--select", "RF", "--unsafe-fixes")
    final = cli("--check", "--select", "RF")
    assert final.code == 0, final.stdout


def test_compliant_repository_exits_zero_and_is_untouched(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": COMPLIANT})
    before = (tmp_path / "pyproject.toml").read_bytes()
    ran = cli("--check", "--select", "RF")
    assert ran.code == 0, ran.stdout
    assert cli("--apply", "--select", "RF").code == 0
    assert (tmp_path / "pyproject.toml").read_bytes() == before


def test_apply_keeps_crlf_bom_and_file_mode(tmp_path: Path, cli: Cli) -> None:
    data = b"\xef\xbb\xbf" + PYPROJECT.replace("\n", "\r\n").encode()
    make_repo(tmp_path, {"pyproject.toml": data})
    (tmp_path / "pyproject.toml").chmod(0o640)
    cli("--apply", "--unsafe-fixes", "--select", "RF001,RF004")
    out = (tmp_path / "pyproject.toml").read_bytes()
    assert out.startswith(b"\xef\xbb\xbf")
    assert out.count(b"\n") == out.count(b"\r\n")
    assert b"line-length = 120  # narrow\r\n" in out
    assert b'lint.select = ["E", "F"]\r\n' in out
    assert stat.S_IMODE((tmp_path / "pyproject.toml").stat().st_mode) == 0o640


def test_diff_of_crlf_file_applies(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT.replace("\n", "\r\n").encode()})
    _git_repo(tmp_path)
    patch = cli("--diff", "--unsafe-fixes", "--select", "RF001").stdout
    (tmp_path / "fix.patch").write_bytes(patch.encode())
    assert _git(tmp_path, "apply", "fix.patch").returncode == 0
    assert b"line-length = 120  # narrow\r\n" in (tmp_path / "pyproject.toml").read_bytes()


def test_no_final_newline_is_kept_in_patch_and_file(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT.rstrip("\n")})
    _git_repo(tmp_path)
    patch = cli("--diff", "--unsafe-fixes", "--select", "RF001,RF004").stdout
    assert "\\ No newline at end of file" in patch
    (tmp_path / "fix.patch").write_text(patch)
    assert _git(tmp_path, "apply", "fix.patch").returncode == 0
    assert not (tmp_path / "pyproject.toml").read_text().endswith("\n")


def test_unparsable_file_is_located_untouched_and_others_still_fixed(tmp_path: Path, cli: Cli) -> None:
    broken = '[project]\nname = "demo"\nversion = \n'
    make_repo(tmp_path, {"pyproject.toml": broken, "ruff.toml": "line-length = 88\n"})
    ran = cli("--apply", "--unsafe-fixes", "--select", "RF001")
    assert ran.code == 2
    assert "ruff.toml" in ran.stdout and "line-length = 120" in (tmp_path / "ruff.toml").read_text()
    make_repo(tmp_path / "solo", {"pyproject.toml": broken})
    solo = cli("--apply", "solo")
    assert solo.code == 2
    assert "solo/pyproject.toml:3:11: " in solo.stdout
    assert (tmp_path / "solo" / "pyproject.toml").read_text() == broken


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[tool.ruff]\nline-length = 1\x00\n", "pyproject.toml:2:16: binary file"),
        (b'[project]\nname = "caf\xe9"\n', "pyproject.toml:2:12: not valid UTF-8"),
        (b"\xff\xfe[\x00", "UTF-16"),
    ],
    ids=["binary", "latin-1", "utf-16"],
)
def test_unreadable_files_are_errors_naming_the_file(tmp_path: Path, cli: Cli, content: bytes, message: str) -> None:
    make_repo(tmp_path, {"pyproject.toml": content})
    ran = cli("--apply")
    assert ran.code == 2
    assert message in ran.stdout
    assert (tmp_path / "pyproject.toml").read_bytes() == content


def test_symlink_out_of_the_root_is_not_followed(tmp_path: Path, cli: Cli) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text("line-length = 80\n")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "ruff.toml").symlink_to(outside)
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n')
    ran = cli("--apply", "repo")
    assert ran.code == 2
    assert "repo/ruff.toml: symbolic link" in ran.stdout
    assert outside.read_text() == "line-length = 80\n"


def test_unknown_settings_key_and_code_are_named(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": COMPLIANT + "\n[tool.infra-fix]\nignroe = ['RF001']\n"})
    ran = cli("--check")
    assert ran.code == 2 and "'ignroe'" in ran.stdout
    make_repo(tmp_path, {"pyproject.toml": COMPLIANT + "\n[tool.infra-fix]\nignore = ['RF999']\n"})
    assert "'RF999'" in cli("--check").stdout
    make_repo(tmp_path, {"pyproject.toml": COMPLIANT})
    bad_flag = cli("--check", "--select", "XX1")
    assert bad_flag.code == 2 and "Invalid value for --select: unknown rule code or prefix 'XX1'" in bad_flag.stderr
    assert "pyproject.toml" not in bad_flag.stdout + bad_flag.stderr


def test_settings_in_pyproject_are_obeyed_and_flags_win(tmp_path: Path, cli: Cli) -> None:
    text = PYPROJECT + "\n[tool.infra-fix]\nselect = ['RF001']\nline-length = 100\n"
    make_repo(tmp_path, {"pyproject.toml": text})
    ran = cli("--diff", "--unsafe-fixes")
    assert "+line-length = 100  # narrow" in ran.stdout and "RF004" not in ran.stderr
    assert "RF004" in cli("--diff", "--select", "RF004").stderr


def test_several_paths_in_one_call(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path / "a", {"pyproject.toml": PYPROJECT})
    make_repo(tmp_path / "b", {"pyproject.toml": PYPROJECT})
    ran = cli("--diff", "--unsafe-fixes", "--select", "RF001", "a", "b")
    assert "a/pyproject.toml b/a/pyproject.toml" in ran.stdout and "+++ b/b/pyproject.toml" in ran.stdout


def test_explain_and_list_rules(cli: Cli) -> None:
    explained = cli("--explain", "rf003")
    assert explained.code == 0 and explained.stdout.startswith("# RF003: ruff-rule-selection")
    assert "## Why" in explained.stdout and "```diff" in explained.stdout
    assert cli("--explain", "NOPE1").code == 2
    listed = cli("--list-rules").stdout
    assert "RF001" in listed and "RF006" in listed


@pytest.mark.parametrize("page", ["rules.md", "blueprint.md", "configuration.md"])
def test_the_generated_docs_are_current(page: str) -> None:
    from infra_fix.docs.gendocs import pages
    from infra_fix.plugins import load_fixers

    committed = Path(__file__).parents[2] / "docs" / page
    assert committed.read_text() == pages(load_fixers())[page], f"docs/{page} is stale: run `make docs`"


def test_a_root_inside_another_repositorys_ignored_folder_is_walked(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {".gitignore": "vendored/\n", "vendored/pyproject.toml": PYPROJECT})
    _git_repo(tmp_path)
    ran = cli("--diff", "--unsafe-fixes", "--select", "RF001", "vendored")
    assert "+line-length = 120  # narrow" in ran.stdout


def test_a_member_folder_of_a_repository_uses_gits_file_list(tmp_path: Path, cli: Cli) -> None:
    secure = PYPROJECT.replace('select = ["E", "F"]', 'select = ["E", "F", "S"]')  # S101 is what tests ignore
    make_repo(tmp_path, {".gitignore": "build/\n", "member/pyproject.toml": secure})
    make_repo(tmp_path, {"member/build/pyproject.toml": secure, "member/tests/test_a.py": ""})
    _git_repo(tmp_path)
    ran = cli("--diff", "--select", "RF006", "member")
    assert '"tests/**/*.py"' in ran.stdout and "member/build" not in ran.stdout


PRE_COMMIT = (
    "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
    "      - id: trailing-whitespace  # tidy\n"
)


def test_y11_crlf_yaml_stays_crlf_through_an_edit(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {".pre-commit-config.yaml": PRE_COMMIT.replace("\n", "\r\n").encode(), "setup.py": ""})
    _git_repo(tmp_path)
    patch = cli("--diff", "--select", "PC003").stdout
    (tmp_path / "fix.patch").write_bytes(patch.encode())
    assert _git(tmp_path, "apply", "fix.patch").returncode == 0
    out = (tmp_path / ".pre-commit-config.yaml").read_bytes()
    assert b"      - id: check-yaml\r\n" in out and out.count(b"\n") == out.count(b"\r\n")
    assert out.startswith(PRE_COMMIT.replace("\n", "\r\n").encode())


def test_unparsable_yaml_is_located_untouched_and_other_files_proceed(tmp_path: Path, cli: Cli) -> None:
    broken = "repos:\n  - repo: x\n    hooks: [a, b\n"
    make_repo(tmp_path, {".pre-commit-config.yaml": broken, "pyproject.toml": PYPROJECT})
    ran = cli("--apply", "--unsafe-fixes", "--select", "PC,RF001")
    assert ran.code == 2
    assert ran.stdout.startswith(".pre-commit-config.yaml:") and ":4:1: " in ran.stdout.splitlines()[0]
    assert (tmp_path / ".pre-commit-config.yaml").read_text() == broken
    assert "line-length = 120" in (tmp_path / "pyproject.toml").read_text()


def test_github_format_annotates_files_and_escapes_messages(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT})
    ran = cli("--check", "--select", "RF001,RF003", "--format", "github")
    assert ran.code == 1
    lines = ran.stdout.splitlines()
    assert (
        "::warning file=pyproject.toml,line=6,title=RF001 (fixable with --unsafe-fixes)::line-length is 88, the "
        "blueprint's is 120; `ruff format` then reflows code to the new width: run it in the same commit" in lines
    )
    assert any(
        line.startswith("::error file=pyproject.toml,") and "RF003 (fixable with --unsafe-fixes)" in line
        for line in lines
    )


def test_diff_mode_says_fixed_by_the_patch(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT})
    assert "[fixed by the patch]" in cli("--diff", "--unsafe-fixes", "--select", "RF001").stderr


def test_a_folder_that_is_not_a_python_project_is_refused_and_left_alone(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x\n")
    ran = cli("--apply", "notes")
    assert ran.code == 2 and "notes/: not a Python repository" in ran.stdout
    assert [p.name for p in (tmp_path / "notes").iterdir()] == ["todo.txt"]


def test_an_ignore_carries_its_reason_into_the_report(tmp_path: Path, cli: Cli) -> None:
    settings = "\n[tool.infra-fix]\nignore = ['RF003']\n\n[tool.infra-fix.ignore-reasons]\nRF003 = 'flake8 gates us'\n"
    make_repo(tmp_path, {"pyproject.toml": COMPLIANT.replace('"W", ', "") + settings})
    ran = cli("--check", "--select", "RF")
    assert "pyproject.toml: ignoring RF003: flake8 gates us" in ran.stdout and "RF003 ruff" not in ran.stdout
    assert json.loads(cli("--check", "--format", "json").stdout)["ignored"][0]["reason"] == "flake8 gates us"
    make_repo(tmp_path, {"pyproject.toml": COMPLIANT + "\n[tool.infra-fix.ignore-reasons]\nRF003 = 'x'\n"})
    assert "'RF003' is not in ignore" in cli("--check").stdout


def test_finding_lines_name_the_file_on_disk_not_an_earlier_rules_output(tmp_path: Path, cli: Cli) -> None:
    text = (
        '[project]\nname = "demo"\nrequires-python = ">=3.12"\n\n[tool.ruff]\n# the old way\nselect = ["E", "C90"]\n'
        "\n[tool.ruff.mccabe]\nmax-complexity = 30\n\n"
        '[project.optional-dependencies]\ndev = ["pytest"]\n'
    )
    make_repo(tmp_path, {"pyproject.toml": text, "tests/test_a.py": ""})
    lines = cli("--check", "--select", "RF,PP004").stdout.splitlines()
    on_disk = text.split("\n")

    def line_of(code: str) -> str:
        found = next(line for line in lines if f": {code} " in line)
        return on_disk[int(found.split(":")[1]) - 1]

    assert line_of("RF004") == 'select = ["E", "C90"]'
    assert line_of("RF005") == "max-complexity = 30"
    assert line_of("PP004") == 'dev = ["pytest"]'


@pytest.mark.parametrize("mode", [["--diff"], ["--check"], ["--check", "--format", "json"]])
def test_jobs_run_roots_in_processes_with_the_same_output(tmp_path: Path, mode: list[str]) -> None:
    """`--jobs 1` and `--jobs 2` (the default on two CPUs) give the same bytes, in the command line's order."""
    for name in ("a", "b", "c"):
        make_repo(tmp_path / name, {"pyproject.toml": PYPROJECT, "tests/test_x.py": ""})
    make_repo(tmp_path / "d", {"notes.txt": "x\n"})
    exe = Path(sys.executable).parent / "infra-fix"
    runs = [
        subprocess.run(  # noqa: S603 - our own command
            [str(exe), *mode, *jobs, "c", "a", "d", "b"], cwd=tmp_path, capture_output=True, text=True, check=False
        )
        for jobs in (["--jobs", "1"], ["--jobs", "2"], [])
    ]
    assert runs[0].returncode == runs[1].returncode == runs[2].returncode == 2
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    assert runs[0].stderr == runs[1].stderr == runs[2].stderr
    shown = runs[1].stdout + runs[1].stderr
    assert "d/: not a Python repository" in shown or "not a Python repository" in shown
    assert shown.index("c/pyproject.toml") < shown.index("a/pyproject.toml") < shown.index("b/pyproject.toml")


def test_jobs_hand_out_the_largest_folder_first_without_following_a_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside git a repository weighs the entries of a bounded walk: a large folder goes to a worker first (handed
    out last, it would leave the other workers idle), and a link to a larger tree outside weighs nothing."""
    from infra_fix import run

    big, small, linked, outside = (tmp_path / n for n in ("big", "small", "linked", "outside"))
    make_repo(big, {f"src/m{i}.py": "" for i in range(50)} | {"pyproject.toml": PYPROJECT})
    make_repo(small, {"pyproject.toml": PYPROJECT})
    make_repo(outside, {f"x/f{i}": "" for i in range(500)})
    make_repo(linked, {"pyproject.toml": PYPROJECT})
    (linked / "tree").symlink_to(outside, target_is_directory=True)
    assert run._weight(big) > run._weight(linked) == run._weight(small) + 100  # the link is one entry, not a tree
    monkeypatch.setattr(run, "_WEIGHED", 10)
    assert run._weight(big) == 10 * 100  # bounded: it stops at the bound, even inside one folder


def test_a_huge_file_is_refused_with_its_name_and_left_alone(tmp_path: Path, cli: Cli) -> None:
    huge = b"# padding\n" * (2 * 1024 * 1024)  # 20 MiB
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT, ".pre-commit-config.yaml": huge})
    ran = cli("--apply", "--unsafe-fixes", "--select", "PC,RF001")
    assert ran.code == 2 and ".pre-commit-config.yaml: file is too large" in ran.stdout
    assert (tmp_path / ".pre-commit-config.yaml").stat().st_size == len(huge)
    assert "line-length = 120" in (tmp_path / "pyproject.toml").read_text()


def test_crlf_dockerfile_and_compose_stay_crlf(tmp_path: Path, cli: Cli) -> None:
    """The container editors see LF text; the driver writes CRLF back, and a CRLF `.dockerignore` is appended to in
    CRLF too."""
    dockerfile = "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nCOPY src/ /app/src/\n"
    compose = "services:\n  db:\n    image: postgres:16\n    restart: always\n"
    make_repo(tmp_path, {
        "pyproject.toml": PYPROJECT,
        "src/app/__init__.py": "",
        "Dockerfile": dockerfile.replace("\n", "\r\n").encode(),
        "compose.yml": compose.replace("\n", "\r\n").encode(),
        ".dockerignore": b"# local\r\n.venv\r\n",
    })  # fmt: skip
    cli("--apply", "--select", "DF010,DC001,DI001")
    for name in ("Dockerfile", "compose.yml", ".dockerignore"):
        out = (tmp_path / name).read_bytes()
        assert out.count(b"\n") == out.count(b"\r\n"), name
    assert b"ENV PYTHONUNBUFFERED=1\r\nENV PYTHONFAULTHANDLER=1\r\n" in (tmp_path / "Dockerfile").read_bytes()
    assert b"    healthcheck:\r\n" in (tmp_path / "compose.yml").read_bytes()
    assert b"**/.env\r\n" in (tmp_path / ".dockerignore").read_bytes()


def test_version_names_infra_fix_and_each_pack(cli: Cli) -> None:
    from importlib.metadata import version

    ran = cli("--version")
    assert ran.code == 0
    lines = ran.stdout.splitlines()
    assert lines[0] == f"infra-fix {version('infra-fix')}"
    assert f"  pack builtin {version('infra-fix-fixers')} (infra-fix-fixers)" in lines[1:]


FINDING = re.compile(r"^(?P<path>[^\s:]+)(?::(?P<line>\d+))?: [A-Z]{2}\d{3} \S.* \[[a-z -]+\]$")


def test_every_finding_is_one_line_with_its_snippet_indented_below_in_path_and_line_order(
    tmp_path: Path, cli: Cli
) -> None:
    """`path[:line]: CODE message [status]` on one line (PP001's snippet to add follows it, indented), sorted by
    path and line: what grep, editors and problem matchers read."""
    make_repo(tmp_path, {"pyproject.toml": '[project]\nname = "x"\nversion = "1"\nrequires-python = ">=3.12"\n'})
    out = cli("--check").stdout.splitlines()
    findings = [line for line in out if FINDING.match(line)]
    snippets = [line for line in out if line.startswith("    ")]
    assert len(findings) >= 5 and "    [build-system]" in snippets
    other = [line for line in out if line not in findings and line not in snippets]
    heads = r"^(\d+ (findings?|fix(es)?) |Adopting |Left to do:$|$)"  # the summary, notes, the groups' heads
    assert all(re.match(heads, line) for line in other), other
    groups = "\n".join("" if line in other else line for line in out if line not in snippets).split("\n\n")
    for group in groups:  # within each group (done, left to do, each adoption): by path, then line
        keys = [(m["path"], int(m["line"] or 0)) for m in map(FINDING.match, group.splitlines()) if m]
        assert keys == sorted(keys)
    index = out.index(next(line for line in findings if " PP001 " in line))
    assert out[index + 1] == "    [build-system]"
