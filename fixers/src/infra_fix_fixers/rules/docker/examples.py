"""The DF, DI and DC rules' documented examples (run by tests/unit/test_examples.py), kept apart from the rules.

The example repository: a uv project (`pyproject.toml` with a dev group, `uv.lock`, `src/app`); its Dockerfile is
built from the root (it copies files that are there), so the root is its build context.
"""

from __future__ import annotations

from ...model import fixes, noop, reports

DIGEST = "sha256:" + "0123456789abcdef" * 4
_PROJECT = '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n'
_PYPROJECT = _PROJECT + '\n[dependency-groups]\ndev = ["pytest>=8"]\n'
REPO = {"pyproject.toml": _PYPROJECT, "uv.lock": "version = 1\n", "src/app/__init__.py": ""}
_WORKFLOW = "on: [pull_request]\njobs:\n  lock:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv lock --check\n"
_CHECKED = {**REPO, ".github/workflows/ci.yml": _WORKFLOW}
_UV = f"COPY --from=ghcr.io/astral-sh/uv:0.5.27@{DIGEST} /uv /uvx /bin/\n"
_SYNCED = (  # installs from the lock, dependencies first
    f"FROM python:3.12-slim@{DIGEST}\n" + _UV + "WORKDIR /app\n"
    "COPY pyproject.toml uv.lock ./\n"
    "RUN uv sync --frozen --no-dev --no-install-project\n"
    "COPY src/ ./src/\n"
    "RUN uv sync --frozen --no-dev\n"
)
_RUNS = 'CMD ["python", "-m", "app"]\n'

# -- Dockerfile -------------------------------------------------------------------------------------------------------

