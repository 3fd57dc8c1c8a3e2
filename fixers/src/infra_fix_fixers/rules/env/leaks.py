"""Hard-coded secrets in the files no other family edits, found once per run: tracked env files, Python settings
defaults, workflow literals, and the tool configuration files that can carry an index password.

Each secret is reported once, by the family that owns its file: compose files and Dockerfiles are the Docker
family's, alembic.ini and env.py the alembic family's, Makefiles the Makefile family's, and the Renovate workflow
the Renovate family's (RN007). Everything else that can hold one is here.

How much counts depends on where the value is, as the anchors have it (facts/secrets.py):
- an env file that is not an example, a fixture or a test's (`.env`, `.env.production`, `app.env`): by name and
  by value;
- Python application code (tests, docs, examples and scripts left out): a literal default of a variable it reads
  (`os.getenv("SECRET_KEY", "...")`, a settings field's default), by name and by value; and a known-format token
  anywhere in the file;
- a workflow: a known-format token anywhere, and a credential-named `env:` or `with:` value that looks generated
  (gitleaks' generic rule); a CI service's `POSTGRES_PASSWORD: postgres` is a fixture, and is not one;
- example env files, fixtures, tool configuration (pyproject.toml, uv.toml, pip.conf, .pypirc, .npmrc, setup.cfg,
  tox.ini, pre-commit, Renovate): by value only (a known-format token, a real password in a URL).
Nothing here keeps a value: a `Leak` names the variable and the line.
"""

from __future__ import annotations

import re
from typing import Any

from msgspec import Struct

from ...edit.envfile import bindings
from ...edit.splice import line_col
from ...facts.env_python import SETTINGS, literal_defaults
from ...facts.layout import is_compose, is_dockerfile, is_makefile
from ...facts.repository import Repository
from ...facts.secrets import Secret, assigned, in_text, looks_generated, secret_name, url_password
from ...lazy_pattern import lazy_pattern
from ..ci.workflow import RENOVATE_WORKFLOWS
from .names import FIXTURE_WORD, NOT_APPLICATION_FILES, foreign, is_example

READS = (
    "**/.env", "**/.env.*", "**/.env-*", "**/*.env", ".github/workflows/*.yml", ".github/workflows/*.yaml",
    "**/pyproject.toml", "**/uv.toml", "**/pip.conf", "**/pip.ini", "**/.pypirc", "**/.npmrc", "**/setup.cfg",
    "**/tox.ini", ".pre-commit-config.yaml", "renovate.json", "renovate.json5", ".github/renovate.json",
    ".github/renovate.json5", ".renovaterc", ".renovaterc.json",
)  # fmt: skip
_TOOL_FILES = {
    "pyproject.toml", "uv.toml", "pip.conf", "pip.ini", ".pypirc", ".npmrc", "setup.cfg", "tox.ini",
    ".pre-commit-config.yaml", "renovate.json", "renovate.json5", ".renovaterc", ".renovaterc.json",
}  # fmt: skip
_INI_ASSIGNMENT = re.compile(r"^\s*(?P<key>[A-Za-z_][\w.-]*)\s*[=:]\s*(?P<value>\S.*?)\s*$")
_ENV_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?(?P<key>[A-Za-z_][\w.]*)\s*=\s*(?P<value>.*)$")


# The human's marks that a value is no secret; compiled on first use (1 ms), next to a secret found.
_allowed = lazy_pattern(
    r"(?i)gitleaks:allow|pragma:\s*allowlist[ -]secret|\bnosec\b|#.*\b(?:not (?:a |used as (?:a )?)?secret|"
    r"public (?:token|key)|intentionally (?:public|committed)|on purpose|fake|dummy|for tests?|"
    r"test (?:value|token|key))"
)


_WORKFLOW_LENGTH = 16  # a CI secret worth the name is longer than a service's test password (`polar123456789`)


