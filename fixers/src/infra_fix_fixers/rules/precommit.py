"""PC: pre-commit (`.pre-commit-config.yaml`): the blueprint's hygiene hooks and ruff hooks, ruff's rev.

Edits are splices made by `edit.yaml` in the file's own layout (4-space `-   id:` or 2-space `- id:`, dashes at the
key's column or indented, quotes, comments between repos), each checked by re-loading the file. A hook counts as
present when any repo provides its id, `repo: local` included; a local ruff hook of any id stands in for the ruff
hooks, so none is added next to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..edit.splice import line_end, line_start
from ..edit.yaml import YamlDocument, dash, indent_block, render, render_scalar
from ..facts import Facts
from ..fixer import Context, Fixer, Outcome
from ..model import Applicability, Finding, Rule, Severity, fixes, noop, reports
from ..snapshot import Snapshot

PATH = ".pre-commit-config.yaml"
ALT_PATH = ".pre-commit-config.yml"
HOOKS_REPO = "https://github.com/pre-commit/pre-commit-hooks"
RUFF_REPO = "https://github.com/astral-sh/ruff-pre-commit"
_RUFF_REPOS = ("github.com/astral-sh/ruff-pre-commit", "github.com/charliermarsh/ruff-pre-commit")  # the old name
MINIMUM_HYGIENE = ("trailing-whitespace", "end-of-file-fixer")
OTHER_HYGIENE = ("check-yaml", "check-added-large-files", "check-toml", "check-json")
RUFF_LINT_IDS = ("ruff", "ruff-check")  # `ruff-check` is the newer id of the same hook
_SHA = re.compile(r"[0-9a-f]{7,40}")

_LOCK = '[[package]]\nname = "ruff"\nversion = "0.15.1"\n'
_FULL = (
    "repos:\n"
    "  - repo: https://github.com/pre-commit/pre-commit-hooks\n"
    "    rev: v6.0.0\n"
    "    hooks:\n"
    "      - id: trailing-whitespace\n"
    "      - id: end-of-file-fixer\n"
    "      - id: check-yaml\n"
    "      - id: check-added-large-files\n"
    "      - id: check-toml\n"
    "      - id: check-json\n"
    "\n"
    "  - repo: https://github.com/astral-sh/ruff-pre-commit\n"
    "    rev: v0.14.13\n"
    "    hooks:\n"
    "      - id: ruff\n"
    "        args: [--fix]\n"
    "      - id: ruff-format\n"
)
_PC001_EXAMPLES = (
    fixes("created-when-absent", None, _FULL),
    fixes("ruff-rev-from-uv-lock", None, _FULL.replace("v0.14.13", "v0.15.1"), files={"uv.lock": _LOCK}),
    noop("existing-file-left-alone", "repos: []\n"),
)
_PC002_EXAMPLES = (
    fixes(
        "hooks-added-in-the-entrys-4-space-style",
        "repos:\n-   repo: https://github.com/pre-commit/pre-commit-hooks.git\n    rev: v4.0.0\n    hooks:\n"
        "    -   id: check-yaml\n# formatters\n-   repo: https://github.com/astral-sh/ruff-pre-commit\n"
        "    rev: 'v0.14.13'\n    hooks:\n    -   id: ruff-format\n",
        "repos:\n-   repo: https://github.com/pre-commit/pre-commit-hooks.git\n    rev: v4.0.0\n    hooks:\n"
        "    -   id: check-yaml\n    -   id: trailing-whitespace\n    -   id: end-of-file-fixer\n# formatters\n"
        "-   repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: 'v0.14.13'\n    hooks:\n"
        "    -   id: ruff\n        args: [--fix]\n    -   id: ruff-format\n",
    ),
    fixes(
        "missing-repo-entry-added-whole",
        "repos:\n- repo: https://github.com/psf/black\n  rev: 24.1.0\n  hooks:\n  - id: black\n"
        "- repo: https://github.com/pre-commit/pre-commit-hooks\n  rev: v5.0.0\n  hooks:\n"
        "  - id: trailing-whitespace\n  - id: end-of-file-fixer\n",
        "repos:\n- repo: https://github.com/psf/black\n  rev: 24.1.0\n  hooks:\n  - id: black\n"
        "- repo: https://github.com/pre-commit/pre-commit-hooks\n  rev: v5.0.0\n  hooks:\n"
        "  - id: trailing-whitespace\n  - id: end-of-file-fixer\n"
        "- repo: https://github.com/astral-sh/ruff-pre-commit\n  rev: v0.14.13\n  hooks:\n"
        "  - id: ruff\n    args: [--fix]\n  - id: ruff-format\n",
    ),
    noop(
        "local-ruff-hook-counts",
        "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
        "      - id: trailing-whitespace\n      - id: end-of-file-fixer\n  - repo: local\n    hooks:\n"
        "      - id: lint\n        name: lint\n        entry: uv run ruff check --fix\n        language: system\n"
        "        types: [python]\n",
    ),
    noop("ruff-check-id-counts", _FULL.replace("id: ruff\n", "id: ruff-check\n")),
)
_PC003_EXAMPLES = (
    fixes(
        "hygiene-hooks-appended-after-the-last-hook",
        "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
        "      - id: trailing-whitespace\n      - id: end-of-file-fixer\n        exclude: ^docs/\n"
        "  # lint\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.14.13\n    hooks:\n"
        "      - id: ruff\n        args: [--fix]\n      - id: ruff-format\n",
        "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
        "      - id: trailing-whitespace\n      - id: end-of-file-fixer\n        exclude: ^docs/\n"
        "      - id: check-yaml\n      - id: check-added-large-files\n      - id: check-toml\n"
        "      - id: check-json\n"
        "  # lint\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.14.13\n    hooks:\n"
        "      - id: ruff\n        args: [--fix]\n      - id: ruff-format\n",
    ),
    noop("all-hooks-present", _FULL),
)
_PC004_EXAMPLES = (
    fixes(
        "rev-follows-uv-lock-keeping-quotes",
        _FULL.replace("rev: v0.14.13", "rev: 'v0.4.1'  # ruff"),
        _FULL.replace("rev: v0.14.13", "rev: 'v0.15.1'  # ruff"),
        files={"uv.lock": _LOCK},
    ),
    reports(
        "frozen-sha-reported-not-edited",
        _FULL.replace("rev: v0.14.13", "rev: 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567  # frozen: v0.4.1"),
        files={"uv.lock": _LOCK},
    ),
    noop("no-pinned-ruff-no-check", _FULL.replace("rev: v0.14.13", "rev: v0.4.1")),
)
_PC005_EXAMPLES = (
    reports("reported-without-unsafe-fixes", _FULL.replace("        args: [--fix]\n", "")),
    fixes(
        "args-added",
        _FULL.replace("        args: [--fix]\n", ""),
        _FULL,
        unsafe_fixes=True,
    ),
    fixes(
        "fix-appended-to-existing-args",
        _FULL.replace("[--fix]", "[--config, ruff.toml]"),
        _FULL.replace("[--fix]", "[--config, ruff.toml, --fix]"),
        unsafe_fixes=True,
    ),
    noop("fix-already-there", _FULL, unsafe_fixes=True),
)

PC001 = Rule(
    code="PC001",
    name="pre-commit-config-missing",
    summary="The project has no .pre-commit-config.yaml.",
    rationale="Hygiene hooks and ruff at commit time catch whitespace, malformed configs, large files and lint "
    "before they reach CI: no 'forgot to format' failures.",
    applicability=Applicability.SAFE,
    severity=Severity.ERROR,
    fix="Creates the blueprint's file: pre-commit-hooks' six hygiene hooks and ruff-pre-commit's ruff (with --fix) "
    "and ruff-format, at the rev matching the ruff the project pins (else the blueprint's ruff-rev).",
    examples=_PC001_EXAMPLES,
)
PC002 = Rule(
    code="PC002",
    name="minimum-hooks-missing",
    summary="trailing-whitespace, end-of-file-fixer, ruff or ruff-format is missing from the pre-commit config.",
    rationale="The blueprint's minimum: without them, whitespace noise and unformatted or unlinted code reach CI.",
    applicability=Applicability.SAFE,
    severity=Severity.ERROR,
    fix="Adds the hook to the existing pre-commit-hooks or ruff-pre-commit entry in its style, or adds the whole "
    "entry; nothing is added next to a local ruff hook.",
    examples=_PC002_EXAMPLES,
)
PC003 = Rule(
    code="PC003",
    name="hygiene-hooks-missing",
    summary="check-yaml, check-added-large-files, check-toml or check-json is missing from the pre-commit config.",
    rationale="They catch malformed configuration files and accidentally committed large files before they land.",
    applicability=Applicability.SAFE,
    severity=Severity.WARNING,
    fix="Adds the hook to the existing pre-commit/pre-commit-hooks entry in its style, or adds the whole entry.",
    examples=_PC003_EXAMPLES,
)
PC004 = Rule(
    code="PC004",
    name="ruff-rev-mismatch",
    summary="The ruff-pre-commit rev differs from the ruff version the project pins.",
    rationale="The hook and CI must run the same ruff, or a commit passes locally and fails in CI (or the "
    "reverse). The pin comes from uv.lock, else the dev dependency.",
    applicability=Applicability.SAFE,
    severity=Severity.WARNING,
    fix="Sets `rev` to v<pinned version> in its quote style. A frozen commit SHA (`# frozen: vX`) is reported, "
    "not edited: the SHA of another tag cannot be known offline.",
    examples=_PC004_EXAMPLES,
)
PC005 = Rule(
    code="PC005",
    name="ruff-hook-without-fix",
    summary="The ruff hook runs without `--fix`.",
    rationale="The blueprint runs ruff with `args: [--fix]` so safe fixes (import order, unused imports) are made "
    "at commit time. Unsafe: it changes what the hook does, which then rewrites files on every commit.",
    applicability=Applicability.UNSAFE,
    severity=Severity.WARNING,
    fix="Appends `--fix` to the hook's args, or adds `args: [--fix]`.",
    examples=_PC005_EXAMPLES,
)
RULES = (PC001, PC002, PC003, PC004, PC005)


def normalise_url(url: str) -> str:
    """A repo URL as host/owner/name: scheme, `www.`, `git@host:`, a `.git` suffix, slashes and case ignored."""
    url = url.strip().lower()
    url = re.sub(r"^(?:[a-z+]+://)?(?:[^@/]+@)?(?:www\.)?", "", url)
    url = re.sub(r"^([^/:]+):(?!\d)", r"\1/", url)
    return url.rstrip("/").removesuffix(".git").rstrip("/")


def template(hooks_rev: str, ruff_rev: str) -> str:
    """The blueprint's .pre-commit-config.yaml."""
    hygiene = "".join(f"      - id: {hook}\n" for hook in (*MINIMUM_HYGIENE, *OTHER_HYGIENE))
    return (
        f"repos:\n  - repo: {HOOKS_REPO}\n    rev: {hooks_rev}\n    hooks:\n{hygiene}\n"
        f"  - repo: {RUFF_REPO}\n    rev: {ruff_rev}\n    hooks:\n"
        "      - id: ruff\n        args: [--fix]\n      - id: ruff-format\n"
    )


