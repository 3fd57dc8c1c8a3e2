"""The one place infra-fix runs git: as a tool, never as the repository's agent.

A repository nobody vetted can carry git configuration of its own (a tracked folder laid out as a bare repository,
an unpacked archive's `.git`), and git obeys configuration from the folder it runs in: commands to run
(`core.fsmonitor`, hooks, pagers, askpass, filter and diff drivers), transports that run commands (`ext::`,
`file://` with `uploadpack`), where the work tree is (`core.worktree`). Every call made here carries settings on
the command line, which git reads after every configuration file, so none of those can undo them; the environment
keeps nothing that points git elsewhere (`GIT_DIR`, `GIT_CONFIG_PARAMETERS`, ...) and none of infra-fix's secrets.
What the command line cannot reach (a filter driver's name is the repository's choice) is handled where it matters:
the bot checks out without filters (`bot/git.py`), and `gitinfo.toplevel` refuses a folder git would take a foreign
configuration from before any other call.

Nothing else in infra-fix starts git (tests/unit/test_git_runner.py fails on any other `subprocess` use of git).
"""

from __future__ import annotations

import os
import shutil
import subprocess  # noqa: S404 - git with fixed arguments, never through a shell
from collections.abc import Mapping
from pathlib import Path

from msgspec import Struct

TIMEOUT = 30.0

# Read by git after every configuration file (system, global, the repository's own, its includes): the last word.
PROTECTIONS = (
    "-c", "safe.bareRepository=explicit",  # a folder laid out as a bare repository is refused, never used
    "-c", "core.fsmonitor=false",  # a command git would run on every index read
    "-c", "core.hooksPath=/dev/null",  # no hook of the repository's (reference-transaction, post-checkout, ...)
    "-c", "core.pager=cat",
    "-c", "core.askPass=",  # (GIT_ASKPASS, set below, already wins; this is the fallback's fallback)
    "-c", "credential.helper=",  # resets every helper configured before, URL-specific ones included
    "-c", "core.sshCommand=false",
    "-c", "core.alternateRefsCommand=",
    "-c", "diff.external=",
    "-c", "commit.gpgSign=false",
    "-c", "tag.gpgSign=false",
    "-c", "protocol.allow=never",  # no ext::, file://, ssh://, git:// (uploadpack, proxies, ...)
    "-c", "protocol.https.allow=always",
    "-c", "gc.auto=0",
    "-c", "maintenance.auto=false",
    "-c", "core.autocrlf=false",  # bytes as they are in the repository, in both directions
    "-c", "core.safecrlf=false",
)  # fmt: skip
# What the user's environment may still say about git: which of *their* configuration files to read (tests and CI
# point these elsewhere) and the certificates to trust. Every other GIT_* variable is dropped: GIT_DIR,
# GIT_WORK_TREE, GIT_INDEX_FILE (set when infra-fix runs inside a git hook), GIT_CONFIG_PARAMETERS and
# GIT_CONFIG_COUNT (which would come before our command line), GIT_EXEC_PATH, GIT_SSH_COMMAND, GIT_ASKPASS, ...
KEPT_GIT_VARIABLES = frozenset(
    {"GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_NOSYSTEM", "GIT_SSL_CAINFO", "GIT_SSL_CAPATH"}
)
# infra-fix's own secrets: given back only to the calls that need them (the bot's fetch and push, see bot/git.py)
SECRET_VARIABLES = frozenset({"INFRA_FIX_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "INFRA_FIX_ASKPASS_TOKEN", "SSH_ASKPASS"})


class Unavailable(Exception):
    """git is not installed, or did not answer in time."""


class Result(Struct, frozen=True):
    code: int
    out: bytes
    err: bytes

    @property
    def text(self) -> str:
        """stdout as the file system names things: undecodable bytes kept (surrogateescape), never an error."""
        return os.fsdecode(self.out)

    @property
    def error(self) -> str:
        return self.err.decode("utf-8", "replace").strip()


def run(
    folder: Path,
    *args: str,
    stdin: bytes | None = None,
    env: Mapping[str, str] | None = None,
    allow_http: bool = False,
    settings: Mapping[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> Result:
    """`git -C folder ARGS` with the protections. `env` adds variables (the bot's askpass for its network calls);
    `allow_http` allows plain http, for a loopback server only (the caller checks the host); `settings` adds
    `-c key=value` pairs of the caller's, after the protections."""
    git = shutil.which("git")
    if git is None:
        raise Unavailable("git is not installed")
    extra = [("protocol.http.allow", "always")] if allow_http else []
    extra += list((settings or {}).items())
    added = tuple(item for key, value in extra for item in ("-c", f"{key}={value}"))
    try:
        proc = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [git, "--no-pager", *PROTECTIONS, *added, "-C", str(folder), *args],
            input=stdin,
            capture_output=True,
            env=environment(env),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise Unavailable(f"git {args[0]} took longer than {timeout:g} s") from None
    except OSError as err:
        raise Unavailable(f"git could not be started ({err.strerror or err})") from None
    return Result(proc.returncode, proc.stdout, proc.stderr)


def environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The process environment without what could point git elsewhere or carry a secret, plus `extra`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not (name.startswith("GIT_") and name not in KEPT_GIT_VARIABLES) and name not in SECRET_VARIABLES
    }
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["GIT_ASKPASS"] = ""  # set and empty: neither core.askPass nor SSH_ASKPASS is asked
    env["GIT_PAGER"] = "cat"
    env["LC_ALL"] = "C"  # git's messages in English: a few are recognised (gitinfo.toplevel)
    env.pop("LANGUAGE", None)
    env.update(extra or {})
    return env