class Leak(Struct, frozen=True, order=True):
    """A secret in a file: its line, the variable or key holding it ("" when found by value alone), what it is,
    and, in a workflow, the key path. Never the value."""

    path: str
    line: int
    name: str
    kind: str
    where: str = ""


class Found(Struct, frozen=True):
    """What the secret rules report, by file: `tracked_env` holds the tracked `.env` files (EV003, their secrets
    with them), `leaks` the rest (EV004)."""

    tracked_env: dict[str, tuple[Leak, ...]]
    leaks: dict[str, tuple[Leak, ...]]

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(sorted({*self.tracked_env, *self.leaks}))


def found(repo: Repository) -> Found:
    """Every file's secrets (an analysis for `Context.shared`)."""
    snapshot = repo.snapshot
    tracked = snapshot.tracked
    owned_elsewhere = {a.env_py for p in repo.projects for a in p.alembic if a.env_py}
    bases = repo.settings_bases
    tracked_env: dict[str, tuple[Leak, ...]] = {}
    leaks: dict[str, tuple[Leak, ...]] = {}
    for path in sorted(snapshot.files):
        name = path.rpartition("/")[2]
        text = snapshot.text(path) or ""
        kind = env_kind(path)
        if kind is not None:
            if tracked is None or path not in tracked:
                continue  # a developer's own file, not in git: nothing leaked
            if kind == "tracked-env":
                tracked_env[path] = tuple(x for x in env_leaks(path, text) if not allowed(text, x.line))
                continue
            found_here = env_leaks(path, text) if kind == "env" else by_value(path, text, urls=False)
        elif path in RENOVATE_WORKFLOWS or _owned_by_another_family(name) or path in owned_elsewhere:
            continue
        elif path.startswith(".github/workflows/") and name.endswith((".yml", ".yaml")):
            found_here = workflow_leaks(path, text)
        elif name.endswith(".py"):
            application = not foreign(path) and name not in NOT_APPLICATION_FILES
            found_here = python_leaks(path, text, bases) if application else []
        elif name in _TOOL_FILES:
            found_here = by_value(path, text, urls=True)
        else:
            continue
        found_here = [leak for leak in found_here if not allowed(text, leak.line)]
        if found_here:
            leaks[path] = tuple(sorted(set(found_here)))
    return Found(tracked_env, leaks)


def allowed(text: str, line: int) -> bool:
    """Whether the human marked the value as no secret, on its line or the line above: the scanners' own markers
    (`gitleaks:allow`, detect-secrets' `pragma: allowlist secret`, `nosec`) or a comment that says why (a public
    token, not a secret, a test value)."""
    lines = text.split("\n")
    near = " ".join(lines[max(line - 2, 0) : line])
    return bool(_allowed().search(near))


def env_kind(path: str) -> str | None:
    """How an env file is judged: "tracked-env" (a `.env`, `.env.production`: EV003), "env" (`app.env`, a file of
    settings a service loads: by name and value), "by-value" (an example, a fixture, a test's), or None."""
    name = path.rpartition("/")[2]
    dotenv = name == ".env" or name.startswith((".env.", ".env-"))
    if not (dotenv or name.endswith(".env")):
        return None
    if is_example(name) or foreign(path) or FIXTURE_WORD.search(name.replace(".env", ".", 1)):
        return "by-value"
    return "tracked-env" if dotenv else "env"


def env_leaks(path: str, text: str) -> list[Leak]:
    """Every secret of an env file, by name (its active lines) and by value (anywhere, comments included)."""
    found = []
    for binding in bindings(text):
        line = binding.original.line
        key, value = binding.key, binding.value
        if binding.error:  # python-dotenv could not read it: judge it as the line it looks like
            match = _ENV_ASSIGNMENT.match(binding.original.string.strip("\n"))
            key, value = (match.group("key"), match.group("value")) if match else (None, None)
        if key and value:
            secret = assigned(key, value)
            if secret:
                found.append(Leak(path, line, key, secret.kind))
    named = {leak.line for leak in found}
    return found + [leak for leak in by_value(path, text, urls=True) if leak.line not in named]


