"""What the driver meets on disk, for every file kind it reads: each bad case exits 2 within seconds with a message
naming the file (and the position, where there is one), leaves the file as it was, and every other file is still
fixed. (The parsers' own bad inputs, such as alias bombs and duplicate keys, are the core's matrix.)"""

from __future__ import annotations

import io
import os
import shutil
import stat
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from infra_fix.config import Flags
from infra_fix.plugins import load_fixers
from infra_fix.run import Mode, Output, run
from tests.conftest import Ran, make_repo

Cli = Callable[..., Ran]
PYPROJECT = '[project]\nname = "demo"\nrequires-python = ">=3.12"\n'
KINDS = [
    "pyproject.toml",
    "ruff.toml",
    "pyrightconfig.json",
    ".pre-commit-config.yaml",
    ".github/workflows/ci.yml",
    "renovate.json",
    "renovate.json5",
    "uv.lock",
    "Makefile",
]


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("x\n")


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _outside(path: Path) -> None:
    target = Path(tempfile.gettempdir()) / f"infra-fix-outside-{os.getpid()}"
    target.write_text("{}\n")
    path.symlink_to(target)


def _huge(path: Path) -> None:
    with open(path, "wb") as out:
        out.truncate(2 * 1024 * 1024 * 1024)  # sparse: 2 GiB long, nothing on disk


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


CASES = {
    "fifo": (_fifo, ": not a regular file: FIFO"),
    "directory": (_folder, ": not a regular file: directory"),
    "symlink-loop": (_loop, ": symbolic link loop (it resolves to itself); not followed"),
    "symlink-outside": (_outside, ": symbolic link to /"),
    "2-gib": (_huge, ": file is too large to be a configuration file (2048 MiB; the limit is 16 MiB); not read"),
    "utf-16": (_bytes("\ufeffx = 1\n".encode("utf-16-le")), ":1:1: file is UTF-16 encoded"),
    "latin-1": (_bytes(b"# caf\xe9\n"), ":1:6: not valid UTF-8 (byte 0xe9)"),
    "nul": (_bytes(b"x = 1\n\x00"), ":2:1: binary file (NUL byte)"),
}