def ruff_rev(ctx: Context) -> str:
    return f"v{ctx.facts.ruff_version}" if ctx.facts.ruff_version else ctx.settings.blueprint.ruff_rev


@dataclass
class _Config:
    """What the analysis of a config found: the entries of the two blueprint repos and the hook ids present."""

    repos: list[Any]
    hooks_entry: int | None = None
    ruff_entries: list[int] = field(default_factory=list)
    present: set[str] = field(default_factory=set)
    other_ruff: bool = False  # a ruff hook from `repo: local` or another repo


def _analyse(repos: list[Any]) -> _Config:
    config = _Config(repos)
    for index, entry in enumerate(repos):
        if not isinstance(entry, dict):
            continue
        url = normalise_url(str(entry.get("repo", "")))
        hooks = (
            [h for h in entry.get("hooks") or [] if isinstance(h, dict)] if isinstance(entry.get("hooks"), list) else []
        )
        config.present.update(str(h.get("id")) for h in hooks)
        if url == normalise_url(HOOKS_REPO) and config.hooks_entry is None and isinstance(entry.get("hooks"), list):
            config.hooks_entry = index
        elif url in _RUFF_REPOS:
            config.ruff_entries.append(index)
        elif any("ruff" in f"{h.get('id', '')} {h.get('entry', '')}" for h in hooks):
            config.other_ruff = True
    return config


