"""The EV rules on small repositories: where example env files go and what they list (plan.py), what counts as a
leak where (leaks.py), and what the reports say. Pure: snapshots in, results out (git's answers given as data)."""

from __future__ import annotations

from collections.abc import Mapping

from infra_fix_fixers import Changed, Settings, Snapshot, remediate
from infra_fix_fixers.fixer import Context, FileRun, Fixer, Scope, check, document_fixer
from infra_fix_fixers.model import Applicability, Finding, Rule
from infra_fix_fixers.rules import env
from infra_fix_fixers.rules.env.examples import git
from infra_fix_fixers.rules.env.leaks import env_kind

PROJECT = {"pyproject.toml": '[project]\nname = "app"\nrequires-python = ">=3.12"\n'}
FIXERS = [env.GITIGNORE_FIXER, env.SECRETS, env.EXAMPLE_FIXER]


def run(
    files: Mapping[str, str], *, ignored: Mapping[str, str | None] | None = None, before: list[Fixer] | None = None
) -> tuple[dict[str, str], list[Finding]]:
    """The texts the EV fixers (after `before`) write, and every finding. With `ignored`, a git checkout."""
    snapshot = Snapshot(
        files=dict(files), tracked=frozenset(files) if ignored is not None else None, ignored=ignored or {}
    )
    result = remediate(snapshot, Settings(unsafe_fixes=True), [*(before or []), *FIXERS])
    assert not result.failures, result.failures
    return {c.path: c.after for c in result.files if isinstance(c, Changed)}, list(result.findings)


def codes(findings: list[Finding], path: str | None = None) -> list[str]:
    return sorted(f.code for f in findings if path is None or f.path == path)


# -- where example files go ---------------------------------------------------------------------------------------


def test_an_override_compose_file_reads_the_env_of_its_base_folder() -> None:
    files = {
        **PROJECT,
        "compose.yaml": "services:\n  app:\n    image: app:${TAG:?}\n",
        "overrides/compose.mariadb.yaml": "services:\n  db:\n    environment:\n      PASSWORD: ${DB_PASSWORD:?}\n",
    }
    written, _ = run(files)
    assert list(written) == ["example.env"]
    assert "DB_PASSWORD=change-me\n" in written["example.env"] and "TAG=\n" in written["example.env"]


def test_a_member_reads_the_env_file_its_settings_name() -> None:
    settings = (
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\nclass Settings(BaseSettings):\n"
        '    model_config = SettingsConfigDict(env_file="../.env")\n    secret_key: str\n'
    )
    files = {**PROJECT, "backend/pyproject.toml": PROJECT["pyproject.toml"], "backend/app/config.py": settings}
    files["pyproject.toml"] += '\n[tool.uv.workspace]\nmembers = ["backend"]\n'
    written, _ = run(files)
    assert list(written) == ["example.env"]  # beside the .env it loads, not in backend/
    assert "SECRET_KEY=change-me" in written["example.env"]


def test_a_compose_env_file_inside_a_project_places_its_example() -> None:
    files = {
        **PROJECT,
        "docker-compose.yml": "services:\n  web:\n    build: .\n    env_file:\n      - ./src/.env\n",
        "src/app/main.py": 'import os\n\nTOKEN = os.environ["API_TOKEN"]\n',
    }
    written, _ = run(files)
    assert list(written) == ["src/example.env"]
    assert "API_TOKEN=change-me" in written["src/example.env"]


def test_a_library_reading_ambient_variables_and_tests_gets_no_example() -> None:
    files = {
        **PROJECT,
        "src/lib/__init__.py": 'import os\n\nCI = os.environ.get("CI")\nHOME = os.environ["HOME"]\n',
        "tests/conftest.py": 'import os\n\nURL = os.environ["TEST_DATABASE_URL"]\n',
        "src/lib/cache.py": 'import os\n\nTTL = int(os.getenv("LIB_CACHE_TTL", "60"))\n',
    }
    assert run(files)[0] == {}


def test_a_makefile_counts_where_it_includes_the_env_file() -> None:
    compose = "services:\n  db:\n    environment:\n      POSTGRES_USER: ${POSTGRES_USER:?}\n"
    makefile = "psql:\n\tpsql -U $(POSTGRES_USER) -d $(POSTGRES_DB)\n\ncreate-user:\n\t./create $(EMAIL)\n"
    without, _ = run({**PROJECT, "compose.yml": compose, "Makefile": makefile})
    assert "POSTGRES_DB" not in without["example.env"]  # `make create-user EMAIL=...`: a command-line argument
    included, _ = run({**PROJECT, "compose.yml": compose, "Makefile": "-include .env\nexport\n\n" + makefile})
    assert "POSTGRES_DB=" in included["example.env"] and "EMAIL=" in included["example.env"]


