"""The GitHub REST calls the bot makes, through PyGithub (its retry, throttling and pagination), and nothing else.

Every error leaves as an `ApiError` whose text is built here from the status and GitHub's message, then redacted:
PyGithub's and requests' exceptions can carry request headers and URLs, so their text is never shown as is.

Every answer is checked before PyGithub reads it (`_checked`): a redirect is refused (the token is never sent
after one, and PyGithub would otherwise follow some with the Authorization header, or stop with a RuntimeError),
and a success that is not JSON (a login page, a proxy's HTML) is an error that says so, instead of a missing
default branch surfacing later as "couldn't find remote ref refs/heads/None".
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from github import Auth, Github, GithubException, GithubRetry
from github.GithubException import RateLimitExceededExceedsMaxWait
from github.Requester import HTTPRequestsConnectionClass, HTTPSRequestsConnectionClass, RequestsResponse
from msgspec import Struct
from requests import RequestException
from urllib3 import BaseHTTPResponse
from urllib3.exceptions import HTTPError

if TYPE_CHECKING:
    from github.PullRequest import PullRequest
    from github.Repository import Repository

T = TypeVar("T")


class Pace(Struct, frozen=True):
    """How patient the client is. Tests swap `PACE` for one whose `sleep` records instead of sleeping."""

    sleep: Callable[[float], None] = time.sleep
    max_wait: float = 300.0  # a rate-limit reset further away than this fails the run (exit 2) instead
    retries: int = 6
    backoff: float = 1.0  # 5xx: urllib3 retries once at once, then waits 2, 4, 8 ... seconds
    between_requests: float = 0.25  # PyGithub's defaults, which follow GitHub's advice for integrations
    between_writes: float = 1.0


PACE = Pace()


class ApiError(RuntimeError):
    pass


class Pull(Struct, frozen=True):
    number: int
    open: bool
    merged: bool
    body: str
    url: str


class _Retry(GithubRetry):
    """GithubRetry (Retry-After, X-RateLimit-Reset, secondary limits, 5xx) with 429 retried as well and every
    wait going through `Pace.sleep`, capped at `Pace.max_wait`."""

    def __init__(self, pace: Pace = PACE, **kwargs: Any) -> None:  # noqa: ANN401 - Retry.new passes its state back
        kwargs.setdefault("status_forcelist", [*range(500, 600), 429])
        kwargs.setdefault("max_rate_limit_wait", pace.max_wait)
        kwargs.setdefault("total", pace.retries)
        kwargs.setdefault("backoff_factor", pace.backoff)
        kwargs.setdefault("backoff_max", pace.max_wait)
        super().__init__(**kwargs)
        self.pace = pace

    def new(self, **kw: Any) -> _Retry:  # noqa: ANN401 - as above
        return super().new(pace=self.pace, **kw)  # type: ignore[return-value]

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        wait = self.get_retry_after(response) if response is not None else None
        if wait is None:
            wait = self.get_backoff_time()
        if wait > 0:
            self.pace.sleep(min(wait, self.pace.max_wait))


class Api:
    """One repository's pull requests, comments and branches."""

    def __init__(self, base_url: str, token: str | None, slug: str, redact: Callable[[str], str]) -> None:
        pace = PACE
        self._redact = redact
        self._client = Github(
            auth=Auth.Token(token) if token else None,
            base_url=base_url,
            retry=_Retry(pace),
            seconds_between_requests=pace.between_requests or None,
            seconds_between_writes=pace.between_writes or None,
        )
        _check_answers(self._client, base_url)
        self._slug = slug
        self._owner = slug.split("/", 1)[0]
        self._repo: Repository | None = None
        self._pulls: dict[int, PullRequest] = {}

    def default_branch(self) -> str:
        branch = self._call("read the repository", lambda: self._repository().default_branch)
        if not isinstance(branch, str) or not branch:
            raise ApiError(f"read the repository: the API's answer for {self._slug} names no default branch")
        return branch

    def pulls(self, branch: str) -> list[Pull]:
        """Every pull request, open or closed, whose head is the bot's branch (newest first)."""

        def fetch() -> list[Pull]:
            found = self._repository().get_pulls(state="all", head=f"{self._owner}:{branch}")
            return [self._keep(pr) for pr in found if pr.head.ref == branch]

        return self._call("list pull requests", fetch)

    def create_pull(self, title: str, body: str, head: str, base: str, *, draft: bool) -> Pull:
        """A new pull request; if GitHub says one already exists (a retried POST that had in fact succeeded, or a
        concurrent run), that one, never a second."""
        try:
            return self._call(
                "open the pull request",
                lambda: self._keep(self._repository().create_pull(base, head, title=title, body=body, draft=draft)),
                handled=True,
            )
        except _Unprocessable as err:
            existing = [pr for pr in self.pulls(head) if pr.open]
            if existing:
                return existing[0]
            raise ApiError(f"open the pull request: {err}") from None

    def update_pull(self, number: int, *, body: str | None = None, close: bool = False) -> None:
        changes: dict[str, Any] = {}
        if body is not None:
            changes["body"] = body
        if close:
            changes["state"] = "closed"
        self._call(f"update #{number}", lambda: self._pulls[number].edit(**changes))

    def comment(self, number: int, body: str) -> None:
        self._call(f"comment on #{number}", lambda: self._pulls[number].create_issue_comment(body))

    def comments(self, number: int) -> list[str]:
        return self._call(
            f"read the comments on #{number}", lambda: [c.body for c in self._pulls[number].get_issue_comments()]
        )

    def add_labels(self, number: int, labels: Sequence[str]) -> None:
        self._call(f"label #{number}", lambda: self._pulls[number].add_to_labels(*labels))

    def request_reviewers(self, number: int, reviewers: Sequence[str]) -> None:
        pull = self._pulls[number]
        self._call(f"request reviews on #{number}", lambda: pull.create_review_request(reviewers=list(reviewers)))

    def delete_branch(self, branch: str) -> bool:
        """DELETE /repos/{owner}/{repo}/git/refs/heads/{branch}; False when GitHub has no such branch."""
        url = f"{self._repository().url}/git/refs/heads/{urllib.parse.quote(branch)}"
        try:
            self._call("delete the branch", lambda: self._client.requester.requestJsonAndCheck("DELETE", url), True)
        except (_Unprocessable, _NotFound):
            return False
        return True

    def _repository(self) -> Repository:
        if self._repo is None:
            self._repo = self._client.get_repo(self._slug)
        return self._repo

    def _keep(self, pr: PullRequest) -> Pull:
        self._pulls[pr.number] = pr
        return Pull(pr.number, pr.state == "open", pr.merged_at is not None, pr.body or "", pr.html_url)

    def _call(self, what: str, call: Callable[[], T], handled: bool = False) -> T:
        try:
            return call()
        except _Unexpected as err:
            raise ApiError(self._redact(f"{what}: {err}")) from None
        except RateLimitExceededExceedsMaxWait as err:
            raise ApiError(f"{what}: rate limited for longer than {PACE.max_wait:.0f} s ({err.status})") from None
        except GithubException as err:
            message = err.data.get("message", "") if isinstance(err.data, dict) else ""
            detail = self._redact(f"{what}: HTTP {err.status} {message}".strip())
            if handled and err.status == 422:  # GitHub's 'Unprocessable Entity': a duplicate, a missing ref
                raise _Unprocessable(detail) from None
            if handled and err.status == 404:
                raise _NotFound(detail) from None
            raise ApiError(detail) from None
        except (RequestException, HTTPError) as err:
            raise ApiError(self._redact(f"{what}: {type(err).__name__}: {err}")) from None