def fix(path: str, text: str | None, ctx: Context) -> Outcome:
    if text is None:
        if not ctx.enabled(PC001):
            return Outcome(None)
        found = ctx.finding(PC001, path, "no pre-commit config: created from the blueprint's template", fixed=True)
        return Outcome(template(ctx.settings.blueprint.pre_commit_hooks_rev, ruff_rev(ctx)), (found,))

    doc = YamlDocument(text)  # raises ParseError with the position
    data = doc.get(())
    repos = data.get("repos") if isinstance(data, dict) else None
    if not isinstance(repos, list):
        if not ctx.enabled(PC002):
            return Outcome(None)
        message = "not a pre-commit config (no `repos:` list): cannot check its hooks"
        return Outcome(None, (ctx.finding(PC002, path, message, applicability=Applicability.MANUAL),))
    config = _analyse(repos)
    findings = [*_check_rev(doc, config, path, ctx), *_check_fix_arg(doc, config, path, ctx)]
    findings += _add_hooks(doc, config, path, ctx)
    return Outcome(doc.text if doc.text != text else None, tuple(findings))


# -- PC004: the ruff rev --------------------------------------------------------------------------------------------


def _check_rev(doc: YamlDocument, config: _Config, path: str, ctx: Context) -> list[Finding]:
    version = ctx.facts.ruff_version
    if not version or not ctx.enabled(PC004):
        return []
    want, findings = f"v{version}", []
    for index in config.ruff_entries:
        rev = str(config.repos[index].get("rev", ""))
        if rev == want:  # ruff-pre-commit's tags carry the `v`
            continue
        where = ("repos", index, "rev")
        line = doc.line_of(where)
        frozen = _frozen_tag(doc, where)
        if _SHA.fullmatch(rev):
            if frozen == want:
                continue
            message = (
                f"ruff-pre-commit rev is a frozen commit ({frozen or 'tag unknown'}) but the project pins ruff "
                f"{version}: set it to the commit of tag {want} (`pre-commit autoupdate --freeze` picks the latest)"
            )
            findings.append(ctx.finding(PC004, path, message, line=line, applicability=Applicability.MANUAL))
            continue
        fixed = ctx.may_fix(PC004) and doc.set_scalar(where, want)
        message = f"ruff-pre-commit rev {rev} does not match the ruff the project pins ({version}): want {want}"
        findings.append(ctx.finding(PC004, path, message, line=line, fixed=fixed))
    return findings


