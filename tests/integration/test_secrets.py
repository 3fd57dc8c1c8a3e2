"""Secret-looking values planted in every file kind, valid and broken, appear in no output of any format: only in
the patch's own lines, which must stay exact for `git apply`.

(issue 9: an unquoted token in renovate.json or pyrightconfig.json was quoted in full in the parse error, in every
format, `--format github` annotations included.)"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from infra_fix.output.redact import redact
from tests.conftest import Ran, make_repo

Cli = Callable[..., Ran]

GITHUB = "ghp_" + "A1b2C3d4" * 4 + "E5f6"
GITHUB_FINE = "github_pat_11ABCDEFG0123456789abc_" + "x" * 59
GITHUB_OAUTH = "gho_" + "Z9y8X7w6" * 4 + "V5u4"
AWS_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
PYPI = "pypi-AgEIcHlwaS5vcmcCJDU1ZTY3ZjQ4LWI1NTgtNDQ0Mi05ZjU2LWMwNWJiNTc2NzE0Zg"
PASSWORD = "hunter2-not-in-output"
SECRETS = (GITHUB, GITHUB_FINE, GITHUB_OAUTH, AWS_ID, AWS_SECRET, PYPI, PASSWORD)
URL = f"https://deploy:{PASSWORD}@example.com/simple"

PYPROJECT = (
    f'[project]\nname = "demo"\nrequires-python = ">=3.12"\n\n[tool.ruff]\nline-length = 88  # {GITHUB}\n\n'
    f'[tool.uv]\nindex-url = "{URL}"\n\n[tool.secrets]\naws = "{AWS_ID}"\naws_secret_access_key = "{AWS_SECRET}"\n'
)
VALID = {
    "pyproject.toml": PYPROJECT,
    "ruff.toml": f'line-length = 88\n# token {GITHUB_FINE}\n[lint]\nselect = ["E"]  # {PYPI}\n',
    "pyrightconfig.json": f'{{\n  "include": ["src"],\n  "x": "{GITHUB_OAUTH}"\n}}\n',
    ".pre-commit-config.yaml": (f"repos:\n  - repo: {URL}\n    rev: {GITHUB}\n    hooks:\n      - id: x  # {AWS_ID}\n"),
    ".github/workflows/ci.yml": f"on: push\nenv:\n  TOKEN: {GITHUB}\njobs:\n  t:\n    runs-on: x\n    steps:\n"
    f"      - run: echo {PYPI}\n",
    "renovate.json": f'{{\n  "extends": ["config:recommended"],\n  "hostRules": [{{"token": "{GITHUB}"}}]\n}}\n',
    "uv.lock": f'version = 1\n\n[[package]]\nname = "ruff"\nversion = "0.14.13"\nsource = {{ registry = "{URL}" }}\n',
}
BROKEN = {
    "pyproject.toml": PYPROJECT,
    "ruff.toml": f"line-length = {GITHUB}\n",
    "pyrightconfig.json": f'{{\n  "include": [{GITHUB_OAUTH}]\n}}\n',
    ".pre-commit-config.yaml": f"repos:\n  - repo: {URL}\n    rev: [{GITHUB}\n",
    ".github/workflows/ci.yml": f"on: [{PYPI}\njobs: {AWS_ID}: x\n",
    "renovate.json": f'{{\n  "token": {GITHUB},\n  "aws": {AWS_ID}\n}}\n',
    "renovate.json5": f"{{\n  token: {GITHUB_FINE} oops,\n}}\n",
    "uv.lock": f"version = 1\n[[package]]\nname = {PYPI}\n",
}
BROKEN_PYPROJECT = {"pyproject.toml": f'[project]\nname = "demo"\ntoken = {GITHUB}\npassword = "{URL}\n'}


def _leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def _outside_hunks(patch: str) -> str:
    """The patch without its hunks' lines (` `, `-`, `+`): the headers, which name files, never their content."""
    return "\n".join(
        line for line in patch.splitlines() if not line.startswith((" ", "-", "+")) or line[:3] in ("---", "+++")
    )


@pytest.mark.parametrize("files", [VALID, BROKEN, BROKEN_PYPROJECT], ids=["valid", "broken", "broken-pyproject"])
@pytest.mark.parametrize("mode", ["--check", "--diff", "--apply"])
@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_no_secret_in_any_output(tmp_path: Path, cli: Cli, files: dict[str, str], mode: str, fmt: str) -> None:
    make_repo(tmp_path, files)
    ran = cli(mode, "--format", fmt)
    assert ran.code in (1, 2), ran.stdout + ran.stderr
    patch = ""
    report = ran.stdout + ran.stderr
    if mode == "--diff" and fmt == "text":
        patch, report = ran.stdout, ran.stderr
    elif mode == "--diff" and fmt == "json":
        data = json.loads(ran.stdout)
        patch = data.pop("diff")
        report = json.dumps(data)
    assert _leaks(report) == [], report
    assert _leaks(_outside_hunks(patch)) == []


def test_the_broken_files_are_located_parse_errors_that_quote_nothing(tmp_path: Path, cli: Cli) -> None:
    """The control: each broken file really fails to parse, at a position (so the test above reads real parse
    errors), and the parsers name the kind and length of what they choke on instead of quoting it (edit/messages.py),
    so the redaction, the last line of defence tested below, has nothing left to catch."""
    make_repo(tmp_path, BROKEN)
    ran = cli("--check")
    broken = ("ruff.toml", "pyrightconfig.json", ".pre-commit-config.yaml", ".github/workflows/ci.yml", "renovate.json")
    for path in broken:
        assert re.search(rf"^{re.escape(path)}:\d+:\d+: .+ \[error: left unchanged\]$", ran.stdout, re.M), path
    assert "an unquoted word (a text of 40 characters)" in ran.stdout
    assert "[redacted" not in ran.stdout


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"found {GITHUB}", "found [redacted github-token]"),
        (f"x {GITHUB_FINE}.", "x [redacted github-token]."),
        (f"id {AWS_ID} ok", "id [redacted aws-access-key-id] ok"),
        (f"aws_secret_access_key = '{AWS_SECRET}'", "[redacted aws-secret-access-key]'"),
        (f"'{PYPI}'", "'[redacted pypi-token]'"),
        (f"rev {URL}", "rev https://[redacted credentials]@example.com/simple"),
        ("git+ssh://git@github.com/a/b", "git+ssh://git@github.com/a/b"),
        ("-----BEGIN RSA PRIVATE KEY-----", "[redacted private-key]"),
    ],
    ids=["github", "github-fine-grained", "aws-id", "aws-secret", "pypi", "url-password", "ssh-user", "pem"],
)
def test_redact_names_the_kind_of_secret(text: str, shown: str) -> None:
    assert redact(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "RF001 line-length is 88, the blueprint's is 120",
        "rev v0.14.13 of https://github.com/astral-sh/ruff-pre-commit",
        "actions/checkout@v4 and ghp_short",
        "AKIA is a prefix; KIAAAAAAAAAAAAAAAAAAAA is not",
        "pyproject.toml:3:9: Invalid value",
    ],
)
def test_ordinary_messages_are_left_alone(text: str) -> None:
    assert redact(text) == text
