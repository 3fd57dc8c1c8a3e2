"""Which repository the bot talks about, and where its API is: GitHub Actions' own variables first."""

from __future__ import annotations

import re
from collections.abc import Mapping

DEFAULT_API = "https://api.github.com"
# https://host/owner/name(.git), ssh://git@host(:port)/owner/name(.git), git@host:owner/name(.git)
_REMOTE = re.compile(r"^(?:[a-z+]+://(?:[^@/]+@)?[^/]+/|[^@/:]+@[^:/]+:)(?P<slug>[^/]+/[^/]+?)(?:\.git)?/?$")
_SLUG = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class TargetError(ValueError):
    pass


def api_url(env: Mapping[str, str]) -> str:
    return (env.get("GITHUB_API_URL") or DEFAULT_API).rstrip("/")


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