def _frozen_tag(doc: YamlDocument, where: tuple[Any, ...]) -> str | None:
    """The tag in a `rev: <sha>  # frozen: vX` comment: the rest of the rev's own line."""
    node = doc.node(where)
    if node is None:
        return None
    match = re.search(r"#\s*frozen:\s*(\S+)", doc.text[node.end : line_end(doc.text, node.end)])
    return match.group(1) if match else None


# -- PC005: --fix on the ruff hook ----------------------------------------------------------------------------------


def _check_fix_arg(doc: YamlDocument, config: _Config, path: str, ctx: Context) -> list[Finding]:
    if not ctx.enabled(PC005):
        return []
    findings = []
    for index in config.ruff_entries:
        hooks = config.repos[index].get("hooks")
        for h_index, hook in enumerate(hooks if isinstance(hooks, list) else []):
            if not isinstance(hook, dict) or hook.get("id") not in RUFF_LINT_IDS:
                continue
            args = hook.get("args")
            if isinstance(args, list) and any(str(a).startswith("--fix") for a in args):
                continue
            where = ("repos", index, "hooks", h_index)
            fixed = False
            if ctx.may_fix(PC005) and not (isinstance(args, list) and "--no-fix" in args):
                if isinstance(args, list):
                    fixed = doc.append((*where, "args"), "--fix")
                elif args is None and "args" not in hook:
                    fixed = doc.add_key(where, "args", ["--fix"])
            message = f"the {hook['id']} hook runs without --fix (the blueprint has `args: [--fix]`)"
            findings.append(ctx.finding(PC005, path, message, line=doc.line_of(where), fixed=fixed))
    return findings


# -- PC002/PC003: missing hooks -------------------------------------------------------------------------------------


def _missing(config: _Config) -> list[tuple[Rule, str, dict[str, Any]]]:
    """The missing hooks, in the blueprint's order: (rule, repo URL, hook as data)."""
    wanted: list[tuple[Rule, str, dict[str, Any]]] = []
    for hook in (*MINIMUM_HYGIENE, *OTHER_HYGIENE):
        if hook not in config.present:
            wanted.append((PC002 if hook in MINIMUM_HYGIENE else PC003, HOOKS_REPO, {"id": hook}))
    if not config.other_ruff:
        if not config.present & set(RUFF_LINT_IDS):
            wanted.append((PC002, RUFF_REPO, {"id": "ruff", "args": ["--fix"]}))
        if "ruff-format" not in config.present:
            wanted.append((PC002, RUFF_REPO, {"id": "ruff-format"}))
    return wanted


