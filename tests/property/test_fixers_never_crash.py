"""Any text in any fixer's file gives a result or a located parse error, never an internal error, and a fixed file is
a fixed point. Inputs: arbitrary text, and mutations (lines dropped, duplicated, re-indented) of real documents,
which reach far deeper into the editors than random bytes do."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infra_fix_fixers import Failed, Settings, Snapshot, remediate
from infra_fix_fixers.builtin import pack

SEEDS = {
    "pyproject.toml": (
        '[project]\nname = "x"\nrequires-python = ">=3.10"\ndependencies = [\n    "a",  # c\n]\n\n'
        '[project.optional-dependencies]\ndev = ["pytest"]\n\n[tool.ruff]\nline-length = 88\nselect = ["E"]\n\n'
        '[tool.ruff.lint.per-file-ignores]\n"tests/*" = ["S101"]\n\n[tool.pytest.ini_options]\naddopts = "-q"\n'
    ),
    ".pre-commit-config.yaml": (
        "repos:\n- repo: https://github.com/pre-commit/pre-commit-hooks\n  rev: v4.0.0\n  hooks:\n"
        "  - id: trailing-whitespace\n  # comment\n- repo: https://github.com/astral-sh/ruff-pre-commit\n"
        "  rev: 'v0.5.0'\n  hooks:\n  - id: ruff\n    args: [--fix]\n"
    ),
    ".github/workflows/ci.yml": (
        "name: ci\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n"
        "          python-version: '3.9'\n      - run: |\n          pip install -e .\n          pytest -q\n"
        "      - run: ruff format .\n"
    ),
    "pyrightconfig.json": '{\n  // c\n  "include": ["src"],\n  "typeCheckingMode": "off",\n}\n',
    "renovate.json": '{\n  "extends": ["config:base"]\n}\n',
    ".github/workflows/renovate.yml": "on:\n  schedule:\n    - cron: '0 2 1-7 * 1'\njobs: {}\n",
    "alembic.ini": (
        "[alembic]\n# where the scripts are\nscript_location = migrations\n# file_template = %%(rev)s_%%(slug)s\n"
        "version_locations =\n    migrations/versions\nsqlalchemy.url = postgresql://app:Tr0ub4dor-3@db/app\n\n"
        "[loggers]\nkeys = root\n"
    ),
    "migrations/env.py": (
        "import os\nfrom alembic import context\nfrom sqlalchemy import engine_from_config, pool\n\n"
        "config = context.config\ntarget_metadata = None  # models\n\n\ndef run_migrations_offline():\n"
        "    url = config.get_main_option('sqlalchemy.url')\n"
        "    context.configure(url=url, target_metadata=target_metadata)\n\n\n"
        "def run_migrations_online():\n    connectable = engine_from_config(\n"
        "        config.get_section(config.config_ini_section), prefix='sqlalchemy.', poolclass=pool.NullPool\n    )\n"
        "    with connectable.connect() as connection:\n"
        "        context.configure(connection=connection, target_metadata=target_metadata, compare_type=False,)\n\n\n"
        "run_migrations_online() if not context.is_offline_mode() else run_migrations_offline()\n"
    ),
    "Dockerfile": (
        "# syntax=docker/dockerfile:1\nFROM python:3.12-slim AS build\nRUN pip install uv && \\\n    # c\n"
        "    uv pip install --system flask\nWORKDIR /app\nCOPY . .\nRUN <<EOF\nuv sync\nEOF\nRUN uv sync\n"
        'FROM python:3.12-slim\nARG GITHUB_TOKEN\nCOPY --from=build /app/.venv /app/.venv\nCMD ["app"]\n'
    ),
    ".dockerignore": "# local\n.env\n!.env.example\n.venv\n",
    "compose.yml": (
        "x-env: &env\n  POSTGRES_PASSWORD: hunter2hunter2\nservices:\n  db:\n    image: postgres:16\n"
        "    environment: *env\n  web:\n    build: .\n    ports: ['80:80']\n    environment:\n      <<: *env\n"
        "      URL: postgresql://u:hunter2hunter2@db/app\n  cache:\n    image: redis:7\n    ports: !reset []\n"
    ),
    "deploy/compose.yaml": (
        "services:\n  db:\n    image: postgres:${PG:-16}\n    environment:\n      POSTGRES_PASSWORD: ${PW:?set it}\n"
        "      - BROKEN\n  app:\n    env_file: ../.env.example\n    environment:\n      - API_KEY\n"
        "      - X=$$Y # ${Z}\n"
    ),
    ".env.example": "# db\nexport PW='x'\nAPI_KEY=\n# Z=1\nMULTI=\"a\nb\"\n",
    "app/settings.py": (
        "import os\nfrom pydantic_settings import BaseSettings\n\n\nclass S(BaseSettings):\n"
        "    model_config = {'env_file': '../.env'}\n    secret_key: str = 'x'\n\n\nA = os.getenv('A', 'b')\n"
    ),
}
# alembic's two files only mean something together: each is given the other (seeded) beside it
COMPANIONS = {"alembic.ini": "migrations/env.py", "migrations/env.py": "alembic.ini"}
FILES = sorted(SEEDS)
FIXERS = pack()


@st.composite
def mutated(draw: st.DrawFn, path: str) -> str:
    lines = SEEDS[path].split("\n")
    for _ in range(draw(st.integers(0, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["drop", "dup", "indent", "dedent", "swap"]))
        if op == "drop":
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i].lstrip()
        elif i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        if not lines:
            lines = [""]
    return "\n".join(lines)


def _run(path: str, text: str) -> None:
    files = {path: text, "tests/test_a.py": "", "src/pkg/__init__.py": ""}
    if path in COMPANIONS:
        files[COMPANIONS[path]] = SEEDS[COMPANIONS[path]]
        files["src/pkg/models.py"] = (
            "from sqlalchemy.orm import DeclarativeBase\n\n\nclass Base(DeclarativeBase):\n    pass\n"
        )
        files[".env.example"] = "POSTGRES_PASSWORD=change-me\n"
    if path != "pyproject.toml":
        files["pyproject.toml"] = SEEDS["pyproject.toml"]
    result = remediate(Snapshot(files=files), Settings(unsafe_fixes=True), FIXERS)
    for entry in result.files:
        if isinstance(entry, Failed):
            assert "internal error" not in entry.error.message, entry.error.render(entry.path)
            assert entry.error.line is None or entry.error.line >= 1
    again_files = dict(files)
    again_files.update({c.path: c.after for c in result.changes})
    second = remediate(Snapshot(files=again_files), Settings(unsafe_fixes=True), FIXERS)
    assert not second.changes, [(c.path, c.after) for c in second.changes]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FILES), st.text(max_size=200))
def test_arbitrary_text_never_crashes_a_fixer(path: str, text: str) -> None:
    _run(path, text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FILES).flatmap(lambda p: st.tuples(st.just(p), mutated(p))))
def test_mutated_real_documents_never_crash_and_converge_in_one_run(case: tuple[str, str]) -> None:
    _run(*case)
