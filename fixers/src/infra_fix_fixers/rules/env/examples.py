"""The EV rules' examples: small repositories, each a before and an after (or a finding), run by
tests/unit/test_examples.py. `ignored=` holds git's answers for the example repository (what `git check-ignore
--no-index` says of each name the driver asks about); tests/unit/test_env_examples.py checks them against real git.
"""

from __future__ import annotations

from ...model import Example, fixes, noop, reports
from ...snapshot import IGNORE_PROBES

_PROJECT = {"pyproject.toml": '[project]\nname = "app"\nrequires-python = ">=3.12"\n'}


def git(**covered: str) -> dict[str, str | None]:
    """git's answers at the root: every probe not ignored but those named (`dotenv=".gitignore:1: .env"`, the name
    spelled as a keyword: `dotenv` for `.env`, `venv` for `.venv/`, `pycache`, `pyc`, `dotenv_dev` for `.env-dev`,
    `dotenv_local`, `dotenv_production`)."""
    names = {
        "dotenv": ".env", "dotenv_dev": ".env-dev", "dotenv_local": ".env.local",
        "dotenv_production": ".env.production", "venv": ".venv/", "pycache": "__pycache__/", "pyc": "module.pyc",
    }  # fmt: skip
    answers: dict[str, str | None] = dict.fromkeys(IGNORE_PROBES)
    answers.update({names[key]: rule for key, rule in covered.items()})
    return answers


_PYTHON_IGNORES = "# Python\n__pycache__/\n*.pyc\n"
_COVERED = ".env\n.env-*\n.env.*\n!.env.example\n.venv/\n__pycache__/\n*.pyc\n"
_HEADING = "# Local environment and secrets, virtual environments, bytecode\n"

GITIGNORE_EXAMPLES: tuple[Example, ...] = (
    fixes(
        "appends-what-git-does-not-ignore",
        _PYTHON_IGNORES,
        _PYTHON_IGNORES + "\n" + _HEADING + ".env\n.env-*\n.env.*\n.venv/\n",
        files=_PROJECT,
        ignored=git(pycache=".gitignore:2: __pycache__/", pyc=".gitignore:3: *.pyc"),
    ),
    fixes(
        "keeps-the-example-file-tracked",
        "dist/\n.env\n",
        "dist/\n.env\n.env-*\n.env.*\n.venv/\n__pycache__/\n*.pyc\n!.env.example\n",
        files={**_PROJECT, ".env.example": "SECRET_KEY=change-me\n"},
        ignored=git(dotenv=".gitignore:2: .env"),
    ),
    fixes(
        "creates-the-file",
        None,
        _HEADING + ".env\n.env-*\n.env.*\n.venv/\n__pycache__/\n*.pyc\n",
        files=_PROJECT,
        ignored=git(),
    ),  # fmt: skip
    noop(
        "git-already-ignores-them",
        ".env*\n!.env.example\n.venv/\n__pycache__/\n*.py[cod]\n",
        files=_PROJECT,
        ignored=git(
            dotenv=".gitignore:1: .env*",
            dotenv_dev=".gitignore:1: .env*",
            dotenv_local=".gitignore:1: .env*",
            dotenv_production=".gitignore:1: .env*",
            venv=".gitignore:3: .venv/",
            pycache=".gitignore:4: __pycache__/",
            pyc=".gitignore:5: *.py[cod]",
        ),
    ),
    reports(
        "a-negation-is-the-humans-word",
        _COVERED + "# the worker reads its public settings from its own .env\n!worker/.env\n",
        files={**_PROJECT, "worker/pyproject.toml": '[project]\nname = "worker"\n'},
        ignored={
            **git(
                dotenv=".gitignore:1: .env",
                dotenv_dev=".gitignore:2: .env-*",
                dotenv_local=".gitignore:3: .env.*",
                dotenv_production=".gitignore:3: .env.*",
                venv=".gitignore:5: .venv/",
                pycache=".gitignore:6: __pycache__/",
                pyc=".gitignore:7: *.pyc",
            ),
            "worker/.env": None,
        },
    ),
)

