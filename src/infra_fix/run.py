"""One invocation over one or more repositories: load, remediate, then diff, apply or check; the exit code.

A path on the command line names a repository (the git work tree holding it, or the folder itself outside git) and,
inside it, the projects to fix: the projects under the path, or the one holding it. Repository-wide files (workflows,
pre-commit, Renovate) are fixed at the repository's root whatever the path. A file git ignores is never created or
rewritten: the change is dropped and reported (`Skipped`), so a second run has nothing new to do.
"""

from __future__ import annotations

import enum
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from msgspec import Struct
from msgspec.structs import replace

from infra_fix_fixers import (
    Applicability,
    Changed,
    Failed,
    FileResult,
    Finding,
    Fixer,
    Location,
    Policy,
    Settings,
    Skipped,
    Unchanged,
    discover,
    remediate,
)
from infra_fix_fixers.adoptions import incomplete
from infra_fix_fixers.facts import READS as FACT_READS
from infra_fix_fixers.facts import Repository
from infra_fix_fixers.settings import PackSettings
from infra_fix_fixers.snapshot import compile_patterns

from . import guard
from .config import BadSettings, Flags, Resolved, resolve
from .disk import apply, signals, tempfiles, textfile
from .git import gitinfo
from .load import Loaded, load, unwalked_message
from .output import report

Suppress = tuple[str, int, str]  # (path, line, code) of an `infra-fix: ignore[CODE]` comment


class Mode(enum.Enum):
    DIFF = "diff"
    APPLY = "apply"
    CHECK = "check"


class Output(Struct, frozen=True):
    fmt: str  # "text", "json", "github", "sarif" or "markdown"
    out: TextIO  # the patch in --diff mode, the report otherwise
    err: TextIO  # the report in --diff mode, so `infra-fix --diff > fix.patch` holds the patch alone
    # `--report-file FORMAT=PATH`: the same run's report in more formats (the Action's SARIF and step summary),
    # so one run serves them all
    files: tuple[tuple[str, Path], ...] = ()
    color: str = "never"  # `--color`: auto, always or never (output/style.py decides per stream)
    quiet: bool = False  # -q: the findings alone, no notes, summary or progress
    verbose: bool = False  # -v: each repository's time and findings on stderr
    statistics: bool = False  # --statistics: counts by rule instead of the findings


class Exits(Struct, frozen=True):
    """ruff's exit flags. `zero`: exit 0 while findings remain (an error still exits 2); `on_fix`: exit 1 when
    `--apply` wrote a file, even if nothing remains. Together they make the fixing pre-commit hook: it fails only on
    a run that changed files, so the second run passes once nothing it may fix remains."""

    zero: bool = False
    on_fix: bool = False


class Target(Struct, frozen=True):
    """A repository and the paths inside it the command line named ("" for the whole repository)."""

    root: Path
    selection: tuple[str, ...]
    refused: str = ""  # why git is not used here (gitinfo.Refused): the target is only reported


class RootResult(Struct, frozen=True):
    """What one repository gave: picklable, so repositories can run on a process pool."""

    entries: tuple[report.Entry, ...]
    patch: str
    ignored: tuple[tuple[str, str, str], ...]  # (settings file, code, reason)
    note: str = ""  # a word for the user about how to use the patch
    seconds: float = 0.0  # how long the repository took (-v)
    unused: tuple[Suppress, ...] = ()  # suppression comments that suppressed nothing


def targets(paths: list[Path]) -> list[Target]:
    """The repositories the paths name, each once, with the paths inside it; a path git must not be trusted with
    is a target of its own that reports why."""
    found: dict[Path, list[str]] = {}
    refused: list[Target] = []
    for path in paths:
        try:
            top = gitinfo.toplevel(path) or path
        except gitinfo.Refused as err:
            refused.append(Target(path, ("",), err.reason))
            continue
        rel = os.path.relpath(path.resolve(), top.resolve()).replace(os.sep, "/")
        found.setdefault(top, []).append("" if rel == "." else rel)
    return [*refused, *(Target(root, tuple(dict.fromkeys(sel))) for root, sel in found.items())]


