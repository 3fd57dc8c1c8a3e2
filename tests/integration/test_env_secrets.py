"""Never printed, never copied (issue 18): secrets planted in every place a repository keeps them, in a fresh git
repository; every output of every mode and format, the bot's pull request, and every file infra-fix writes are
searched for the values and for their SHA-1 and SHA-256: the only place a value may appear is a line a patch takes
from the file as it is (a removed `-` line, or a context line beside another fix), which `git apply` needs.

A place is one line of `PLACES`: its file, its text around the secret, and the rule that must report it. The
places of a family that is not loaded (the Docker, alembic and Makefile families land separately) are still
searched for in every output; only the "reported" check waits for the family.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from infra_fix.plugins import load_fixers
from tests.conftest import Ran, committed, git

Cli = Callable[..., Ran]
_ = "_"  # tokens are built from parts, so no scanner mistakes this file for a leak


@dataclass(frozen=True)
class Place:
    path: str
    text: str  # `{secret}` marks where the value goes
    secret: str
    code: str  # the rule that reports it (its family's)

    @property
    def content(self) -> str:
        return self.text.replace("{secret}", self.secret)

    @property
    def line(self) -> int:
        return self.content[: self.content.index(self.secret)].count("\n") + 1


PLACES = (
    Place(".env", "DEBUG=false\nSECRET_KEY={secret}\n", "Zx7Kq2Lp9Vr4Tn6Wm1Bc", "EV003"),
    Place(
        "config/app.env",
        "# the app's own settings\nSTRIPE_KEY={secret}\n",
        "sk" + _ + "live" + _ + "4eC39HqLyjWDarjtT1zdp7dc",
        "EV004",
    ),
    Place(
        "app/settings.py",
        'import os\n\nDB_PASSWORD = os.getenv("DB_PASSWORD", "{secret}")\n',
        "Vb3Nm8Qw2Er5Ty7Ui9Op",
        "EV004",
    ),
    Place(
        "app/config.py",
        "from pydantic_settings import BaseSettings\n\n\nclass Settings(BaseSettings):\n"
        '    jwt_secret: str = "{secret}"\n',
        "Jw7Tq4Rs1Xy9Zk3Lm6Np",
        "EV004",
    ),
    Place(
        ".github/workflows/deploy.yml",
        "on:\n  push:\n    tags: ['v*']\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n"
        "    env:\n      GH_TOKEN: {secret}\n    steps:\n      - run: ./deploy.sh\n",
        "ghp" + _ + "R4nd0mT0k3nV4lu3Abcdefghij0123456789",
        "EV004",
    ),
    Place("uv.toml", 'index-url = "https://deploy:{secret}@pypi.example.com/simple"\n', "Pa55w0rdXyZ9Qw", "EV004"),
    Place(
        ".env.example",
        "OPENAI_API_KEY={secret}\nDEBUG=false\n",
        "sk-proj-" + "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0UvWx",
        "EV004",
    ),
    # the other families' files: each reports its own (docker: compose and Dockerfile; alembic; Makefile)
    Place(
        "compose.yml",
        "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: {secret}\n",
        "Hq4Wd8Jk2Zx6Cv9Bn3",
        "DC003",
    ),
    Place(
        "Dockerfile", 'FROM python:3.12-slim\nENV API_TOKEN={secret}\nCMD ["python"]\n', "Dk5Fl8Gh2Jq7Wx4Ze1", "DF012"
    ),
    Place(
        "alembic.ini",
        "[alembic]\nscript_location = migrations\nsqlalchemy.url = postgresql://app:{secret}@db/app\n",
        "Mn5Bv8Cx2Zl4Kj7Hg",
        "AL001",
    ),
    Place("Makefile", "DB_PASSWORD = {secret}\n\ntest:\n\tpytest\n", "Rt6Yu1Io3Pa8Sd5Fg", "MK007"),
)
PROJECT = {
    "pyproject.toml": '[project]\nname = "app"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n',
    "app/__init__.py": "",
    "migrations/env.py": "from alembic import context\n",
    "migrations/versions/.keep": "",
}
MODES = (("--check",), ("--diff",), ("--diff", "--unsafe-fixes"), ("--apply",), ("--apply", "--unsafe-fixes"))
FORMATS = ("text", "json", "github", "sarif", "markdown")


def needles(secret: str) -> tuple[str, ...]:
    """The value and its hashes, as hex, as a leak would print them."""
    data = secret.encode()
    return secret, hashlib.sha1(data).hexdigest(), hashlib.sha256(data).hexdigest()  # noqa: S324 - searched for


def hits(text: str) -> list[str]:
    return [needle for place in PLACES for needle in needles(place.secret) if needle in text]


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    return committed(tmp_path, {**PROJECT, **{place.path: place.content for place in PLACES}}, "planted")


def split_patch(output: str, fmt: str, mode: tuple[str, ...]) -> tuple[str, str]:
    """(the patch, everything else) of a run's stdout."""
    if mode[0] != "--diff":
        return "", output
    if fmt == "text":
        return output, ""
    if fmt == "json":
        data = json.loads(output)
        return data.pop("diff"), json.dumps(data)
    return "", output


