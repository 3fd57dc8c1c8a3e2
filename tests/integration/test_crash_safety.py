"""`--apply` killed at any point, interrupted, or run twice at once: every file is wholly old or wholly new, never
truncated or mixed, and no temporary file outlives the next run.

The kill points come from the stage hook (`INFRA_FIX_TEST_PAUSE=N:MARKER`): the N-th stage of writing writes its
name to MARKER and waits; the test kills the process there. N runs from 1 until a run finishes without pausing, so
every stage of every file is a kill point, whatever files the fixers write. The runs are forked from the test
process (the fixers already imported), so a kill point costs milliseconds, not an interpreter start.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from infra_fix.config import Flags
from infra_fix.disk import lock, testhook
from infra_fix.plugins import load_fixers
from infra_fix.run import Mode, Output, run
from tests.conftest import make_repo

REPO = {
    "pyproject.toml": '[project]\nname = "demo"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 88\n',
    ".pre-commit-config.yaml": (
        "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
        "      - id: trailing-whitespace\n"
    ),
    "pyrightconfig.json": '{\n  "include": ["src"]\n}\n',  # migrations not excluded: a safe fix
    "migrations/env.py": "",
    "migrations/versions/0001_init.py": "",
    "tests/test_a.py": "",
    "Makefile": "lint:\n\truff check .\n\truff format --check .\n\ntest:\n\tpytest\n",  # so CI can be written
    "renovate.json": '{\n  "extends": ["config:base"]\n}\n',  # the deprecated preset's new name: a safe fix
}
FIXERS = load_fixers()


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.endswith(".infra-fix")
    }


def _temporary_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.infra-fix"))


def _apply(root: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = run([root], Mode.APPLY, Flags(), FIXERS, Output("text", out, out))
    return code, out.getvalue()


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The files before and after one uninterrupted `--apply`."""
    root = make_repo(tmp_path_factory.mktemp("reference"), REPO)
    before = _files(root)
    code, report = _apply(root)
    assert code in (0, 1) and "[fixed]" in report, report
    after = _files(root)
    assert len({p for p in after if before.get(p) != after[p]}) >= 5, "the scenario must write several files"
    return before, after


def _fork_apply(root: Path, env: dict[str, str]) -> int:
    """`--apply` on root in a forked child (with `env` set there only); returns its pid."""
    pid = os.fork()
    if pid:
        return pid
    code = 99
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.environ.update(env)
        code = _apply(root)[0]
    finally:
        os._exit(code)


