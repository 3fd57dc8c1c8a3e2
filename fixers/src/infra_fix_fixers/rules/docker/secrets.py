"""DF012: secrets in a Dockerfile. By name, as BuildKit's SecretsUsedInArgOrEnv and hadolint's DL3064 judge `ARG`
and `ENV` (a build argument named like a secret stays in the image's metadata even without a default); by value,
as gitleaks judges any instruction (a token, a password in a URL). Reported, never moved: the value is never
printed, only the name and the line."""

from __future__ import annotations

import shlex

from ...facts import secrets
from ...fixer import check
from ...model import Severity
from .image import Run
from .rules import BUILD_SECRETS


def _pairs(keyword: str, value: str) -> list[tuple[str, str | None]]:
    """The names of an ARG or ENV with their values (None: an ARG without a default)."""
    try:
        words = shlex.split(value, posix=True)
    except ValueError:
        words = value.split()
    if keyword == "ENV" and words and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]))]  # the legacy `ENV NAME value`
    pairs: list[tuple[str, str | None]] = []
    for word in words:
        name, eq, val = word.partition("=")
        pairs.append((name, val if eq else None))
    return pairs


@check(BUILD_SECRETS)
def build_secrets(run: Run) -> None:
    doc = run.doc
    if doc.image.purpose in ("sample", "test"):
        return
    for index, item in enumerate(doc.instructions):
        at = (index,)
        reported = False
        if item.keyword in ("ARG", "ENV"):
            for name, value in _pairs(item.keyword, item.value):
                found = secrets.assigned(name, value) if value is not None else None
                if found is not None:
                    run.report(BUILD_SECRETS, f"{item.keyword} {name} holds {found.kind}: it stays in the image's "
                               f"history; pass it with `RUN --mount=type=secret,id={name.lower()}` (or at run time) "
                               "and rotate it", at=at)  # fmt: skip
                    reported = True
                elif secrets.secret_name(name):
                    run.report(BUILD_SECRETS, f"{item.keyword} {name} is named like a secret: build arguments and "
                               "ENV values stay in the image's metadata; pass it with "
                               f"`RUN --mount=type=secret,id={name.lower()}` instead", at=at,
                               severity=Severity.WARNING)  # fmt: skip
                    reported = True
        if not reported:
            for found in secrets.in_text(item.value) + [s for body in item.heredocs for s in secrets.in_text(body)]:
                run.report(BUILD_SECRETS, f"{item.keyword} holds {found.kind}: it stays in the image's layers and in "
                           "every clone; pass it as a build secret and rotate it", at=at)  # fmt: skip
                break
