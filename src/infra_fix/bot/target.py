"""Which repository the bot talks about, where its API and its git server are, and whether the checkout is a clone
of it: GitHub Actions' own variables first.

The token goes to two places only, both from the environment the user controls, never from the repository: the
API (`GITHUB_API_URL`) and the git server (`GITHUB_SERVER_URL`), each over https (plain http only to a loopback
address, for tests). The git URL is built from the server and `owner/name` as actions/checkout builds it; the
checkout's `origin` is only compared with it, never used: a configuration the repository could ship (or rewrite
with `insteadOf`) never chooses where the token goes.
"""

from __future__ import annotations

import ipaddress
import re
import urllib.parse
from collections.abc import Mapping

DEFAULT_API = "https://api.github.com"
DEFAULT_SERVER = "https://github.com"
# https://host/owner/name(.git), ssh://git@host(:port)/owner/name(.git), git@host:owner/name(.git)
_REMOTE = re.compile(r"^(?:[a-z+]+://(?:[^@/]+@)?[^/]+/|[^@/:]+@[^:/]+:)(?P<slug>[^/]+/[^/]+?)(?:\.git)?/?$")
_SCP = re.compile(r"^(?:[^@/:]+@)?(?P<host>[^:/]+):(?P<path>[^/].*)$")  # git@host:owner/name, scp-like
_SLUG = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class TargetError(ValueError):
    pass


def api_url(env: Mapping[str, str]) -> str:
    return _checked("GITHUB_API_URL", (env.get("GITHUB_API_URL") or DEFAULT_API).rstrip("/"))


def server_url(env: Mapping[str, str]) -> str:
    """The git server: GITHUB_SERVER_URL (GitHub Actions sets it), else the API's host (github.com for
    api.github.com, the host itself for GitHub Enterprise's https://HOST/api/v3 and for a stand-in)."""
    given = (env.get("GITHUB_SERVER_URL") or "").rstrip("/")
    if given:
        return _checked("GITHUB_SERVER_URL", given)
    api = urllib.parse.urlsplit(api_url(env))
    if api.hostname == "api.github.com":
        return DEFAULT_SERVER
    return f"{api.scheme}://{api.netloc}"


def clone_url(server: str, slug: str) -> str:
    return f"{server}/{slug}.git"


def plain_http(url: str) -> bool:
    """Whether `url` is plain http (then, as checked, to a loopback address)."""
    return urllib.parse.urlsplit(url).scheme == "http"


def repository(env: Mapping[str, str], origin: str) -> str:
    """`owner/name` from INFRA_FIX_REPOSITORY (an organisation campaign's job checks out another repository than
    the one its workflow, GITHUB_REPOSITORY, belongs to), then GITHUB_REPOSITORY, else the origin remote's URL."""
    for name in ("INFRA_FIX_REPOSITORY", "GITHUB_REPOSITORY"):
        slug = env.get(name, "").strip()
        if slug and not _SLUG.match(slug):
            raise TargetError(f"{name} must be owner/name, not {slug!r}")
        if slug:
            return slug
    found = _REMOTE.match(origin.strip())
    if not found or not _SLUG.match(found.group("slug")):
        raise TargetError("cannot tell the GitHub repository from the origin remote: set GITHUB_REPOSITORY=owner/name")
    return found.group("slug")


def check_origin(origin: str, server: str, slug: str) -> None:
    """The checkout must be a clone of the repository the bot updates, on the same server: a pull request computed
    from some other repository's files (an origin the repository's own configuration names) is refused."""
    host, port, path = _where(origin.strip())
    expected = urllib.parse.urlsplit(server)
    name = path.strip("/").removesuffix(".git").lower()
    same_port = port is None or port == _port(expected)
    if host != (expected.hostname or "").lower() or not same_port or name != slug.lower():
        raise TargetError(
            f"the checkout's origin ({_without_userinfo(origin)}) is not {clone_url(server, slug)}: infra-fix --pr "
            "updates only the repository the checkout was cloned from (set GITHUB_REPOSITORY, GITHUB_SERVER_URL "
            "or the origin remote to agree)"
        )


def _where(url: str) -> tuple[str, int | None, str]:
    """Host, port (http and https URLs only: ssh's is another service) and path of a remote URL."""
    if "://" in url:
        parts = urllib.parse.urlsplit(url)
        port = _port(parts) if parts.scheme in ("http", "https") else None
        return (parts.hostname or "").lower(), port, parts.path
    scp = _SCP.match(url)
    if scp:
        return scp["host"].lower(), None, scp["path"]
    return "", None, url  # a local path: no server at all


def _port(parts: urllib.parse.SplitResult) -> int | None:
    try:
        return parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        return -1  # not a port: matches none


def _without_userinfo(url: str) -> str:
    return re.sub(r"(?<=://)[^/@\s]+@", "", url)


def _checked(name: str, url: str) -> str:
    """https anywhere; plain http only to a loopback address (a stand-in in tests): the token must never cross a
    network in clear text."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname and _loopback(parts.hostname):
        return url
    if parts.scheme == "http":
        raise TargetError(
            f"{name}={url} is plain http to a host that is not this machine: the token would cross the network in "
            "clear text; use https"
        )
    raise TargetError(f"{name} must be an https URL, not {url!r}")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
