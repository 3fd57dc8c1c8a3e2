"""The pre-commit config being fixed: its two blueprint repos and the hook ids present, read through the YAML tree,
and hooks and repo entries added in the file's own layout (4-space `-   id:` or 2-space `- id:`, dashes at the
key's column or indented, quotes, comments between repos), each checked by re-loading the file. A hook counts as
present when any repo provides its id, `repo: local` included; a local ruff hook of any id stands in for the ruff
hooks, so none is added next to it.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from ...edit.splice import line_start
from ...edit.toml_render import sorted_strings
from ...edit.yaml import YamlDocument, dash, indent_block, render, render_scalar
from ...edit.yaml_render import plain_or_quoted
from ...fixer import FileRun

HOOKS_REPO = "https://github.com/pre-commit/pre-commit-hooks"
RUFF_REPO = "https://github.com/astral-sh/ruff-pre-commit"
_RUFF_REPOS = ("github.com/astral-sh/ruff-pre-commit", "github.com/charliermarsh/ruff-pre-commit")  # the old name
MINIMUM_HYGIENE = ("trailing-whitespace", "end-of-file-fixer")
OTHER_HYGIENE = ("check-yaml", "check-added-large-files", "check-toml", "check-json")
RUFF_LINT_IDS = ("ruff", "ruff-check")  # `ruff-check` is the newer id of the same hook


def normalise_url(url: str) -> str:
    """A repo URL as host/owner/name: scheme, `www.`, `git@host:`, a `.git` suffix, slashes and case ignored."""
    url = url.strip().lower()
    url = re.sub(r"^(?:[a-z+]+://)?(?:[^@/]+@)?(?:www\.)?", "", url)
    url = re.sub(r"^([^/:]+):(?!\d)", r"\1/", url)
    return url.rstrip("/").removesuffix(".git").rstrip("/")


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


def add_to_entry(doc: PrecommitDocument, entry: int, hook: dict[str, Any]) -> bool:
    """Add the hook to the entry's hooks: where their ids are in alphabetical order, where it sorts; else at the
    end, except that ruff goes before ruff-format, as `--fix` must run before formatting."""
    hooks_path = ("repos", entry, "hooks")
    hooks = doc.get(hooks_path)
    ids = [h.get("id") if isinstance(h, dict) else None for h in hooks] if isinstance(hooks, list) else []
    rendered = f"id: {hook['id']}\nexclude: {_path_text(doc, hook['exclude'])}" if "exclude" in hook else None
    if hook["id"] in RUFF_LINT_IDS and "ruff-format" in ids:
        done = doc.insert(hooks_path, ids.index("ruff-format"), hook, rendered)
    elif sorted_strings(ids):
        names = [str(i) for i in ids]
        done = doc.insert(hooks_path, bisect.bisect([n.lower() for n in names], hook["id"].lower()), hook, rendered)
    else:
        done = doc.append(hooks_path, hook, rendered)
    if done:
        doc.present.add(hook["id"])
    return done


def _path_text(doc: YamlDocument, pattern: str) -> str:
    """A `files`/`exclude` pattern quoted as the file quotes its others (`exclude: "^docs/"`), else plain where
    YAML reads it back as written."""
    quotes = re.findall(r"""(?m)^[ \t-]*(?:files|exclude):[ \t]*(["'])""", doc.text)
    plain = re.findall(r"""(?m)^[ \t-]*(?:files|exclude):[ \t]*[^\s"'|>]""", doc.text)
    if quotes and len(quotes) >= len(plain):
        return render_scalar(pattern, quotes[0])
    return plain_or_quoted(pattern)


def add_entry(doc: YamlDocument, repo: str, rev: str, hooks: list[dict[str, Any]]) -> bool:
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
