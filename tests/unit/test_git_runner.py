"""git runs in one place (git/runner.py), with protections the repository cannot undo and an environment that
points nowhere else and carries no secret. The attacks themselves are in tests/integration/test_untrusted.py."""

from __future__ import annotations

import ast
import re
import subprocess  # noqa: S404 - the test's own git, to build repositories
import warnings
from pathlib import Path

import pytest

from infra_fix.git import runner

try:  # the parser `re` compiles with (3.11+: re._parser)
    from re._parser import parse as sre_parse  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    from sre_parse import parse as sre_parse  # type: ignore[no-redef]

SOURCES = Path(__file__).parents[2]
RUNNER = SOURCES / "src/infra_fix/git/runner.py"
PROCESS_MODULES = {"subprocess", "pty", "multiprocessing.popen_fork"}
PROCESS_CALLS = {"system", "popen", "spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp",
                 "spawnvpe", "execl", "execle", "execlp", "execlpe", "execv", "execve", "execvp", "execvpe",
                 "posix_spawn", "posix_spawnp", "startfile"}  # fmt: skip


def _python_files() -> list[Path]:
    return sorted([*(SOURCES / "src").rglob("*.py"), *(SOURCES / "fixers/src").rglob("*.py")])


def test_no_module_but_the_runner_starts_a_process() -> None:
    """The review rule, as a test: whoever needs git calls git/runner.py; nothing else imports subprocess or calls
    os.system, os.exec*, os.spawn* or os.posix_spawn (the fixers never start anything)."""
    offenders = []
    for path in _python_files():
        if path != RUNNER:
            found = _starts_processes(ast.parse(path.read_text(encoding="utf-8")))
            offenders += [f"{path.relative_to(SOURCES)}:{line}: {name}" for line, name in found]
    assert offenders == []
    assert _starts_processes(ast.parse(RUNNER.read_text(encoding="utf-8")))  # (the rule sees the one that does)


def test_the_rule_sees_every_spelling() -> None:
    code = "import subprocess as sp\nfrom subprocess import run\nimport os\nos.system('git status')\n"
    assert [name for _, name in _starts_processes(ast.parse(code))] == ["subprocess", "subprocess", "os.system"]


def _starts_processes(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os":
            names = [f"os.{node.attr}"] if node.attr in PROCESS_CALLS else []
        found += [(node.lineno, n) for n in names if n in PROCESS_MODULES or n.startswith("os.")]
    return sorted(found)


# Possessive quantifiers and atomic groups (new in Python 3.11) matched differently before 3.11.5 (gh-106052), and
# the floor, Debian 12's Python, is 3.11.2: no string in the code parses to one.
_NEW_IN_3_11 = {"POSSESSIVE_REPEAT", "ATOMIC_GROUP"}
_CANDIDATE = re.compile(r"[*+?}]\+|\(\?>")
_FRAGMENT = re.compile(r"\(\?>|[)\]][*+?]\+|\}\+")  # in a piece of an f-string, which may not parse alone


def test_no_regular_expression_uses_a_construct_older_3_11_releases_match_differently() -> None:
    found = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _possessive(node.value):
                found.append(f"{path.relative_to(SOURCES)}:{node.lineno}: {node.value[:60]!r}")
    assert found == []
    assert _possessive(r'(?:[^"\\]|\\.)*+"') and _possessive(r"(?>a+)b") and _possessive("[^x]++")  # (it can fail)


def _possessive(text: str) -> bool:
    if not _CANDIDATE.search(text) or "$(MAKEFILE_LIST)" in text:  # a Makefile recipe (awk's `!seen[$$1]++`)
        return False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # most strings are not regular expressions: no FutureWarning about sets
            parsed = sre_parse(text)
    except (re.error, RecursionError, OverflowError):
        return bool(_FRAGMENT.search(text))
    return bool(_opcodes(parsed) & _NEW_IN_3_11)


def _opcodes(parsed: object) -> set[str]:
    names: set[str] = set()
    stack = [parsed]
    while stack:
        item = stack.pop()
        if isinstance(item, list | tuple) or type(item).__name__ == "SubPattern":
            stack.extend(item)  # type: ignore[arg-type]
        elif type(item).__name__ == "_NamedIntConstant":
            names.add(str(item))
    return names


def test_the_environment_keeps_nothing_that_points_git_elsewhere_or_is_a_secret(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_PARAMETERS", "GIT_CONFIG_COUNT",
                 "GIT_CONFIG_KEY_0", "GIT_CONFIG_VALUE_0", "GIT_EXEC_PATH", "GIT_SSH_COMMAND", "GIT_ASKPASS",
                 "GIT_EXTERNAL_DIFF", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_TRACE",
                 "INFRA_FIX_TOKEN", "GITHUB_TOKEN", "GH_TOKEN", "INFRA_FIX_ASKPASS_TOKEN", "SSH_ASKPASS"):  # fmt: skip
        monkeypatch.setenv(name, "/somewhere/else")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/the/users/own/gitconfig")
    env = runner.environment()
    kept = {k for k in env if k.startswith("GIT_") or "TOKEN" in k or "ASKPASS" in k} - {"GIT_SSL_CAINFO"}
    assert kept == {
        "GIT_CONFIG_GLOBAL",
        "GIT_TERMINAL_PROMPT",
        "GIT_ASKPASS",
        "GIT_PAGER",
    }
    assert env["GIT_ASKPASS"] == ""  # set and empty: neither core.askPass nor SSH_ASKPASS is asked
    assert runner.environment({"GIT_ASKPASS": "/helper"})["GIT_ASKPASS"] == "/helper"  # a network call's, given


def test_a_hook_context_does_not_lead_git_to_another_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """infra-fix run from a git hook inherits GIT_DIR and GIT_INDEX_FILE of the repository being committed to."""
    for name in ("mine", "other"):
        (tmp_path / name).mkdir()
        subprocess.run(["git", "init", "-q", str(tmp_path / name)], check=True)  # noqa: S603,S607
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "other/.git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(tmp_path / "other"))
    top = runner.run(tmp_path / "mine", "rev-parse", "--show-toplevel").text.strip()
    assert Path(top) == tmp_path / "mine"


def test_every_protection_is_on_the_command_line_after_the_repository_could_set_it() -> None:
    settings = dict(
        pair.split("=", 1) for pair in runner.PROTECTIONS[1::2]
    )  # `-c key=value`, read by git after every configuration file
    assert settings["safe.bareRepository"] == "explicit"
    assert settings["core.fsmonitor"] == "false"
    assert settings["protocol.allow"] == "never"
    assert settings["credential.helper"] == ""
    assert all(flag == "-c" for flag in runner.PROTECTIONS[0::2])