def _state(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every entry under root: its mode, and its bytes when it is a small regular file (never opening a FIFO)."""
    found: dict[str, tuple[int, bytes | None]] = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs + names:
            path = Path(folder) / name
            info = path.lstat()
            small = stat.S_ISREG(info.st_mode) and info.st_size < 1024 * 1024
            found[str(path.relative_to(root))] = (info.st_mode, path.read_bytes() if small else None)
    return found


@pytest.fixture(autouse=True)
def _outside_files() -> Iterator[None]:
    yield
    (Path(tempfile.gettempdir()) / f"infra-fix-outside-{os.getpid()}").unlink(missing_ok=True)


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_file_is_located_left_alone_and_the_others_are_fixed(
    tmp_path: Path, cli: Cli, kind: str, case: str
) -> None:
    make, message = CASES[case]
    root = tmp_path / "repo"
    # each other file has a safe repair of its own: a legacy ruff `select` (RF004), a deprecated preset (RN002)
    files = {
        "pyproject.toml": PYPROJECT + '\n[tool.ruff]\nselect = ["E"]\n',
        "setup.py": "",
        ".github/renovate.json": '{"extends": ["config:base"]}\n',
    }
    make_repo(root, {k: v for k, v in files.items() if k != kind})
    (root / kind).parent.mkdir(parents=True, exist_ok=True)
    make(root / kind)
    before = _state(root)
    started = time.monotonic()
    ran = cli("--apply", "--timeout", "10", "repo")
    assert time.monotonic() - started < 20  # a hang guard (a FIFO opened for reading never returns)
    assert ran.code == 2, ran.stdout
    assert f"repo/{kind}{message}" in ran.stdout
    after = _state(root)
    assert {k: v for k, v in after.items() if k == kind or k.startswith(kind + "/")} == {
        k: v for k, v in before.items() if k == kind or k.startswith(kind + "/")
    }
    assert any(after.get(path) != state for path, state in before.items()) or set(after) - set(before), (
        "no other file was fixed"
    )
    assert not [path for path in after if path.endswith(".infra-fix")]


@pytest.fixture
def nobody_repo() -> Iterator[Path]:
    """A repository the unprivileged user may write, outside root's private pytest folder."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run infra-fix as another user")
    folder = Path(tempfile.mkdtemp(prefix="infra-fix-nobody-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def _as_nobody(root: Path) -> tuple[int, str]:
    """`--apply root` as the unprivileged user nobody, in a forked child. The interpreter, the project and its
    environment may sit where nobody cannot read (a checkout in a mode-0700 folder, as `mktemp -d` or a home folder
    gives), so everything is loaded first, as root: the fixers (their entry points are read from the environment's
    metadata) and every module a run imports (a run on a copy of the repository). The child only runs."""
    fixers = load_fixers()
    warm = root.with_name("warm-up")
    shutil.copytree(root, warm, symlinks=True)
    run([warm], Mode.APPLY, Flags(), fixers, Output("text", io.StringIO(), io.StringIO()))
    out_r, out_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 99
        try:
            os.close(out_r)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            out = io.StringIO()
            code = run([root], Mode.APPLY, Flags(), fixers, Output("text", out, out))
            os.write(out_w, out.getvalue().encode())
        except BaseException:  # noqa: BLE001 - the parent shows why the child failed, instead of a bare 99
            os.write(out_w, traceback.format_exc().encode())
        finally:
            os._exit(code)
    os.close(out_w)
    with os.fdopen(out_r) as report:
        text = report.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), text


def test_permission_denied_on_read_and_on_write_are_located(nobody_repo: Path) -> None:
    """Real permissions, as an unprivileged user: a file it may not read, and a folder it may not write to."""
    makefile = "lint:\n\truff check .\n\truff format --check .\n\ntest:\n\tpytest\n"
    code_files = {"src/demo/__init__.py": "", "tests/test_demo.py": "", "Makefile": makefile}  # so CI is written
    root = make_repo(
        nobody_repo / "repo",
        {"pyproject.toml": PYPROJECT + '\n[tool.ruff]\nline-length = 88\nselect = ["E", "F"]\n', **code_files},
    )
    (root / "pyrightconfig.json").write_text('{\n  "include": ["src"]\n}\n')
    (root / "pyrightconfig.json").chmod(0o600)  # root's, unreadable to nobody
    (root / ".github").mkdir()  # root's, not writable by nobody: the workflows cannot be created there
    for path in [root, root / "pyproject.toml"]:
        os.chown(path, 65534, 65534)
    code, report = _as_nobody(root)
    assert code == 2, report
    assert "pyrightconfig.json: permission denied [error: left unchanged]" in report
    assert ".github/workflows/ci.yml: not written: Permission denied [error: left unchanged]" in report
    assert 'lint.select = ["E", "F"]' in (root / "pyproject.toml").read_text()  # the file it may write is fixed
    assert (root / "pyrightconfig.json").read_text() == '{\n  "include": ["src"]\n}\n'
    assert not list(root.rglob("*.infra-fix"))


def test_a_cr_only_file_is_fixed_written_back_with_cr_and_converges(tmp_path: Path, cli: Cli) -> None:
    """Classic Mac OS newlines (issue 9: every finding on line 1, "fixable" forever)."""
    pre_commit = (
        "repos:\r  - repo: https://github.com/pre-commit/pre-commit-hooks\r    rev: v6.0.0\r    hooks:\r"
        "      - id: trailing-whitespace\r"
    )
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT, ".pre-commit-config.yaml": pre_commit})
    checked = cli("--check", "--select", "PC")
    assert ".pre-commit-config.yaml:2: PC003" in checked.stdout
    assert cli("--apply", "--unsafe-fixes", "--select", "PC").code == 0
    out = (tmp_path / ".pre-commit-config.yaml").read_bytes()
    assert b"\n" not in out and out.startswith(pre_commit.encode()[: pre_commit.index("      - id")])
    assert b"      - id: check-yaml\r" in out
    assert cli("--check", "--select", "PC").code == 0