BASE_DIGEST = (
    reports("tag-only", "FROM python:3.12-slim\nCOPY src/ /app/src/\n", files=REPO),
    reports("built-from-an-argument", "ARG PY=3.12\nFROM python:${PY}-slim\nCOPY src/ /app/src/\n", files=REPO),
    noop("pinned-and-stages", f"FROM python:3.12-slim@{DIGEST} AS base\nFROM base\nCOPY src/ /app/src/\n", files=REPO),
    noop("development-image", "FROM python:3.12\nCOPY src/ /app/src/\n", path="Dockerfile.dev", files=REPO),
)
UV_TAG = (
    reports("latest", "FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/\n", files=REPO),
    reports("python-tag-tracks-latest", "FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim\n", files=REPO),
    noop("versioned", "FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5.27 /uv /uvx /bin/\n", files=REPO),
)
UV_PIP = (
    fixes(
        "pinned-pip-install",
        "FROM python:3.12-slim\n# the installer\nRUN pip install --no-cache-dir uv==0.5.27\nWORKDIR /app\n",
        "FROM python:3.12-slim\n# the installer\nCOPY --from=ghcr.io/astral-sh/uv:0.5.27 /uv /uvx /usr/local/bin/\n"
        "WORKDIR /app\n",
        files=REPO,
    ),
    fixes(
        "first-in-a-chain-lowercase",
        "from python:3.12-slim\nworkdir /app\nrun pip install uv && \\\n    uv pip install --system flask\n",
        "from python:3.12-slim\nworkdir /app\ncopy --from=ghcr.io/astral-sh/uv:latest /uv /uvx /usr/local/bin/\n"
        "run uv pip install --system flask\n",
        files=REPO,
    ),
    reports("used-as-a-module", "FROM python:3.12-slim\nRUN pip install uv\nRUN python -m uv sync\n", files=REPO),
    reports("with-other-packages", "FROM python:3.12-slim\nRUN pip install uv gunicorn\n", files=REPO),
    noop("copied-from-the-image", "FROM python:3.12-slim\n" + _UV, files=REPO),
)
_UNFROZEN = (
    "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --no-dev --no-install-project\n"
)
_FROZEN = _UNFROZEN.replace("uv sync", "uv sync --frozen")
FROZEN = (
    fixes("lock-in-the-image-and-checked", _UNFROZEN, _FROZEN, files=_CHECKED),
    fixes("lock-unchecked-is-unsafe", _UNFROZEN, _FROZEN, files=REPO, unsafe_fixes=True),
    reports("lock-unchecked-safe-run", _UNFROZEN, files=REPO),
    reports(
        "lock-not-copied",  # livekit's examples: `--frozen` here fails with "Unable to find lockfile"
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml ./\nRUN uv sync --no-cache\n",
        files=_CHECKED,
    ),
    reports("dockerignore-keeps-the-lock-out", _UNFROZEN, files={**_CHECKED, ".dockerignore": "uv.lock\n"}),
    fixes(
        "bind-mounted-lock",
        "FROM python:3.12-slim\nWORKDIR /app\nRUN --mount=type=cache,target=/root/.cache/uv \\\n"
        "    --mount=type=bind,source=uv.lock,target=uv.lock \\\n"
        "    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\\n"
        "    uv sync --no-dev --no-install-project\nCOPY src/ ./src/\n",
        "FROM python:3.12-slim\nWORKDIR /app\nRUN --mount=type=cache,target=/root/.cache/uv \\\n"
        "    --mount=type=bind,source=uv.lock,target=uv.lock \\\n"
        "    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\\n"
        "    uv sync --frozen --no-dev --no-install-project\nCOPY src/ ./src/\n",
        files=_CHECKED,
    ),
    noop("locked-is-kept", _UNFROZEN.replace("uv sync", "uv sync --locked"), files=_CHECKED),
    noop("uv-frozen-variable", _UNFROZEN.replace("WORKDIR", "ENV UV_FROZEN=1\nWORKDIR"), files=_CHECKED),
    noop("development-image", _UNFROZEN, path="Dockerfile.dev", files=_CHECKED),
)
_WITH_DEV = "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen\n"
NO_DEV = (
    fixes("adds-no-dev", _WITH_DEV, _WITH_DEV.replace("--frozen", "--frozen --no-dev"), files=REPO, unsafe_fixes=True),
    reports("safe-run-reports", _WITH_DEV, files=REPO),
    reports("the-image-runs-a-dev-tool", _WITH_DEV + 'CMD ["pytest"]\n', files=REPO, unsafe_fixes=True),
    noop("uv-no-dev", _WITH_DEV.replace("WORKDIR", "ENV UV_NO_DEV=1\nWORKDIR"), files=REPO),
    noop(
        "a-test-stage-asks-for-dev",
        _WITH_DEV.replace("--frozen", "--frozen --no-dev")
        + "FROM python:3.12-slim AS test\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\n"
        "RUN uv sync --frozen --group dev\n",
        files=REPO,
    ),
    noop("no-dev-group", _WITH_DEV, files={**REPO, "pyproject.toml": '[project]\nname = "app"\nversion = "0.1.0"\n'}),
)
LOCK_AT_BUILD = (
    reports(
        "locks-in-the-image", "FROM python:3.12-slim\nCOPY pyproject.toml ./\nRUN uv lock && uv sync\n", files=REPO
    ),
    noop("checks-the-lock", "FROM python:3.12-slim\nCOPY pyproject.toml uv.lock ./\nRUN uv lock --check\n", files=REPO),
)
_EXPORTED = "# This file was autogenerated by uv via the following command:\n#    uv export --frozen\nflask==3.1.0\n"
LOCK_IGNORED = (
    reports(
        "pip-installs-requirements",
        "FROM python:3.12-slim\nCOPY requirements.txt ./\nRUN pip install -r requirements.txt\n",
        files={**REPO, "requirements.txt": "flask\n"},
    ),
    noop(
        "requirements-exported-from-the-lock",
        "FROM python:3.12-slim\nCOPY requirements.txt ./\nRUN pip install -r requirements.txt\n",
        files={**REPO, "requirements.txt": _EXPORTED},
    ),
)
VENV_ENV = (
    fixes(
        "sets-both-after-the-sync",
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen\n" + _RUNS,
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen\n"
        'ENV VIRTUAL_ENV=/app/.venv\nENV PATH="/app/.venv/bin:$PATH"\n' + _RUNS,
        files=REPO,
    ),
    fixes(
        "beside-the-path-a-copied-venv-has",
        "FROM python:3.12-slim AS build\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen\n"
        'FROM python:3.12-slim\nCOPY --from=build /app/.venv /opt/venv\nENV PATH="/opt/venv/bin:$PATH"\n' + _RUNS,
        "FROM python:3.12-slim AS build\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen\n"
        'FROM python:3.12-slim\nCOPY --from=build /app/.venv /opt/venv\nENV PATH="/opt/venv/bin:$PATH"\n'
        "ENV VIRTUAL_ENV=/opt/venv\n" + _RUNS,
        files=REPO,
    ),
    noop(
        "both-set",
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen\n"
        'ENV VIRTUAL_ENV=/app/.venv PATH="/app/.venv/bin:$PATH"\n' + _RUNS,
        files=REPO,
    ),
)
_SOURCE_FIRST = "FROM python:3.12-slim\nWORKDIR /app\n# the source\nCOPY . .\nRUN uv sync --frozen --no-dev\n" + _RUNS
LAYER_ORDER = (
    fixes(
        "dependencies-first",
        _SOURCE_FIRST,
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\n"
        "RUN uv sync --frozen --no-dev --no-install-project\n# the source\nCOPY . .\nRUN uv sync --frozen --no-dev\n"
        + _RUNS,
        files=REPO,
        unsafe_fixes=True,
    ),
    reports("safe-run-reports", _SOURCE_FIRST, files=REPO),
    noop("already-first", _SYNCED, files=REPO),
    noop(
        "bind-mount-form",
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN --mount=type=bind,source=uv.lock,target=uv.lock \\\n"
        "    uv sync --frozen\n",
        files=REPO,
    ),
)
FAULTHANDLER = (
    fixes(
        "beside-the-other-python-settings",
        "# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nWORKDIR /app\n" + _RUNS,
        "# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nENV PYTHONUNBUFFERED=1\nENV PYTHONFAULTHANDLER=1\n"
        "WORKDIR /app\n" + _RUNS,
        files=REPO,
    ),
    fixes(
        "in-the-stage-the-images-start-from",
        "FROM python:3.12-slim AS base\nFROM base AS api\n" + _RUNS + "FROM base AS worker\n" + _RUNS,
        "FROM python:3.12-slim AS base\nENV PYTHONFAULTHANDLER=1\nFROM base AS api\n"
        + _RUNS
        + "FROM base AS worker\n"
        + _RUNS,
        files=REPO,
    ),
    noop("set-by-the-file", "FROM python:3.12-slim\nENV PYTHONFAULTHANDLER=0\n" + _RUNS, files=REPO),
    noop("not-a-python-image", "FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\n", files=REPO),
)
NON_ROOT = (
    fixes(
        "creates-a-system-user",
        "FROM python:3.12-slim\nWORKDIR /app\n\n" + _RUNS,
        "FROM python:3.12-slim\nWORKDIR /app\n\nRUN groupadd --system --gid 999 nonroot && useradd --system --gid 999 "
        "--uid 999 --create-home nonroot\nUSER nonroot\n" + _RUNS,
        files=REPO,
        unsafe_fixes=True,
    ),
    fixes(
        "the-user-the-file-creates",
        "FROM python:3.12-alpine\nRUN adduser -D app\n" + _RUNS,
        "FROM python:3.12-alpine\nRUN adduser -D app\nUSER app\n" + _RUNS,
        files=REPO,
        unsafe_fixes=True,
    ),
    reports("safe-run-reports", "FROM python:3.12-slim\n" + _RUNS, files=REPO),
    noop("a-user-is-set", "FROM python:3.12-slim\nUSER 1000\n" + _RUNS, files=REPO),
    noop("another-base-may-set-its-own", "FROM gcr.io/distroless/python3\n" + _RUNS, files=REPO),
)
BUILD_SECRETS = (
    reports("literal-password", "FROM python:3.12-slim\nENV DB_PASSWORD=hunter2hunter2\n", files=REPO),
    reports("build-argument-named-like-a-secret", "FROM python:3.12-slim\nARG GITHUB_TOKEN\n", files=REPO),
    noop(
        "public-values",
        "FROM python:3.12-slim\nARG VITE_API_KEY\nENV GPG_KEY_FINGERPRINT=0123ABCD PYTHONUNBUFFERED=1\n",
        files=REPO,
    ),
)