class _Unprocessable(Exception):
    pass


class _Unexpected(HTTPError):
    """An answer GitHub's API does not give: a redirect, or a success that is not JSON."""


def _check_answers(client: Github, base_url: str) -> None:
    """Every response of this client goes through `_checked` first. PyGithub has no public hook for it: the
    requester's connection class (one instance per host, kept alive) is swapped for a checking subclass."""
    plain = base_url.startswith("http://")
    base = HTTPRequestsConnectionClass if plain else HTTPSRequestsConnectionClass
    checking = type(f"Checked{base.__name__}", (base,), {"getresponse": _checked(base.getresponse)})
    client.requester._Requester__connectionClass = checking  # type: ignore[attr-defined]  # noqa: SLF001


def _checked(getresponse: Callable[[Any], RequestsResponse]) -> Callable[[Any], RequestsResponse]:
    def checked(connection: Any) -> RequestsResponse:  # noqa: ANN401 - PyGithub's connection object
        response = getresponse(connection)
        status = response.status
        headers = {name.lower(): value for name, value in response.getheaders()}
        if 300 <= status < 400:
            raise _Unexpected(
                f"HTTP {status} redirect to {headers.get('location', '(nowhere)')}, not followed: the token is never"
                " sent after a redirect (point GITHUB_API_URL at the API itself, or use a renamed repository's new "
                "name)"
            )
        kind = headers.get("content-type", "")
        if 200 <= status < 300 and "json" not in kind.lower() and response.read().strip():
            raise _Unexpected(
                f"HTTP {status} answered with {kind.split(';')[0] or 'no content type'}, not JSON: is GITHUB_API_URL "
                "GitHub's API (https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server)?"
            )
        return response

    return checked


class _NotFound(Exception):
    pass
