"""`infra-fix --pr`: look (git and the API), decide (decide.py), act, and say what was done, for each proposal: one
pull request for the repairs, one per adoption (plan.py), each on its own branch, each closable on its own.

Reads come before writes, so a failing API leaves the remote as it was; a branch pushed for a pull request that
then cannot be opened is deleted again, so the remote never keeps a branch without its pull request.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from msgspec import Struct

from infra_fix_fixers import Fixer

from ..config import Flags
from ..output import report
from ..output.formats import own_version, rules_by_code
from ..output.markdown import fingerprint_in, render
from . import credentials, git, target
from .decide import Branch, Decision, Do, Seen, decide
from .plan import ADOPT_INFIX, Plan, Proposal, proposals

if TYPE_CHECKING:  # the client is imported by --pr runs only, inside run_pr
    from .github import Api

HUMAN_MARKER = "<!-- infra-fix:foreign-commits -->"
CLOSED_MARKER = "<!-- infra-fix:closed-by-bot -->"


class BotError(RuntimeError):
    pass


class Context(Struct, frozen=True):
    """What one run works with: the user's checkout, the project's folder inside it, the remote's state."""

    git: git.Git
    subdir: str
    branch: str
    base: str  # the default branch's name
    base_sha: str
    author: tuple[str, str]
    out: TextIO