def test_optional_variables_alone_need_no_new_file_but_an_existing_one_lists_them() -> None:
    compose = "services:\n  web:\n    image: app:${VERSION:-1.0}\n    ports: ['${WEB_PORT:-80}:80']\n"
    assert run({**PROJECT, "compose.yml": compose})[0] == {}
    written, _ = run({**PROJECT, "compose.yml": compose, ".env.sample": "# ports\n"})
    assert written[".env.sample"] == "# ports\n\n# Environment\n# VERSION=1.0\n# WEB_PORT=80\n"


def test_settings_fields_match_the_example_whatever_their_case() -> None:
    settings = "from pydantic_settings import BaseSettings\n\n\nclass S(BaseSettings):\n    database_url: str\n"
    files = {**PROJECT, "app/s.py": settings, "example.env": "database_url=postgresql://localhost/app\n"}
    written, findings = run(files)
    assert written == {} and codes(findings, "example.env") == []


def test_a_fixture_or_template_compose_file_is_no_context() -> None:
    files = {
        **PROJECT,
        "docker-compose.test.yml": "services:\n  db:\n    environment:\n      P: ${TEST_PASSWORD:?}\n",
        "setup/compose.yml": "services:\n  app:\n    env_file: {{ env }}\n    image: x:${TAG:?}\n",
    }
    assert run(files)[0] == {}


def test_a_tracked_template_env_stands_for_the_example_but_a_leaking_one_does_not() -> None:
    compose = "services:\n  app:\n    environment:\n      SECRET_KEY: ${SECRET_KEY:?}\n"
    template, findings = run({**PROJECT, "compose.yml": compose, ".env": "SECRET_KEY=changethis\n"}, ignored=git())
    assert "example.env" not in template
    assert [(f.code, f.severity.value) for f in findings if f.path == ".env"] == [("EV003", "warning")]
    leaking, findings = run({**PROJECT, "compose.yml": compose, ".env": "SECRET_KEY=q8Vd2LmX0sPz\n"}, ignored=git())
    assert "example.env" in leaking
    assert [(f.code, f.severity.value) for f in findings if f.path == ".env"] == [("EV003", "error")]


def test_the_example_is_not_touched_while_it_holds_a_secret() -> None:
    token = "ghp_" + "Zy9" * 12
    files = {**PROJECT, "compose.yml": "services:\n  a:\n    image: x:${TAG:?}\n", ".env.example": f"GH={token}\n"}
    written, findings = run(files, ignored=git())
    assert ".env.example" not in written
    assert codes(findings, ".env.example") == ["EV002", "EV004"]
    assert all(f.applicability is Applicability.MANUAL for f in findings if f.path == ".env.example")


# -- what earlier fixers of the same run wrote ----------------------------------------------------------------------

_MOVE = Rule("ZZ001", "move", "A literal moves out.", "Test.", Applicability.SAFE)


def _mover(path: str, old: str, new: str) -> Fixer:
    """A stand-in for the compose or alembic family: rewrites one file before the EV fixers run."""

    class Doc:
        def __init__(self, text: str) -> None:
            self.text = text

    @check(_MOVE)
    def move(run: FileRun[Doc]) -> None:
        run.report(_MOVE, "moved", edit=lambda: bool(setattr(run.doc, "text", run.doc.text.replace(old, new))) or True)

    def targets(ctx: Context) -> tuple[str, ...]:
        return (path,)

    return document_fixer(
        name=f"mover-{path}", reads=(path,), targets=targets, open=lambda p, t, c: Doc(t), checks=(move,),
        scope=Scope.REPOSITORY,
    )  # fmt: skip


def test_the_example_lists_what_earlier_fixers_made_the_files_read() -> None:
    compose = (
        "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: hunter2\n      POSTGRES_DB: ${POSTGRES_DB:?}\n"
    )
    env_py = "import os\n\nURL = 'sqlite://'\n"
    moved_compose = _mover(
        "compose.yml", "POSTGRES_PASSWORD: hunter2", "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}"
    )
    reads_env = _mover("migrations/env.py", "URL = 'sqlite://'", "URL = os.environ['POSTGRES_USER']")
    files = {**PROJECT, "compose.yml": compose, "migrations/env.py": env_py, "migrations/versions/a.py": ""}
    written, _ = run(files, before=[moved_compose, reads_env])
    example = written["example.env"]
    assert "POSTGRES_PASSWORD=change-me" in example and "POSTGRES_USER=" in example and "POSTGRES_DB=" in example
    assert "hunter2" not in example


