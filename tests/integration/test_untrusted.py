"""Repositories nobody vetted (issue 13): each attack is built with real git, and each test names the marker that
must not appear: a file a command of the repository's choosing would write, a file outside the work tree, a byte
changed in git's own folder. The bot's attacks (tokens, origins, redirects) are in test_bot_untrusted.py."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from infra_fix import load
from tests.conftest import Ran, committed, git, make_repo
from tests.integration.hostile_git import HOOKS, hostile_config

Cli = Callable[..., Ran]
PYPROJECT = '[project]\nname = "demo"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 88\nselect = ["E"]\n'
SECRET = "ghs_notForAnyCommand0123456789abcdefABCD"


@pytest.fixture
def marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder every hostile command writes its marker to; the secrets infra-fix holds are in the environment."""
    folder = tmp_path / "marks"
    folder.mkdir()
    monkeypatch.setenv("INFRA_FIX_TOKEN", SECRET)
    monkeypatch.setenv("GITHUB_TOKEN", SECRET)
    return folder


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
        for p in sorted(folder.rglob("*"))
        if not p.is_symlink()
    }


def test_a_tracked_folder_laid_out_as_a_bare_repository_is_refused(tmp_path: Path, marks: Path, cli: Cli) -> None:
    """`svc/` holds HEAD, config, objects/ and refs/: git would take svc/config for the repository's own."""
    repo = committed(
        tmp_path / "repo",
        {
            "pyproject.toml": PYPROJECT,
            "svc/HEAD": "ref: refs/heads/main\n",
            "svc/config": "[core]\n\tbare = true\n" + hostile_config(marks),
            "svc/objects/.keep": "",
            "svc/refs/.keep": "",
            "svc/pyproject.toml": PYPROJECT,
            ".gitattributes": "* filter=evil diff=evil merge=evil\n",
        },
    )
    for mode in ("--check", "--diff", "--apply"):
        ran = cli(mode, "repo/svc")
        assert ran.code == 2
        assert "svc is laid out as a bare git repository" in ran.stdout + ran.stderr
    assert cli("--check", "repo").code == 1  # from the root, svc/ is a folder of files like any other
    assert cli("--apply", "repo").code in (0, 1)
    assert sorted(os.listdir(marks)) == []
    assert (repo / "svc/config").read_text().startswith("[core]\n\tbare = true\n")


def test_an_unpacked_archives_git_folder_makes_git_run_nothing(tmp_path: Path, marks: Path, cli: Cli) -> None:
    """An archive unpacked with its own .git/config: infra-fix works there, and no setting of it runs."""
    archive = committed(tmp_path / "archive", {"pyproject.toml": PYPROJECT, ".gitattributes": "* filter=evil\n"})
    with open(archive / ".git/config", "a", encoding="utf-8") as config:
        config.write(hostile_config(marks))
    for hook in HOOKS:
        (archive / ".git/hooks" / hook).write_text(f"#!/bin/sh\nenv > {marks}/default-hook-{hook}\n")
        (archive / ".git/hooks" / hook).chmod(0o755)
    for mode in ("--check", "--diff", "--apply"):
        ran = cli(mode, "--unsafe-fixes", "archive")
        assert ran.code in (0, 1), ran.stdout + ran.stderr
    assert (archive / "renovate.json").exists()  # (the run did its work)
    assert sorted(os.listdir(marks)) == []


def test_a_git_folder_among_another_repositorys_tracked_files_is_refused(tmp_path: Path, marks: Path, cli: Cli) -> None:
    outer = committed(tmp_path / "outer", {"pyproject.toml": PYPROJECT, "vendor/lib/pyproject.toml": PYPROJECT})
    committed(outer / "vendor/lib", {"README": "an archive unpacked over tracked files\n"})
    with open(outer / "vendor/lib/.git/config", "a", encoding="utf-8") as config:
        config.write(hostile_config(marks))
    ran = cli("--apply", "outer/vendor/lib")
    assert ran.code == 2
    assert ".git sits among files that the repository at" in ran.stdout
    assert not (outer / "vendor/lib/renovate.json").exists()
    assert sorted(os.listdir(marks)) == []


