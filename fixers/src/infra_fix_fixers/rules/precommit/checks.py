"""PC checks on the repository's `.pre-commit-config.yaml`, read through the YAML tree and edited by splices in the
file's own layout (4-space `-   id:` or 2-space `- id:`, dashes at the key's column or indented, quotes, comments
between repos), each checked by re-loading the file. A hook counts as present when any repo provides its id,
`repo: local` included; a local ruff hook of any id stands in for the ruff hooks, so none is added next to it.
"""

from __future__ import annotations

import re
from typing import Any

from ...edit.splice import line_end, line_start
from ...edit.yaml import YamlDocument, dash, indent_block, render, render_scalar
from ...edit.yaml_render import plain_or_quoted
from ...fixer import Context, FileRun, check
from ...model import Applicability, Rule
from ..ci.scan import RUFF_CHECK, RUFF_FORMAT
from ..ci.survey import survey
from . import hygiene
from .rules import PC001, PC002, PC003, PC004, PC005

HOOKS_REPO = "https://github.com/pre-commit/pre-commit-hooks"
RUFF_REPO = "https://github.com/astral-sh/ruff-pre-commit"
_RUFF_REPOS = ("github.com/astral-sh/ruff-pre-commit", "github.com/charliermarsh/ruff-pre-commit")  # the old name
MINIMUM_HYGIENE = ("trailing-whitespace", "end-of-file-fixer")
OTHER_HYGIENE = ("check-yaml", "check-added-large-files", "check-toml", "check-json")
RUFF_LINT_IDS = ("ruff", "ruff-check")  # `ruff-check` is the newer id of the same hook
_SHA = re.compile(r"[0-9a-f]{7,40}")
# Hooks whose check CI may already run green; the check-* hooks are simulated on the repository's files (hygiene.py),
# and check-added-large-files looks only at files being added.
_ALREADY_CHECKED = {"ruff": RUFF_CHECK, "ruff-format": RUFF_FORMAT}


def normalise_url(url: str) -> str:
    """A repo URL as host/owner/name: scheme, `www.`, `git@host:`, a `.git` suffix, slashes and case ignored."""
    url = url.strip().lower()
    url = re.sub(r"^(?:[a-z+]+://)?(?:[^@/]+@)?(?:www\.)?", "", url)
    url = re.sub(r"^([^/:]+):(?!\d)", r"\1/", url)
    return url.rstrip("/").removesuffix(".git").rstrip("/")


def pinned_ruff(ctx: Context) -> str | None:
    """The ruff the repository's projects pin, when they agree on one."""
    versions = {p.ruff_version for p in ctx.repo.projects if p.ruff_version}
    return versions.pop() if len(versions) == 1 else None


def ruff_rev(ctx: Context) -> str:
    """The rev a new ruff hook gets: the pinned ruff, else the blueprint's unless the projects require newer."""
    pinned = pinned_ruff(ctx)
    if pinned:
        return f"v{pinned}"
    from packaging.version import InvalidVersion, Version

    default = ctx.settings.blueprint.ruff_rev
    floors = [p.ruff_floor for p in ctx.repo.projects if p.ruff_floor]
    try:
        newest = max((Version(f) for f in floors), default=None)
        if newest is None or newest <= Version(default.removeprefix("v")):
            return default
    except InvalidVersion:
        return default
    return "v" + ".".join(str(part) for part in (*newest.release, 0, 0)[:3])  # tags have three parts: v0.15.0


