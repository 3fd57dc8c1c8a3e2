"""One set of facts across families (issue 18): a compose file, alembic.ini with env.py, and a Makefile reading the
same variables end, after one `infra-fix --apply --unsafe-fixes`, with one consistent example env file that
documents every variable any of them reads, `.env` ignored by git, and a `--check` with manual findings only.

`test_files_as_the_families_leave_them` runs on this branch: the compose file already reads `${POSTGRES_PASSWORD}`
and env.py already builds its URL from POSTGRES_*, as the Docker and alembic families leave them.
`test_the_compose_secret_moved_in_this_run_is_documented_in_this_run` plants a compose password the Docker family
moves; `test_the_families_move_the_literals_and_the_example_follows` plants the literals those families move (a compose
password, an alembic.ini URL with credentials, a template env.py); it runs once the DC, AL and MK rules are loaded,
and then checks that the EV fixer, registered last, lists what they made the files read, in the same run.
"""

from __future__ import annotations

import json
import subprocess  # noqa: S404 - git on the test's own repositories
from collections.abc import Callable
from pathlib import Path

import alembic
import pytest

from infra_fix.plugins import load_fixers
from infra_fix_fixers.edit.envfile import EnvFile
from infra_fix_fixers.facts.environment import file_reads
from tests.conftest import Ran, make_repo

Cli = Callable[..., Ran]
LOADED = {rule.code[:2] for fixer in load_fixers() for rule in fixer.rules}
PYPROJECT = (
    '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n'
    'dependencies = ["sqlalchemy", "alembic", "psycopg"]\n'
)
ENV_PY = """import os

from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config


def get_url() -> str:
    user = os.getenv("POSTGRES_USER", "postgres")
    password = os.environ["POSTGRES_PASSWORD"]
    server = os.getenv("POSTGRES_SERVER", "db")
    db = os.getenv("POSTGRES_DB", "app")
    return f"postgresql+psycopg://{user}:{password}@{server}/{db}"


def run_migrations_online() -> None:
    section = config.get_section(config.config_ini_section, {})
    section["sqlalchemy.url"] = get_url()
    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
"""
COMPOSE = """services:
  db:
    image: postgres:16
    restart: unless-stopped
    environment:
      POSTGRES_USER: ${POSTGRES_USER:-postgres}
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}
      POSTGRES_DB: ${POSTGRES_DB:-app}
  app:
    build: .
    restart: unless-stopped
    environment:
      POSTGRES_SERVER: db
      POSTGRES_USER: ${POSTGRES_USER:-postgres}
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}
"""
MAKEFILE = """-include .env
export

.PHONY: migrate psql

migrate:
\talembic upgrade head

psql:
\tdocker compose exec db psql -U $(POSTGRES_USER) -d $(POSTGRES_DB)
"""
AS_LEFT = {
    "pyproject.toml": PYPROJECT,
    "app/__init__.py": "",
    "compose.yml": COMPOSE,
    "alembic.ini": "[alembic]\nscript_location = migrations\nsqlalchemy.url =\n",
    "migrations/env.py": ENV_PY,
    "migrations/versions/.keep": "",
    "Makefile": MAKEFILE,
    ".gitignore": "dist/\n",
}
WITH_LITERALS = {
    **AS_LEFT,
    "compose.yml": COMPOSE.replace("${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}", "postgres"),
    "alembic.ini": "[alembic]\nscript_location = migrations\nsqlalchemy.url = postgresql://app:Sup3rS3cret@db/app\n",
    # the application's settings name the database's variables (POSTGRES_SERVER for the host, as compose passes it)
    "app/settings.py": "import os\n\n"
    + "".join(f'{n.lower()} = os.environ["{n}"]\n' for n in ("POSTGRES_SERVER", "POSTGRES_USER", "POSTGRES_PASSWORD"))
    + 'postgres_db = os.getenv("POSTGRES_DB", "app")\n',
    # alembic's own generic template, which reads the URL from the ini: the alembic family writes get_url() from them
    "migrations/env.py": (Path(alembic.__file__).parent / "templates" / "generic" / "env.py").read_text(),
}
READERS = ("compose.yml", "migrations/env.py", "Makefile")


def git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = ["git", "-C", str(root), "-c", "user.email=t@t", "-c", "user.name=t", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603


def converge(root: Path, cli: Cli, files: dict[str, str]) -> tuple[dict[str, object], str]:
    make_repo(root, files)
    for args in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-qm", "initial")):
        assert git(root, *args).returncode == 0
    applied = cli("--apply", "--unsafe-fixes")
    assert applied.code in (0, 1), applied.stdout + applied.stderr
    checked = cli("--check", "--unsafe-fixes", "--format", "json")
    return json.loads(checked.stdout), applied.stdout


def assert_consistent(root: Path, report: dict[str, object]) -> None:
    findings = report["findings"]
    assert isinstance(findings, list)
    assert report["errors"] == []
    assert [f for f in findings if f["applicability"] != "manual"] == []  # only what a human must do is left
    examples = sorted(p.name for p in root.iterdir() if p.name in ("example.env", ".env.example", "env.example"))
    assert examples == ["example.env"]  # one file, at the root, where compose, alembic and make read .env
    documented = EnvFile((root / "example.env").read_text()).documented()
    read = {r.name.upper() for path in READERS for r in file_reads(path, (root / path).read_text())}
    assert read >= {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB", "POSTGRES_SERVER"}
    assert read <= documented, read - documented
    assert git(root, "check-ignore", "--no-index", "-q", ".env").returncode == 0


def test_files_as_the_families_leave_them(tmp_path: Path, cli: Cli) -> None:
    report, _ = converge(tmp_path, cli, AS_LEFT)
    assert_consistent(tmp_path, report)
    example = (tmp_path / "example.env").read_text()
    assert "POSTGRES_PASSWORD=change-me\n" in example and "POSTGRES_SERVER=db\n" in example
    assert "POSTGRES_USER=postgres\n" in example  # the default compose and env.py agree on, which make then gets


@pytest.mark.skipif("DC" not in LOADED, reason="needs the Docker family")
def test_the_compose_secret_moved_in_this_run_is_documented_in_this_run(tmp_path: Path, cli: Cli) -> None:
    """DC003 moves the deployment's password out to `${POSTGRES_PASSWORD...}` with `--unsafe-fixes`; the EV
    fixer, registered after it, reads the compose file as DC003 left it and lists the variable in the same run."""
    files = {
        **AS_LEFT,
        "compose.yml": COMPOSE.replace("${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}", "Pg7Wq2Zx9Lm4"),
    }
    report, _ = converge(tmp_path, cli, files)
    assert_consistent(tmp_path, report)
    for path in ("compose.yml", "example.env"):
        assert "Pg7Wq2Zx9Lm4" not in (tmp_path / path).read_text(), path
    assert "${POSTGRES_PASSWORD" in (tmp_path / "compose.yml").read_text()
    assert "POSTGRES_PASSWORD=change-me\n" in (tmp_path / "example.env").read_text()


@pytest.mark.skipif(not {"DC", "AL", "MK"} <= LOADED, reason="needs the Docker, alembic and Makefile families")
def test_the_families_move_the_literals_and_the_example_follows(tmp_path: Path, cli: Cli) -> None:
    report, _ = converge(tmp_path, cli, WITH_LITERALS)
    assert_consistent(tmp_path, report)
    for path in ("compose.yml", "alembic.ini", "example.env"):
        text = (tmp_path / path).read_text()
        assert "Sup3rS3cret" not in text and "POSTGRES_PASSWORD: postgres" not in text, path
