"""`infra-fix --pr` on repositories nobody vetted (issue 13): the token goes to the configured GitHub server over
https (loopback http here), never to a host that the repository's configuration, a redirect or a rewritten URL
names; no command of the repository's choosing runs. The marker of each attack is a loopback server's request log
that must not hold the token, or a file a hostile command would write."""

from __future__ import annotations

import base64
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import make_repo
from tests.integration.bot_world import BRANCH, TOKEN, World, entered, git
from tests.integration.hostile_git import hostile_config

SELECT = ("--select", "RF")


@dataclass
class Elsewhere:
    """A loopback server that is not the GitHub server: it logs every request's Authorization header and asks for
    credentials (401, Basic), as a server fishing for a token would."""

    headers: list[str] = field(default_factory=list)
    url: str = ""

    def start(self) -> None:
        log = self.headers

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                log.append(self.headers.get("Authorization") or "")
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="give me your token"')
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PATCH = do_DELETE = _any  # noqa: N815 - http.server's names

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def got_the_token(self) -> bool:
        basic = base64.b64encode(f"x-access-token:{TOKEN}".encode()).decode()
        return any(TOKEN in h or basic in h for h in self.headers)


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    world = entered(tmp_path, monkeypatch)
    yield world
    world.standin.stop()


@pytest.fixture
def elsewhere() -> Iterator[Elsewhere]:
    server = Elsewhere()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def marks(tmp_path: Path) -> Path:
    folder = tmp_path / "marks"
    folder.mkdir()
    return folder


def test_commands_the_checkout_configures_never_run(world: World, marks: Path, elsewhere: Elsewhere) -> None:
    """Hooks, fsmonitor, filter and merge drivers (selected by the project's .gitattributes), signing, askpass,
    credential helpers, uploadpack: none runs, the pull request is still made, and a pushurl is not obeyed."""
    world.commit_to_main({".gitattributes": "* filter=evil diff=evil merge=evil\n"}, "attributes")
    git(world.checkout, "pull", "-q", str(world.origin), "main")  # (as actions/checkout leaves it: up to date)
    with open(world.checkout / ".git/config", "a", encoding="utf-8") as config:
        config.write(hostile_config(marks, f"pushurl = {elsewhere.url}/acme/orders.git"))  # origin stays
    ran = world.bot(*SELECT)
    assert ran.code == 0, ran.stderr
    assert world.standin.open_pulls()
    assert 'lint.extend-select = ["C90"]' in git(world.origin, "show", f"{BRANCH}:pyproject.toml")
    conflicting = (world.people / "pyproject.toml").read_text().replace('extend-select = ["C90"]', 'select = ["E"]')
    world.commit_to_main({"pyproject.toml": conflicting}, "a change the bot's branch conflicts with")
    assert world.bot(*SELECT).code == 0  # (looks whether its branch still merges: merge-tree's drivers)
    assert sorted(os.listdir(marks)) == []
    assert elsewhere.headers == []


def test_an_origin_that_is_not_the_repository_to_update_is_refused(world: World, elsewhere: Elsewhere) -> None:
    git(world.checkout, "remote", "set-url", "origin", f"{elsewhere.url}/acme/orders.git")
    ran = world.bot(*SELECT)
    assert ran.code == 2
    assert f"the checkout's origin ({elsewhere.url}/acme/orders.git) is not {world.standin.clone_url}" in ran.stderr
    assert elsewhere.headers == []
    assert world.standin.writes() == []


def test_a_configuration_the_repository_ships_never_chooses_the_origin(
    world: World, marks: Path, elsewhere: Elsewhere
) -> None:
    """A tracked folder laid out as a bare repository, whose config names another origin: `--pr` on it is refused
    before git reads that config."""
    config = f'[core]\n\tbare = true\n\tfsmonitor = "env > {marks}/fsmonitor; false"\n'
    config += f'[remote "origin"]\n\turl = {elsewhere.url}/acme/orders.git\n'
    layout = {"svc/HEAD": "ref: refs/heads/main\n", "svc/config": config, "svc/objects/.keep": "",
              "svc/refs/.keep": "", "svc/pyproject.toml": '[project]\nname = "svc"\n'}  # fmt: skip
    world.commit_to_main(layout, "a service")
    git(world.checkout, "pull", "-q", str(world.origin), "main")
    ran = world.bot(*SELECT, "--dry-run")  # (the campaign's path, given as --pr PATH)
    assert ran.code == 0  # the checkout itself is fine
    from click.testing import CliRunner

    from infra_fix.cli import main

    result = CliRunner().invoke(main, ["--pr", str(world.checkout / "svc"), *SELECT], catch_exceptions=False)
    assert result.exit_code == 2
    assert "is laid out as a bare git repository" in result.stderr
    assert elsewhere.headers == []
    assert sorted(os.listdir(marks)) == []


def test_a_redirect_from_the_git_server_gets_no_token(world: World, elsewhere: Elsewhere) -> None:
    world.standin.git_redirect = elsewhere.url
    ran = world.bot(*SELECT)
    assert ran.code == 2
    assert elsewhere.headers  # git did follow the redirect there...
    assert not elsewhere.got_the_token()  # ...and the askpass helper gave it nothing
    assert TOKEN not in ran.stdout + ran.stderr


