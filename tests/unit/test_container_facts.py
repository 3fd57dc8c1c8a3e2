"""The container facts: build contexts (compose `build:`, workflows, `docker build`, the files a Dockerfile copies),
the `.dockerignore` BuildKit picks, whether uv.lock is in the image where `uv sync` runs, what a file is for."""

from __future__ import annotations

import pytest

from infra_fix_fixers.facts import discover
from infra_fix_fixers.facts.containers import containers, dockerfile_purpose, lock_at
from infra_fix_fixers.snapshot import Snapshot

PYPROJECT = '[project]\nname = "app"\nversion = "0.1"\n'


def facts(files: dict[str, str]):  # noqa: ANN201 - the facts of a small repository
    return containers(discover(Snapshot(files={"pyproject.toml": PYPROJECT, **files})))


def test_compose_names_the_context_and_the_file() -> None:
    found = facts({
        "backend/Dockerfile": "FROM python:3.12\nCOPY . /app\n",
        "deploy/compose.yml": "services:\n  api:\n    build:\n      context: ..\n      dockerfile: backend/Dockerfile\n"
        "      target: prod\n",
    })  # fmt: skip
    (build,) = found.images["backend/Dockerfile"].builds
    assert (build.context, build.target, build.origin) == ("", "prod", "deploy/compose.yml (service api)")
    assert found.ignore_file(found.images["backend/Dockerfile"], build) == ".dockerignore"


def test_a_dockerfile_specific_ignore_file_wins() -> None:
    found = facts({
        "Dockerfile": "FROM python:3.12\nCOPY pyproject.toml /app/\n",
        "Dockerfile.dockerignore": "**\n!pyproject.toml\n",
        ".dockerignore": ".git\n",
    })  # fmt: skip
    image = found.images["Dockerfile"]
    assert found.ignore_file(image, image.builds[0]) == "Dockerfile.dockerignore"


@pytest.mark.parametrize(
    ("workflow", "context"),
    [
        ("      - uses: docker/build-push-action@v6\n        with:\n          context: ./svc\n", "svc"),
        ("      - run: docker buildx build -t app:dev --file svc/Dockerfile svc\n", "svc"),
    ],
    ids=["build-push-action", "docker-build"],
)
def test_workflows_name_contexts(workflow: str, context: str) -> None:
    found = facts({
        "svc/Dockerfile": "FROM python:3.12\nCOPY . /app\n",
        ".github/workflows/image.yml": "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n" + workflow,
    })  # fmt: skip
    assert [b.context for b in found.images["svc/Dockerfile"].builds] == [context]


def test_the_context_is_where_the_copied_files_are() -> None:
    """postmodern-mono's apps/server/Dockerfile copies the root's uv.lock: it is built from the root."""
    found = facts({
        "uv.lock": "version = 1\n",
        "apps/server/pyproject.toml": PYPROJECT,
        "apps/server/Dockerfile": "FROM python:3.13\nCOPY pyproject.toml uv.lock /workspace/\n",
    })  # fmt: skip
    (build,) = found.images["apps/server/Dockerfile"].builds
    assert (build.context, build.guessed) == ("", False)


def test_copying_only_dot_is_a_guess() -> None:
    (build,) = facts({"web/Dockerfile": "FROM python:3.12\nCOPY . /app\n"}).images["web/Dockerfile"].builds
    assert (build.context, build.guessed) == ("web", True)


SYNC = "FROM python:3.12\nWORKDIR /app\n{copy}\nRUN uv sync\n"


@pytest.mark.parametrize(
    ("copy", "ignore", "lock"),
    [
        ("COPY pyproject.toml uv.lock ./", "", True),
        ("COPY pyproject.toml ./", "", False),  # livekit's examples
        ("COPY . .", "", True),
        ("COPY . .", "uv.lock\n", False),
        ("COPY . .", "**\n!pyproject.toml\n!uv.lock\n", True),  # a whitelist that lets it in
        ("COPY . /srv", "", False),  # copied elsewhere than where uv sync runs
        ("COPY pyproject.toml uv.lock* ./", "", True),
        ("COPY --from=build /app /app", "", False),
        ("COPY $FILES ./", "", None),
    ],
)
def test_the_lock_where_uv_sync_runs(copy: str, ignore: str, lock: bool | None) -> None:
    files = {"uv.lock": "version = 1\n", "Dockerfile": SYNC.format(copy=copy), "compose.yml": "services:\n  a:\n"
             "    build: .\n"}  # fmt: skip
    if ignore:
        files[".dockerignore"] = ignore
    image = facts(files).images["Dockerfile"]
    assert lock_at(image.analyses, 0) is lock


def test_a_bind_mounted_lock_counts() -> None:
    files = {
        "uv.lock": "version = 1\n",
        "compose.yml": "services:\n  a:\n    build: .\n",
        "Dockerfile": "FROM python:3.12\nWORKDIR /app\nRUN --mount=type=bind,source=uv.lock,target=uv.lock \\\n"
        "    uv sync --frozen\n",
    }
    assert lock_at(facts(files).images["Dockerfile"].analyses, 0) is True


@pytest.mark.parametrize(
    ("path", "purpose"),
    [
        ("Dockerfile", "production"),
        ("docker/api.Dockerfile", "production"),
        ("Dockerfile.dev", "development"),
        (".devcontainer/Dockerfile", "development"),
        ("dev.Dockerfile", "development"),
        ("frontend/Dockerfile.playwright", "test"),
        ("examples/chat/Dockerfile", "sample"),
        ("devcontainer-example/Dockerfile", "sample"),
    ],
)
def test_what_a_dockerfile_is_for(path: str, purpose: str) -> None:
    assert dockerfile_purpose(path) == purpose


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("compose.yml", "services:\n  web:\n    image: app\n", "deploy"),
        ("compose.override.yml", "services:\n  web:\n    image: app\n", "development"),
        ("docker-compose.test.yml", "services:\n  web:\n    image: app\n", "fixture"),
        ("compose.yml", "services:\n  web:\n    image: app\n    command: uvicorn app:app --reload\n", "development"),
        ("compose.yml", "services:\n  db:\n    image: postgres:16\n    ports: ['5432:5432']\n", "development"),
        (
            "compose.yml",
            "services:\n  db:\n    image: postgres:16\n    ports: ['5432:5432']\n    restart: always\n",
            "deploy",
        ),
        ("compose.yml", "services:\n  web:\n    build: .\n    volumes: ['.:/app']\n", "development"),
    ],
)
def test_what_a_compose_file_is_for(name: str, text: str, kind: str) -> None:
    found = facts({name: text, "app/__init__.py": ""})
    assert found.composes[name].kind == kind


def test_lock_checked_where_ci_checks_it() -> None:
    found = facts({".github/workflows/ci.yml": "jobs:\n  a:\n    steps:\n      - run: uv sync --locked --all-extras\n"})
    assert found.lock_checked == ".github/workflows/ci.yml"
    assert facts({}).lock_checked is None
