"""A repository's git configuration at its worst, for the tests of untrusted repositories (test_untrusted.py,
test_bot_untrusted.py): the marker a command writes is the evidence that it ran."""

from __future__ import annotations

from pathlib import Path

HOOKS = ("post-checkout", "reference-transaction", "pre-commit", "post-commit", "post-index-change", "pre-push")


def hostile_config(marks: Path, origin: str | None = None) -> str:
    """Every setting through which a repository's git configuration would make git run a command: each command
    writes its environment to a marker named after it (so a leaked token would show there too). `origin` is the
    line of `[remote "origin"]` that points elsewhere (by default its `url`, to a folder beside the markers)."""

    def run(name: str) -> str:
        return f'"env > {marks}/{name}; false"'

    hooks = marks.parent / "its-hooks"
    hooks.mkdir(exist_ok=True)
    for hook in HOOKS:
        (hooks / hook).write_text(f"#!/bin/sh\nenv > {marks}/hook-{hook}\n")
        (hooks / hook).chmod(0o755)
    return f"""
[core]
\tfsmonitor = {run("fsmonitor")}
\tpager = {run("pager")}
\teditor = {run("editor")}
\taskPass = {run("askpass")}
\tsshCommand = {run("ssh")}
\talternateRefsCommand = {run("alternate-refs")}
\thooksPath = {hooks}
[diff]
\texternal = {run("external-diff")}
[filter "evil"]
\tclean = {run("clean-filter")}
\tsmudge = {run("smudge-filter")}
\tprocess = {run("process-filter")}
\trequired = true
[diff "evil"]
\ttextconv = {run("textconv")}
\tcommand = {run("diff-command")}
[merge "evil"]
\tdriver = {run("merge-driver")}
[gpg]
\tprogram = {run("gpg")}
[commit]
\tgpgSign = true
[credential]
\thelper = "!env > {marks}/credential-helper; true"
[uploadpack]
\tpackObjectsHook = {run("pack-objects-hook")}
[remote "origin"]
\t{origin or f"url = {marks.parent}/elsewhere.git"}
\tuploadpack = {run("uploadpack")}
\treceivepack = {run("receivepack")}
"""