def written_lines(patch: str) -> str:
    """What a patch shows beyond the lines it removes: headers, context and added lines, where no value may appear.
    A removed line is the user's own text going away (a compose password moved out to `${VAR}`)."""
    return "\n".join(line for line in patch.splitlines() if not line.startswith("-") or line.startswith("--- "))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("mode", MODES, ids=" ".join)
def test_no_value_nor_hash_in_any_output_or_written_file(
    planted: Path, cli: Cli, mode: tuple[str, ...], fmt: str
) -> None:
    before = {place.path: place.content for place in PLACES}
    ran = cli(*mode, "--format", fmt)
    assert ran.code in (0, 1), ran.stdout + ran.stderr
    patch, rest = split_patch(ran.stdout, fmt, mode)
    assert hits(rest + ran.stderr) == []
    assert hits(written_lines(patch)) == []
    if mode[0] == "--diff" and fmt == "text":
        assert patch.startswith("diff --git")  # the search above read a real patch
    written = git(planted, "status", "--porcelain", "--untracked-files=all").split("\n")
    for line in filter(None, written):
        path = line[3:]
        text = (planted / path).read_text()
        old = before.get(path, git(planted, "show", f"HEAD:{path}") if line.startswith(" M") else "")
        for needle in {n for place in PLACES for n in needles(place.secret)}:
            assert text.count(needle) <= old.count(needle), f"{path} gained a planted secret"


def test_sarif_regions_never_point_into_a_file_with_a_secret(planted: Path, cli: Cli) -> None:
    results = json.loads(cli("--check", "--format", "sarif").stdout)["runs"][0]["results"]
    secret_files = {place.path for place in PLACES}
    assert results
    for result in results:
        location = result["locations"][0]["physicalLocation"]
        if location["artifactLocation"]["uri"] in secret_files:
            assert "region" not in location, result["ruleId"]


LOADED = {rule.code[:2] for fixer in load_fixers() for rule in fixer.rules}


@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.path)
def test_every_planted_secret_is_reported_once_by_its_family_at_its_line(planted: Path, cli: Cli, place: Place) -> None:
    if place.code[:2] not in LOADED:
        pytest.skip(f"the {place.code[:2]} family reports {place.path}; it is not on this branch yet")
    report = json.loads(cli("--check", "--format", "json").stdout)
    here = [f for f in report["findings"] if f["path"] == place.path]
    secret_rules = [f for f in here if f["code"] in ("EV003", "EV004") or f["code"].startswith(place.code)]
    assert [(f["code"][: len(place.code)], f["line"]) for f in secret_rules] == [(place.code, place.line)], here
    assert all(place.secret not in f["message"] for f in here)


def test_the_pull_request_body_and_every_api_request_hold_no_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.integration.bot_world import entered

    world = entered(tmp_path, monkeypatch, {**PROJECT, **{place.path: place.content for place in PLACES}})
    try:
        (tmp_path / "gitconfig").write_text("")
        assert world.bot().code == 0, world.outputs
        body = world.pull_body()
        assert "EV00" in body  # the body read is the real one, with the secrets' findings in it
        sent = "\n".join(str(request.body) for request in world.standin.log)
        assert hits(body) == [] and hits(sent) == [] and hits("\n".join(world.outputs)) == []
    finally:
        world.standin.stop()