def run(
    paths: list[Path],
    mode: Mode,
    flags: Flags,
    fixers: list[Fixer],
    output: Output,
    jobs: int = 1,
    packs: tuple[PackSettings, ...] = (),
    exits: Exits = Exits(),  # noqa: B008 - frozen
) -> int:
    """Every repository on its own (one process each when `jobs` > 1), then one report and one exit code for all."""
    found = targets(paths)
    cpus = usable_cpus()
    if jobs > cpus:
        output.err.write(f"infra-fix: --jobs {jobs} capped at {cpus}, the number of CPUs this process may use\n")
        jobs = cpus
    from .output.progress import Progress

    terminal = getattr(output.err, "isatty", None)
    progress = Progress(
        output.err, len(found), shown=len(found) > 1 and not output.quiet and bool(terminal and terminal())
    )
    # several repositories, text report: each one's findings (and patch) as soon as it and those given before it
    # have finished (the same output whatever --jobs), the summary at the end
    streamed = output.fmt == "text" and not output.statistics and len(found) > 1
    results: dict[int, RootResult] = {}
    shown = 0
    try:
        for index, result in _each(found, mode, flags, fixers, packs, jobs):
            progress.close()
            if output.verbose:
                count = sum(isinstance(e.item, Finding) for e in result.entries)
                output.err.write(f"infra-fix: {found[index].root}: {result.seconds:.2f} s, {count} findings\n")
            results[index] = result
            while streamed and shown in results:
                ready = results[shown]
                _text(mode, report.ordered(ready.entries), ready.patch, output, "findings", [], [])
                shown += 1
            progress.finished(str(found[index].root))
    finally:
        progress.close()
    ordered = [results[index] for index in range(len(found))]
    entries = [entry for r in ordered for entry in report.ordered(r.entries)]  # repositories in the order given
    ignored = [why for r in ordered for why in r.ignored]
    notes = "".join(r.note for r in ordered)
    unused = [u for r in ordered for u in r.unused]
    code = _finish(mode, entries, "".join(r.patch for r in ordered), output, ignored, notes, fixers, unused, streamed)
    return _exit(code, mode, entries, exits)


def _each(
    found: list[Target], mode: Mode, flags: Flags, fixers: list[Fixer], packs: tuple[PackSettings, ...], jobs: int
) -> Iterator[tuple[int, RootResult]]:
    """Each repository's result (by its index in `found`) as it finishes, on a process pool when `jobs` > 1."""
    if jobs > 1 and len(found) > 1:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        with ProcessPoolExecutor(max_workers=min(jobs, len(found)), initializer=signals.install) as pool:
            # the largest first: one large repository handed out last would leave the other workers idle
            order = sorted(range(len(found)), key=lambda i: -_weight(found[i].root))
            futures = {pool.submit(_pooled, found[i], mode, flags): i for i in order}
            for future in as_completed(futures):
                yield futures[future], future.result()
        return
    for index, target in enumerate(found):
        yield index, fenced_root(target, mode, flags, fixers, packs)


def _weight(root: Path) -> int:
    """How large a repository is, for handing out the largest first: the size of git's index (an entry per tracked
    file), from one `lstat`; outside git, the entries of a walk bounded at `_WEIGHED` (a few milliseconds). Nothing
    of the repository is read and no link is followed."""
    try:
        return os.lstat(root / ".git" / "index").st_size
    except OSError:
        pass
    count, todo = 0, [str(root)]
    while todo and count < _WEIGHED:
        try:
            with os.scandir(todo.pop()) as entries:
                for entry in entries:
                    count += 1
                    if count >= _WEIGHED:
                        break
                    if entry.is_dir(follow_symlinks=False) and entry.name != ".git":
                        todo.append(entry.path)
        except OSError:
            continue
    return count * 100  # an index entry is about 100 bytes: git and plain folders weigh alike


_WEIGHED = 20_000


