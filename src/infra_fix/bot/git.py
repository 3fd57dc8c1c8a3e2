"""The git the bot runs: fetch the base, build the commit in a throwaway work tree, push with a lease.

The user's checkout is never switched, reset or written to: the fixes are computed in a detached work tree of the
up-to-date base, which is removed afterwards, and committed with plumbing (`apply --cached`, `write-tree`,
`commit-tree`) that runs no hook, no filter and no line-ending conversion. Every push is `--force-with-lease` on
the sha the bot last saw, so a commit someone pushes between our read and our push is never overwritten.

Every command goes through `git/runner.py` (its protections); the network ones (ls-remote, fetch, push) alone get
the askpass helper and the token, and talk to the URL built from the configured server, never to `origin`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from msgspec import Struct, field
from msgspec.structs import replace

from ..git import gitinfo, runner

TIMEOUT = 300
CHUNK_BYTES = 64 * 1024 * 1024  # blobs read per `cat-file --batch` call while building the work tree


class GitError(RuntimeError):
    pass


class Remote(Struct, frozen=True):
    """Where the network commands go, and what they carry: the URL built from the configured server (see
    target.py), the askpass environment (credentials.py), and whether plain http is allowed (loopback only)."""

    url: str
    env: Mapping[str, str] = field(default_factory=dict)
    plain_http: bool = False

    def settings(self) -> dict[str, str]:
        """For this URL exactly (git's most specific match, so no `http.<url>.*` of the checkout's outranks it):
        certificates always verified, so a proxy the configuration names sees an encrypted tunnel only; and over
        loopback http no proxy at all, since one would read the request in clear."""
        found = {f"http.{self.url}.sslVerify": "true"}
        if self.plain_http:
            found[f"http.{self.url}.proxy"] = ""
        return found


class Git(Struct, frozen=True):
    """git in one folder; `remote` is where the network commands go."""

    folder: Path
    redact: Callable[[str], str]
    remote: Remote | None = None  # None: no command may reach a server (never `origin` by default)

    def __call__(self, *args: str, stdin: str | None = None, ok: tuple[int, ...] = (0,), network: bool = False) -> str:
        """stdout; GitError (its message redacted) on any exit status not in `ok`."""
        proc = self.run(*args, stdin=stdin, network=network)
        if proc.code not in ok:
            detail = self.redact(proc.error or proc.text.strip())
            raise GitError(f"git {args[0]} failed ({proc.code}): {detail}")
        return proc.text

    def run(self, *args: str, stdin: str | bytes | None = None, network: bool = False) -> runner.Result:
        data = stdin.encode("utf-8", "surrogateescape") if isinstance(stdin, str) else stdin
        remote = self.remote if network else None
        if network and remote is None:
            raise GitError(f"git {args[0]}: no server to talk to was configured")
        try:
            return runner.run(
                self.folder,
                *args,
                stdin=data,
                env=remote.env if remote else None,
                allow_http=bool(remote and remote.plain_http),
                settings=remote.settings() if remote else None,
                timeout=TIMEOUT,
            )
        except runner.Unavailable as err:
            raise GitError(str(err)) from None

    def at(self, folder: Path) -> Git:
        return replace(self, folder=folder)

    def to(self, remote: Remote) -> Git:
        return replace(self, remote=remote)

    @property
    def url(self) -> str:
        if self.remote is None:
            raise GitError("no server to talk to was configured")
        return self.remote.url


def toplevel(git: Git) -> Path:
    """The checkout's root, once git may be trusted with it (gitinfo.toplevel's checks)."""
    try:
        top = gitinfo.toplevel(git.folder)
    except gitinfo.Refused as err:
        raise GitError(err.reason) from None
    if top is None:
        raise GitError(f"{git.folder} is not a git checkout")
    return top


def origin_url(git: Git) -> str:
    """What the checkout calls origin: compared with the repository the bot updates (target.check_origin), never
    used to connect."""
    return git("remote", "get-url", "origin").strip()


def remote_sha(git: Git, branch: str) -> str | None:
    """The branch's sha on the remote now, or None when it does not exist there."""
    line = git("ls-remote", "--heads", git.url, f"refs/heads/{branch}", network=True).strip()
    return line.split()[0] if line else None


def remote_heads(git: Git, *patterns: str) -> dict[str, str]:
    """The remote's branches matching the patterns (`infra-fix/blueprint-adopt-*`), by name, with their shas: asked
    of the bot's own server URL, never of what the checkout calls origin."""
    lines = git("ls-remote", "--heads", git.url, *(f"refs/heads/{p}" for p in patterns), network=True).splitlines()
    return {ref.removeprefix("refs/heads/"): sha for sha, ref in (line.split() for line in lines if line.strip())}


def fetch(git: Git, *branches: str) -> None:
    """Bring the remote's branches into refs/remotes/origin/; a shallow checkout is deepened (the bot compares
    histories), as after actions/checkout's default depth of 1."""
    refspecs = [f"+refs/heads/{b}:refs/remotes/origin/{b}" for b in branches]
    shallow = git("rev-parse", "--is-shallow-repository").strip() == "true"
    unshallow = ["--unshallow"] if shallow else []
    git("fetch", "--quiet", "--no-tags", *unshallow, git.url, *refspecs, network=True)


def sha(git: Git, ref: str) -> str:
    return git("rev-parse", "--verify", f"{ref}^{{commit}}").strip()


