"""Each family's fixers over the real repositories' files of the shared corpus (pytest-benchmark; `make bench`).

One benchmark per family: its fixers' whole pass (facts shared between its files included) over every corpus
repository holding a file it owns, the snapshots loaded once beforehand. Then the readers every family stands on,
each against the reader it spares: libyaml against ruamel's parser on the corpus's YAML, the uv.lock layout check
against a full tomllib parse on its locks. What changes between two runs of this suite is the code, not the data.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from infra_fix.load import load
from infra_fix.plugins import load_fixers
from infra_fix.run import patterns_of
from infra_fix_fixers import Fixer, Repository, Settings, discover, remediate
from infra_fix_fixers.edit import toml_lock, yaml_parse

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("SHARED", ROOT.parent / "shared"), "corpus", "repos")
FIXERS = load_fixers()
FAMILIES = {f.rules[0].code[:2] for f in FIXERS}

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")


@pytest.fixture(scope="module")
def repos() -> list[Repository]:
    patterns = patterns_of(FIXERS)
    found = [discover(load(path, patterns).snapshot) for path in sorted(CORPUS.iterdir()) if path.is_dir()]
    return [repo for repo in found if repo.projects]


@pytest.fixture(scope="module")
def corpus_files() -> dict[str, str]:
    texts = {}
    for path in CORPUS.rglob("*"):
        if path.is_file() and path.suffix in (".yml", ".yaml", ".lock"):
            try:
                texts[str(path)] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
    return texts


def family(code: str) -> list[Fixer]:
    return [f for f in FIXERS if f.rules[0].code.startswith(code)]


@pytest.mark.parametrize("code", sorted(FAMILIES))
def test_family_over_the_corpus(benchmark, repos: list[Repository], code: str) -> None:
    fixers = family(code)

    def every_repository() -> int:
        return sum(len(remediate(repo.snapshot, Settings(), fixers, repo=repo).files) for repo in repos)

    assert benchmark(every_repository) > 0


def test_yaml_libyaml_over_the_corpus(benchmark, corpus_files: dict[str, str]) -> None:
    texts = [t for p, t in corpus_files.items() if p.endswith((".yml", ".yaml"))]

    def read() -> int:
        count = 0
        for text in texts:
            try:
                count += sum(1 for _ in yaml_parse._libyaml_events(text))
            except yaml_parse._Unsure:
                continue
        return count

    assert benchmark(read) > 0


def test_yaml_ruamel_over_the_corpus(benchmark, corpus_files: dict[str, str]) -> None:
    """The reader libyaml spares: ruamel's pure-Python parser on the same files."""
    texts = [t for p, t in corpus_files.items() if p.endswith((".yml", ".yaml"))]

    def read() -> int:
        count = 0
        for text in texts:
            try:
                count += sum(1 for _ in YAML(typ="safe", pure=True).parse(text))
            except Exception:  # noqa: BLE001, S112 - a file ruamel refuses: not timed
                continue
        return count

    assert benchmark(read) > 0


def test_uv_lock_layout_check(benchmark, corpus_files: dict[str, str]) -> None:
    locks = [t for p, t in corpus_files.items() if p.endswith("uv.lock")]
    assert all(benchmark(lambda: [toml_lock.valid(t) for t in locks]))


def test_uv_lock_full_tomllib_parse(benchmark, corpus_files: dict[str, str]) -> None:
    """What the layout check spares: tomllib over the same locks."""
    locks = [t for p, t in corpus_files.items() if p.endswith("uv.lock")]
    assert len(benchmark(lambda: [tomllib.loads(t) for t in locks])) == len(locks)
