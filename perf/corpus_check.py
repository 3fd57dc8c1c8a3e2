"""Run infra-fix over every project of a corpus folder and check the invariants users rely on, on real files.

Usage: python perf/corpus_check.py CORPUS_DIR [--jobs 2] [--only NAME] [--keep]

Each project folder is copied to a temporary git repository and infra-fix is run as users run it (the venv's
`infra-fix` command, as a subprocess). Checked per project:
  - no crash: exit code 0, 1 or 2; 2 only with located errors for files an independent parser also rejects;
    "internal error in fixer" or "not written" is always a failure;
  - every `--diff` (safe, and with --unsafe-fixes) is accepted by `git apply --check` and `patch -p1 --dry-run`,
    and applying the patch gives exactly what `--apply` writes;
  - after `--apply --unsafe-fixes` every changed file parses (tomllib, JSON with comments, YAML 1.2 safe load_all,
    compose's `!reset`/`!override` allowed in compose files; Dockerfiles by BuildKit's own parser where it installs;
    configparser for `.ini`, Python's own compiler for `.py`: an edited alembic env.py must still compile);
  - the real ruff loads the fixed configuration (a configuration error it did not have before is a failure);
  - a second `--diff` prints nothing; `--check` then reports manual findings only (convergence);
  - one answer however it is run: after a plain `--apply` a plain `--diff` prints nothing (idempotence), and
    `--apply --unsafe-fixes` after it ends in the same tree as one `--apply --unsafe-fixes` (order independence);
  - honest labels: what the plain `--apply` labels `fixable with --unsafe-fixes` is exactly what `--apply
    --unsafe-fixes` then fixes besides (by file, rule and line), `manual` is fixed by neither, no finding of a run is
    left `fixable` by that run, and every finding's tier is one its rule declares (`--list-rules`);
  - no comment line is lost (multiset of stripped `#` lines, `//` in JSON); line endings and BOM are kept;
  - no hunk removes a line and re-adds it identically;
  - no recipe byte of a Makefile changes: every recipe (a run of tab-indented lines, with the lines they continue)
    is, after the apply, still there byte for byte, right below the line it was below;
  - no repository-level file (workflows, pre-commit, Renovate) is created below the repository's root, and no file
    git ignores is created or rewritten.
Exit status 1 on any violation.
"""

from __future__ import annotations

import argparse
import collections
import configparser
import json
import os
import re
import shutil
import subprocess  # noqa: S404 - fixed argument lists, never a shell
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

INFRA_FIX = str(Path(sys.executable).parent / "infra-fix")
TIMEOUT = 300
GIT_ID = ("-c", "user.name=corpus", "-c", "user.email=corpus@example.invalid", "-c", "commit.gpgsign=false")
Tree = dict[str, bytes]
BOM = b"\xef\xbb\xbf"


@dataclass
class Report:
    """Everything learnt about one project; `failures` empty means every invariant held."""

    name: str
    files: int = 0
    changed: int = 0
    findings: collections.Counter[str] = field(default_factory=collections.Counter)
    invalid: list[str] = field(default_factory=list)  # exit-2 files an independent parser also rejects
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    runs: int = 0
    cascades: int = 0  # fixes of the unsafe run at a file, rule and line the plain run reported nothing at
    known: list[str] = field(default_factory=list)  # failures listed in KNOWN, printed apart


@dataclass(frozen=True)
class Run:
    code: int
    data: dict  # the --format json document ({} when it did not parse)
    stderr: str


# ---- running commands ---------------------------------------------------------------------------------------------