@contextmanager
def worktree(git: Git, commit: str) -> Iterator[Path]:
    """A detached work tree at `commit`, removed afterwards whatever happens. Its files are the blobs exactly as
    stored (`materialize`): no filter driver (the repository's .gitattributes names them), no line-ending or
    encoding conversion, no hook; its index is the commit's, so git lists the files as tracked."""
    folder = Path(tempfile.mkdtemp(prefix="infra-fix-pr-")) / "tree"
    git("worktree", "add", "--detach", "--no-checkout", "--quiet", str(folder), commit)
    try:
        tree = git.at(folder)
        tree("read-tree", commit)
        try:
            materialize(tree, commit, folder)
        except OSError as err:  # a duplicate entry, a full disk: the commit cannot be laid out here
            raise GitError(f"could not lay out {commit[:12]}'s files: {err.strerror or err}") from None
        yield folder
    finally:
        git("worktree", "remove", "--force", str(folder), ok=(0, 128))
        git("worktree", "prune", ok=(0, 128))
        shutil.rmtree(folder.parent, ignore_errors=True)


def materialize(git: Git, commit: str, folder: Path) -> None:
    """Writes the commit's files into the empty `folder`: regular files with their executable bit, symbolic links
    as links, a submodule as an empty folder. A path git itself would refuse to check out (`..`, `.git`, through
    a link written earlier) stops it with GitError."""
    entries: list[tuple[str, str, int, bytes]] = []  # mode, sha, size, path
    for record in git.run("ls-tree", "-r", "-z", "-l", "--full-tree", commit).out.split(b"\0"):
        if record:
            meta, _, path = record.partition(b"\t")
            mode, _kind, sha_, size = meta.split()
            entries.append((mode.decode(), sha_.decode(), int(size) if size.isdigit() else 0, path))
    links: set[bytes] = set()
    for chunk in _chunks([e for e in entries if e[0] != "160000"]):
        blobs = _blobs(git, [sha_ for _, sha_, _, _ in chunk])
        for (mode, _, _, path), data in zip(chunk, blobs, strict=True):
            target = _checked_path(folder, path, links)
            os.makedirs(target.parent, exist_ok=True)
            if mode == "120000":
                os.symlink(os.fsdecode(data), target)
                links.add(path)
                continue
            with open(target, "xb") as out:
                out.write(data)
            os.chmod(target, 0o755 if mode == "100755" else 0o644)
    for mode, _, _, path in entries:
        if mode == "160000":
            os.makedirs(_checked_path(folder, path, links), exist_ok=True)


def _chunks(entries: list[tuple[str, str, int, bytes]]) -> Iterator[list[tuple[str, str, int, bytes]]]:
    chunk: list[tuple[str, str, int, bytes]] = []
    size = 0
    for entry in entries:
        if chunk and size + entry[2] > CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
        chunk.append(entry)
        size += entry[2]
    if chunk:
        yield chunk


def _blobs(git: Git, shas: list[str]) -> list[bytes]:
    """The objects' contents, in order, from one `cat-file --batch` ("<sha> <type> <size>\\n<content>\\n" each)."""
    out = git.run("cat-file", "--batch", stdin="".join(f"{s}\n" for s in shas)).out
    found: list[bytes] = []
    at = 0
    for _ in shas:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        found.append(out[header_end + 1 : header_end + 1 + size])
        at = header_end + 1 + size + 1
    return found


def _checked_path(folder: Path, path: bytes, links: set[bytes]) -> Path:
    parts = path.split(b"/")
    bad = any(p in (b"", b".", b"..") or p.lower() == b".git" for p in parts)
    through_link = any(b"/".join(parts[:i]) in links for i in range(1, len(parts)))
    if bad or through_link:
        raise GitError(f"the commit holds a path git itself would refuse to check out: {os.fsdecode(path)!r}")
    return folder.joinpath(*(os.fsdecode(p) for p in parts))


def commit_patch(git: Git, patch: str, subdir: str, message: str, author: tuple[str, str]) -> str:
    """Apply the patch to the index (the blobs, not the files: nothing is converted or filtered), commit the result
    on HEAD as the bot, and return the new commit's sha. Plumbing only: no hook runs."""
    directory = ["--directory", subdir] if subdir else []
    git("apply", "--cached", "--whitespace=nowarn", *directory, "-", stdin=patch)
    tree = git("write-tree").strip()
    name, email = author
    identity = ("-c", f"user.name={name}", "-c", f"user.email={email}")
    return git(*identity, "commit-tree", tree, "-p", "HEAD", "-F", "-", stdin=message).strip()


def push(git: Git, commit: str, branch: str, expected: str | None) -> None:
    """Set the remote's branch to `commit` only if it is still at `expected` (None: only if it does not exist)."""
    lease = f"--force-with-lease=refs/heads/{branch}:{expected or ''}"
    git("push", "--quiet", "--no-verify", lease, git.url, f"{commit}:refs/heads/{branch}", network=True)


def delete_branch(git: Git, branch: str, expected: str) -> None:
    lease = f"--force-with-lease=refs/heads/{branch}:{expected}"
    git("push", "--quiet", "--no-verify", lease, git.url, f":refs/heads/{branch}", network=True)


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
    moved base as a conflict, which only costs a rebase). A merge driver defined in the configuration runs in
    merge-tree wherever a `.gitattributes` of the repository names it, and no command-line setting can switch it
    off: with one defined, a moved base counts as a conflict too, and merge-tree is not asked."""
    if git("config", "--get-regexp", r"^merge\..+\.driver$", ok=(0, 1)).strip():
        return behind(git, base, head)
    status = git.run("merge-tree", "--write-tree", "--name-only", "--no-messages", base, head).code
    if status in (0, 1):
        return status == 1
    return behind(git, base, head)
