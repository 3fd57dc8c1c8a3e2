"""EV001: `.gitignore` keeps `.env` and its variants, the virtual environment and bytecode out of git.

Judged by git itself (`Snapshot.git_ignores`, asked once at load in every folder holding a project's or a container's
files), never by reading patterns: `.env*` covers `.env`, a later `!.env` undoes it, and pathspec disagrees with git
on `**` followed by a negation. Only the repository's own `.gitignore` files count: a developer's global excludes
file or `.git/info/exclude` ignores `.env` on one machine only. Missing patterns are appended to the root
`.gitignore` (unanchored, so they cover every folder), under a heading where the file groups its lines. Where a
`!` line of the repository's says otherwise, that is the human's word: reported, never overridden.
"""

from __future__ import annotations

import fnmatch
import posixpath

from msgspec import Struct

from ...edit.lines import PatternList
from ...fixer import Context, FileRun, check
from ...model import Severity
from .checks import kept_for_compose
from .names import foreign, is_example
from .plan import plan
from .rules import GITIGNORE

# (the probe git was asked about, the pattern that covers it): Snapshot.IGNORE_PROBES' names
COVERAGE = (
    (".env", ".env"),
    (".env-dev", ".env-*"),
    (".env.local", ".env.*"),
    (".env.production", ".env.*"),
    (".venv/", ".venv/"),
    ("__pycache__/", "__pycache__/"),
    ("module.pyc", "*.pyc"),
)
HEADING = "Local environment and secrets, virtual environments, bytecode"
Run = FileRun[PatternList]


class Gap(Struct, frozen=True):
    """A pattern the repository lacks, and the paths git does not ignore for want of it."""

    pattern: str
    paths: tuple[str, ...]


def targets(ctx: Context) -> tuple[str, ...]:
    return (".gitignore",) if ctx.snapshot.ignored else ()  # outside git nothing is judged


def open_gitignore(path: str, text: str, ctx: Context) -> PatternList:
    return PatternList(text)


def gaps(ctx: Context) -> tuple[list[Gap], list[tuple[str, str, int, str]]]:
    """The missing patterns, and the probes a `!` line of the repository's keeps un-ignored: (path, the
    `.gitignore` holding the line, its number, the line)."""
    snapshot = ctx.snapshot
    deliberate = _tracked_variants(ctx)
    missing: dict[str, list[str]] = {}
    word: list[tuple[str, str, int, str]] = []
    for probe, rule in sorted(snapshot.ignored.items()):
        folder, _, name = probe.rstrip("/").rpartition("/")
        pattern = next((pat for want, pat in COVERAGE if want.rstrip("/") == name), None)
        if pattern is None or pattern in deliberate or (folder and foreign(folder + "/")):
            continue
        if rule is not None and _repository_rule(rule):
            continue
        negation = _negation(ctx, folder, name)
        if negation:
            word.append((probe, *negation))
        else:
            missing.setdefault(pattern, []).append(probe)
    order = [pat for _, pat in COVERAGE]
    return [Gap(p, tuple(missing[p])) for p in sorted(missing, key=order.index)], word


@check(GITIGNORE)
def coverage(run: Run) -> None:
    missing, word = gaps(run.ctx)
    doc = run.doc
    for probe, source, number, line in word:
        run.report(GITIGNORE, f"git does not ignore {probe}: `{line}` un-ignores it (left as is: a `!` line is a "
                   "deliberate choice; ignore the file by hand if it can hold secrets)",
                   file=source, line=number)  # fmt: skip
    on_disk = PatternList(run.ctx.snapshot.text(run.path) or "").data
    todo = []
    for gap in missing:
        if gap.pattern in on_disk:  # listed, yet git does not ignore the paths: something we cannot see undoes it
            paths = ", ".join(gap.paths)
            run.report(GITIGNORE, f"`{gap.pattern}` is in .gitignore but git does not ignore {paths}: a later line "
                       "or a nested .gitignore undoes it", at=(gap.pattern,))  # fmt: skip
        elif gap.pattern not in doc.data:  # (in the text only: an earlier fixer of this run added it)
            todo.append(gap)
    if not todo:
        return
    patterns = [g.pattern for g in todo]
    negations = _negations(run.ctx) if ".env.*" in patterns else []
    env = any(p.startswith(".env") for p in patterns)
    run.report(GITIGNORE, f"git does not ignore files matching {_listed(patterns)}{_folders(todo)}: add "
               f"{_listed([*patterns, *negations])} to .gitignore", line=1,
               severity=Severity.ERROR if env else Severity.WARNING,
               edit=lambda: doc.append(patterns, heading=HEADING, repeat=negations))  # fmt: skip