def _infra_fix(repo: Path, report: Report, *args: str) -> Run:
    report.runs += 1
    argv = [INFRA_FIX, *args, "--format", "json"]
    try:
        proc = subprocess.run(argv, cwd=repo, capture_output=True, text=True, timeout=TIMEOUT, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        report.failures.append(f"`infra-fix {' '.join(args)}` timed out after {TIMEOUT}s")
        return Run(-1, {}, "")
    label = f"`infra-fix {' '.join(args)}`"
    if proc.returncode not in (0, 1, 2):
        tail = proc.stderr.strip().splitlines()[-1:] or [""]
        report.failures.append(f"{label} crashed (exit {proc.returncode}): {tail[0]}")
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        report.failures.append(f"{label}: stdout is not the JSON report: {proc.stdout[:200]!r}")
        data = {}
    if "Traceback" in proc.stderr:
        report.failures.append(f"{label}: traceback on stderr: {proc.stderr.strip().splitlines()[-1]}")
    errors = data.get("errors", [])
    if (proc.returncode == 2) != bool(errors) and proc.returncode in (0, 1, 2):
        report.failures.append(f"{label}: exit {proc.returncode} with {len(errors)} located error(s)")
    for err in errors:
        if "internal error in fixer" in err["message"] or "not written" in err["message"]:
            report.failures.append(f"{label}: {err['path']}: {err['message']}")
    return Run(proc.returncode, data, proc.stderr)


def _tool(repo: Path, argv: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=repo, input=stdin, capture_output=True, text=True, timeout=TIMEOUT, check=False)  # noqa: S603


def ruff_config_error(repo: Path) -> str | None:
    """What the real ruff says when it cannot load the project's configuration (lint findings do not count)."""
    ruff = Path(sys.executable).parent / "ruff"
    proc = _tool(repo, [str(ruff), "check", "--no-fix", "--no-cache", "--exit-zero", "--quiet", "."])
    if proc.returncode == 0:
        return None
    causes = [line.strip() for line in proc.stderr.splitlines() if "Cause:" in line or "error:" in line]
    return " / ".join(causes[-2:]) or proc.stderr.strip()[-200:]


def git_repo(source: Path, repo: Path) -> None:
    shutil.copytree(source, repo, symlinks=True)
    _tool(repo, ["git", "init", "-q", "-b", "main"])
    _tool(repo, ["git", "add", "-A"])
    _tool(repo, ["git", *GIT_ID, "commit", "-q", "--no-verify", "-m", "corpus"])


def _tree(repo: Path) -> Tree:
    tree: Tree = {}
    for folder, dirs, names in os.walk(repo):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in names:
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                tree[path.relative_to(repo).as_posix()] = path.read_bytes()
    return tree


def _restore(repo: Path, tree: Tree) -> None:
    for rel, data in _tree(repo).items():
        if rel not in tree:
            (repo / rel).unlink()
        elif data != tree[rel]:
            (repo / rel).write_bytes(tree[rel])


# ---- independent parsers ------------------------------------------------------------------------------------------


def strip_jsonc(text: str) -> str:
    """JSON with comments and trailing commas → strict JSON (comments become spaces so positions stay)."""
    out: list[str] = []
    i, n, in_string = 0, len(text), False
    while i < n:
        ch = text[i]
        if in_string:
            step = 2 if ch == "\\" else 1
            out.append(text[i : i + step])
            in_string = ch != '"'
            i += step
            continue
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            out.append(" ")
            continue
        if ch in "}]":
            j = len(out) - 1
            while j >= 0 and out[j].isspace():
                j -= 1
            if j >= 0 and out[j] == ",":
                out[j] = " "
        in_string = ch == '"'
        out.append(ch)
        i += 1
    return "".join(out)


_COMPOSE = re.compile(r"(?:docker-)?compose[\w.-]*\.ya?ml")
_DOCKERFILE = re.compile(r"(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?|[\w.-]+\.(?:Dockerfile|dockerfile)")


def _yaml(*, compose: bool):  # noqa: ANN202 - ruamel's YAML
    """ruamel's safe loader; for a compose file, one that also reads compose's `!reset` and `!override` tags."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    if compose:
        for tag in ("!reset", "!override"):
            yaml.constructor.add_constructor(tag, _untagged)
    return yaml


def _untagged(constructor, node):  # noqa: ANN001, ANN202 - ruamel's constructor protocol
    if node.id == "mapping":
        return constructor.construct_mapping(node)
    if node.id == "sequence":
        return constructor.construct_sequence(node)
    return constructor.construct_scalar(node)


def _dockerfile(text: str) -> None:
    """BuildKit's own parser (the `dockerfile` wheel, x86-64), else infra-fix's (dockerfile-parse after its
    heredoc pre-scan): either raises on a file that is no Dockerfile."""
    try:
        import dockerfile
    except ImportError:
        from infra_fix_fixers.edit.dockerfile import parse

        parse(text)
    else:
        dockerfile.parse_string(text)


def parse_error(path: str, data: bytes) -> str | None:
    """Why an independent parser rejects the file; None if it parses; "" if we have no parser for its kind."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return f"not UTF-8: {err}"
    try:
        if path.endswith(".toml") or path == "uv.lock" or path.endswith("/uv.lock"):
            tomllib.loads(text)
        elif path.endswith(".json"):
            json.loads(strip_jsonc(text))
        elif path.endswith((".yaml", ".yml")):
            list(_yaml(compose=_COMPOSE.fullmatch(path.rpartition("/")[2]) is not None).load_all(text))
        elif _DOCKERFILE.fullmatch(path.rpartition("/")[2]):
            _dockerfile(text)
        elif path.endswith(".ini"):
            configparser.ConfigParser(interpolation=None).read_string(text)  # strict, as alembic reads it
        elif path.endswith(".py"):
            compile(text, path, "exec", dont_inherit=True)
        else:
            return ""
    except Exception as err:  # noqa: BLE001 - any parser's complaint is the answer
        return f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
    return None


# ---- text invariants ----------------------------------------------------------------------------------------------


def comment_lines(path: str, data: bytes) -> collections.Counter[str]:
    marks = ("#", "//") if path.endswith((".json", ".json5")) else ("#",)
    text = data.decode("utf-8", "surrogateescape")
    return collections.Counter(s for s in (line.strip() for line in text.split("\n")) if s.startswith(marks))


def rewritten_lines(patch: str) -> list[str]:
    """Lines a hunk removes and re-adds identically within one change block (a needless rewrite).

    A last line without a final newline counts as a different line from the same text with one: appending to such
    a file must remove and re-add it.
    """
    found: list[str] = []
    block: list[tuple[str, str]] = []
    in_hunk, path = False, ""
    lines = patch.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("diff --git "):
            in_hunk, path = False, line.rsplit(" b/", 1)[-1]
        elif line.startswith("@@"):
            in_hunk = True
        if in_hunk and line[:1] in ("-", "+"):
            no_eol = i + 1 < len(lines) and lines[i + 1].startswith("\\")
            block.append((line[0], line[1:] + (" <no newline at end of file>" if no_eol else "")))
        elif not line.startswith("\\"):
            found += [f"{path}: {text!r}" for text in _same_both_ways(block)]
            block = []
    return found + [f"{path}: {text!r}" for text in _same_both_ways(block)]


def _same_both_ways(block: list[tuple[str, str]]) -> list[str]:
    removed = collections.Counter(text for sign, text in block if sign == "-")
    added = collections.Counter(text for sign, text in block if sign == "+")
    return [text for text in (removed & added) if text.strip()]


_MAKEFILE = re.compile(r"(^|/)(GNUmakefile|makefile|Makefile|[^/]*\.mk)$")


def recipe_blocks(data: bytes) -> list[bytes]:
    """Each recipe of a Makefile with the line above it (its rule's header, or whatever precedes it), as bytes: a
    run of lines starting with a tab, and the lines a backslash continues into. Read without make (which would run
    the file's `$(shell ...)`) and without infra-fix's own reader, so the check does not share its mistakes."""
    lines = data.split(b"\n")
    blocks: list[bytes] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith(b"\t") and i > 0:
            start = i
            while i < len(lines) and (lines[i].startswith(b"\t") or lines[i - 1].rstrip(b"\r").endswith(b"\\")):
                i += 1
            blocks.append(b"\n".join(lines[start - 1 : i]))
        else:
            i += 1
    return blocks


def changed_recipes(before: bytes, after: bytes) -> list[str]:
    """The recipes of `before` that `after` no longer holds, byte for byte, below the same line."""
    return [block.split(b"\n", 1)[0].decode("utf-8", "replace")[:80] for block in recipe_blocks(before)
            if block not in after]  # fmt: skip


def newline_style(data: bytes) -> str:
    crlf = data.count(b"\r\n")
    lf = data.count(b"\n") - crlf
    return "mixed" if crlf and lf else "CRLF" if crlf else "LF" if lf else "none"


def patched_paths(patch: str) -> list[str]:
    return re.findall(r"^diff --git a/(\S+) b/", patch, re.M)


# ---- the checks ---------------------------------------------------------------------------------------------------


def _check_patch(repo: Path, patch: str, label: str, report: Report) -> None:
    if not patch:
        return
    git = _tool(repo, ["git", "apply", "--check", "-"], patch)
    if git.returncode:
        report.failures.append(f"{label}: git apply --check rejects it: {git.stderr.strip()[:300]}")
    with tempfile.NamedTemporaryFile("w", suffix=".patch", delete=False) as handle:
        handle.write(patch)
    try:
        gnu = _tool(repo, ["patch", "-p1", "--dry-run", "--batch", "-s", "-i", handle.name])
    finally:
        os.unlink(handle.name)
    if gnu.returncode:
        report.failures.append(f"{label}: patch -p1 --dry-run rejects it: {(gnu.stdout + gnu.stderr).strip()[:300]}")
    for line in rewritten_lines(patch):
        report.failures.append(f"{label}: line removed and re-added identically: {line[:160]}")


def _check_errors(run: Run, before: Tree, report: Report) -> None:
    for err in run.data.get("errors", []):
        path, message = err["path"], err["message"]
        if "internal error" in message or "not written" in message:
            continue  # already a failure
        why = parse_error(path, before[path]) if path in before else "absent"
        if why is None:
            report.failures.append(f"exit 2 on {path}, which parses: {message} (line {err['line']})")
        else:
            report.invalid.append(f"{path}: {message} (line {err['line']}){'' if why else ' [unverified]'}")


_ROOT_ONLY = re.compile(r"(^|/)(\.github/workflows/[^/]+|\.pre-commit-config\.ya?ml|renovate\.json5?|\.renovaterc)$")


def _check_placement(repo: Path, before: Tree, after: Tree, report: Report) -> None:
    """Repository-wide files live at the root, where their tools read them; ignored files are never written."""
    written = sorted(p for p in after if before.get(p) != after[p])
    for path in written:
        match = _ROOT_ONLY.search(path)
        if match and match.start() > 0 and path not in before:
            report.failures.append(f"{path}: a repository-level file created below the repository's root")
    if written:
        ignored = _tool(repo, ["git", "check-ignore", "--stdin"], "\n".join(written) + "\n").stdout.split()
        for path in ignored:
            report.failures.append(f"{path}: git ignores it, yet it was written")


def _check_after(before: Tree, after: Tree, report: Report) -> None:
    for path, data in after.items():
        if before.get(path) == data:
            continue
        why = parse_error(path, data)
        if why:
            report.failures.append(f"{path} does not parse after --apply --unsafe-fixes: {why}")
    for path, data in before.items():
        if path in after and after[path] != data:
            old_style, new_style = newline_style(data), newline_style(after[path])
            if old_style in ("CRLF", "LF") and new_style != old_style:
                report.failures.append(f"{path}: line endings were {old_style}, now {new_style}")
            if data.startswith(BOM) != after[path].startswith(BOM):
                report.failures.append(f"{path}: byte order mark {'lost' if data.startswith(BOM) else 'added'}")
        if _MAKEFILE.search(path) and path in after and after[path] != data:
            for header in changed_recipes(data, after[path]):
                report.failures.append(f"{path}: the recipe below {header!r} changed")
        lost = comment_lines(path, data) - comment_lines(path, after.get(path, b""))
        if lost:
            report.failures.append(f"{path}: comment line(s) lost: {list(lost)[:3]}")


def _key(finding: dict) -> tuple[str, str, int | None]:
    """A finding as two runs over the same tree both name it: its file, rule and line on disk (messages may say more
    in one run than the other)."""
    return (finding["path"], finding["code"], finding["line"])


def _tiers() -> dict[str, set[str]]:
    """Every rule's declared tiers, as `--list-rules` shows them."""
    from infra_fix.plugins import load_fixers

    return {r.code: {t.value for t in r.possible_tiers} for f in load_fixers() for r in f.rules}


TIERS = _tiers()
_FIXABLE = {"fixable", "fixable with --unsafe-fixes"}
# The SDK's own fallbacks, open to any rule (docs/writing-a-fixer.md): a fix the human's word argues against or that
# could not be verified is left as is (manual); a safe fix in a file a formatter the project runs governs is unsafe.
_FALLBACKS = (("manual", "(left as is:"), ("unsafe", "(unsafe here:"))


def _check_labels(report: Report, safe: Run, unsafe: Run) -> None:
    """`fixable with --unsafe-fixes` in the plain run is exactly what the unsafe run fixes besides; `manual` is fixed
    by neither; a run leaves nothing it labels fixable at its own tier; each tier is one the rule declares."""
    for ran, name, its_own in ((safe, "--apply", {"fixable"}), (unsafe, "--apply --unsafe-fixes", _FIXABLE)):
        for finding in ran.data.get("findings", []):
            if not finding["fixed"] and finding["status"] in its_own:
                report.failures.append(f"label: {name} left {_shown(finding)} [{finding['status']}] unfixed")
    for run in (safe, unsafe):
        for finding in run.data.get("findings", []):
            fallback = any(finding["applicability"] == tier and mark in finding["message"] for tier, mark in _FALLBACKS)
            if not fallback and finding["applicability"] not in TIERS.get(finding["code"], {finding["applicability"]}):
                report.failures.append(f"tier: {_shown(finding)} is {finding['applicability']}, which "
                                       f"--list-rules does not give {finding['code']}")  # fmt: skip
    promised: collections.Counter[tuple[str, str, int | None]] = collections.Counter()
    manual: collections.Counter[tuple[str, str, int | None]] = collections.Counter()
    for finding in safe.data.get("findings", []):
        if finding["fixed"] or finding["status"] == "fixable with --unsafe-fixes":
            promised[_key(finding)] += 1
        elif finding["status"] == "manual":
            manual[_key(finding)] += 1
    made = collections.Counter(_key(f) for f in unsafe.data.get("findings", []) if f["fixed"])
    for key in sorted(set(promised) | set(manual) | set(made), key=str):
        # fewer: a promise not kept; more where a manual finding stood: a manual label that was not true. More
        # elsewhere is what an unsafe fix brings about (the limits of the rules RF003 selects): no label of the plain
        # run, counted apart
        if made[key] < promised[key] or (made[key] > promised[key] and manual[key]):
            report.failures.append(
                f"label: {key[0]}:{key[1]} {key[2] or ''} promised {promised[key]} fix(es) by --apply and "
                f"--unsafe-fixes labels ({manual[key]} manual), --apply --unsafe-fixes made {made[key]}"
            )
        elif made[key] > promised[key]:
            report.cascades += made[key] - promised[key]


def _shown(finding: dict) -> str:
    return f"{finding['path']}:{finding['line']} {finding['code']} {finding['message'][:100]}"


# Known and open: each names the project, the file and why, is printed on every run, and fails the check again the
# day it no longer happens (so the list only shrinks). Not a place to hide a new failure.
KNOWN = {
    ("mem0ai__mem0", ".github/workflows/ci-gate.yml"): (
        "a cross-family cascade: the Makefile family adds a `format-check` target in one run, and the CI family, "
        "which reads the repository's commands before the Makefile family writes, writes a job running it in the "
        "next (one run would need the command survey to see this run's Makefile edits)"
    ),
}


def _known(report: Report, path: str) -> bool:
    why = KNOWN.get((report.name, path))
    if why:
        report.known.append(f"{path}: {why}")
    return why is not None


def _check_one_answer(repo: Path, report: Report, unsafe_run: Run, at_once: Tree) -> None:
    """From the tree as it was: a plain `--apply`, then `--diff` (nothing left: idempotence), then `--apply
    --unsafe-fixes` (the same tree as one unsafe run: order independence); and the labels of both runs."""
    safe_run = _infra_fix(repo, report, "--apply")
    again = _infra_fix(repo, report, "--diff").data.get("diff", "")
    if again and not all(_known(report, path) for path in patched_paths(again)):
        report.failures.append(f"idempotence: a second --apply would change {patched_paths(again)}")
    _infra_fix(repo, report, "--apply", "--unsafe-fixes")
    ordered = _tree(repo)
    if ordered != at_once:
        differ = sorted(p for p in set(ordered) | set(at_once) if ordered.get(p) != at_once.get(p))
        if not all(_known(report, path) for path in differ):
            report.failures.append(
                f"order: --apply then --apply --unsafe-fixes differs from one unsafe run in {differ}"
            )
    _check_labels(report, safe_run, unsafe_run)


def check_project(source: Path, keep: bool) -> Report:
    report = Report(source.name)
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix=f"corpus-{source.name}-"))
    repo = work / "repo"
    try:
        git_repo(source, repo)
        before = _tree(repo)
        report.files = len(before)
        ruff_before = ruff_config_error(repo)
        first = _infra_fix(repo, report, "--diff")
        report.findings.update(f["code"] for f in first.data.get("findings", []))
        _check_errors(first, before, report)
        _check_patch(repo, first.data.get("diff", ""), "--diff", report)
        unsafe = _infra_fix(repo, report, "--diff", "--unsafe-fixes").data.get("diff", "")
        _check_patch(repo, unsafe, "--diff --unsafe-fixes", report)
        report.changed = len(patched_paths(unsafe))
        if unsafe and not _tool(repo, ["git", "apply", "-"], unsafe).returncode:
            patched = _tree(repo)
            _restore(repo, before)
        else:
            patched = before
        unsafe_run = _infra_fix(repo, report, "--apply", "--unsafe-fixes")
        after = _tree(repo)
        if after != patched:
            differ = sorted(p for p in set(after) | set(patched) if after.get(p) != patched.get(p))
            report.failures.append(f"--apply wrote something else than the --diff patch: {differ[:5]}")
        _check_after(before, after, report)
        _check_placement(repo, before, after, report)
        ruff_after = ruff_config_error(repo)
        if ruff_after and not ruff_before:
            report.failures.append(f"the real ruff rejects the fixed configuration: {ruff_after}")
        again = _infra_fix(repo, report, "--diff", "--unsafe-fixes").data.get("diff", "")
        if again:
            report.failures.append(f"second run is not empty: changes {patched_paths(again)}")
        final = _infra_fix(repo, report, "--check")
        known = {err["path"] for err in first.data.get("errors", [])}
        for err in final.data.get("errors", []):
            if err["path"] not in known:
                report.failures.append(f"new error after --apply: {err['path']}: {err['message']}")
        for finding in final.data.get("findings", []):
            if finding["status"] != "manual":
                report.failures.append(
                    f"not converged: {finding['path']}:{finding['line']} {finding['code']} [{finding['status']}] "
                    f"{finding['message'][:120]}"
                )
        _restore(repo, before)
        _check_one_answer(repo, report, unsafe_run, after)
    finally:
        if keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    report.seconds = time.perf_counter() - started
    return report