_COMPOSE = (
    "services:\n"
    "  db:\n"
    "    image: postgres:16\n"
    "    environment:\n"
    "      POSTGRES_USER: ${POSTGRES_USER:-postgres}\n"
    "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}\n"
    "  app:\n"
    "    build: .\n"
    "    environment:\n"
    "      - LOG_LEVEL=${LOG_LEVEL:-INFO}\n"
    "      - OPENAI_API_KEY\n"
)
_SETTINGS = (
    "from pydantic_settings import BaseSettings\n\n\n"
    "class Settings(BaseSettings):\n"
    "    database_url: str\n"
    "    secret_key: str\n"
    "    cache_ttl: int = 60\n"
)
_CREATED = (
    "# Environment variables read by compose.yml.\n"
    "# Copy this file to .env and set real values there: .env is ignored by git and never committed.\n"
    "\n"
    "# Database\n"
    "POSTGRES_PASSWORD=change-me\n"
    "# POSTGRES_USER=postgres\n"
    "\n"
    "# API keys and secrets (placeholder values)\n"
    "OPENAI_API_KEY=your_key_here\n"
    "\n"
    "# Environment\n"
    "# LOG_LEVEL=INFO\n"
)
_EXISTING = "# Postgres (the db service)\nPOSTGRES_USER=postgres\nPOSTGRES_PASSWORD=change-me\n"

EXAMPLE_EXAMPLES: tuple[Example, ...] = (
    fixes("creates-one-beside-compose", None, _CREATED, files={**_PROJECT, "compose.yml": _COMPOSE}),
    fixes(
        "appends-what-is-missing-in-groups",
        _EXISTING,
        _EXISTING
        + "\n# Database\nDATABASE_URL=\n\n# API keys and secrets (placeholder values)\nOPENAI_API_KEY=your_key_here\n"
        "SECRET_KEY=change-me\n\n# Environment\n# CACHE_TTL=60\n# LOG_LEVEL=INFO\n",
        path=".env.example",
        files={**_PROJECT, "compose.yml": _COMPOSE, "app/settings.py": _SETTINGS},
    ),
    reports(
        "unsafe-where-the-example-file-is-loaded",
        _EXISTING,
        path=".env.example",
        files={
            **_PROJECT,
            "compose.yml": _COMPOSE.replace("    build: .\n", "    build: .\n    env_file: .env.example\n"),
        },
    ),
    noop(
        "lists-every-variable-read",
        "POSTGRES_USER=postgres\nPOSTGRES_PASSWORD=change-me\nOPENAI_API_KEY=\n# LOG_LEVEL=INFO\n",
        path=".env.example",
        files={**_PROJECT, "compose.yml": _COMPOSE},
    ),
    noop(
        "a-library-reading-ambient-variables-gets-none",
        None,
        files={**_PROJECT, "src/lib/__init__.py": 'import os\n\nCOLOR = "NO_COLOR" not in os.environ\n'},
    ),
)

TRACKED_ENV_EXAMPLES: tuple[Example, ...] = (
    reports(
        "credentials-are-a-leak",
        "DEBUG=false\nDJANGO_SECRET_KEY=q8Vd2LmX0sPz7rTf\n",
        files=_PROJECT,
        ignored=git(),
    ),
    reports("placeholders-make-a-template", "SECRET_KEY=changethis\nDEBUG=true\n", files=_PROJECT, ignored=git()),
    noop(
        "public-frontend-settings",
        "NEXT_PUBLIC_API_URL=https://api.example.com\n",
        path="web/.env.production",
        files=_PROJECT,
        ignored=git(),
    ),
    noop("a-local-file-outside-git", "DJANGO_SECRET_KEY=q8Vd2LmX0sPz7rTf\n", files=_PROJECT),
)

_WORKFLOW = (
    "on:\n"
    "  push:\n"
    "    tags: ['v*']\n"
    "jobs:\n"
    "  deploy:\n"
    "    runs-on: ubuntu-latest\n"
    "    services:\n"
    "      postgres:\n"
    "        image: postgres:16\n"
    "        env:\n"
    "          POSTGRES_PASSWORD: postgres\n"
    "    steps:\n"
    "      - uses: docker/login-action@v3\n"
    "        with:\n"
    "          username: deploy\n"
    "          password: {password}\n"
)

HARDCODED_EXAMPLES: tuple[Example, ...] = (
    reports(
        "a-settings-default",
        'import os\n\nSECRET_KEY = os.getenv("SECRET_KEY", "dev-k3y-9f8e7d6c5b")\n',
        path="app/settings.py",
        files=_PROJECT,
    ),
    reports(
        "a-literal-in-a-workflow",
        _WORKFLOW.replace("{password}", "Xk9fQ2mZ7pL4vR8tW3"),
        path=".github/workflows/deploy.yml",
        files=_PROJECT,
    ),
    noop(
        "placeholders-and-references",
        'import os\n\nSECRET_KEY = os.getenv("SECRET_KEY", "change-me")\nTOKEN = os.environ["API_TOKEN"]\n',
        path="app/settings.py",
        files=_PROJECT,
    ),
    noop(
        "secrets-from-the-store-and-ci-fixtures",
        _WORKFLOW.replace("{password}", "${{ secrets.REGISTRY_PASSWORD }}"),
        path=".github/workflows/deploy.yml",
        files=_PROJECT,
    ),
)
