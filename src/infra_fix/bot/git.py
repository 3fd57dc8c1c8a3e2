"""The git the bot runs: fetch the base, build the commit in a throwaway work tree, push with a lease.

The user's checkout is never switched, reset or written to: the fixes are computed and committed in a detached
work tree of the up-to-date base, which is removed afterwards. Every push is `--force-with-lease` on the sha the
bot last saw, so a commit someone pushes between our read and our push is never overwritten.
"""

from __future__ import annotations

import shutil
import subprocess  # noqa: S404 - git with fixed arguments, never through a shell
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Our commands must not depend on, or feed, the user's settings: no credential helper that would store the
# token, no hooks of the project's, no signing prompt, no newline conversion of the patched files.
CONFIG = (
    "-c", "credential.helper=", "-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false",
    "-c", "core.autocrlf=false", "-c", "core.safecrlf=false", "-c", "advice.detachedHead=false",
)  # fmt: skip
TIMEOUT = 300


class GitError(RuntimeError):
    pass


@dataclass(frozen=True)
class Git:
    """git in one folder, with the environment that carries the credentials (see credentials.py)."""

    folder: Path
    env: Mapping[str, str]
    redact: Callable[[str], str]

    def __call__(self, *args: str, stdin: str | None = None, ok: tuple[int, ...] = (0,)) -> str:
        """stdout; GitError (its message redacted) on any exit status not in `ok`."""
        proc = self.run(*args, stdin=stdin)
        if proc.returncode not in ok:
            detail = self.redact(proc.stderr.strip() or proc.stdout.strip())
            raise GitError(f"git {args[0]} failed ({proc.returncode}): {detail}")
        return proc.stdout

    def run(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        git = shutil.which("git")
        if git is None:
            raise GitError("git is not installed")
        try:
            return subprocess.run(  # noqa: S603 - fixed arguments
                [git, *CONFIG, "-C", str(self.folder), *args],
                input=stdin,
                capture_output=True,
                text=True,
                env=dict(self.env),
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as err:
            raise GitError(f"git {args[0]} took longer than {TIMEOUT} s") from err

    def at(self, folder: Path) -> Git:
        return Git(folder, self.env, self.redact)


def toplevel(git: Git) -> Path:
    try:
        return Path(git("rev-parse", "--show-toplevel").strip())
    except GitError as err:
        raise GitError(f"{git.folder} is not a git checkout") from err


def origin_url(git: Git) -> str:
    return git("remote", "get-url", "origin").strip()


def remote_sha(git: Git, branch: str) -> str | None:
    """The branch's sha on origin now, or None when it does not exist there."""
    line = git("ls-remote", "--heads", "origin", f"refs/heads/{branch}").strip()
    return line.split()[0] if line else None


def remote_heads(git: Git, *patterns: str) -> dict[str, str]:
    """origin's branches matching the patterns (`infra-fix/blueprint-adopt-*`), by name, with their shas."""
    lines = git("ls-remote", "--heads", "origin", *(f"refs/heads/{p}" for p in patterns)).splitlines()
    return {ref.removeprefix("refs/heads/"): sha for sha, ref in (line.split() for line in lines if line.strip())}


def fetch(git: Git, *branches: str) -> None:
    """Bring origin's branches into refs/remotes/origin/; a shallow checkout is deepened (the bot compares
    histories), as after actions/checkout's default depth of 1."""
    refspecs = [f"+refs/heads/{b}:refs/remotes/origin/{b}" for b in branches]
    shallow = git("rev-parse", "--is-shallow-repository").strip() == "true"
    git("fetch", "--quiet", "--no-tags", *(["--unshallow"] if shallow else []), "origin", *refspecs)


def sha(git: Git, ref: str) -> str:
    return git("rev-parse", "--verify", f"{ref}^{{commit}}").strip()


@contextmanager
def worktree(git: Git, commit: str) -> Iterator[Path]:
    """A detached work tree at `commit`, removed afterwards whatever happens."""
    folder = Path(tempfile.mkdtemp(prefix="infra-fix-pr-")) / "tree"
    git("worktree", "add", "--detach", "--quiet", str(folder), commit)
    try:
        yield folder
    finally:
        git("worktree", "remove", "--force", str(folder), ok=(0, 128))
        git("worktree", "prune", ok=(0, 128))
        shutil.rmtree(folder.parent, ignore_errors=True)


def commit_patch(git: Git, patch: str, subdir: str, message: str, author: tuple[str, str]) -> str:
    """Apply the patch to the index and the files, commit as the bot, and return the new commit's sha."""
    directory = ["--directory", subdir] if subdir else []
    git("apply", "--index", "--whitespace=nowarn", *directory, "-", stdin=patch)
    name, email = author
    identity = ("-c", f"user.name={name}", "-c", f"user.email={email}")
    git(*identity, "commit", "--quiet", "--no-verify", "--author", f"{name} <{email}>", "-F", "-", stdin=message)
    return sha(git, "HEAD")


def push(git: Git, commit: str, branch: str, expected: str | None) -> None:
    """Set origin's branch to `commit` only if it is still at `expected` (None: only if it does not exist)."""
    lease = f"--force-with-lease=refs/heads/{branch}:{expected or ''}"
    git("push", "--quiet", "--no-verify", lease, "origin", f"{commit}:refs/heads/{branch}")


def delete_branch(git: Git, branch: str, expected: str) -> None:
    lease = f"--force-with-lease=refs/heads/{branch}:{expected}"
    git("push", "--quiet", "--no-verify", lease, "origin", f":refs/heads/{branch}")


def foreign_commits(git: Git, base: str, head: str, email: str) -> list[str]:
    """Commits on the branch and not in the base that someone other than the bot wrote or committer-signed
    (a rebase or GitHub's 'Update branch' keeps the bot as author but makes another committer)."""
    log = git("log", "--format=%h%x00%ae%x00%ce%x00%an", f"{base}..{head}")
    found = []
    for line in log.splitlines():
        short, author, committer, name = line.split("\0")
        if author.lower() != email.lower() or committer.lower() != email.lower():
            found.append(f"{short} ({name})")
    return found


def behind(git: Git, base: str, head: str) -> bool:
    """Whether the base has commits the branch lacks."""
    return git("merge-base", base, head).strip() != base


def conflicts(git: Git, base: str, head: str) -> bool:
    """Whether merging the branch into the base would conflict (git 2.38's merge-tree; an older git counts a
    moved base as a conflict, which only costs a rebase)."""
    status = git.run("merge-tree", "--write-tree", "--name-only", "--no-messages", base, head).returncode
    if status in (0, 1):
        return status == 1
    return behind(git, base, head)