# -- what is a leak, where ------------------------------------------------------------------------------------------


def test_env_files_are_judged_by_name() -> None:
    assert env_kind(".env") == "tracked-env"
    assert env_kind("web/.env.production") == "tracked-env"
    assert env_kind("docker/app.env") == "env"
    assert env_kind(".env.example") == env_kind("dev/.env.docker.template") == "by-value"
    assert env_kind(".env.test") == env_kind("tests/.env") == env_kind("server/.env.testing") == "by-value"
    assert env_kind("settings.py") is None


def test_an_interpolation_default_keeps_a_password() -> None:
    files = {**PROJECT, "deploy/app.env": "DB_URL=${DATABASE_URL}\nDB_PASSWORD=${DB_PASSWORD:-surfsense}\n"}
    _, findings = run(files, ignored=git())
    [leak] = [f for f in findings if f.code == "EV004"]
    assert leak.line == 2 and "DB_PASSWORD" in leak.message and "surfsense" not in leak.message


def test_a_workflow_reports_generated_looking_values_not_ci_fixtures() -> None:
    workflow = "\n".join(
        [
            "on: push", "jobs:", "  t:", "    runs-on: ubuntu-latest", "    services:", "      pg:",
            "        image: postgres", "        env:", "          POSTGRES_PASSWORD: postgres", "    env:",
            "      DATABASE_URL: postgresql://postgres:postgres@localhost/t",
            "      AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "      MINIO_SECRET_KEY: polar123456789",
            "      # a public token, not a secret: forks get no secrets",
            "      COVERALLS_REPO_TOKEN: 6D1m0xupS3FgutfuGao8keFf9Hc0FpIXu",
            "    steps:", "      - uses: docker/login-action@v3", "        with:",
            "          password: Xk9fQ2mZ7pL4vR8tW3", "",
        ]
    )  # fmt: skip
    _, findings = run({**PROJECT, ".github/workflows/ci.yml": workflow})
    assert [(f.code, f.line) for f in findings if f.path.startswith(".github")] == [("EV004", 19)]


def test_renovates_workflow_is_renovates_to_report() -> None:
    workflow = "on: push\njobs:\n  r:\n    runs-on: x\n    env:\n      OTHER_TOKEN: Xk9fQ2mZ7pL4vR8tW3Yb\n"
    _, findings = run({**PROJECT, ".github/workflows/renovate.yml": workflow})
    assert codes(findings, ".github/workflows/renovate.yml") == []


def test_python_defaults_in_application_code_not_in_tests() -> None:
    code = 'import os\n\nKEY = os.getenv("SECRET_KEY", "dev-9f8e7d6c5b4a")\nLEVEL = os.getenv("LOG_LEVEL", "INFO")\n'
    files = {**PROJECT, "app/settings.py": code, "tests/test_settings.py": code}
    _, findings = run(files)
    assert [(f.path, f.line) for f in findings if f.code == "EV004"] == [("app/settings.py", 3)]


def test_a_frontends_env_and_composes_own_settings_are_no_template() -> None:
    files = {
        **PROJECT,
        "web/package.json": "{}\n",
        "web/.env": "API_URL=http://localhost:8000\n",
        "site/.env": "VITE_API_URL=http://localhost\n",
        "docker/.env": "COMPOSE_PROJECT_NAME=app\n",
    }
    _, findings = run(files, ignored=git())
    assert [(f.path, f.code) for f in findings if f.code == "EV003"] == [("docker/.env", "EV003")]
    assert "compose's own settings" in next(f.message for f in findings if f.code == "EV003")


def test_a_tracked_env_kept_for_compose_is_not_ignored_but_a_leaking_one_is() -> None:
    """full-stack-fastapi-template commits `.env` as compose's defaults (placeholders only): appending `.env` to
    .gitignore would change nothing for git and contradict the project; `.env.*` and the rest are still asked."""
    compose = (
        "services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}\n"
    )
    kept = {**PROJECT, "compose.yml": compose, ".env": "POSTGRES_PASSWORD=changethis\n", ".gitignore": "dist/\n"}
    written, findings = run(kept, ignored=git())
    assert "EV003" in codes(findings, ".env")
    lines = written[".gitignore"].split("\n")
    assert ".env" not in lines and ".env.*" in lines and "__pycache__/" in lines
    leaking = {**kept, ".env": "POSTGRES_PASSWORD=Zq8Lm3Xv6Pw1\n"}
    written, _ = run(leaking, ignored=git())
    assert ".env" in written[".gitignore"].split("\n")