# ---- the summary --------------------------------------------------------------------------------------------------


def stale(reports: list[Report]) -> list[str]:
    """KNOWN entries of projects that ran and no longer showed them: fixed, so the entry goes."""
    ran = {r.name: r for r in reports}
    return [f"{name}: {path}: listed as known, no longer seen" for name, path in KNOWN
            if name in ran and not any(line.startswith(f"{path}:") for line in ran[name].known)]  # fmt: skip


def summary(reports: list[Report], wall: float) -> str:
    width = max([len(r.name) for r in reports] + [7])
    lines = [f"{'project':<{width}}  files  changed  findings  invalid  failures  seconds"]
    for r in reports:
        lines.append(
            f"{r.name:<{width}}  {r.files:>5}  {r.changed:>7}  {sum(r.findings.values()):>8}  {len(r.invalid):>7}"
            f"  {len(r.failures):>8}  {r.seconds:>7.1f}"
        )
    total: collections.Counter[str] = sum((r.findings for r in reports), collections.Counter())
    lines.append(
        f"{len(reports)} projects, {sum(r.files for r in reports)} files, {sum(r.changed for r in reports)} changed, "
        f"{sum(r.runs for r in reports)} infra-fix runs, {wall:.1f}s wall; "
        f"{sum(r.cascades for r in reports)} fixes the unsafe run made where the plain run reported nothing "
        "(brought about by another unsafe fix)"
    )
    lines.append("\nfindings per code (first --diff): " + ", ".join(f"{c} {n}" for c, n in sorted(total.items())))
    invalid = [f"  {r.name}/{line}" for r in reports for line in r.invalid]
    if invalid:
        lines += ["\nfiles reported as unparsable (exit 2; verified by an independent parser unless marked):", *invalid]
    known = [f"  {r.name}: {line}" for r in reports for line in dict.fromkeys(r.known)]
    lines += ["\nKNOWN, OPEN (listed in corpus_check.KNOWN):", *known] if known else []
    failed = [f"  {r.name}: {line}" for r in reports for line in r.failures] + [f"  {line}" for line in stale(reports)]
    lines += ["\nFAILURES:", *failed] if failed else ["\nall invariants hold"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", action="append", help="project folder name (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary repositories")
    args = parser.parse_args(argv)
    projects = sorted(p for p in args.corpus.iterdir() if p.is_dir() and (not args.only or p.name in args.only))
    if not projects:
        print(f"no project folders in {args.corpus}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:  # the work is in subprocesses: threads are enough
        reports = list(pool.map(lambda p: check_project(p, args.keep), projects))
    print(summary(reports, time.perf_counter() - started), end="")
    return 1 if any(r.failures for r in reports) or stale(reports) else 0


if __name__ == "__main__":
    sys.exit(main())
