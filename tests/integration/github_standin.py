"""A GitHub REST stand-in on loopback: the endpoints `infra-fix --pr` uses, with GitHub's documented shapes and
status codes, over a bare repository on disk that plays GitHub's git storage (so deleting a ref through the API
deletes the branch, as on GitHub).

Every request is logged, so a test can say "no API write happened"; faults can be queued per endpoint (rate
limits with their headers, server errors).
"""

from __future__ import annotations

import base64
import json
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

    def fail(self, method: str, path: str, status: int, *, times: int = 1, headers: dict[str, str] | None = None,
             message: str = "Server Error") -> None:  # fmt: skip
        self.faults.append(Fault(method, re.compile(path), status, headers or {}, {"message": message}, times))

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
        length = int(http.headers.get("Content-Length") or 0)
        raw = http.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        path = unquote(parts.path)
        if path.endswith("/info/refs"):  # git's smart HTTP: only to see which credentials git sends
            return self._git_http(http)
        self.log.append(Request(method, path, parse_qs(parts.query), body))
        if http.headers.get("Authorization") not in (f"token {self.token}", f"Bearer {self.token}"):
            return self._send(http, 401, {"message": "Bad credentials"})
        for fault in self.faults:
            if fault.times != 0 and fault.method == method and fault.path.fullmatch(path):
                fault.times -= 1 if fault.times > 0 else 0
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
        return subprocess.run(["git", "-C", str(self.bare), *args], capture_output=True, text=True, check=False)  # noqa: S603,S607

    def _git_http(self, http: BaseHTTPRequestHandler) -> None:
        """git's first request over HTTP: ask for credentials, record the ones sent, then show an empty
        repository, so git counts the credentials as good (and would hand them to a credential helper)."""
        auth = http.headers.get("Authorization", "")
        if not auth.startswith("Basic "):
            return self._send(
                http, 401, {"message": "Requires authentication"}, {"WWW-Authenticate": 'Basic realm="x"'}
            )
        user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
        self.git_credentials.append((user, password))
        service = b"# service=git-upload-pack\n"
        empty = b"0" * 40 + b" capabilities^{}\0\n"
        payload = _pkt(service) + b"0000" + _pkt(empty) + b"0000"
        http.send_response(200)
        http.send_header("Content-Type", "application/x-git-upload-pack-advertisement")
        http.send_header("Content-Length", str(len(payload)))
        http.end_headers()
        http.wfile.write(payload)
        return None

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


def _pkt(data: bytes) -> bytes:
    return f"{len(data) + 4:04x}".encode() + data
