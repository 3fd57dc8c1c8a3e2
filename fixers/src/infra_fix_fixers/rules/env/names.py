"""What env files are called, and which folders hold someone else's files: shared by every EV rule."""

from __future__ import annotations

import re

# The example file names people use, in the order one is picked when a folder has several; the first three are
# the blueprint's, and a new file takes one of those.
EXAMPLE_NAMES = (
    ".env.example", "example.env", "env.example", ".env.sample", "sample.env", "env.sample", ".env.template",
    "template.env", ".env.tmpl", ".env.dist", ".env.default", ".env.defaults",
)  # fmt: skip
CREATED_NAMES = ("example.env", ".env.example", "env.example")
# A base compose file: the one `docker compose` starts from in its folder.
BASE_COMPOSE = re.compile(r"(?:docker-)?compose\.ya?ml")
# A name's word that says it is a test's or a fixture's (`docker-compose.test.yml`, `.env.testing`).
FIXTURE_WORD = re.compile(r"(?i)(?:^|[._-])(?:tests?|testing|ci|e2e|fixtures?|mock|dummy|spec)(?:$|[._-])")
# Python files that are a tool's, not the application's.
NOT_APPLICATION_FILES = frozenset({"conftest.py", "noxfile.py", "setup.py", "fabfile.py", "tasks.py", "manage.py"})
_EXAMPLE_WORDS = re.compile(r"(?i)(?:^|[._-])(?:example|sample|template|tmpl|dist|defaults?)(?:$|[._-])")
_FOREIGN = {
    "tests", "test", "testing", "docs", "doc", "documentation", "examples", "example", "samples", "sample", "demo",
    "demos", "fixtures", "fixture", "testdata", "templates", "template", "vendor", "vendored", "third_party",
    "third-party", "node_modules", "site-packages", "scripts", "benchmarks", "e2e",
}  # fmt: skip


def is_example(name: str) -> bool:
    """Whether a file name is an example env file's (`.env.example`, `example.env`, `.env.docker.template`)."""
    if name in EXAMPLE_NAMES:
        return True
    env_like = name.startswith((".env", "env.")) or name.endswith(".env")
    return env_like and _EXAMPLE_WORDS.search(name.replace(".env", ".", 1)) is not None


def foreign(path: str) -> bool:
    """Someone else's files or samples: tests, docs, examples, templates, vendored code, hidden folders."""
    parts = path.split("/")[:-1]
    return any(p.lower() in _FOREIGN or p.startswith(".") or "{{" in p or "{%" in p for p in parts)