def create(run: FileRun[None]) -> None:
    missing, _ = gaps(run.ctx)
    if not missing:
        return
    patterns = [g.pattern for g in missing]
    negations = _negations(run.ctx) if ".env.*" in patterns else []
    text = "".join(f"{p}\n" for p in [f"# {HEADING}", *patterns, *negations])
    run.create(GITIGNORE, f"no .gitignore: create one ignoring {', '.join(patterns)}", lambda: text)


def _listed(patterns: list[str]) -> str:
    return ", ".join(f"`{p}`" for p in patterns)


def _folders(gaps: list[Gap]) -> str:
    """` in backend/, worker/` where no gap is at the root (a folder's own .gitignore, or an anchored pattern)."""
    folders = sorted({p.rstrip("/").rpartition("/")[0] for g in gaps for p in g.paths})
    return "" if "" in folders else " in " + ", ".join(f"{f}/" for f in folders)


def _repository_rule(rule: str) -> bool:
    """Whether git's answer comes from a `.gitignore` of the repository (`backend/.gitignore:3: .env`), not from
    `.git/info/exclude` or a global excludes file, which ignore on one machine only."""
    source = rule.split(":", 1)[0]
    return posixpath.basename(source) == ".gitignore" and not source.startswith(("/", ".git/"))


def _negation(ctx: Context, folder: str, name: str) -> tuple[str, int, str] | None:
    """A `!` line matching `folder/name` in a `.gitignore` that governs it (the root's, or one between): a pattern
    with a slash is matched against the path below that `.gitignore`, one without against the name."""
    parts = folder.split("/") if folder else []
    for depth in range(len(parts) + 1):
        source = "/".join([*parts[:depth], ".gitignore"])
        below = "/".join([*parts[depth:], name])
        for number, line in enumerate((ctx.snapshot.text(source) or "").split("\n"), start=1):
            pattern = line.strip()
            if not pattern.startswith("!"):
                continue
            wanted = pattern[1:].rstrip("/").removeprefix("**/")
            anchored = "/" in wanted
            if fnmatch.fnmatchcase(below if anchored else name, wanted.lstrip("/")):
                return source, number, pattern
    return None


def _tracked_variants(ctx: Context) -> set[str]:
    """`.env.*` / `.env-*` where the repository commits such files on purpose (frontend `.env.production` files of
    public settings, `.env.test` fixtures): those patterns would hide new ones, so they are not asked for; nor is
    `.env` where the repository commits one for compose (full-stack-fastapi-template's defaults file: ignoring a
    tracked name changes nothing for git and tells every reader the opposite of what the project does)."""
    found = set()
    for path in ctx.snapshot.tracked or ():
        name = path.rpartition("/")[2]
        if name == ".env" and kept_for_compose(ctx, path):
            found.add(".env")
        if is_example(name) or name == ".env":
            continue
        if name.startswith(".env."):
            found.add(".env.*")
        elif name.startswith(".env-"):
            found.add(".env-*")
    return found


def _negations(ctx: Context) -> list[str]:
    """`!name` for every example env file `.env.*` would hide: the ones the repository tracks and the one each
    context of the plan has or would create, created in this run or not (a plain run that cannot create it yet must
    name it as the unsafe run that does: else the next run finds `.env.example` ignored and picks another name)."""
    names = {p.rpartition("/")[2] for p in ctx.snapshot.tracked or () if is_example(p.rpartition("/")[2])}
    names |= {c.path.rpartition("/")[2] for c in plan(ctx)}
    return [f"!{n}" for n in sorted(names) if fnmatch.fnmatchcase(n, ".env.*")]