def _add_hooks(doc: YamlDocument, config: _Config, path: str, ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for repo in (HOOKS_REPO, RUFF_REPO):
        missing = [(rule, hook) for rule, url, hook in _missing(config) if url == repo and ctx.enabled(rule)]
        if not missing:
            continue
        to_add = [hook for rule, hook in missing if ctx.may_fix(rule)]
        entry = config.hooks_entry if repo == HOOKS_REPO else _ruff_entry(config)
        if entry is not None:
            added = {h["id"] for h in to_add if _add_to_entry(doc, entry, h)}
            where = "its existing repo entry"
            line = doc.line_of(("repos", entry))
        else:
            rev = ctx.settings.blueprint.pre_commit_hooks_rev if repo == HOOKS_REPO else ruff_rev(ctx)
            added = {h["id"] for h in to_add} if to_add and _add_entry(doc, repo, rev, to_add) else set()
            where = f"a new repo entry at rev {rev}"
            line = doc.line_of(("repos",))
        for rule, hook in missing:
            fixed = hook["id"] in added
            message = f"hook {hook['id']} of {_short(repo)} is missing" + (f": added to {where}" if fixed else "")
            if not fixed and ctx.may_fix(rule):
                message += f"; it could not be added in this file's layout, add `- id: {hook['id']}` by hand"
            findings.append(ctx.finding(rule, path, message, line=line, fixed=fixed))
    return findings


def _short(repo: str) -> str:
    return repo.removeprefix("https://github.com/")


def _ruff_entry(config: _Config) -> int | None:
    """The ruff-pre-commit entry to add hooks to: the first with a list of hooks."""
    return next((i for i in config.ruff_entries if isinstance(config.repos[i].get("hooks"), list)), None)


def _add_to_entry(doc: YamlDocument, entry: int, hook: dict[str, Any]) -> bool:
    """Append the hook to the entry's hooks; ruff goes before ruff-format, as `--fix` must run before formatting."""
    hooks_path = ("repos", entry, "hooks")
    hooks = doc.get(hooks_path)
    ids = [h.get("id") if isinstance(h, dict) else None for h in hooks] if isinstance(hooks, list) else []
    if hook["id"] in RUFF_LINT_IDS and "ruff-format" in ids:
        return doc.insert(hooks_path, ids.index("ruff-format"), hook)
    return doc.append(hooks_path, hook)


def _add_entry(doc: YamlDocument, repo: str, rev: str, hooks: list[dict[str, Any]]) -> bool:

    style = doc.style(("repos",))
    quote = _rev_quote(doc)
    rendered_hooks = indent_block(render(hooks, style), " " * style.seq_offset, " " * style.seq_offset)
    rev_text = render_scalar(rev, quote)
    rendered = f"repo: {repo}\nrev: {rev_text}\nhooks:\n{rendered_hooks}"
    value = {"repo": repo, "rev": rev, "hooks": hooks}
    return doc.append(("repos",), value, rendered, blank_line=_blank_between_repos(doc))


def _rev_quote(doc: YamlDocument) -> str | None:
    """The quote style of the file's existing revs, so a new entry's rev looks like its neighbours'."""
    repos = doc.get(("repos",))
    for index in range(len(repos) if isinstance(repos, list) else 0):
        node = doc.node(("repos", index, "rev"))
        if node is not None and node.kind == "scalar":
            return node.style if node.style in ("'", '"') else None
    return None


def _blank_between_repos(doc: YamlDocument) -> bool:
    """Whether repo entries are separated by a blank line (the blueprint's layout, used when there is one entry)."""

    seq = doc.node(("repos",))
    if seq is None or seq.kind != "seq" or seq.flow or len(seq.children) < 2:
        return seq is not None and not seq.flow
    text = doc.text
    for item in seq.children[1:]:
        above = line_start(text, dash(text, item))
        while above > 0:
            prev = line_start(text, above - 1)
            line = text[prev:above].strip()
            if not line:
                return True
            if not line.startswith("#"):
                break
            above = prev
    return False


def _targets(snapshot: Snapshot, facts: Facts) -> tuple[str, ...]:
    """pre-commit reads `.pre-commit-config.yaml`; a project that only has the `.yml` spelling keeps it."""
    if not snapshot.exists(PATH) and snapshot.exists(ALT_PATH):
        return (ALT_PATH,)
    return (PATH,)


FIXER = Fixer(
    name="pre-commit",
    rules=RULES,
    reads=(PATH, ALT_PATH),
    targets=_targets,
    fix=fix,
    default_path=PATH,
)
