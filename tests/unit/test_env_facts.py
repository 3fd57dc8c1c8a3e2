"""The environment facts beyond Python's `os.environ`: compose pass-through and comments, Makefiles, Dockerfiles,
python-decouple, settings classes through a repository's own bases, and the env files each file loads."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from infra_fix_fixers.facts.env_files import (
    compose_loads,
    compose_reads,
    dockerfile_reads,
    makefile_loads,
    makefile_reads,
)
from infra_fix_fixers.facts.env_python import python_loads, python_reads, settings_classes


def test_compose_reads_pass_through_entries_and_no_comment() -> None:
    text = (
        "services:\n  app:\n    command: sh -c 'run' # evaluates $REDIS_PASSWORD in the container\n"
        "    environment:\n      - SENTRY_DSN\n      - LEVEL=${LOG_LEVEL:-info}\n"
        "  worker:\n    environment:\n      API_KEY:\n      MODE: $${SHELL_SIDE}\n"
    )
    reads = [(r.line, r.name, r.how, r.default, r.shown) for r in compose_reads("compose.yml", text)]
    assert reads == [
        (6, "LOG_LEVEL", "compose", True, "info"),
        (5, "SENTRY_DSN", "compose-pass", False, None),
        (9, "API_KEY", "compose-pass", False, None),
    ]


def test_compose_env_files_in_each_form() -> None:
    text = (
        "services:\n  a:\n    env_file: .env\n  b:\n    env_file:\n      - ./b.env\n"
        "      - path: ../shared/.env\n        required: false\n"
    )
    assert [(x.line, x.target) for x in compose_loads("deploy/compose.yml", text)] == [
        (3, ".env"),
        (6, "./b.env"),
        (7, "../shared/.env"),
    ]


def test_a_makefile_reads_what_it_never_assigns() -> None:
    text = (
        "-include .env\nexport\nPYTHON ?= python3\nDB := app\ndefine HELP\n$(NOT_READ)\nendef\n\n"
        "psql:  # connect\n\tpsql -U $(POSTGRES_USER) -d ${DB} $(foreach X,a b,$(X)) $(MAKE) $$HOME\n"
    )
    assert [(r.line, r.name) for r in makefile_reads("Makefile", text)] == [(6, "NOT_READ"), (10, "POSTGRES_USER")]
    assert [x.target for x in makefile_loads("Makefile", text)] == [".env"]
    assert makefile_loads("Makefile", "include common.mk\n") == []


def test_a_dockerfile_names_its_build_arguments_and_what_the_image_sets() -> None:
    text = (
        "ARG PYTHON=3.12\nFROM python:${PYTHON}\nARG TARGETPLATFORM\nARG GITEE_TOKEN\n"
        "ENV APP_HOME=/app PATH=/app/bin:$PATH\nENV LEGACY some value\n"
        "RUN <<EOF\nARG INSIDE_A_HEREDOC\nEOF\n"
    )
    reads = [(r.line, r.name, r.how, r.default, r.shown) for r in dockerfile_reads("Dockerfile", text)]
    assert reads == [
        (1, "PYTHON", "dockerfile-arg", True, "3.12"),
        (4, "GITEE_TOKEN", "dockerfile-arg", False, None),
        (5, "APP_HOME", "dockerfile-env", True, None),
        (5, "PATH", "dockerfile-env", True, None),
        (6, "LEGACY", "dockerfile-env", True, None),
    ]


def test_decouple_settings_bases_and_env_files_loaded() -> None:
    config = (
        'from decouple import config\n\nSECRET_KEY = config("SECRET_KEY")\nDEBUG = config("DEBUG", default=False)\n'
    )
    base = "from pydantic_settings import BaseSettings\n\n\nclass Base(BaseSettings):\n    pass\n"
    app = (
        "from dotenv import load_dotenv\n\nload_dotenv('../.env')\n\n\nclass App(Base):\n"
        "    model_config = {'env_file': ('.env', '.env.prod'), 'env_prefix': 'APP_'}\n    token: str = 'x'\n"
    )
    bases = settings_classes({"base.py": base, "app.py": app, "other.py": "class Configs(Thing):\n    pass\n"})
    assert bases == {"BaseSettings", "Base", "App"}
    assert [(r.name, r.how, r.default) for r in python_reads("settings.py", config)] == [
        ("SECRET_KEY", "decouple", False),
        ("DEBUG", "decouple", True),
    ]
    assert [(r.name, r.shown) for r in python_reads("app.py", app, bases)] == [("APP_TOKEN", None)]
    assert [(x.target, x.how) for x in python_loads("app.py", app)] == [("../.env", "python-dotenv")]
    direct = app.replace("(Base)", "(BaseSettings)")  # a settings class's env_file: pydantic-settings' own base
    assert {x.target for x in python_loads("app.py", direct)} == {"../.env", ".env", ".env.prod"}


@given(st.text(max_size=300))
def test_the_readers_take_any_text_and_keep_only_names_from_it(text: str) -> None:
    reads = [
        *compose_reads("compose.yml", text),
        *makefile_reads("Makefile", text),
        *dockerfile_reads("Dockerfile", text),
    ]
    loads = [*makefile_loads("Makefile", text), *compose_loads("compose.yml", text)]
    assert all(read.name in text for read in reads)
    assert all(load.target is None or load.target in text for load in loads)
