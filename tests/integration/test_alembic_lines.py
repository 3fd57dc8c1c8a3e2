"""Findings on an env.py name the lines of the file on disk, even after the ini's fixer rewrote that env.py in the
same run (its get_url() moves every later line down): the engine follows a text handed over through `others`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from infra_fix_fixers.rules.alembic import examples as ex
from tests.conftest import Ran, make_repo

Cli = Callable[..., Ran]


def test_an_env_py_finding_names_its_line_on_disk_after_get_url_was_added(tmp_path: Path, cli: Cli) -> None:
    env = ex.ENV.replace(
        "context.configure(connection=connection,", "context.configure(compare_type=False, connection=connection,"
    )
    make_repo(tmp_path, {**ex.REPO, "alembic.ini": ex.INI.format(url=ex.SECRET_URL), "migrations/env.py": env})
    line = env.splitlines().index(next(x for x in env.splitlines() if "compare_type=False" in x)) + 1
    ran = cli("--check", "--unsafe-fixes", "--select", "AL001,AL006")
    assert "AL001" in ran.stdout, ran.stdout
    assert f"migrations/env.py:{line}: AL006" in ran.stdout, ran.stdout
