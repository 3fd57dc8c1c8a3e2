"""The token: where it comes from, how git gets it, and how it is kept out of everything printed.

git gets it through an askpass helper that reads it from an environment variable of the git process only: it is
never in argv (which `ps` and git's error messages show), never in a remote URL, never in git config, and, with
every credential helper switched off for our commands (git/runner.py), never stored by one. Only the bot's
network commands get that variable (every other git call, and every command git could start, runs without it),
and the helper answers only the server the bot was told to use.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

TOKEN_VARIABLES = ("INFRA_FIX_TOKEN", "GITHUB_TOKEN")  # the first one set wins
ASKPASS_VARIABLE = "INFRA_FIX_ASKPASS_TOKEN"
# git asks "Username for 'https://github.com': ", then "Password for 'https://x-access-token@github.com': ", naming
# the server it is talking to. The helper answers those two prompts and nothing else: a redirect to another host,
# a URL rewritten by `insteadOf`, a plain-http URL, all make git name another server, and get no answer.
ASKPASS_SCRIPT = f"""#!/bin/sh
# git's askpass helper for infra-fix --pr: the token is read from the environment, never written down, and given
# only to the one server infra-fix was told to use
case "$1" in
  "Username for '$INFRA_FIX_ASKPASS_SERVER': ") echo x-access-token ;;
  "Password for '$INFRA_FIX_ASKPASS_LOGIN': ") printf '%s\\n' "${ASKPASS_VARIABLE}" ;;
  *) exit 1 ;;
esac
"""
_USERINFO = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)


def token(env: Mapping[str, str]) -> str | None:
    for name in TOKEN_VARIABLES:
        value = env.get(name, "").strip()
        if value:
            return value
    return None


def askpass_env(folder: Path, secret: str | None, server: str) -> dict[str, str]:
    """What git's network commands get on top of the runner's environment: the askpass helper and the token, for
    `server` (scheme://host[:port]) only. Without a token: nothing, so git asks no one."""
    if not secret:
        return {}
    script = folder / "askpass.sh"
    script.write_text(ASKPASS_SCRIPT)
    script.chmod(stat.S_IRWXU)
    scheme, _, host = server.partition("://")
    host = host.split("/", 1)[0]
    return {
        "GIT_ASKPASS": str(script),
        ASKPASS_VARIABLE: secret,
        "INFRA_FIX_ASKPASS_SERVER": f"{scheme}://{host}",
        "INFRA_FIX_ASKPASS_LOGIN": f"{scheme}://x-access-token@{host}",
    }


class Redactor:
    """Removes the secrets, and any user:password in a URL, from text about to be shown."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return _USERINFO.sub(r"\g<scheme>***@", text)