def _exit(code: int, mode: Mode, entries: list[report.Entry], exits: Exits) -> int:
    if code == 2:
        return code
    if exits.on_fix and mode is Mode.APPLY and any(isinstance(e.item, Finding) and e.item.fixed for e in entries):
        return 1
    return 0 if exits.zero else code


def _pooled(target: Target, mode: Mode, flags: Flags) -> RootResult:
    """A pool worker: fixers are code, so each process loads the registered packs itself."""
    from .plugins import load_packs

    packs = load_packs()
    fixers = [f for pack in packs for f in pack.fixers]
    return fenced_root(target, mode, flags, fixers, tuple(t for p in packs if (t := p.table())))


def fenced_root(
    target: Target, mode: Mode, flags: Flags, fixers: list[Fixer], packs: tuple[PackSettings, ...] = ()
) -> RootResult:
    """`run_root` inside `guard.fenced` (lock, stale temporary files, time budget); whatever stops it early becomes
    this repository's located error, and the other repositories of the call still run."""
    if target.refused:
        return _only(report.Entry(_shower(target.root)("") or ".", Failed(".", Location(target.refused))))
    started = time.monotonic()
    try:
        with guard.fenced(target.root, applying=mode is Mode.APPLY, seconds=flags.timeout):
            return replace(run_root(target, mode, flags, fixers, packs), seconds=time.monotonic() - started)
    except guard.Stopped as err:
        stopped = err
    except Exception as err:  # noqa: BLE001 - the last resort: a bug must not stop the other repositories
        stopped = guard.unexpected(err)
    shown = _shower(target.root)(stopped.path if stopped.path != "." else "") or "."
    return _only(report.Entry(shown, Failed(stopped.path, stopped.location)))


def selected(fixers: list[Fixer], flags: Flags) -> list[Fixer]:
    """The fixers `--select` leaves a rule to: no other can run (the flag replaces every file's `select`), so their
    files are not read, nor their facts worked out."""
    if flags.select is None:
        return fixers
    return [f for f in fixers if any(r.code.startswith(p) for r in f.rules for p in flags.select)]


def patterns_of(fixers: list[Fixer]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p for f in fixers for p in (*FACT_READS, *f.reads)))


def run_root(  # noqa: PLR0913 - the run's inputs, each its own argument
    target: Target,
    mode: Mode,
    flags: Flags,
    fixers: list[Fixer],
    packs: tuple[PackSettings, ...] = (),
    policy: Policy | None = None,
    exact: bool = False,
) -> RootResult:
    """One repository's run. `exact`: the patch is for `git apply` alone (the bot's commit), so a context line
    keeps a secret it holds; a patch that is printed never shows one."""
    return runner(target, mode, flags, fixers, packs)(policy, exact)


Runner = Callable[[Policy | None, bool], RootResult]


def runner(
    target: Target, mode: Mode, flags: Flags, fixers: list[Fixer], packs: tuple[PackSettings, ...] = ()
) -> Runner:
    """The repository read once (its files, its facts, its settings), and a function that runs the fixers over it
    under a policy: the bot asks for the whole plan, the repairs and each adoption alone, and reading the files
    again for each would be most of its time. Only a run that writes nothing may be asked more than once."""
    root = target.root
    codes = tuple(rule.code for f in fixers for rule in f.rules)  # every code, for checking the settings' codes
    fixers = selected(fixers, flags)
    patterns = patterns_of(fixers)
    shown = _shower(root)
    loaded, limited = _load(root, patterns, mode, shown)
    repo = discover(loaded.snapshot, target.selection)
    if not repo.projects:
        if limited:
            return _always(RootResult(tuple(limited), "", ()))
        problem = Location("not a Python repository (no pyproject.toml, setup.py, setup.cfg or requirements file "
                           "in it); nothing done here")  # fmt: skip
        return _always(_only(report.Entry(shown("") or ".", Failed(".", problem))))
    if any(target.selection):
        repo = repo.select(target.selection)
    try:
        settings = resolve(repo, flags, codes, packs)
    except BadSettings as err:
        return _always(_only(report.Entry(shown(err.path), Failed(err.path, Location(str(err))))))
    read = _Read(root, mode, loaded, tuple(limited), repo, settings, tuple(fixers), codes, shown)
    runs = 0

    def run(policy: Policy | None, exact: bool) -> RootResult:
        nonlocal runs
        runs += 1
        if runs > 1 and mode is Mode.APPLY:
            raise RuntimeError("an --apply run has written the files it read: read them again")
        return _run_read(read, policy or Policy(), exact)

    return run