def test_compose_reads_only_dotenv_beside_it_not_every_env_file() -> None:
    """litestar-fullstack's tools/deploy/docker/.env.docker sits beside its compose files, which never name it."""
    compose = "services:\n  db:\n    image: postgres:16\n"
    files = {**PROJECT, "deploy/compose.yml": compose, "deploy/.env.docker": "DATABASE_PASSWORD=Zq8Lm3Xv6Pw1\n"}
    _, findings = run(files, ignored=git())
    message = next(f.message for f in findings if f.code == "EV003")
    assert "reads it" not in message and "git rm --cached -- deploy/.env.docker" in message
    files = {**files, "deploy/.env": "DATABASE_PASSWORD=Zq8Lm3Xv6Pw1\n"}
    _, findings = run(files, ignored=git())
    assert any("deploy/compose.yml reads it" in f.message for f in findings if f.path == "deploy/.env")


def test_a_compose_file_whose_services_load_an_env_elsewhere_is_documented_there() -> None:
    """graphiti's mcp_server/docker/docker-compose.yml: `env_file: ../.env`; the project keeps its settings in
    mcp_server/, and a second example file in docker/ would split them."""
    compose = (
        "services:\n  mcp:\n    build:\n      context: ..\n    env_file:\n      - path: ../.env\n"
        "        required: false\n    environment:\n      - FALKORDB_PASSWORD=${FALKORDB_PASSWORD:-}\n"
    )
    files = {
        **PROJECT,
        "mcp_server/pyproject.toml": PROJECT["pyproject.toml"],
        "mcp_server/docker/docker-compose.yml": compose,
    }
    written, _ = run(files)
    assert list(written) == ["mcp_server/example.env"]


def test_settings_classes_through_the_projects_own_bases_and_what_the_code_sets_itself() -> None:
    base = (
        "from pydantic_settings import BaseSettings\n\n\nclass LoggingSettings(BaseSettings):\n"
        "    log_level: str = 'INFO'\n"
    )
    app = (
        "from .logging import LoggingSettings\n\n\nclass AppSettings(LoggingSettings):\n    base_url: str\n"
        "    openai_api_key: str | None = None\n"
    )
    wsgi = 'import os\n\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.settings")\n'
    files = {**PROJECT, "app/logging.py": base, "app/settings.py": app, "app/wsgi.py": wsgi}
    written, _ = run(files)
    assert written["example.env"].split("\n\n", 1)[1] == (
        "# API keys and secrets (placeholder values)\n# OPENAI_API_KEY=your_key_here\n\n"
        "# Environment\nBASE_URL=\n# LOG_LEVEL=INFO\n"
    )


def test_where_detect_secrets_runs_a_placeholder_carries_its_allowlist_pragma() -> None:
    precommit = (
        "repos:\n  - repo: https://github.com/Yelp/detect-secrets\n    rev: v1.5.0\n"
        "    hooks:\n      - id: detect-secrets\n"
    )
    compose = "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?}\n"
    written, _ = run({**PROJECT, ".pre-commit-config.yaml": precommit, "compose.yml": compose})
    assert "POSTGRES_PASSWORD=change-me  # pragma: allowlist secret\n" in written["example.env"]


def test_a_nested_settings_field_is_documented_by_its_nested_keys() -> None:
    """pydantic-settings' `env_nested_delimiter="__"`: `SECURITY__JWT_SECRET_KEY` documents the `security` field."""
    settings = (
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n\n\nclass Settings(BaseSettings):\n"
        "    security: Security\n    log_level: str = 'INFO'\n"
        "    model_config = SettingsConfigDict(env_file='.env', env_nested_delimiter='__')\n"
    )
    files = {**PROJECT, "app/config.py": settings, ".env.example": "SECURITY__JWT_SECRET_KEY=change-me\n"}
    written, _ = run(files)
    assert written[".env.example"] == "SECURITY__JWT_SECRET_KEY=change-me\n\n# Environment\n# LOG_LEVEL=INFO\n"
