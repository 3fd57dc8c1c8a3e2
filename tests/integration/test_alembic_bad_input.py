"""Bad alembic files: an env.py that does not parse, an alembic.ini that cannot be read or is no INI, each a located
error (exit 2) left as it was, while every other file is still fixed; and no report ever prints the password."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Ran, make_repo

Cli = Callable[..., Ran]
PYPROJECT = '[project]\nname = "shop"\nversion = "0.1.0"\ndependencies = ["sqlalchemy"]\n'
PASSWORD = "Tr0ub4dor-3"  # noqa: S105 - a fake
INI = f"[alembic]\nscript_location = migrations\nsqlalchemy.url = postgresql://shop:{PASSWORD}@db/shop\n"
ENV = (
    "from alembic import context\n\nconfig = context.config\n\n\ndef run_migrations_offline():\n"
    '    url = config.get_main_option("sqlalchemy.url")\n    context.configure(url=url)\n'
)


def test_an_env_py_that_does_not_parse(tmp_path: Path, cli: Cli) -> None:
    broken = ENV + f'\ndef oops(:\n    token = "{PASSWORD}"\n'
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT, "alembic.ini": INI, "migrations/env.py": broken})
    ran = cli("--apply", "--unsafe-fixes", "--select", "AL,PP")
    assert ran.code == 2
    assert "migrations/env.py:10:10: invalid Python" in ran.stdout
    assert (tmp_path / "migrations/env.py").read_text() == broken
    # the ini's password cannot move to an env.py that does not parse: reported, not blanked, never printed
    assert f"sqlalchemy.url = postgresql://shop:{PASSWORD}@db/shop\n" in (tmp_path / "alembic.ini").read_text()
    assert "alembic.ini:3: AL001" in ran.stdout and "does not parse" in ran.stdout
    assert PASSWORD not in ran.stdout + ran.stderr
    assert "[build-system]" in (tmp_path / "pyproject.toml").read_text()  # other files proceed


def test_an_env_py_nested_too_deeply(tmp_path: Path, cli: Cli) -> None:
    """Python that parses but is too deep to walk: a located error, nothing written to it, the ini left as manual."""
    deep = ENV + "y = " + "-" * 3000 + "1\n"
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT, "alembic.ini": INI, "migrations/env.py": deep})
    ran = cli("--apply", "--unsafe-fixes", "--select", "AL,PP")
    assert ran.code == 2
    assert "migrations/env.py: nested too deeply to be read safely" in ran.stdout, ran.stdout
    assert (tmp_path / "migrations/env.py").read_text() == deep
    assert f"sqlalchemy.url = postgresql://shop:{PASSWORD}@db/shop\n" in (tmp_path / "alembic.ini").read_text()
    assert "AL001" in ran.stdout and PASSWORD not in ran.stdout + ran.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (INI.replace("[alembic]\n", "").encode(), "alembic.ini:1:1: a line outside any [section]"),
        (b"[alembic]\nx = 1\n[alembic]\n", "alembic.ini:3:1: section [alembic] is defined twice"),
        (INI.encode("utf-16"), "alembic.ini:1:1: file is UTF-16 encoded"),
    ],
    ids=["no-section", "duplicate-section", "utf-16"],
)
def test_an_alembic_ini_that_cannot_be_read(tmp_path: Path, cli: Cli, content: bytes, message: str) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT, "alembic.ini": content, "migrations/env.py": ENV})
    ran = cli("--apply", "--unsafe-fixes", "--select", "AL,PP")
    assert ran.code == 2
    assert message in ran.stdout, ran.stdout
    assert (tmp_path / "alembic.ini").read_bytes() == content
    assert PASSWORD not in ran.stdout + ran.stderr
    assert "[build-system]" in (tmp_path / "pyproject.toml").read_text()


def test_the_password_is_never_printed_in_any_format(tmp_path: Path, cli: Cli) -> None:
    make_repo(tmp_path, {"pyproject.toml": PYPROJECT, "alembic.ini": INI, "migrations/env.py": ENV})
    for output in ("text", "json", "github", "sarif", "markdown"):
        ran = cli("--check", "--format", output, "--select", "AL")
        assert ran.code == 1 and "AL001" in ran.stdout + ran.stderr
        assert PASSWORD not in ran.stdout + ran.stderr, output
    diff = cli("--diff", "--unsafe-fixes", "--select", "AL")
    assert f"-sqlalchemy.url = postgresql://shop:{PASSWORD}@db/shop" in diff.stdout  # the patch is exact
    assert PASSWORD not in diff.stderr
