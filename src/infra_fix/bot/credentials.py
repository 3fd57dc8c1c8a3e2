"""The token: where it comes from, how git gets it, and how it is kept out of everything printed.

git gets it through an askpass helper that reads it from an environment variable of the git process only: it is
never in argv (which `ps` and git's error messages show), never in a remote URL, never in git config, and, with
every credential helper switched off for our commands, never stored by one.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path

TOKEN_VARIABLES = ("INFRA_FIX_TOKEN", "GITHUB_TOKEN")  # the first one set wins
ASKPASS_VARIABLE = "INFRA_FIX_ASKPASS_TOKEN"
ASKPASS_SCRIPT = f"""#!/bin/sh
# git's askpass helper for infra-fix --pr: the token is read from the environment, never written down
case "$1" in
  Username*) echo x-access-token ;;
  *) printf '%s\\n' "${ASKPASS_VARIABLE}" ;;
esac
"""
_USERINFO = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@\s]+@", re.IGNORECASE)


def token(env: Mapping[str, str]) -> str | None:
    for name in TOKEN_VARIABLES:
        value = env.get(name, "").strip()
        if value:
            return value
    return None


def askpass_env(folder: Path, secret: str | None) -> dict[str, str]:
    """Environment for git's network commands: the askpass helper (when there is a token), no prompts, no
    credential helper's help, no trace output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_TRACE") and k not in TOKEN_VARIABLES}
    env["GIT_TERMINAL_PROMPT"] = "0"
    if secret:
        script = folder / "askpass.sh"
        script.write_text(ASKPASS_SCRIPT)
        script.chmod(stat.S_IRWXU)
        env["GIT_ASKPASS"] = str(script)
        env[ASKPASS_VARIABLE] = secret
    return env


class Redactor:
    """Removes the secrets, and any user:password in a URL, from text about to be shown."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return _USERINFO.sub(r"\g<scheme>***@", text)