# -- .dockerignore ----------------------------------------------------------------------------------------------------

_COPIES = {**REPO, "Dockerfile": "FROM python:3.12-slim\nCOPY pyproject.toml uv.lock /app/\nCOPY src/ /app/src/\n"}
_CREATED = (
    "# Kept out of the image: secrets, version control, local virtual environments (infra-fix)\n"
    "**/.env\n**/.env.*\n.git\n**/.venv\n"
)
IGNORE_ENTRIES = (
    fixes(
        "root-anchored-entries-made-any-depth",
        "# local files\n.env\n.venv\n",
        "# local files\n.env\n.venv\n\n# Kept out of the image: secrets, version control, local virtual environments "
        "(infra-fix)\n**/.env\n**/.env.*\n.git\n**/.venv\n",
        files=_COPIES,
    ),
    fixes(
        "copied-file-left-in",
        "node_modules\n",
        "node_modules\n**/.env\n.git\n**/.venv\n",
        files={  # compose says where the build runs (.env.production is there then, not in the repository)
            **_COPIES,
            "Dockerfile": _COPIES["Dockerfile"] + "COPY .env.production /app/\n",
            "compose.yml": "services:\n  web:\n    build: .\n",
        },
    ),
    noop("whitelist-keeps-them-out", "**\n!pyproject.toml\n!uv.lock\n!src\n", files=_COPIES),
    noop("already-out", "**/.env\n**/.env.*\n.git\n**/.venv\n", files=_COPIES),
)
IGNORE_ABSENT = (
    fixes("created-at-the-context-root", None, _CREATED, files=_COPIES),
    reports(
        "context-only-guessed",
        None,
        files={**REPO, "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n"},
    ),
    noop("exists", "**/.env\n**/.env.*\n.git\n**/.venv\n", files=_COPIES),
)
IGNORE_WHITELIST = (
    reports("from-what-the-dockerfile-copies", "**/.env\n**/.env.*\n.git\n**/.venv\n", files=_COPIES),
    noop(
        "copies-the-whole-context",
        "**/.env\n**/.env.*\n.git\n**/.venv\n",
        files={**REPO, "Dockerfile": "FROM python:3.12-slim\nCOPY . /app\n"},
    ),  # fmt: skip
    noop("a-whitelist-already", "**\n!pyproject.toml\n!uv.lock\n!src\n", files=_COPIES),
)

