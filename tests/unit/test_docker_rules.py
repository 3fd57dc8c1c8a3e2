"""The container rules on the traps real files hold: compose anchors, merge keys, `!reset`/`!override`, `extends`,
`include`, profiles, `$$`; templates; a digest map; secrets never printed."""

from __future__ import annotations

from dataclasses import replace

from infra_fix_fixers.engine import remediate
from infra_fix_fixers.model import Changed, Failed, Result, Skipped
from infra_fix_fixers.rules import docker
from infra_fix_fixers.rules.docker.examples import DIGEST, REPO
from infra_fix_fixers.settings import Blueprint, Settings
from infra_fix_fixers.snapshot import Snapshot

FIXERS = [docker.DOCKERFILE, docker.DOCKERIGNORE, docker.COMPOSE]
PASSWORD = "s3cr3t-Passw0rd-42"


def run(files: dict[str, str], select: str, *, unsafe: bool = False, settings: Settings | None = None) -> Result:
    settings = replace(settings or Settings(), select=(select,), unsafe_fixes=unsafe)
    return remediate(Snapshot(files={**REPO, **files}), settings, FIXERS)


def text_of(result: Result, path: str) -> str | None:
    return next((f.after for f in result.changes if f.path == path), None)


ANCHORED = f"""\
x-db-env: &db-env  # the same for every service
  POSTGRES_USER: app
  POSTGRES_PASSWORD: {PASSWORD}
services:
  db:
    image: postgres:16
    environment: *db-env
  migrate:
    build: .
    command: alembic upgrade head
    environment:
      <<: *db-env
      EXTRA: "1"
"""


def test_a_secret_in_an_anchor_moves_once_and_reaches_every_alias() -> None:
    result = run({"compose.yml": ANCHORED}, "DC003", unsafe=True)
    after = text_of(result, "compose.yml")
    assert after is not None
    assert after.count("${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}") == 1
    assert "  # the same for every service" in after and "<<: *db-env" in after and "*db-env\n" in after
    assert PASSWORD not in after
    assert len([f for f in result.findings if f.code == "DC003"]) == 1


def test_no_report_prints_the_secret() -> None:
    result = run({"compose.yml": ANCHORED, "Dockerfile": f"FROM python:3.12\nENV API_TOKEN={PASSWORD}\n"}, "D")
    assert result.findings
    assert not [f for f in result.findings if PASSWORD in f.message]


def test_reset_and_override_tags_are_read_and_kept() -> None:
    text = "services:\n  db:\n    image: postgres:16\n    ports: !reset []\n    environment: !override\n      A: b\n"
    result = run({"compose.yml": text}, "DC001")
    after = text_of(result, "compose.yml")
    assert after is not None and after.startswith(text) and "pg_isready" in after


def test_extends_and_shared_mappings_are_left_to_a_human() -> None:
    text = (
        "services:\n  base: &base\n    image: redis:7\n  cache:\n    <<: *base\n  other:\n    extends:\n"
        "      service: base\n    image: postgres:16\n"
    )
    result = run({"compose.yml": text}, "DC001")
    after = text_of(result, "compose.yml")
    assert after is not None and after.count("healthcheck") == 1  # only `cache`: its own mapping, the merge kept
    manual = sorted(f.message.split("`")[1] for f in result.findings if not f.fixed)
    assert manual == ["base", "other"]


def test_include_and_profiles_are_untouched() -> None:
    text = "include:\n  - other.yml\nservices:\n  web:\n    build: .\n    ports: ['80:80']\n    profiles: [web]\n"
    after = text_of(run({"compose.yml": text}, "DC002"), "compose.yml")
    assert after == text.replace("    profiles: [web]\n", "    profiles: [web]\n    restart: unless-stopped\n")


