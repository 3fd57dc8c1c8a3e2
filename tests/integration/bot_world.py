"""A world for `infra-fix --pr`: a bare repository as origin, the bot's checkout of it, a second clone where the
project's people commit, and the GitHub stand-in over the same bare repository (its API, and its git over HTTP,
which the checkout's origin names)."""

from __future__ import annotations

import os
import subprocess  # noqa: S404 - git on the test's own repositories
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from infra_fix.bot import github
from infra_fix.cli import main
from tests.conftest import Ran, make_repo
from tests.integration.github_standin import StandIn

TOKEN = "ghs_standinT0kenValue4fG7hJ9kL2mN5pQ8rS"  # the secret every test searches for
PROJECT = {
    "pyproject.toml": (
        '[project]\nname = "orders"\nversion = "0.1.0"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 88\n'
        'extend-select = ["C90"]\n'
    ),
    "src/orders/__init__.py": "",
    "tests/test_orders.py": "def test_nothing():\n    pass\n",
}
BRANCH = "infra-fix/blueprint"


def git(folder: Path, *args: str, author: str = "Dev <dev@example.com>") -> str:
    name, email = author[:-1].split(" <")
    env = {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
           "GIT_COMMITTER_EMAIL": email, "GIT_CONFIG_GLOBAL": os.devnull}  # fmt: skip
    proc = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, env=env, check=False)  # noqa: S603,S607
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@dataclass
class World:
    root: Path
    standin: StandIn
    sleeps: list[float] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)  # everything every run printed

    @property
    def origin(self) -> Path:
        return self.root / "origin.git"

    @property
    def checkout(self) -> Path:
        return self.root / "checkout"

    @property
    def people(self) -> Path:
        return self.root / "people"

    def bot(self, *args: str) -> Ran:
        result = CliRunner().invoke(main, ["--pr", str(self.checkout), *args], catch_exceptions=False)
        ran = Ran(result.exit_code, result.stdout_bytes.decode(), result.stderr_bytes.decode())
        self.outputs += [ran.stdout, ran.stderr]
        return ran

    def refs(self) -> dict[str, str]:
        """origin's branches and their shas: the remote side of "nothing was pushed"."""
        lines = git(self.origin, "for-each-ref", "--format=%(refname) %(objectname)").split("\n")
        return dict(line.split(" ") for line in lines if line)

    def commit_to_main(self, files: Mapping[str, str], message: str) -> None:
        git(self.people, "checkout", "-q", "main")
        git(self.people, "pull", "-q", "origin", "main")
        make_repo(self.people, files)
        git(self.people, "add", "-A")
        git(self.people, "commit", "-qm", message)
        git(self.people, "push", "-q", "origin", "main")

    def commit_to_branch(self, path: str, text: str, author: str = "Jane Doe <jane@example.com>") -> None:
        git(self.people, "fetch", "-q", "origin", f"+refs/heads/{BRANCH}:refs/remotes/origin/{BRANCH}")
        git(self.people, "checkout", "-q", "-B", "fix", f"origin/{BRANCH}")
        make_repo(self.people, {path: text})
        git(self.people, "commit", "-qam", "a human's own change", author=author)
        git(self.people, "push", "-q", "origin", f"HEAD:refs/heads/{BRANCH}", author=author)

    def pull_body(self, number: int = 1) -> str:
        return next(p["body"] for p in self.standin.pulls if p["number"] == number)


def build(root: Path, files: Mapping[str, str] = PROJECT) -> World:
    origin = root / "origin.git"
    origin.mkdir(parents=True)
    git(origin, "init", "-q", "--bare", "-b", "main")
    people = root / "people"
    people.mkdir()
    git(people, "init", "-q", "-b", "main")
    make_repo(people, files)
    git(people, "add", "-A")
    git(people, "commit", "-qm", "initial")
    git(people, "remote", "add", "origin", str(origin))
    git(people, "push", "-q", "origin", "main")
    git(root, "clone", "-q", str(origin), "checkout")
    standin = StandIn(origin, TOKEN)
    standin.start()
    # the bot's checkout is a clone of the stand-in's repository, as actions/checkout makes one of GitHub's
    git(root / "checkout", "remote", "set-url", "origin", standin.clone_url)
    return World(root, standin)


def environment(world: World) -> dict[str, str]:
    return {
        "INFRA_FIX_TOKEN": TOKEN,
        "GITHUB_API_URL": world.standin.url,
        "GITHUB_REPOSITORY": "acme/orders",
        "GIT_CONFIG_GLOBAL": str(world.root / "gitconfig"),
        "HOME": str(world.root),
    }


def fast_pace(world: World) -> github.Pace:
    """No throttling between requests, and waits recorded instead of slept."""
    return github.Pace(sleep=world.sleeps.append, between_requests=0, between_writes=0)


def entered(
    root: Path, monkeypatch: pytest.MonkeyPatch, files: Mapping[str, str] = PROJECT, *, runner_token: bool = True
) -> World:
    """A world built in `root` with the bot's environment set (`monkeypatch`), requests unthrottled and `root` the
    working folder; without `runner_token`, a GITHUB_TOKEN the test runner's own environment holds is removed."""
    world = build(root, files)
    for name, value in environment(world).items():
        monkeypatch.setenv(name, value)
    if not runner_token:
        monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setattr(github, "PACE", fast_pace(world))
    monkeypatch.chdir(root)
    return world