def run_pr(  # noqa: PLR0913 - the flags of --pr, by name
    path: Path,
    flags: Flags,
    fixers: list[Fixer],
    *,
    dry_run: bool,
    force: bool,
    branch: str,
    labels: tuple[str, ...],
    reviewers: tuple[str, ...],
    draft: bool,
    rebase_when: str,
    git_author: str,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """0 when the pull request is as it should be (or the bot politely stopped); 2 on any failure."""
    stdout, stderr = out or sys.stdout, err or sys.stderr  # looked up now: a test runner swaps them after import
    secret = credentials.token(os.environ)
    redact = credentials.Redactor([secret])
    try:
        author = _identity(git_author)
        with tempfile.TemporaryDirectory(prefix="infra-fix-askpass-") as folder:
            runner = git.Git(path.resolve(), redact)
            top = git.toplevel(runner)
            subdir = os.path.relpath(path.resolve(), top.resolve()).replace(os.sep, "/")
            subdir = "" if subdir == "." else subdir
            runner = runner.at(top)
            origin = git.origin_url(runner)
            slug = target.repository(os.environ, origin)
            server = target.server_url(os.environ)
            target.check_origin(origin, server, slug)
            if secret is None and not dry_run:
                raise BotError("no token: set INFRA_FIX_TOKEN or GITHUB_TOKEN")
            askpass = credentials.askpass_env(Path(folder), secret, server)
            runner = runner.to(git.Remote(target.clone_url(server, slug), askpass, target.plain_http(server)))
            from .github import Api, ApiError

            try:
                api = Api(target.api_url(os.environ), secret, slug, redact)
                base = api.default_branch()
                wants = Wants(branch, author, dry_run, force, labels, reviewers, draft, rebase_when)
                return _run(api, runner, subdir, base, wants, flags, fixers, stdout, stderr)
            except ApiError as error:
                raise BotError(str(error)) from None
    except (BotError, git.GitError, target.TargetError) as error:
        stderr.write(redact(f"infra-fix --pr: error: {error}") + "\n")
        return 2


class Wants(Struct, frozen=True):
    """The flags of --pr."""

    branch: str
    author: tuple[str, str]
    dry_run: bool
    force: bool
    labels: tuple[str, ...]
    reviewers: tuple[str, ...]
    draft: bool
    rebase_when: str


def _run(  # noqa: PLR0913
    api: Api,
    runner: git.Git,
    subdir: str,
    base: str,
    wants: Wants,
    flags: Flags,
    fixers: list[Fixer],
    out: TextIO,
    err: TextIO,
) -> int:
    heads = git.remote_heads(runner, wants.branch, f"{wants.branch}{ADOPT_INFIX}*")
    git.fetch(runner, base, *heads)
    base_sha = git.sha(runner, f"refs/remotes/origin/{base}")
    with git.worktree(runner, base_sha) as tree:
        whole, found = proposals(tree / subdir if subdir else tree, flags, fixers, wants.branch)
    err.write(runner.redact(report.text(whole.entries, whole.ignored, fixed="in the pull request")))
    # an adoption's branch the plan no longer proposes: its pull request is closed as no longer needed
    stale = [b for b in heads if b not in {p.branch for p in found} and ADOPT_INFIX in b]
    found += [Proposal(b.rpartition(ADOPT_INFIX)[2], b, Plan((), "", ())) for b in stale]
    for proposal in found:
        ctx = Context(runner, subdir, proposal.branch, base, base_sha, wants.author, out)
        plan = proposal.plan
        body = render(
            plan.entries, plan.ignored, rules_by_code(fixers), fingerprint=plan.fingerprint, version=own_version()
        )
        seen = _look(api, ctx, proposal, body, heads.get(proposal.branch), errors=whole.failed)
        decision = decide(seen, force=wants.force, rebase_when=wants.rebase_when)
        if wants.dry_run:
            _dry_run(ctx, decision, seen, body)
        else:
            _act(api, ctx, decision, seen, proposal, body, wants)
    return 2 if whole.failed else 0  # as --apply: the other files' fixes are made, the error still counts


def _look(api: Api, ctx: Context, proposal: Proposal, body: str, remote_branch: str | None, *, errors: bool) -> Seen:
    plan = proposal.plan
    pulls = api.pulls(ctx.branch)
    open_pr = next((p for p in pulls if p.open), None)
    # closed unmerged by a human (the bot marks the ones it closes itself): for this same change set, or for an
    # adoption, for any (declining to adopt a tool is the decision)
    human_closed = [p for p in pulls if not p.open and not p.merged and CLOSED_MARKER not in p.body]
    same = (p for p in human_closed if proposal.sticky or fingerprint_in(p.body) == plan.fingerprint)
    closed_same = next((p.number for p in same), None)
    branch = None
    if remote_branch:
        head = f"refs/remotes/origin/{ctx.branch}"
        foreign = tuple(git.foreign_commits(ctx.git, ctx.base_sha, head, ctx.author[1]))
        branch = Branch(
            remote_branch, foreign, git.behind(ctx.git, ctx.base_sha, head), git.conflicts(ctx.git, ctx.base_sha, head)
        )
    warned = False
    if open_pr and branch and branch.foreign:  # the comments are read only when they matter
        warned = any(HUMAN_MARKER in comment for comment in api.comments(open_pr.number))
    return Seen(
        has_changes=bool(plan.patch),
        errors=errors,
        fingerprint=plan.fingerprint,
        body=body,
        open_pr=open_pr.number if open_pr else None,
        open_fingerprint=fingerprint_in(open_pr.body) if open_pr else None,
        open_body=open_pr.body if open_pr else "",
        closed_same=closed_same,
        branch=branch,
        warned=warned,
        declined_for_good=proposal.sticky,
    )


def _act(  # noqa: PLR0913
    api: Api, ctx: Context, decision: Decision, seen: Seen, proposal: Proposal, body: str, wants: Wants
) -> None:
    say = _sayer(ctx)
    expected = seen.branch.sha if seen.branch else None
    plan = proposal.plan
    if decision.do is Do.OPEN:
        commit = _commit(ctx, proposal)
        git.push(ctx.git, commit, ctx.branch, expected)
        try:
            pull = api.create_pull(proposal.title, body, ctx.branch, ctx.base, draft=wants.draft)
        except BaseException:  # whatever stopped us, the remote keeps no branch without its pull request
            git.delete_branch(ctx.git, ctx.branch, commit)
            raise
        if wants.labels:
            api.add_labels(pull.number, wants.labels)
        if wants.reviewers:
            api.request_reviewers(pull.number, wants.reviewers)
        say(f"opened #{pull.number} ({ctx.branch} into {ctx.base}): {', '.join(plan.codes)} {pull.url}")
    elif decision.do is Do.UPDATE and seen.open_pr is not None:
        if decision.push:
            git.push(ctx.git, _commit(ctx, proposal), ctx.branch, expected)
        if decision.body:
            api.update_pull(seen.open_pr, body=body)
        say(f"updated #{seen.open_pr}: {decision.why}")
    elif decision.do is Do.CLOSE and seen.open_pr is not None:
        api.comment(seen.open_pr, _closing_comment(ctx, seen, proposal))
        api.update_pull(seen.open_pr, body=seen.open_body + "\n" + CLOSED_MARKER + "\n", close=True)
        if seen.branch:
            _delete_branch(api, ctx, seen.branch.sha)
        say(f"closed #{seen.open_pr} and deleted {ctx.branch}: {decision.why}")
    elif decision.do is Do.DELETE_BRANCH and seen.branch is not None:
        _delete_branch(api, ctx, seen.branch.sha)
        say(f"deleted {ctx.branch}: {decision.why}")
    elif decision.do is Do.STOP:
        if decision.comment and seen.open_pr is not None:
            api.comment(seen.open_pr, _foreign_comment(ctx, seen))
        say(f"stopped: {decision.why}")
    else:
        say(f"{ctx.branch}: {decision.why}")


def _commit(ctx: Context, proposal: Proposal) -> str:
    """The proposal's patch committed on the base in a work tree of its own: each applies to the base alone."""
    with git.worktree(ctx.git, ctx.base_sha) as fresh:
        return git.commit_patch(ctx.git.at(fresh), proposal.plan.patch, ctx.subdir, _message(proposal), ctx.author)


def _delete_branch(api: Api, ctx: Context, sha: str) -> None:
    """Through the API; git as well when the remote still has it (a remote that is not GitHub's own storage)."""
    api.delete_branch(ctx.branch)
    if git.remote_sha(ctx.git, ctx.branch) == sha:
        git.delete_branch(ctx.git, ctx.branch, sha)


def _dry_run(ctx: Context, decision: Decision, seen: Seen, body: str) -> None:
    steps = {
        Do.OPEN: f"push {ctx.branch} and open a pull request into {ctx.base}",
        Do.UPDATE: f"push {ctx.branch} and update #{seen.open_pr}"
        if decision.push
        else f"update the body of #{seen.open_pr}",
        Do.CLOSE: f"comment on #{seen.open_pr}, close it, delete {ctx.branch}",
        Do.DELETE_BRANCH: f"delete {ctx.branch}",
        Do.STOP: f"comment on #{seen.open_pr} and stop" if decision.comment else "stop",
        Do.NOTHING: f"do nothing on {ctx.branch}",
    }
    _sayer(ctx)(f"dry run: would {steps[decision.do]} ({decision.why})")
    if decision.do in (Do.OPEN, Do.UPDATE):
        ctx.out.write("\n" + ctx.git.redact(body))


def _sayer(ctx: Context):  # noqa: ANN202 - a local printer
    return lambda message: ctx.out.write(ctx.git.redact(f"infra-fix --pr: {message}") + "\n")


def _message(proposal: Proposal) -> str:
    return f"{proposal.title}\n\nRules: {', '.join(proposal.plan.codes)}\n"


def _closing_comment(ctx: Context, seen: Seen, proposal: Proposal) -> str:
    what = (
        "the infrastructure files follow the blueprint"
        if proposal.adoption is None
        else f"there is nothing left to adopt here for {proposal.adoption} (done by hand, or no longer called for)"
    )
    text = (
        f"infra-fix finds nothing left to change on `{ctx.base}` ({ctx.base_sha[:7]}): {what}, so this pull request"
        " is no longer needed. Closing it and deleting its branch."
    )
    if seen.branch and seen.branch.foreign:
        text += (
            f"\n\nThe branch carried commits by others ({', '.join(seen.branch.foreign)}); GitHub keeps them on this"
            " pull request, and its *Restore branch* button brings the branch back."
        )
    return text


def _foreign_comment(ctx: Context, seen: Seen) -> str:
    who = ", ".join(seen.branch.foreign) if seen.branch else ""
    return (
        f"{HUMAN_MARKER}\ninfra-fix has stopped updating `{ctx.branch}`: it carries commits by someone else ({who}),"
        " and a force-push would overwrite them. The branch is yours now. To hand it back, delete the branch (the"
        " next run rebuilds it), or run `infra-fix --pr --force`. infra-fix will not comment about this again."
    )


def _identity(value: str) -> tuple[str, str]:
    name, _, rest = value.partition("<")
    email = rest.rstrip().rstrip(">").strip()
    if not name.strip() or not email or "@" not in email:
        raise BotError(f"--git-author must be 'Name <email>', not {value!r}")
    return name.strip(), email