def test_dollar_escapes_stay_and_the_healthcheck_reads_container_variables() -> None:
    text = "services:\n  db:\n    image: postgres:16\n    command: sh -c 'echo $$HOME'\n"
    after = text_of(run({"compose.yml": text}, "DC001"), "compose.yml")
    assert after is not None and "echo $$HOME" in after and "$${POSTGRES_USER:-postgres}" in after


def test_a_templated_file_is_skipped_with_the_reason() -> None:
    result = run({"Dockerfile": "FROM {{ base_image }}\nRUN pip install uv\n", "compose.yml": "{% if x %}\n"}, "D")
    skipped = {f.path: f.reason for f in result.files if isinstance(f, Skipped)}
    assert set(skipped) == {"Dockerfile", "compose.yml"}
    assert all("template" in reason for reason in skipped.values())


def test_an_unparsable_dockerfile_is_a_located_error_and_others_proceed() -> None:
    compose = "services:\n  db:\n    image: redis\n"
    result = run({"Dockerfile": "FROM python\nRUN <<EOF\necho\n", "compose.yml": compose}, "D")
    (failed,) = [f for f in result.files if isinstance(f, Failed)]
    assert (failed.path, failed.error.line) == ("Dockerfile", 2)
    assert text_of(result, "compose.yml") is not None


def test_a_digest_map_makes_the_pin_safe_in_renovate_form() -> None:
    settings = Settings(blueprint=Blueprint(image_digests=(f"python:3.12-slim@{DIGEST}",)))
    text = "# syntax=docker/dockerfile:1\nFROM python:3.12-slim AS base\nCOPY src/ /app/src/\n"
    result = run({"Dockerfile": text}, "DF001", settings=settings)
    assert text_of(result, "Dockerfile") == text.replace("python:3.12-slim", f"python:3.12-slim@{DIGEST}")
    assert [f.fixed for f in result.findings] == [True]


def test_heredoc_syncs_are_reported_never_edited() -> None:
    text = "FROM python:3.12\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN <<EOF\nuv sync\nEOF\n"
    result = run({"Dockerfile": text, ".github/workflows/ci.yml": "jobs: {a: {steps: [{run: uv lock --check}]}}\n"},
                 "DF004")  # fmt: skip
    assert not result.changes
    assert [f.fixed for f in result.findings] == [False]


def test_a_multi_stage_file_with_named_contexts() -> None:
    text = (
        "FROM python:3.12 AS build\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --frozen --no-dev\n"
        "FROM python:3.12-slim\nCOPY --from=build /app/.venv /app/.venv\nCOPY --from=assets /dist /app/dist\n"
        'CMD ["python", "-m", "app"]\n'
    )
    result = run({"Dockerfile": text}, "DF")
    digests = sorted(f.message.split(" is ")[0] for f in result.findings if f.code == "DF001")
    assert digests == ["FROM python:3.12", "FROM python:3.12-slim"]  # `assets` is a named context, not an image
    after = text_of(result, "Dockerfile")
    assert after is not None and "COPY --from=build /app/.venv /app/.venv\nENV VIRTUAL_ENV=/app/.venv\n" in after


def test_fixed_files_are_a_fixed_point() -> None:
    files = {
        "Dockerfile": 'FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN pip install uv && uv sync\nCMD ["app"]\n',
        "compose.yml": f"services:\n  db:\n    image: postgres:16\n    environment:\n"
        f"      - POSTGRES_PASSWORD={PASSWORD}\n",
    }
    first = run(files, "D", unsafe=True)
    fixed = {f.path: f.after for f in first.changes}
    # `COPY . .` alone only guesses the context, but the dependency layer added in the same run names
    # pyproject.toml and uv.lock: the context is known, so the .dockerignore is created now, not on a second run
    assert set(fixed) == {"Dockerfile", "compose.yml", ".dockerignore"}
    again = run({**files, **fixed}, "D", unsafe=True)
    assert not again.changes
    assert not [f for f in again.findings if f.fixed]
    assert isinstance(next(f for f in first.files if f.path == "Dockerfile"), Changed)