class PrecommitDocument(YamlDocument):
    """The config and what the analysis found: the entries of the two blueprint repos and the hook ids present
    (`other_ruff`: a ruff hook from `repo: local` or another repo)."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        data = self.get(())
        repos = data.get("repos") if isinstance(data, dict) else None
        self.repos: list[Any] | None = repos if isinstance(repos, list) else None
        self.hooks_entry: int | None = None
        self.ruff_entries: list[int] = []
        self.present: set[str] = set()
        self.other_ruff = False
        for index, entry in enumerate(self.repos or []):
            if isinstance(entry, dict):
                self._analyse(index, entry)

    def _analyse(self, index: int, entry: dict[str, Any]) -> None:
        url = normalise_url(str(entry.get("repo", "")))
        hooks = (
            [h for h in entry.get("hooks") or [] if isinstance(h, dict)] if isinstance(entry.get("hooks"), list) else []
        )
        self.present.update(str(h.get("id")) for h in hooks)
        if url == normalise_url(HOOKS_REPO) and self.hooks_entry is None and isinstance(entry.get("hooks"), list):
            self.hooks_entry = index
        elif url in _RUFF_REPOS:
            self.ruff_entries.append(index)
        elif any("ruff" in f"{h.get('id', '')} {h.get('entry', '')}" for h in hooks):
            self.other_ruff = True


Run = FileRun[PrecommitDocument]


@check(PC002)
def repos_list(run: Run) -> None:
    if run.doc.repos is None:
        run.report(PC002, "not a pre-commit config (no `repos:` list): cannot check its hooks",
                   applicability=Applicability.MANUAL)  # fmt: skip


# -- PC004: the ruff rev --------------------------------------------------------------------------------------------


@check(PC004)
def rev(run: Run) -> None:
    version = pinned_ruff(run.ctx)
    if not version or run.doc.repos is None:
        return
    want = f"v{version}"
    for index in run.doc.ruff_entries:
        have = str(run.doc.repos[index].get("rev", ""))
        if have == want:  # ruff-pre-commit's tags carry the `v`
            continue
        where = ("repos", index, "rev")
        if _SHA.fullmatch(have):
            frozen = _frozen_tag(run.doc, where)
            if frozen != want:
                run.report(PC004, f"ruff-pre-commit rev is a frozen commit ({frozen or 'tag unknown'}) but the project "
                           f"pins ruff {version}: set it to the commit of tag {want} (`pre-commit autoupdate --freeze` "
                           "picks the latest)", at=where, applicability=Applicability.MANUAL)  # fmt: skip
            continue
        if _newer(have, version):
            run.report(PC004, f"ruff-pre-commit rev {have} is newer than the ruff the lock pins ({version}): upgrade "
                       "the lock (`uv lock --upgrade-package ruff`) rather than downgrade the hook", at=where,
                       applicability=Applicability.MANUAL)  # fmt: skip
            continue
        message = f"ruff-pre-commit rev {have} does not match the ruff the project pins ({version}): want {want}"
        edit = lambda w=where: run.doc.set_scalar(w, want)  # noqa: E731
        run.report(PC004, message, at=where, edit=edit, respect=where, values=[want])


def _newer(rev: str, version: str) -> bool:
    def key(text: str) -> tuple[int, ...]:
        return tuple(int(p) for p in re.findall(r"\d+", text)[:3])

    return key(rev) > key(version)


def _frozen_tag(doc: YamlDocument, where: tuple[Any, ...]) -> str | None:
    """The tag in a `rev: <sha>  # frozen: vX` comment: the rest of the rev's own line."""
    node = doc.node(where)
    if node is None:
        return None
    match = re.search(r"#\s*frozen:\s*(\S+)", doc.text[node.end : line_end(doc.text, node.end)])
    return match.group(1) if match else None


# -- PC005: --fix on the ruff hook ----------------------------------------------------------------------------------


@check(PC005)
def fix_arg(run: Run) -> None:
    doc = run.doc
    for index in doc.ruff_entries:
        hooks = doc.repos[index].get("hooks") if doc.repos else None
        for h_index, hook in enumerate(hooks if isinstance(hooks, list) else []):
            if not isinstance(hook, dict) or hook.get("id") not in RUFF_LINT_IDS:
                continue
            args = hook.get("args")
            if isinstance(args, list) and any(str(a).startswith("--fix") for a in args):
                continue
            where = ("repos", index, "hooks", h_index)
            edit = None
            if not (isinstance(args, list) and "--no-fix" in args):
                if isinstance(args, list):
                    edit = lambda w=where: doc.append((*w, "args"), "--fix")  # noqa: E731
                elif args is None and "args" not in hook:
                    edit = lambda w=where: doc.add_key(w, "args", ["--fix"])  # noqa: E731
            run.report(PC005, f"the {hook['id']} hook runs without --fix (the blueprint has `args: [--fix]`)",
                       at=where, edit=edit, applicability=None if edit else Applicability.MANUAL)  # fmt: skip


# -- PC002/PC003: missing hooks -------------------------------------------------------------------------------------


def missing_hooks(doc: PrecommitDocument) -> list[tuple[Rule, str, dict[str, Any]]]:
    """The missing hooks, in the blueprint's order: (rule, repo URL, hook as data)."""
    wanted: list[tuple[Rule, str, dict[str, Any]]] = []
    for hook in (*MINIMUM_HYGIENE, *OTHER_HYGIENE):
        if hook not in doc.present:
            wanted.append((PC002 if hook in MINIMUM_HYGIENE else PC003, HOOKS_REPO, {"id": hook}))
    if not doc.other_ruff:
        if not doc.present & set(RUFF_LINT_IDS):
            wanted.append((PC002, RUFF_REPO, {"id": "ruff", "args": ["--fix"]}))
        if "ruff-format" not in doc.present:
            wanted.append((PC002, RUFF_REPO, {"id": "ruff-format"}))
    return wanted


def hook_plan(ctx: Context, hook: dict[str, Any]) -> tuple[dict[str, Any] | None, str, Applicability | None]:
    """The hook as it can be added (None: not at all), why, and how safe adding it is."""
    hook_id = hook["id"]
    commented, broken = hygiene.failing(hook_id, ctx.snapshot)
    if broken:
        return (
            None,
            f"; not added: it would fail on {hygiene.named(broken)} (fix them, or add it with an exclude)",
            None,
        )
    if commented:
        hook = {**hook, "exclude": hygiene.exclude_pattern(commented)}
    facts = ctx.shared(survey)
    checked = _ALREADY_CHECKED.get(hook_id)
    simulated = hook_id in ("check-json", "check-yaml", "check-toml", "check-added-large-files")
    if facts.runs_precommit and not simulated and checked not in facts.checks():
        why = "; pre-commit runs in CI: run `pre-commit run --all-files` in the same commit (the hook may change or " \
              "reject existing files)"  # fmt: skip
        return hook, why, Applicability.UNSAFE
    return hook, "", Applicability.SAFE