def test_a_repository_the_outer_one_records_as_a_submodule_is_used(tmp_path: Path, cli: Cli) -> None:
    """A clone inside another repository, recorded there as a gitlink (an old-style submodule): its own .git."""
    outer = committed(tmp_path / "outer", {"README": "outer\n"})
    committed(outer / "inner", {"pyproject.toml": PYPROJECT})
    git(outer, "add", "inner")
    git(outer, "commit", "-qm", "a gitlink")
    assert "160000 " in git(outer, "ls-files", "--stage", "inner")
    ran = cli("--check", "--select", "RF", "outer/inner")
    assert ran.code == 1 and "outer/inner/pyproject.toml:7: RF004" in ran.stdout


def test_a_configuration_that_moves_the_work_tree_elsewhere_is_refused(tmp_path: Path, marks: Path, cli: Cli) -> None:
    """core.worktree would make git list, and infra-fix write, the files of another folder."""
    elsewhere = make_repo(tmp_path / "elsewhere", {"pyproject.toml": PYPROJECT})
    before = _tree(elsewhere)
    archive = committed(tmp_path / "archive", {"pyproject.toml": PYPROJECT})
    git(archive, "config", "core.worktree", str(elsewhere))
    for mode in ("--apply", "--check", "--diff"):
        ran = cli(mode, "--unsafe-fixes", "archive")
        assert ran.code == 2
        assert "moves the work tree" in ran.stdout + ran.stderr and "core.worktree" in ran.stdout + ran.stderr
    assert _tree(elsewhere) == before  # the marker: no file created or changed outside
    assert sorted(os.listdir(archive)) == [".git", "pyproject.toml"]
    assert sorted(os.listdir(marks)) == []


def test_links_into_git_are_neither_read_nor_written(tmp_path: Path, cli: Cli) -> None:
    repo = committed(tmp_path / "repo", {"pyproject.toml": PYPROJECT})
    (repo / "ruff.toml").symlink_to(".git/info/exclude")
    (repo / "pyrightconfig.json").symlink_to(".git/config")
    (repo / ".github").symlink_to(".git/hooks", target_is_directory=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "links")
    before = _tree(repo / ".git")
    ran = cli("--apply", "--unsafe-fixes", "repo")
    assert ran.code == 2
    assert "repo/ruff.toml: symbolic link leads into git's own folder (.git/info/exclude); not followed" in ran.stdout
    assert "repo/pyrightconfig.json: symbolic link leads into git's own folder (.git/config)" in ran.stdout
    assert "repo/.github/workflows/renovate.yml: not written: resolves into .git, git's own folder" in ran.stdout
    assert _tree(repo / ".git") == before  # the marker: git's own files, byte for byte
    assert (repo / ".pre-commit-config.yaml").exists()  # the other files are still fixed


def test_the_sweep_never_goes_through_a_link_and_never_removes_a_tracked_file(tmp_path: Path, cli: Cli) -> None:
    """What a killed run leaves is removed by the next --apply; nothing else is, whatever it is named."""
    outside = make_repo(tmp_path / "outside", {"workflows/.ci.yml.0123abcd.infra-fix": "someone else's\n"})
    tracked = ".pyproject.toml.89abcdef.infra-fix"
    repo = committed(tmp_path / "repo", {"pyproject.toml": PYPROJECT, tracked: "a file the project keeps\n"})
    (repo / ".github").symlink_to(outside, target_is_directory=True)
    make_repo(repo, {".pyproject.toml.deadbeef.infra-fix": "what a killed run left\n"})
    old = time.time() - 3600
    for path in (
        outside / "workflows/.ci.yml.0123abcd.infra-fix",
        repo / tracked,
        repo / ".pyproject.toml.deadbeef.infra-fix",
    ):
        os.utime(path, (old, old))
    cli("--apply", "--unsafe-fixes", "repo")
    assert (outside / "workflows/.ci.yml.0123abcd.infra-fix").read_text() == "someone else's\n"
    assert (repo / tracked).read_text() == "a file the project keeps\n"
    assert not (repo / ".pyproject.toml.deadbeef.infra-fix").exists()  # (the sweep ran)


