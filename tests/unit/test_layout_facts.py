"""Repository facts the next families stand on: where the infrastructure files are, the alembic set-ups, and every
environment variable read (names and places only, never values)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from infra_fix_fixers.facts import discover, environment
from infra_fix_fixers.facts.environment import compose_reads, python_reads
from infra_fix_fixers.snapshot import Snapshot

PROJECT = '[project]\nname = "x"\n'
WORKSPACE = '[project]\nname = "root"\n\n[tool.uv.workspace]\nmembers = ["worker"]\n'


def test_infrastructure_files_are_found_at_any_depth_and_belong_to_the_innermost_project() -> None:
    files = {
        "pyproject.toml": WORKSPACE,
        "worker/pyproject.toml": PROJECT,
        "Dockerfile": "FROM python\n",
        "worker/Dockerfile.dev": "FROM python\n",
        "worker/api.Dockerfile": "FROM python\n",
        "frontend/Dockerfile": "FROM node\n",
        "compose.yaml": "services: {}\n",
        "deploy/docker-compose.prod.yml": "services: {}\n",
        "Makefile": "all:\n",
        "worker/GNUmakefile": "all:\n",
        ".gitignore": ".venv/\n",
        "worker/.gitignore": "dist/\n",
        "Dockerfile.md": "not a Dockerfile\n",
    }
    repo = discover(Snapshot(files=files))
    assert repo.compose_files == ("compose.yaml", "deploy/docker-compose.prod.yml")
    assert repo.makefiles == ("Makefile", "worker/GNUmakefile")
    assert repo.gitignores == (".gitignore", "worker/.gitignore")
    assert "Dockerfile.md" not in repo.dockerfiles and len(repo.dockerfiles) == 4
    root, worker = repo.project(""), repo.project("worker")
    assert root is not None and worker is not None
    assert root.dockerfiles == ("Dockerfile", "frontend/Dockerfile")
    assert worker.dockerfiles == ("worker/Dockerfile.dev", "worker/api.Dockerfile")


def test_alembic_script_location_is_resolved_from_the_ini_folder() -> None:
    files = {
        "backend/pyproject.toml": PROJECT,
        "backend/alembic.ini": "[alembic]\nscript_location = %(here)s/app/alembic\n",
        "pyproject.toml": PROJECT,
        "alembic.ini": "[alembic]\nscript_location = myapp:migrations\n",
        "migrations/alembic.ini": "[alembic]\n# Flask-Migrate\n",
        "migrations/env.py": "",
    }
    repo = discover(Snapshot(files=files))
    backend, root = repo.project("backend"), repo.project("")
    assert backend is not None and root is not None
    (setup,) = backend.alembic
    assert setup.ini == "backend/alembic.ini" and setup.script_location == "backend/app/alembic"
    assert setup.env_py == "backend/app/alembic/env.py"
    # a package resource is not a folder infra-fix can name; Flask-Migrate's ini sits in the script folder
    assert [a.script_location for a in root.alembic] == [None, "migrations"]


def test_environment_reads_come_from_the_syntax_tree() -> None:
    code = """import os
from os import environ, getenv
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic import Field

# os.environ["IN_A_COMMENT"]
DOC = "os.getenv('IN_A_STRING')"
url = os.environ["DATABASE_URL"]
debug = os.environ.get("DEBUG", "0")
token = getenv("API_TOKEN")
host = request.environ["HTTP_HOST"]
if "SENTRY_DSN" in environ:
    pass


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_")
    secret_key: str
    port: int = 8000
    redis: str = Field(validation_alias="REDIS_URL")
"""
    reads = {(r.name, r.how, r.default) for r in python_reads("app/config.py", code)}
    assert reads == {
        ("DATABASE_URL", "environ", False),
        ("DEBUG", "environ", True),
        ("API_TOKEN", "getenv", True),
        ("SENTRY_DSN", "environ", True),
        ("APP_SECRET_KEY", "settings", False),
        ("APP_PORT", "settings", True),
        ("REDIS_URL", "settings", False),
    }


def test_compose_interpolation_as_compose_reads_it() -> None:
    text = (
        "services:\n  db:\n    image: postgres:${PG_VERSION:-16}\n    environment:\n"
        "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}\n      PRICE: $$5\n      USER: $DB_USER\n"
        "# ${COMMENTED}\n"
    )
    reads = [(r.line, r.name, r.default) for r in compose_reads("compose.yaml", text)]
    assert reads == [(3, "PG_VERSION", True), (5, "POSTGRES_PASSWORD", False), (7, "DB_USER", False)]


def test_the_environment_of_a_repository_keeps_no_value() -> None:
    files = {
        "pyproject.toml": PROJECT,
        "app/main.py": 'import os\nKEY = os.environ.get("STRIPE_KEY", "sk_live_abcdefghijklmnop")\n',
        "compose.yml": "services:\n  app:\n    environment:\n      - KEY=${STRIPE_KEY}\n",
        "app/other.py": "print('nothing read here')\n",
    }
    reads = environment(discover(Snapshot(files=files)))
    assert [(r.path, r.line, r.name) for r in reads] == [
        ("app/main.py", 2, "STRIPE_KEY"),
        ("compose.yml", 4, "STRIPE_KEY"),
    ]
    assert "sk_live" not in repr(reads)


@given(st.text(max_size=300))
def test_readers_take_any_text(text: str) -> None:
    for read in [*python_reads("x.py", text), *compose_reads("compose.yaml", text)]:
        assert read.name and read.name in text
