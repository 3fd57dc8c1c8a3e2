"""A patch shows no secret as context, and `git apply` still takes it (the compose healthcheck added under a
password that waits for --unsafe-fixes, a setting changed above a token)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from infra_fix.output.diff import unified

PASSWORD = "Zx8Cv3Bn6Mq1Wp4"


def applies(tmp_path: Path, before: str, after: str) -> str:
    (tmp_path / "f.yaml").write_text(before)
    patch = unified("f.yaml", before, after)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)  # noqa: S603, S607
    subprocess.run(["git", "-C", str(tmp_path), "apply", "-"], input=patch, text=True, check=True)  # noqa: S603, S607
    assert (tmp_path / "f.yaml").read_text() == after
    return patch


SERVICE = (
    "services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_PASSWORD: {value}\n"
    "{extra}    ports:\n      - 5432\n  web:\n    image: app\n"
)
HEALTH = "    healthcheck:\n      test: [CMD, pg_isready]\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            SERVICE.format(value=PASSWORD, extra=""),
            SERVICE.format(value=PASSWORD, extra=HEALTH),
            id="added under the password",
        ),
        pytest.param(
            "a: 1\nb: 2\nc: 3\nd: 4\nTOKEN: ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8" + "\ne: 5\n",
            "a: 1\nb: 2\nc: 30\nd: 4\nTOKEN: ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8" + "\ne: 5\n",
            id="changed above a token",
        ),
    ],
)
def test_the_patch_applies_without_showing_the_secret(tmp_path: Path, before: str, after: str) -> None:
    patch = applies(tmp_path, before, after)
    assert PASSWORD not in patch
    assert "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8" not in patch


@pytest.mark.parametrize(
    "after",
    [f"a: 10\nPASSWORD: {PASSWORD}\nb: 20\n", f"a: 10\nPASSWORD: {PASSWORD}\nb: 2\n"],
    ids=["between two changes", "right after the change"],
)
def test_a_secret_git_apply_needs_as_context_is_masked(after: str) -> None:
    before = f"a: 1\nPASSWORD: {PASSWORD}\nb: 2\n"
    patch = unified("f.yaml", before, after)
    assert PASSWORD not in patch
    assert " PASSWORD: ********\n" in patch


def test_a_line_without_a_secret_keeps_full_context() -> None:
    before = "a: 1\nb: 2\nc: 3\nd: 4\n"
    patch = unified("f.yaml", before, before.replace("c: 3", "c: 30"))
    assert patch.count("\n ") == 3


def test_a_value_the_removed_lines_show_is_no_new_secret(tmp_path: Path) -> None:
    """mindsdb's compose file: the password moved out of one URL is the one the next line's URL repeats."""
    before = 'env:\n  DB: "postgresql://postgres:postgres@db/app"\n  KB: "postgresql://postgres:postgres@db/kb"\n'
    after = before.replace("postgres:postgres@db/app", "postgres:${POSTGRES_PASSWORD}@db/app")
    applies(tmp_path, before, after)