@check(PC002, PC003)
def add_hooks(run: Run) -> None:
    doc, ctx = run.doc, run.ctx
    if doc.repos is None:
        return
    for repo in (HOOKS_REPO, RUFF_REPO):
        for rule, url, hook in missing_hooks(doc):
            if url != repo or not ctx.enabled(rule):
                continue
            planned, why, kind = hook_plan(ctx, hook)
            entry = doc.hooks_entry if repo == HOOKS_REPO else _ruff_entry(doc)
            place = "its existing repo entry" if entry is not None else "a new repo entry"
            message = f"hook {hook['id']} of {repo.removeprefix('https://github.com/')} is missing (added to {place})"
            edit = (lambda h=planned, r=repo, e=entry: _add(run, r, e, h)) if planned else None  # noqa: E731
            at = ("repos", entry) if entry is not None else ("repos",)
            run.report(rule, message + why, at=at, edit=edit, applicability=kind if planned else Applicability.MANUAL)


def _add(run: Run, repo: str, entry: int | None, hook: dict[str, Any]) -> bool:
    doc = run.doc
    if entry is not None:
        return _add_to_entry(doc, entry, hook)
    rev = run.ctx.settings.blueprint.pre_commit_hooks_rev if repo == HOOKS_REPO else ruff_rev(run.ctx)
    if not _add_entry(doc, repo, rev, [hook]):
        return False
    repos = doc.get(("repos",))
    new_index = len(repos) - 1 if isinstance(repos, list) else 0
    if repo == HOOKS_REPO:
        doc.hooks_entry = new_index
    else:
        doc.ruff_entries.append(new_index)
    doc.present.add(hook["id"])
    return True


def _ruff_entry(doc: PrecommitDocument) -> int | None:
    """The ruff-pre-commit entry to add hooks to: the first with a list of hooks."""
    return next((i for i in doc.ruff_entries if isinstance(doc.get(("repos", i, "hooks")), list)), None)


def _add_to_entry(doc: PrecommitDocument, entry: int, hook: dict[str, Any]) -> bool:
    """Append the hook to the entry's hooks; ruff goes before ruff-format, as `--fix` must run before formatting."""
    hooks_path = ("repos", entry, "hooks")
    hooks = doc.get(hooks_path)
    ids = [h.get("id") if isinstance(h, dict) else None for h in hooks] if isinstance(hooks, list) else []
    rendered = f"id: {hook['id']}\nexclude: {plain_or_quoted(hook['exclude'])}" if "exclude" in hook else None
    if hook["id"] in RUFF_LINT_IDS and "ruff-format" in ids:
        done = doc.insert(hooks_path, ids.index("ruff-format"), hook, rendered)
    else:
        done = doc.append(hooks_path, hook, rendered)
    if done:
        doc.present.add(hook["id"])
    return done


def _add_entry(doc: YamlDocument, repo: str, rev: str, hooks: list[dict[str, Any]]) -> bool:
    style = doc.style(("repos",))
    rendered_hooks = indent_block(render(hooks, style), " " * style.seq_offset, " " * style.seq_offset)
    rendered = f"repo: {repo}\nrev: {render_scalar(rev, _rev_quote(doc))}\nhooks:\n{rendered_hooks}"
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


# -- PC001: a config where there is none ----------------------------------------------------------------------------


def create(run: FileRun[None]) -> None:
    ctx = run.ctx
    hygiene_hooks = []
    for hook_id in (*MINIMUM_HYGIENE, *OTHER_HYGIENE):
        planned, _, _ = hook_plan(ctx, {"id": hook_id})
        if planned is not None:
            hygiene_hooks.append(planned)
    run.create(PC001, f"no pre-commit config: create {run.path} from the blueprint's template",
               lambda: template(ctx.settings.blueprint.pre_commit_hooks_rev, ruff_rev(ctx), hygiene_hooks))  # fmt: skip


def template(hooks_rev: str, ruff_rev: str, hooks: list[dict[str, Any]]) -> str:
    """The blueprint's .pre-commit-config.yaml."""
    rendered = [f"- id: {h['id']}" + (f"\n  exclude: {plain_or_quoted(h['exclude'])}" if "exclude" in h else "")
                for h in hooks]  # fmt: skip
    hygiene_text = indent_block("\n".join(rendered), "      ", "      ") if hooks else ""
    first = f"  - repo: {HOOKS_REPO}\n    rev: {hooks_rev}\n    hooks:\n{hygiene_text}\n\n" if hooks else ""
    return (
        f"repos:\n{first}"
        f"  - repo: {RUFF_REPO}\n    rev: {ruff_rev}\n    hooks:\n"
        "      - id: ruff\n        args: [--fix]\n      - id: ruff-format\n"
    )


CHECKS = (repos_list, rev, fix_arg, add_hooks)