def _always(result: RootResult) -> Runner:
    return lambda _policy, _exact: result


class _Read(Struct, frozen=True):
    """A repository as `runner` read it, and what the run needs besides the policy."""

    root: Path
    mode: Mode
    loaded: Loaded
    limited: tuple[report.Entry, ...]  # the walk's limit outside git, if reached
    repo: Repository
    settings: Resolved
    fixers: tuple[Fixer, ...]
    codes: tuple[str, ...]  # every rule's code, selected or not
    shown: Callable[[str], str]


def _run_read(read: _Read, policy: Policy, exact: bool) -> RootResult:
    root, mode, loaded, repo, settings, shown = read.root, read.mode, read.loaded, read.repo, read.settings, read.shown
    fixers, codes = list(read.fixers), read.codes
    while True:
        result = remediate(
            loaded.snapshot, settings.repository, fixers, repo=repo, project_settings=settings.projects, policy=policy
        )
        files = _drop_ignored(root, loaded, result.files)
        # a part of an adoption in a file git ignores is not written: the parts that need it must not be either
        kept = [f for item in files if not isinstance(item, Failed) for f in item.findings]
        missing = incomplete(kept, unsafe_fixes=settings.repository.unsafe_fixes)
        if not missing:
            break
        policy = policy.decline(missing)
    entries: list[report.Entry] = list(read.limited)
    patches: list[str] = []
    for item in files:
        if isinstance(item, Failed | Skipped):
            entries.append(report.Entry(shown(item.path), item))
            if isinstance(item, Failed):
                continue
        findings = item.findings
        if isinstance(item, Changed) and mode is Mode.APPLY:
            refused = _write(loaded, item)
            if refused:
                entries.append(report.Entry(shown(item.path), refused))
                findings = tuple(replace(f, fixed=False) for f in findings)
        elif isinstance(item, Changed) and mode is Mode.DIFF:
            patches.append(_patch(loaded, item, shown(item.path), exact))
        if mode is Mode.CHECK:
            findings = tuple(replace(f, fixed=False) for f in findings)
        entries += [report.Entry(shown(f.path), f) for f in findings]
    ignored = tuple((shown("pyproject.toml"), code, why) for code, why in settings.repository.ignore_reasons)
    found = [f for item in files if not isinstance(item, Failed) for f in item.findings]
    checked = {item.path for item in files} | {f.path for f in found}  # the files the rules looked at
    unused = tuple(
        (shown(path), line, code) for path, line, code in _unused(loaded, checked, found, settings.repository, codes)
    )
    note = _unmatched(repo) + _note(root, mode, patches)
    return RootResult(tuple(entries), "".join(patches), ignored, note, unused=unused)