# -- compose ----------------------------------------------------------------------------------------------------------

_APP = 'services:\n  web:\n    build: .\n    ports:\n      - "8000:8000"\n    restart: unless-stopped\n'
HEALTHCHECK = (
    fixes(
        "postgres-reads-the-container-variables",
        _APP + "  db:\n    image: postgres:16  # the database\n    restart: unless-stopped\n",
        _APP + "  db:\n    image: postgres:16  # the database\n    restart: unless-stopped\n    healthcheck:\n"
        '      test: ["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres} -d $${POSTGRES_DB:-$${POSTGRES_USER:-'
        'postgres}}"]\n      interval: 10s\n      timeout: 5s\n      retries: 5\n      start_period: 30s\n',
        files=REPO,
    ),
    reports(
        "redis-with-a-password",
        _APP + "  cache:\n    image: redis:7\n    command: redis-server --requirepass ${REDIS_PASSWORD}\n",
        files=REPO,
    ),
    reports(
        "extends-may-bring-one",
        _APP + "  db:\n    extends:\n      file: base.yml\n      service: db\n    image: postgres:16\n",
        files=REPO,
    ),  # fmt: skip
    noop(
        "has-one",
        _APP + '  cache:\n    image: valkey/valkey:8\n    healthcheck:\n      test: ["CMD", "valkey-cli", "ping"]\n',
        files=REPO,
    ),  # fmt: skip
    noop("not-a-database", _APP + "  proxy:\n    image: traefik:3\n", files=REPO),
)
_SERVICES = 'services:\n  web:\n    build: .\n    ports:\n      - "8000:8000"\n  db:\n    image: postgres:16\n'
RESTART = (
    fixes(
        "serving-services",
        _SERVICES,
        'services:\n  web:\n    build: .\n    ports:\n      - "8000:8000"\n    restart: unless-stopped\n'
        "  db:\n    image: postgres:16\n    restart: unless-stopped\n",
        files=REPO,
    ),
    reports("a-worker-may-be-a-job", "services:\n  worker:\n    build: .\n    command: celery worker\n", files=REPO),
    noop(
        "one-shot-and-set",
        "services:\n  migrate:\n    build: .\n    command: alembic upgrade head\n  web:\n    build: .\n"
        '    ports:\n      - "8000:8000"\n    restart: "no"\n',
        files=REPO,
    ),
    noop("development-file", _SERVICES, path="compose.override.yml", files=REPO),
)
_SECRET = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: hunter2hunter2\n"  # noqa: S105
COMPOSE_SECRET = (
    fixes(
        "moved-to-a-required-variable",
        _SECRET
        + "  web:\n    build: .\n    environment:\n      - DATABASE_URL=postgresql://postgres:hunter2hunter2@db/app\n",
        "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set "
        "POSTGRES_PASSWORD in .env}\n  web:\n    build: .\n    environment:\n      - DATABASE_URL=postgresql://"
        "postgres:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}@db/app\n",
        files=REPO,
        unsafe_fixes=True,
    ),
    reports("safe-run-reports", _SECRET, files=REPO),
    noop("a-test-fixture", _SECRET, path="tests/compose.yml", files=REPO),
    noop("interpolated", _SECRET.replace("hunter2hunter2", "${POSTGRES_PASSWORD:?set it}"), files=REPO),
)
SECRET_DEFAULT = (
    reports(
        "default-keeps-the-password", _SECRET.replace("hunter2hunter2", "${DB_PASSWORD:-hunter2hunter2}"), files=REPO
    ),  # fmt: skip
    noop("required", _SECRET.replace("hunter2hunter2", "${DB_PASSWORD:?set DB_PASSWORD}"), files=REPO),
)
COMPOSE_DIGEST = (
    reports("tag-only", "services:\n  db:\n    image: postgres:16\n", files=REPO),
    noop(
        "pinned-or-built",
        f"services:\n  db:\n    image: postgres:16@{DIGEST}\n  web:\n    build: .\n    image: app:latest\n",
        files=REPO,
    ),  # fmt: skip
)
NETWORKS = (
    reports("default-network", _SERVICES, files=REPO),
    noop(
        "named",
        "services:\n  web:\n    build: .\n    networks: [front, back]\n  db:\n    image: postgres:16\n"
        "    networks: [back]\nnetworks:\n  front:\n  back:\n",
        files=REPO,
    ),
)
