"""The token never shows: not in any output or error, commit, git config, reflog or object of either clone, nor in
anything the bot sends to GitHub; and git gets it only through the askpass helper, which no credential helper
ever sees."""

from __future__ import annotations

import os
import subprocess  # noqa: S404 - git on the test's own repositories
from collections.abc import Iterator
from pathlib import Path

import pytest

from infra_fix.bot import credentials
from infra_fix.bot.git import Git, Remote
from tests.integration.bot_world import BRANCH, TOKEN, World, entered, git

SELECT = ("--select", "RF")


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    world = entered(tmp_path, monkeypatch)
    # a credential helper that stores whatever it is handed: the bot must never hand it the token
    (tmp_path / "gitconfig").write_text(f"[credential]\n\thelper = store --file={tmp_path / 'stored-credentials'}\n")
    yield world
    world.standin.stop()


def everything_git_keeps(repo: Path) -> bytes:
    """Every file under the repository's git folder, raw, plus every object decompressed and every reflog."""
    folder = repo if repo.name.endswith(".git") else repo / ".git"
    raw = b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())
    batch = ["git", "-C", str(repo), "cat-file", "--batch-all-objects", "--batch"]
    objects = subprocess.run(batch, capture_output=True, check=True).stdout  # noqa: S603
    reflog = git(repo, "reflog", "--all").encode() if (folder / "logs").exists() else b""
    config = git(repo, "config", "--list", "--show-origin").encode()
    return raw + objects + reflog + config


def test_the_token_is_nowhere_after_a_whole_campaign(world: World) -> None:
    assert world.bot(*SELECT, "--label", "infra").code == 0  # opens
    world.commit_to_branch("pyproject.toml", "# someone's own\n")
    assert world.bot(*SELECT).code == 0  # comments and stops
    assert world.bot(*SELECT, "--dry-run").code == 0  # prints the body
    assert world.bot(*SELECT, "--force").code == 0  # takes the branch back
    git(world.people, "fetch", "-q", "origin")
    git(world.people, "push", "-q", "origin", f"origin/{BRANCH}:refs/heads/main")
    assert world.bot(*SELECT).code == 0  # closes
    world.standin.fail("GET", "/repos/acme/orders", 401, times=-1, message=f"Bad credentials {TOKEN}")
    failed = world.bot(*SELECT)
    assert failed.code == 2 and "HTTP 401" in failed.stderr  # an error that echoes the token back...
    assert all(output for output in world.outputs[:2])  # (the search below is over real output)
    searched = "\n".join(world.outputs).encode()
    searched += b"".join(str(r.body).encode() for r in world.standin.log)
    searched += everything_git_keeps(world.checkout) + everything_git_keeps(world.origin)
    searched += everything_git_keeps(world.people)
    assert TOKEN.encode() not in searched  # ...is shown redacted, like everything else
    assert b"***" in searched
    assert not (world.root / "stored-credentials").exists()


def test_a_token_in_the_origin_url_is_not_shown_in_git_errors(world: World) -> None:
    git(world.checkout, "remote", "set-url", "origin", f"http://x-access-token:{TOKEN}@127.0.0.1:9/acme/orders.git")
    ran = world.bot(*SELECT)
    assert ran.code == 2
    assert "127.0.0.1:9" in ran.stderr  # the error names the remote...
    assert TOKEN not in ran.stdout + ran.stderr  # ...without its credentials


def test_git_gets_the_token_through_askpass_and_no_helper_stores_it(world: World, tmp_path: Path) -> None:
    env = credentials.askpass_env(tmp_path, TOKEN, world.standin.url)
    remote = Remote(world.standin.clone_url, env, plain_http=True)
    runner = Git(world.checkout, credentials.Redactor([TOKEN]), remote)
    runner("ls-remote", remote.url, network=True)
    assert set(world.standin.git_credentials) == {("x-access-token", TOKEN)}
    assert not (tmp_path / "stored-credentials").exists()
    assert TOKEN not in (tmp_path / "askpass.sh").read_text()
    assert TOKEN not in git(world.checkout, "config", "--list")
    # the control: the same git without our `-c credential.helper=` does hand the token to the helper
    control = ["git", "-C", str(world.checkout), "ls-remote", remote.url]
    subprocess.run(control, env={**os.environ, **env}, capture_output=True, check=False)  # noqa: S603
    assert TOKEN in (tmp_path / "stored-credentials").read_text()