def _unused(
    loaded: Loaded, checked: set[str], findings: list[Finding], settings: Settings, codes: tuple[str, ...]
) -> list[Suppress]:
    """The `infra-fix: ignore[CODE]` comments that suppressed nothing, as ruff reports an unused `# noqa`: each
    code of a comment, in a file the rules looked at, that names an enabled rule and has no finding it suppressed on
    the lines it covers. (Files read only for facts, such as the tests, are not the rules' to judge.)"""
    from infra_fix_fixers.suppression import comments

    used = {(f.path, f.line, f.code) for f in findings if f.suppressed is not None}
    unused: list[Suppress] = []
    for path in sorted(checked & set(loaded.snapshot.files)):
        for each in comments(loaded.snapshot.files[path]):
            for code in each.codes:
                if not any(c.startswith(code) and settings.enabled(c) for c in codes):
                    continue  # a rule this run does not check (not selected, ignored, or not installed)
                if not any(p == path and line in each.covers and c.startswith(code) for p, line, c in used):
                    unused.append((path, each.line, code))
    return unused


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, as taskset or a container's cpuset leaves it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _load(
    root: Path, patterns: tuple[str, ...], mode: Mode, shown: Callable[[str], str]
) -> tuple[Loaded, list[report.Entry]]:
    """The snapshot; with --apply, what a killed run left next to the files we may write swept first (the lock is
    held); and the walk's limit outside git, if reached, as an error naming the folders it did not look into."""
    started = time.time()
    loaded = load(root, patterns)
    if mode is Mode.APPLY:
        wanted = compile_patterns(patterns)
        folders = {p.rpartition("/")[0] for p in loaded.snapshot.paths if wanted(p)} | {""}
        tempfiles.sweep(root, folders | {".github/workflows"}, wanted, started, loaded.snapshot.tracked)
    limited: list[report.Entry] = []
    if loaded.unwalked:
        limited.append(report.Entry(shown("") or ".", Failed(".", Location(unwalked_message(loaded.unwalked)))))
    return loaded, limited


def _drop_ignored(root: Path, loaded: Loaded, files: tuple[FileResult, ...]) -> list[FileResult]:
    """A file git ignores is never created or rewritten: its change is dropped and its findings become manual, saying
    why (`Skipped`). Such a file is not the repository's to share, and creating it on every run (git lists no
    ignored file, so each run finds it missing) would never converge."""
    absent = [i.path for i in files if isinstance(i, Changed | Unchanged) and loaded.raw.get(i.path) is None]
    rules = gitinfo.ignored(root, absent)
    kept: list[FileResult] = []
    for item in files:
        if not isinstance(item, Changed | Unchanged) or item.path not in rules:
            kept.append(item)
            continue
        why = rules[item.path]
        findings = tuple(
            replace(
                f,
                fixed=False,
                applicability=Applicability.MANUAL,
                message=f"{f.message} (not written: git ignores {f.path}, by {why})",
            )  # fmt: skip
            for f in item.findings
        )
        kept.append(Skipped(item.path, f"ignored by git ({why}): left alone", findings))
    return kept


def _only(entry: report.Entry) -> RootResult:
    """A root that stopped at one error."""
    return RootResult((entry,), "", ())


def _unmatched(repo: Repository) -> str:
    """A folder the command line names that holds no project of its own: the project holding it is what is fixed,
    and the user is told so rather than left to find the root's files in the patch."""
    return "".join(
        f"note: {path}/ holds no Python project of its own (no packaging metadata there): fixing the project that "
        f"holds it, {holder + '/' if holder else 'the root'}\n"
        for path, holder in repo.unmatched
    )


def _note(root: Path, mode: Mode, patches: list[str]) -> str:
    """Where to apply the patch from, when the working folder is below the repository's root: `git apply` run in a
    subfolder silently skips the files outside it."""
    if mode is not Mode.DIFF or not patches:
        return ""
    here = Path.cwd().resolve()
    top = root.resolve()
    if here == top or not here.is_relative_to(top):
        return ""
    return f"note: the patch's paths are relative to the repository's root; apply it there: git -C {top} apply\n"


