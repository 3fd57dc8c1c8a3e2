"""A GitHub REST stand-in on loopback: the endpoints `infra-fix --pr` uses, with GitHub's documented shapes and
status codes, over a bare repository on disk that plays GitHub's git storage (so deleting a ref through the API
deletes the branch, as on GitHub), served over git's smart HTTP as `/{owner}/{name}.git` (git http-backend) to
clients that authenticate as GitHub's do (`x-access-token` and the token, by HTTP Basic).

Every request is logged, so a test can say "no API write happened"; faults can be queued per endpoint (rate
limits with their headers, server errors).
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess  # noqa: S404 - git on the test's own bare repository
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    body: Any


@dataclass
class Fault:
    method: str
    path: re.Pattern[str]
    status: int
    headers: dict[str, str]
    body: dict[str, Any]
    times: int  # how many more requests it answers; -1: all of them
    raw: bytes | None = None  # a body that is not JSON (an HTML page)
    content_type: str = "application/json; charset=utf-8"


@dataclass
class StandIn:
    bare: Path
    token: str
    owner: str = "acme"
    name: str = "orders"
    default_branch: str = "main"
    pulls: list[dict[str, Any]] = field(default_factory=list)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    log: list[Request] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    git_credentials: list[tuple[str, str]] = field(default_factory=list)  # what a git client sent over HTTP
    authorizations: list[str] = field(default_factory=list)  # every Authorization header received, API and git
    git_redirect: str = ""  # answer git's requests with a redirect to this URL (+ the path) instead
    url: str = ""

    def start(self) -> None:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                standin._handle(self, "GET")

            def do_POST(self) -> None:
                standin._handle(self, "POST")

            def do_PATCH(self) -> None:
                standin._handle(self, "PATCH")

            def do_DELETE(self) -> None:
                standin._handle(self, "DELETE")

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- what tests use ------------------------------------------------------------------------------------------

    def fail(  # noqa: PLR0913 - a fault's every part, by name
        self,
        method: str,
        path: str,
        status: int,
        *,
        times: int = 1,
        headers: dict[str, str] | None = None,
        message: str = "Server Error",
        raw: bytes | None = None,
        content_type: str = "application/json; charset=utf-8",
    ) -> None:
        fault = Fault(method, re.compile(path), status, headers or {}, {"message": message}, times, raw, content_type)
        self.faults.append(fault)

    @property
    def clone_url(self) -> str:
        return f"{self.url}/{self.owner}/{self.name}.git"

    def writes(self, since: int = 0) -> list[Request]:
        return [r for r in self.log[since:] if r.method != "GET"]

    def close_as_human(self, number: int) -> None:
        pull = self._pull(number)
        pull.update(state="closed", closed_at="2026-01-02T00:00:00Z")

    def open_pulls(self) -> list[dict[str, Any]]:
        return [p for p in self.pulls if p["state"] == "open"]

    # -- the API -------------------------------------------------------------------------------------------------

    def _handle(self, http: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(http.path)
        raw = _body(http)
        path = unquote(parts.path)
        self.authorizations.append(http.headers.get("Authorization") or "")
        if path.startswith(f"/{self.owner}/{self.name}.git/"):  # git's smart HTTP
            return self._git_http(http, method, path.removeprefix(f"/{self.owner}/{self.name}.git"), raw)
        body = json.loads(raw) if raw else None
        self.log.append(Request(method, path, parse_qs(parts.query), body))
        if http.headers.get("Authorization") not in (f"token {self.token}", f"Bearer {self.token}"):
            return self._send(http, 401, {"message": "Bad credentials"})
        for fault in self.faults:
            if fault.times != 0 and fault.method == method and fault.path.fullmatch(path):
                fault.times -= 1 if fault.times > 0 else 0
                if fault.raw is not None:
                    return self._send_raw(http, fault.status, fault.raw, fault.content_type, fault.headers)
                return self._send(http, fault.status, fault.body, fault.headers)
        status, payload = self._route(method, path, parse_qs(parts.query), body or {})
        self._send(http, status, payload)

    def _route(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        repo = f"/repos/{self.owner}/{self.name}"
        if not path.startswith(repo):
            return 404, {"message": "Not Found"}
        rest = path[len(repo) :]
        if rest == "" and method == "GET":
            return 200, self._repo_json()
        if rest == "/pulls" and method == "GET":
            return 200, self._list_pulls(query)
        if rest == "/pulls" and method == "POST":
            return self._create_pull(body)
        if match := re.fullmatch(r"/pulls/(\d+)", rest):
            pull = self._pull(int(match.group(1)))
            if method == "PATCH":
                pull.update({k: v for k, v in body.items() if k in ("title", "body", "state", "base")})
                if body.get("state") == "closed":
                    pull["closed_at"] = "2026-01-02T00:00:00Z"
            return 200, self._pull_json(pull)
        if (match := re.fullmatch(r"/pulls/(\d+)/requested_reviewers", rest)) and method == "POST":
            pull = self._pull(int(match.group(1)))
            pull["requested_reviewers"] += body.get("reviewers", [])
            return 201, self._pull_json(pull)
        if match := re.fullmatch(r"/issues/(\d+)/comments", rest):
            return self._comments(int(match.group(1)), method, body)
        if (match := re.fullmatch(r"/issues/(\d+)/labels", rest)) and method == "POST":
            pull = self._pull(int(match.group(1)))
            names = body if isinstance(body, list) else body.get("labels", [])  # GitHub takes either form
            pull["labels"] += [name for name in names if name not in pull["labels"]]
            return 200, [self._label(name) for name in pull["labels"]]
        if (match := re.fullmatch(r"/git/refs/heads/(.+)", rest)) and method == "DELETE":
            if self._sha(match.group(1)) is None:
                return 422, {"message": "Reference does not exist"}
            self._git("update-ref", "-d", f"refs/heads/{match.group(1)}")
            return 204, None
        return 404, {"message": "Not Found"}

    def _create_pull(self, body: dict[str, Any]) -> tuple[int, Any]:
        head, base = body.get("head", ""), body.get("base", "")
        branch = head.split(":", 1)[-1]
        if self._sha(branch) is None:
            errors = [{"resource": "PullRequest", "field": "head", "code": "invalid"}]
            return 422, {"message": "Validation Failed", "errors": errors}
        if any(p["head"] == branch and p["state"] == "open" for p in self.pulls):
            message = f"A pull request already exists for {self.owner}:{branch}."
            return 422, {"message": "Validation Failed", "errors": [{"resource": "PullRequest", "code": "custom",
                                                                      "message": message}]}  # fmt: skip
        pull = {
            "number": len(self.pulls) + 1,
            "state": "open",
            "title": body.get("title", ""),
            "body": body.get("body", ""),
            "draft": bool(body.get("draft", False)),
            "head": branch,
            "base": base,
            "labels": [],
            "requested_reviewers": [],
            "merged_at": None,
            "closed_at": None,
        }
        self.pulls.append(pull)
        return 201, self._pull_json(pull)

    def _comments(self, number: int, method: str, body: dict[str, Any]) -> tuple[int, Any]:
        self._pull(number)
        found = self.comments.setdefault(number, [])
        if method == "GET":
            return 200, found
        comment = {
            "id": 1000 + sum(len(c) for c in self.comments.values()),
            "body": body.get("body", ""),
            "user": {"login": "infra-fix[bot]", "id": 2, "type": "Bot"},
            "url": f"{self.url}/repos/{self.owner}/{self.name}/issues/comments/1",
            "created_at": "2026-01-01T00:00:00Z",
        }
        found.append(comment)
        return 201, comment

    def _list_pulls(self, query: dict[str, list[str]]) -> list[dict[str, Any]]:
        state = query.get("state", ["open"])[0]
        head = query.get("head", [None])[0]
        found = [p for p in reversed(self.pulls) if state == "all" or p["state"] == state]
        if head is not None:
            owner, _, branch = head.partition(":")
            found = [p for p in found if owner == self.owner and p["head"] == branch]
        return [self._pull_json(p) for p in found]

    def _pull(self, number: int) -> dict[str, Any]:
        return next(p for p in self.pulls if p["number"] == number)

    def _pull_json(self, pull: dict[str, Any]) -> dict[str, Any]:
        api = f"{self.url}/repos/{self.owner}/{self.name}"
        number = pull["number"]
        return {
            "url": f"{api}/pulls/{number}",
            "id": number,
            "number": number,
            "html_url": f"https://github.example/{self.owner}/{self.name}/pull/{number}",
            "issue_url": f"{api}/issues/{number}",
            "state": pull["state"],
            "title": pull["title"],
            "body": pull["body"],
            "draft": pull["draft"],
            "merged_at": pull["merged_at"],
            "closed_at": pull["closed_at"],
            "user": {"login": "infra-fix[bot]", "id": 2, "type": "Bot"},
            "labels": [self._label(name) for name in pull["labels"]],
            "requested_reviewers": [{"login": login, "id": 3, "type": "User"} for login in pull["requested_reviewers"]],
            "head": {
                "label": f"{self.owner}:{pull['head']}",
                "ref": pull["head"],
                "sha": self._sha(pull["head"]) or "0" * 40,
                "repo": self._repo_json(),
            },  # fmt: skip
            "base": {
                "label": f"{self.owner}:{pull['base']}",
                "ref": pull["base"],
                "sha": self._sha(pull["base"]),
                "repo": self._repo_json(),
            },  # fmt: skip
        }

    def _repo_json(self) -> dict[str, Any]:
        return {
            "id": 1,
            "name": self.name,
            "full_name": f"{self.owner}/{self.name}",
            "owner": {"login": self.owner, "id": 1, "type": "Organization"},
            "private": False,
            "default_branch": self.default_branch,
            "url": f"{self.url}/repos/{self.owner}/{self.name}",
            "html_url": f"https://github.example/{self.owner}/{self.name}",
        }

    def _label(self, name: str) -> dict[str, Any]:
        return {"id": abs(hash(name)) % 10_000, "name": name, "color": "ededed", "default": False}

    def _sha(self, branch: str) -> str | None:
        proc = self._git("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")
        return proc.stdout.strip() or None

    def _git(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")}
        command = ["git", "-C", str(self.bare), *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603

    def _git_http(self, http: BaseHTTPRequestHandler, method: str, path: str, body: bytes) -> None:
        """git http-backend over the bare repository, for a client that sends the token as GitHub wants it; anyone
        else is asked for credentials (401), as for a private repository on GitHub."""
        if self.git_redirect:
            http.send_response(302)
            http.send_header("Location", self.git_redirect + http.path)
            http.send_header("Content-Length", "0")
            http.end_headers()
            return None
        auth = http.headers.get("Authorization", "")
        user, password = "", ""
        if auth.startswith("Basic "):
            user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
            self.git_credentials.append((user, password))
        if (user, password) != ("x-access-token", self.token):
            http.send_response(401)
            http.send_header("WWW-Authenticate", 'Basic realm="GitHub"')
            http.send_header("Content-Length", "0")
            http.end_headers()
            return None
        parts = urlsplit(http.path)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": str(self.bare.parent),
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": f"/{self.bare.name}{path}",
            "REQUEST_METHOD": method,
            "QUERY_STRING": parts.query,
            "CONTENT_TYPE": http.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_USER": user,
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_CONTENT_ENCODING": http.headers.get("Content-Encoding", ""),
            "GIT_PROTOCOL": http.headers.get("Git-Protocol", ""),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
        }
        proc = subprocess.run(  # noqa: S603 - the test's own git, on the test's own repository
            ["git", "http-backend"],  # noqa: S607
            input=body,
            env=env,
            capture_output=True,
            check=False,  # noqa: S607
        )
        head, _, payload = proc.stdout.partition(b"\r\n\r\n")
        status, headers = 200, []
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(": ")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers.append((name, value))
        http.send_response(status)
        for name, value in headers:
            http.send_header(name, value)
        http.send_header("Content-Length", str(len(payload)))
        http.end_headers()
        http.wfile.write(payload)
        return None

    def _send_raw(self, http: BaseHTTPRequestHandler, status: int, data: bytes, kind: str, headers: dict[str, str]
                  ) -> None:  # fmt: skip
        http.send_response(status)
        http.send_header("Content-Type", kind)
        http.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            http.send_header(name, value)
        http.end_headers()
        http.wfile.write(data)

    def _send(self, http: BaseHTTPRequestHandler, status: int, payload: Any, headers: dict[str, str] | None = None
              ) -> None:  # fmt: skip
        data = b"" if payload is None else json.dumps(payload).encode()
        http.send_response(status)
        http.send_header("Content-Type", "application/json; charset=utf-8")
        http.send_header("Content-Length", str(len(data)))
        limits = {"X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "4999",
                  "X-RateLimit-Reset": str(int(time.time()) + 3600)}  # fmt: skip
        for name, value in {**limits, **(headers or {})}.items():
            http.send_header(name, value)
        http.end_headers()
        http.wfile.write(data)


def _body(http: BaseHTTPRequestHandler) -> bytes:
    """The request's body, sent with a length or in chunks (git sends large requests chunked)."""
    if http.headers.get("Transfer-Encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int(http.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                http.rfile.readline()
                return b"".join(chunks)
            chunks.append(http.rfile.read(size))
            http.rfile.readline()
    length = int(http.headers.get("Content-Length") or 0)
    return http.rfile.read(length) if length else b""