def _wait_for(pid: int, marker: Path, timeout: float = 20) -> str | int:
    """The stage the child paused at, or its exit code if it finished without pausing."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if marker.exists() and marker.read_text():
            return marker.read_text()
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.002)
    os.kill(pid, signal.SIGKILL)
    raise AssertionError("the run neither paused nor finished in time")


def _reap(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def _assert_whole(root: Path, before: dict[str, bytes], after: dict[str, bytes]) -> None:
    on_disk = _files(root)
    for path in sorted(set(before) | set(after) | set(on_disk)):
        assert on_disk.get(path) in (before.get(path), after.get(path)), f"{path} is neither old nor new"


def test_sigkill_at_every_stage_leaves_whole_files_and_the_next_run_cleans_up(
    tmp_path: Path, expected: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    before, after = expected
    stages: list[str] = []
    left_behind = 0
    for point in range(1, 200):
        root = make_repo(tmp_path / f"kill-{point}", REPO)
        marker = tmp_path / f"kill-{point}.stage"
        pid = _fork_apply(root, {testhook.ENV: f"{point}:{marker}"})
        stage = _wait_for(pid, marker)
        if isinstance(stage, int):
            assert stage in (0, 1)  # more points asked for than there are: this run went through
            break
        os.kill(pid, signal.SIGKILL)
        assert _reap(pid) == -signal.SIGKILL
        stages.append(stage)
        _assert_whole(root, before, after)
        left_behind += bool(_temporary_files(root))
        code, report = _apply(root)  # the next run
        assert code in (0, 1) and "error" not in report, report
        assert _files(root) == after
        assert _temporary_files(root) == []
    print(f"{len(stages)} kill points; a temporary file was left at {left_behind}: {stages}")  # noqa: T201
    assert len(stages) >= 20
    assert {"temporary file created", "temporary file complete", "compared", "swapped", "written"} <= set(stages)
    assert left_behind > 0  # the sweep had something to do


def _infra_fix(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "infra_fix", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize(
    ("sig", "point", "stage", "written"),
    [
        (signal.SIGTERM, 1, "temporary file created", 0),
        (signal.SIGTERM, 2, "temporary file complete", 0),
        (signal.SIGTERM, 7, "compared", 2),  # inside the second file's rename: it finishes, then the signal acts
        (signal.SIGINT, 2, "temporary file complete", 0),
    ],
    ids=["sigterm-created", "sigterm-complete", "sigterm-while-renaming", "sigint"],
)
def test_sigterm_and_sigint_remove_the_temporary_file_and_exit_as_killed_by_them(
    tmp_path: Path,
    expected: tuple[dict[str, bytes], dict[str, bytes]],
    sig: signal.Signals,
    point: int,
    stage: str,
    written: int,
) -> None:
    """issue 9: SIGTERM (a cancelled CI job) left `.NAME.XXXX.infra-fix` files in 6 of 6 runs."""
    before, after = expected
    root = make_repo(tmp_path / "repo", REPO)
    marker = tmp_path / "stage"
    proc = _infra_fix("--apply", str(root), env={testhook.ENV: f"{point}:{marker}"})
    deadline = time.monotonic() + 20
    while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert marker.read_text() == stage
    proc.send_signal(sig)
    time.sleep(0.1)
    marker.unlink()  # a run paused inside the rename step goes on, and obeys the signal when the step is done
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 128 + sig, err
    assert f"stopped by {sig.name}" in err
    assert _temporary_files(root) == []
    _assert_whole(root, before, after)
    on_disk = _files(root)
    assert sum(on_disk.get(p) == after[p] != before.get(p) for p in after) == written


def test_sigterm_reaches_the_workers_of_a_process_pool(tmp_path: Path) -> None:
    roots = [make_repo(tmp_path / name, REPO) for name in ("a", "b")]
    marker = tmp_path / "stage"
    proc = _infra_fix("--apply", "--jobs", "2", *map(str, roots), env={testhook.ENV: f"2:{marker}"})
    deadline = time.monotonic() + 20
    while not (marker.exists() and marker.read_text()) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert marker.read_text() == "temporary file complete"
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=20)
    assert proc.returncode == 143
    assert [_temporary_files(root) for root in roots] == [[], []]


def test_the_next_apply_removes_only_stale_temporary_files_of_ours(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", REPO)
    old = time.time() - 3600
    planted = {
        ".pyproject.toml.k3j9x0a1.infra-fix": True,  # a killed run's: removed
        ".github/workflows/.ci.yml.abcdefgh.infra-fix": True,  # in a folder of owned files: removed
        ".notes.txt.abcdefgh.infra-fix": False,  # next to a file no fixer owns
        ".pyproject.toml.abcdefgh.infra-fix.bak": False,  # not our name
        ".pyproject.toml.ABCDEFGH.infra-fix": False,  # not our name either (upper case)
        "docs/.pyproject.toml.abcdefgh.infra-fix": False,  # not a folder we write to
    }
    for rel in planted:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("partial")
        os.utime(path, (old, old))
    (root / ".ruff.toml.zzzzzzzz.infra-fix").symlink_to("pyproject.toml")  # a link, not a file of ours
    (root / ".ruff.toml.yyyyyyyy.infra-fix").mkdir()
    fresh = root / ".uv.lock.abcdefgh.infra-fix"  # newer than the run: not a dead run's
    fresh.write_text("x")
    os.utime(fresh, (time.time() + 3600, time.time() + 3600))
    assert _apply(root)[0] in (0, 1)
    kept = {rel for rel in planted if (root / rel).exists()}
    assert kept == {rel for rel, removed in planted.items() if not removed}
    assert (root / ".ruff.toml.zzzzzzzz.infra-fix").is_symlink()
    assert (root / ".ruff.toml.yyyyyyyy.infra-fix").is_dir() and fresh.exists()


def test_check_and_diff_never_remove_anything(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "repo", REPO)
    stale = root / ".pyproject.toml.abcdefgh.infra-fix"
    stale.write_text("partial")
    os.utime(stale, (0, 0))
    for mode in (Mode.CHECK, Mode.DIFF):
        run([root], mode, Flags(), FIXERS, Output("text", io.StringIO(), io.StringIO()))
    assert stale.exists()


def test_two_applies_at_once_leave_valid_files(
    tmp_path: Path, expected: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    _, after = expected
    root = make_repo(tmp_path / "repo", REPO)
    pids = [_fork_apply(root, {}) for _ in range(2)]
    assert sorted(_reap(pid) for pid in pids) in ([0, 1], [1, 1], [0, 0])  # no exit 2: nothing refused
    assert _files(root) == after and _temporary_files(root) == []


def test_the_lock_makes_a_second_apply_wait_then_find_nothing_to_do(
    tmp_path: Path, expected: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    """The first run pauses holding the lock, before its first rename; the second, started then, must neither
    write (its own first stage would pause it too) nor read the files before the first run has written them."""
    _, after = expected
    root = make_repo(tmp_path / "repo", REPO)
    first, second = tmp_path / "first", tmp_path / "second"
    pid_a = _fork_apply(root, {testhook.ENV: f"2:{first}"})
    assert _wait_for(pid_a, first) == "temporary file complete"
    pid_b = _fork_apply(root, {testhook.ENV: f"1:{second}"})
    time.sleep(1.0)  # time enough for the second run to load and reach its first write, were it not waiting
    assert not second.exists()
    first.unlink()  # let the first run go on
    assert _reap(pid_a) in (0, 1)
    assert _reap(pid_b) in (0, 1)
    assert not second.exists()  # it found nothing left to write
    assert _files(root) == after and _temporary_files(root) == []


def test_without_the_lock_the_changed_since_read_check_still_keeps_files_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expected: tuple[dict[str, bytes], dict[str, bytes]]
) -> None:
    """The control for the lock test (it shows the lock is what made the second run wait), and the second line
    of defence where flock is unavailable: the paused run's write is refused, no file is torn or mixed."""
    before, after = expected
    monkeypatch.setattr(lock, "held", lambda root, wait: contextlib.nullcontext())
    root = make_repo(tmp_path / "repo", REPO)
    first = tmp_path / "first"
    pid_a = _fork_apply(root, {testhook.ENV: f"2:{first}"})
    assert _wait_for(pid_a, first) == "temporary file complete"
    pid_b = _fork_apply(root, {})
    assert _reap(pid_b) in (0, 1)  # went straight through, writing everything
    first.unlink()
    assert _reap(pid_a) == 2  # its first write refused: the file changed since it was read
    _assert_whole(root, before, after)
    assert _temporary_files(root) == []