def _finish(  # noqa: PLR0913 - each part of the report is its own argument
    mode: Mode,
    entries: list[report.Entry],
    patch: str,
    output: Output,
    ignored: list[tuple[str, str, str]],
    notes: str,
    fixers: list[Fixer],
    unused: list[Suppress],
    streamed: bool = False,
) -> int:
    if output.statistics and output.fmt == "text":
        from .output import style

        names = {rule.code: rule.name for fixer in fixers for rule in fixer.rules}
        shown = report.statistics(entries, names, fixed=_fixed(mode))
        output.out.write(style.report(shown) if style.wanted(output.color, output.out) else shown)
    elif output.fmt == "text":
        part = "findings" if output.quiet else "summary" if streamed else "all"
        if not (streamed and output.quiet):
            _text(mode, entries, "" if streamed else patch, output, part, ignored, unused)
        if not output.quiet:
            output.err.write(notes)
    else:
        output.out.write(_rendered(output.fmt, mode, entries, patch, ignored, fixers, unused))
    for fmt, path in output.files:
        path.write_text(_rendered(fmt, mode, entries, patch, ignored, fixers, unused), encoding="utf-8")
    if any(isinstance(e.item, Failed) for e in entries):
        return 2
    left = [e.item for e in entries if isinstance(e.item, Finding) and e.item.suppressed is None]
    if mode is Mode.APPLY:
        return 1 if any(not f.fixed for f in left) else 0
    return 1 if left or patch else 0


def _fixed(mode: Mode) -> str:
    """What the report calls a finding the run fixes: in the patch (--diff) or written (--apply)."""
    return "fixed by the patch" if mode is Mode.DIFF else "fixed"


def _text(  # noqa: PLR0913 - each part of the report is its own argument
    mode: Mode,
    entries: list[report.Entry],
    patch: str,
    output: Output,
    part: str,
    ignored: list[tuple[str, str, str]],
    unused: list[Suppress],
) -> None:
    """The text report (or a `part` of it) on its stream, and with --diff the patch on stdout; coloured per stream."""
    from .output import style

    shown = report.text(entries, ignored, fixed=_fixed(mode), part=part, unused=unused)
    stream = output.err if mode is Mode.DIFF else output.out
    if patch:
        output.out.write(style.diff(patch) if style.wanted(output.color, output.out) else patch)
    stream.write(style.report(shown) if style.wanted(output.color, stream) else shown)


def _rendered(  # noqa: PLR0913 - each part of the report is its own argument
    fmt: str,
    mode: Mode,
    entries: list[report.Entry],
    patch: str,
    ignored: list[tuple[str, str, str]],
    fixers: list[Fixer],
    unused: list[Suppress],
) -> str:
    """The report in one format (`text` without the patch, which only --diff's stdout carries). What a comment
    suppressed is in the text and JSON reports with its reason, in SARIF as a suppressed result, never an
    annotation or a row of the pull request's table."""
    if fmt == "json":
        return report.as_json(entries, patch if mode is Mode.DIFF else None, ignored, unused)
    if fmt == "text":
        return report.text(entries, ignored, fixed=_fixed(mode), unused=unused)
    from .output.formats import render

    if fmt == "sarif":  # code scanning shows a suppressed result as such, with its justification
        return render(fmt, entries, ignored, fixers)
    shown = [e for e in entries if not (isinstance(e.item, Finding) and e.item.suppressed is not None)]
    return report.github(shown) if fmt == "github" else render(fmt, shown, ignored, fixers)


def _write(loaded: Loaded, change: Changed) -> Failed | None:
    try:
        apply.write(loaded, change)
    except apply.WriteRefused as err:
        return Failed(change.path, Location(f"not written: {err}"))
    except OSError as err:
        return Failed(change.path, Location(f"not written: {err.strerror or err}"))
    return None


def _patch(loaded: Loaded, change: Changed, shown: str, exact: bool) -> str:
    enc = loaded.encoding.get(change.path)
    after = textfile.encode(change.after, enc.bom, enc.newline) if enc else change.after.encode("utf-8")
    before = loaded.raw.get(change.path)
    from .output.diff import unified  # difflib, only for a run that shows patches

    return unified(
        shown,
        None if before is None else before.decode("utf-8", "surrogateescape"),
        after.decode("utf-8", "surrogateescape"),
        hide_secrets=not exact,
    )


def _shower(root: Path) -> Callable[[str], str]:
    """Paths as the user should see them: relative to the working folder when the root is inside it."""
    rel = os.path.relpath(root.resolve(), Path.cwd().resolve())
    if rel == "." or rel.startswith(".."):
        return lambda path: path
    prefix = rel.replace(os.sep, "/")
    return lambda path: f"{prefix}/{path}"