def test_a_latin1_file_name_is_a_name_like_any_other(tmp_path: Path, cli: Cli) -> None:
    """git lists it as bytes; infra-fix reads, fixes and writes that very file, and shows its name escaped."""
    repo = tmp_path / "repo"
    repo.mkdir()
    latin1 = os.fsdecode(b"caf\xe9")
    make_repo(repo, {"pyproject.toml": PYPROJECT, f"{latin1}/pyproject.toml": PYPROJECT, f"{latin1}/x.py": ""})
    committed(repo, {})
    for fmt in ("text", "json", "github", "sarif", "markdown"):
        ran = cli("--check", "--format", fmt, "repo")
        assert ran.code == 1, ran.stdout
        assert "internal error" not in ran.stdout
    checked = cli("--check", "repo").stdout
    assert "repo/caf\\xe9/pyproject.toml:7: RF004" in checked
    assert '"uri": "repo/caf%E9/pyproject.toml"' in cli("--check", "--format", "sarif", "repo").stdout
    assert cli("--apply", "--select", "RF", "repo").code in (0, 1)
    assert 'lint.select = ["E"]' in (repo / latin1 / "pyproject.toml").read_text()


@pytest.fixture
def deep(tmp_path: Path) -> Iterator[Path]:
    """1,500 nested folders, removed from the bottom up afterwards: shutil.rmtree (pytest's clean-up of old
    temporary folders) recurses, and would fail on them for every later run on this machine."""
    root = make_repo(tmp_path / "deep", {"pyproject.toml": PYPROJECT})
    folder = root
    for _ in range(1500):
        folder = folder / "d"
        folder.mkdir()
    try:
        yield root
    finally:
        while folder != root:
            folder.rmdir()
            folder = folder.parent


def test_a_deep_tree_outside_git_is_walked_without_recursion(deep: Path, cli: Cli) -> None:
    ran = cli("--check", "--select", "RF", "deep")
    assert ran.code == 1
    assert "RecursionError" not in ran.stdout and "internal error" not in ran.stdout


def test_the_walks_limit_is_reported_with_the_folders_not_looked_at(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(load, "MAX_FILES", 4)
    make_repo(tmp_path / "big", {"pyproject.toml": PYPROJECT, **{f"a{i}.txt": "" for i in range(4)}})
    make_repo(tmp_path / "big", {"late/pyproject.toml": PYPROJECT, "later/x/pyproject.toml": PYPROJECT})
    ran = cli("--check", "--select", "RF", "big")
    assert ran.code == 2
    assert (
        "more than 4 files outside git: stopped listing them, so projects in 2 folders were not looked at "
        in ran.stdout
    )
    assert "(late/, later/)" in ran.stdout
    assert "big/pyproject.toml:7: RF004" in ran.stdout  # what was listed is still checked


def test_jobs_are_capped_at_the_cpus_this_process_may_use(tmp_path: Path, cli: Cli) -> None:
    for name in ("one", "two"):
        committed(tmp_path / name, {"pyproject.toml": PYPROJECT})
    ran = cli("--check", "--jobs", "64", "--select", "RF", "one", "two")
    assert ran.code == 1
    cpus = len(os.sched_getaffinity(0))
    assert f"infra-fix: --jobs 64 capped at {cpus}, the number of CPUs this process may use" in ran.stderr
    assert "one/pyproject.toml:7: RF004" in ran.stdout and "two/pyproject.toml:7: RF004" in ran.stdout


def test_names_that_are_terminal_escapes_reach_the_terminal_escaped(tmp_path: Path, cli: Cli) -> None:
    osc52 = "x\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\u202e"  # a clipboard write, a screen clear, a right-to-left override
    repo = committed(tmp_path / "repo", {"pyproject.toml": PYPROJECT, f"{osc52}/pyproject.toml": PYPROJECT})
    for mode in ("--check", "--diff", "--apply"):
        ran = cli(mode, "--select", "RF", "repo")
        assert "\x1b" not in ran.stdout + ran.stderr and "\u202e" not in ran.stdout + ran.stderr
    assert "repo/x\\x1b]52;c;cm0gLXJmIH4=\\x07\\x1b[2J\\u202e/pyproject.toml" in cli("--check", "repo").stdout
    assert 'lint.select = ["E"]' in (repo / osc52 / "pyproject.toml").read_text()


def test_sarif_uris_name_each_file_and_no_other(tmp_path: Path, cli: Cli) -> None:
    committed(tmp_path / "repo", {"pyproject.toml": PYPROJECT, "c#d/pyproject.toml": PYPROJECT,
                                  "g%41h/pyproject.toml": PYPROJECT})  # fmt: skip
    results = json.loads(cli("--check", "--format", "sarif", "--select", "RF", "repo").stdout)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert {"repo/c%23d/pyproject.toml", "repo/g%2541h/pyproject.toml", "repo/pyproject.toml"} <= uris