def test_a_url_rewritten_by_the_checkouts_configuration_gets_no_token(world: World, elsewhere: Elsewhere) -> None:
    """`insteadOf` changes what origin says (refused before anything is sent); `pushInsteadOf` rewrites the push
    URL only, which git then asks credentials for under the other host's name: the askpass helper gives none."""
    git(world.checkout, "config", f"url.{elsewhere.url}/.insteadOf", f"{world.standin.url}/")
    refused = world.bot(*SELECT)
    assert refused.code == 2 and "the checkout's origin" in refused.stderr
    git(world.checkout, "config", "--unset", f"url.{elsewhere.url}/.insteadOf")
    git(world.checkout, "config", f"url.{elsewhere.url}/.pushInsteadOf", f"{world.standin.url}/")
    ran = world.bot(*SELECT)
    assert ran.code == 2
    assert elsewhere.headers and not elsewhere.got_the_token()
    assert world.standin.open_pulls() == []


@pytest.mark.parametrize("variable", ["GITHUB_API_URL", "GITHUB_SERVER_URL"])
def test_plain_http_to_another_host_is_an_error(world: World, variable: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(variable, "http://192.0.2.10/api/v3")  # TEST-NET: nothing there, nothing is sent
    ran = world.bot(*SELECT)
    assert ran.code == 2
    assert f"{variable}=http://192.0.2.10/api/v3 is plain http to a host that is not this machine" in ran.stderr
    assert world.standin.log == []


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_an_api_redirect_is_refused_and_the_token_does_not_follow(
    world: World, elsewhere: Elsewhere, status: int
) -> None:
    world.standin.fail("GET", "/repos/acme/orders", status, headers={"Location": f"{elsewhere.url}/repos/x/y"})
    ran = world.bot(*SELECT)  # (a traceback would raise here: catch_exceptions=False)
    assert ran.code == 2
    assert f"read the repository: HTTP {status} redirect to {elsewhere.url}/repos/x/y, not followed" in ran.stderr
    assert elsewhere.headers == []


def test_a_redirect_later_in_the_run_is_refused_too(world: World, elsewhere: Elsewhere) -> None:
    world.standin.fail("GET", "/repos/acme/orders/pulls", 302, headers={"Location": f"{elsewhere.url}/pulls"})
    ran = world.bot(*SELECT)
    assert ran.code == 2
    assert "list pull requests: HTTP 302 redirect" in ran.stderr
    assert elsewhere.headers == []
    assert world.standin.writes() == []  # reads come first: nothing was changed on the remote


def test_an_html_page_from_the_api_is_a_clear_error(world: World) -> None:
    page = b"<!DOCTYPE html><html><body>Sign in to your proxy</body></html>"
    world.standin.fail("GET", "/repos/acme/orders", 200, raw=page, content_type="text/html; charset=utf-8")
    ran = world.bot(*SELECT)
    assert ran.code == 2
    assert "read the repository: HTTP 200 answered with text/html, not JSON: is GITHUB_API_URL" in ran.stderr
    assert "refs/heads/None" not in ran.stderr


def test_only_the_commands_that_reach_the_server_carry_the_token(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A `git` first on PATH records, for every call the bot makes, its subcommand and which of the variables
    that matter it had (never their values)."""
    log = tmp_path / "calls.log"
    wrapper = make_repo(tmp_path / "bin", {"git": ""}) / "git"
    real = "/usr/bin/git" if Path("/usr/bin/git").exists() else "git"
    watched = "INFRA_FIX_TOKEN GITHUB_TOKEN INFRA_FIX_ASKPASS_TOKEN GIT_ASKPASS GIT_DIR GIT_CONFIG_PARAMETERS"
    wrapper.write_text(
        "#!/bin/sh\n"
        f'line="$*"\nfor v in {watched}; do eval "x=\\${{$v+set}}"; [ "$x" = set ] && line="$line | $v"; done\n'
        f'echo "$line" >> {log}\nexec {real} "$@"\n'
    )
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("GIT_DIR", str(world.people / ".git"))  # as inside a hook: must not lead git astray
    ran = world.bot(*SELECT)
    assert ran.code == 0, ran.stderr
    calls = [c for c in log.read_text().splitlines() if c.startswith("--no-pager ")]  # infra-fix's, not the stand-in's
    network = [c for c in calls if any(f" {cmd} " in f" {c} " for cmd in ("ls-remote", "fetch", "push"))]
    local = [c for c in calls if c not in network]
    assert network and local
    assert all("INFRA_FIX_ASKPASS_TOKEN" in c for c in network)
    assert not any(v in c for c in calls for v in ("INFRA_FIX_TOKEN", "GITHUB_TOKEN", "GIT_DIR", "PARAMETERS"))
    assert not any("INFRA_FIX_ASKPASS_TOKEN" in c for c in local)
    assert all("GIT_ASKPASS" in c for c in calls)  # (set, and empty where there is no token to give)


def test_a_proxy_the_checkout_names_never_sees_the_token(world: World, elsewhere: Elsewhere) -> None:
    """Over loopback http a proxy would read the request in clear: none is used; over https certificates are
    always verified for the server's URL (`http.<url>.sslVerify`), so a proxy sees an encrypted tunnel only."""
    git(world.checkout, "config", "http.proxy", elsewhere.url)
    git(world.checkout, "config", f"http.{world.standin.url}/.sslVerify", "false")
    ran = world.bot(*SELECT)
    assert ran.code == 0, ran.stderr
    assert elsewhere.headers == []