def by_value(path: str, text: str, *, urls: bool) -> list[Leak]:
    """Known-format tokens anywhere in the text (and real passwords in URLs, where `urls`)."""
    return [
        Leak(path, line_col(text, s.start)[0], "", s.kind)
        for s in in_text(text)
        if urls or s.kind != "a password in a URL"
    ]


def python_leaks(path: str, text: str, bases: frozenset[str] = SETTINGS) -> list[Leak]:
    """A credential default of a variable the code reads, and a known-format token anywhere in the file."""
    found = []
    for line, name, value in literal_defaults(path, text, bases):
        secret = assigned(name, value)
        if secret:
            found.append(Leak(path, line, name, f"a hard-coded default ({secret.kind})"))
    lines = {leak.line for leak in found}
    return found + [x for x in by_value(path, text, urls=False) if x.line not in lines]


def workflow_leaks(path: str, text: str) -> list[Leak]:
    """Credential `env:` and `with:` values (a known-format token, or a credential-named value that looks generated:
    not a CI service's database password, which is a fixture), then tokens anywhere else in the file."""
    from ...edit.yaml import YamlDocument
    from ...model import ParseError

    found: list[Leak] = []
    try:
        doc = YamlDocument(text)
    except (ParseError, RecursionError):
        doc = None  # the CI family reports the file; its tokens are still found below
    for where, key, value in _named_values(doc.get(())) if doc else ():
        kind = _workflow_secret(key, value)
        if kind:
            found.append(Leak(path, doc.line_of(where) or 1 if doc else 1, key, kind, ".".join(map(str, where))))
    named = {leak.line for leak in found}
    return found + [leak for leak in by_value(path, text, urls=False) if leak.line not in named]


def _workflow_secret(key: str, value: object) -> str | None:
    if not isinstance(value, str) or "${{" in value:
        return None
    tokens = [s for s in in_text(value) if s.kind != "a password in a URL"]
    if tokens:
        return tokens[0].kind
    span = url_password(value)
    if span and looks_generated(value[span[0] : span[1]], _WORKFLOW_LENGTH):
        return "a password in a URL"
    if secret_name(key) and assigned(key, value) and looks_generated(value, _WORKFLOW_LENGTH):
        return "a credential-named value"
    return None


def _named_values(data: Any) -> list[tuple[tuple[str | int, ...], str, object]]:  # noqa: ANN401 - YAML data
    """(path, key, value) of every `env:` entry (workflow, job, step) and every step's `with:` input."""
    if not isinstance(data, dict):
        return []
    found: list[tuple[tuple[str | int, ...], str, object]] = []

    def scan(base: tuple[str | int, ...], mapping: object) -> None:
        if isinstance(mapping, dict):
            found.extend(((*base, k), k, v) for k, v in mapping.items() if isinstance(k, str))

    scan(("env",), data.get("env"))
    jobs = data.get("jobs")
    for job_id, job in (jobs if isinstance(jobs, dict) else {}).items():
        if not isinstance(job, dict):
            continue
        scan(("jobs", job_id, "env"), job.get("env"))
        steps = job.get("steps")
        for index, step in enumerate(steps if isinstance(steps, list) else []):
            if isinstance(step, dict):
                scan(("jobs", job_id, "steps", index, "env"), step.get("env"))
                scan(("jobs", job_id, "steps", index, "with"), step.get("with"))
    return found


def _owned_by_another_family(name: str) -> bool:
    """Compose files and Dockerfiles (Docker), Makefiles (Makefile), alembic.ini (alembic) report their own."""
    return is_compose(name) or is_dockerfile(name) or is_makefile(name) or name == "alembic.ini"


__all__ = ["READS", "Found", "Leak", "Secret", "env_kind", "env_leaks", "found", "python_leaks", "workflow_leaks"]
