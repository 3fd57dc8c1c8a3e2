"""The placeholder guard (issue 18): every credential-named value in a corpus, as the one secret detector
(facts/secrets.py) judges it, and what infra-fix's EV rules report.

For each repository or project folder of a corpus, every value the rules judge (env files' bindings, compose
`environment:` entries, Dockerfile `ENV`/`ARG`, alembic.ini's URL, workflow `env:` and `with:` values) whose key is
credential-named, or that holds a known-format token or a URL password, is classified: an interpolation (`${VAR}`,
`${{ secrets.X }}`), a placeholder (`change-me`, `<token>`), or a secret (with its kind). Values are never printed:
a secret is listed as `path:line KEY (kind)`. Then `infra-fix --check --select` with every family's secret rules
(`SECRET_RULES`: EV003, EV004, and the Docker family's DF012, DC003, DC004) runs on a git copy of each folder, and its
findings are listed the same way.

    uv run python perf/secret_guard.py ../shared/corpus/repos [corpus-out ...]
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import shutil
import subprocess  # noqa: S404 - git and infra-fix on copies of the corpus
import sys
import tempfile
from pathlib import Path

from infra_fix_fixers.edit.envfile import bindings
from infra_fix_fixers.edit.yaml import YamlDocument
from infra_fix_fixers.facts.layout import is_compose, is_dockerfile
from infra_fix_fixers.facts.secrets import assigned, in_text, is_reference, secret_name
from infra_fix_fixers.model import ParseError

_ENV_NAME = re.compile(r"(?:^|/)(?:\.env[\w.-]*|[\w.-]+\.env|env\.[\w.-]+)$")
_DOCKER = re.compile(r"^\s*(?P<op>ENV|ARG)\s+(?P<rest>.+)$", re.IGNORECASE)
BIN = Path(sys.executable).parent
SECRET_RULES = "EV003,EV004,DF012,DC003,DC004"  # noqa: S105 - rule codes. Each secret is reported once, by the family owning its file


def values(rel: str, text: str) -> list[tuple[int, str, str]]:
    """(line, key, value) of every assignment the rules judge in a file, read as its tool reads it: env files'
    bindings (python-dotenv), compose `environment:` entries, Dockerfile `ENV`/`ARG`, alembic.ini's URL, workflow
    `env:` and `with:` values."""
    name = rel.rpartition("/")[2]
    if _ENV_NAME.search(rel) and not name.endswith(".py"):
        return [(b.original.line, b.key, b.value) for b in bindings(text) if b.key and b.value]
    if is_compose(name) or rel.startswith(".github/workflows/"):
        return _yaml_values(rel, text)
    if is_dockerfile(name):
        found = []
        for number, line in enumerate(text.split("\n"), start=1):
            match = _DOCKER.match(line)
            for word in match.group("rest").split() if match else ():
                key, _, value = word.partition("=")
                found += [(number, key, value)] if value else []
        return found
    if name == "alembic.ini":
        return [(n, "sqlalchemy.url", line.split("=", 1)[1].strip()) for n, line in enumerate(text.split("\n"), 1)
                if line.strip().startswith("sqlalchemy.url") and "=" in line]  # fmt: skip
    return []


def _yaml_values(rel: str, text: str) -> list[tuple[int, str, str]]:
    try:
        doc = YamlDocument(text)
    except (ParseError, RecursionError):
        return []
    found: list[tuple[int, str, str]] = []

    def take(path: tuple[str | int, ...], mapping: object) -> None:
        if isinstance(mapping, dict):
            for key, value in mapping.items():
                if isinstance(key, str) and isinstance(value, str | int):
                    found.append((doc.line_of((*path, key)) or 1, key, str(value)))
        elif isinstance(mapping, list):
            for index, item in enumerate(mapping):
                if isinstance(item, str) and "=" in item:
                    key, _, value = item.partition("=")
                    found.append((doc.line_of((*path, index)) or 1, key.strip(), value))

    data = doc.get(())
    if not isinstance(data, dict):
        return []
    groups = data.get("services") if not rel.startswith(".github/") else data.get("jobs")
    take(("env",), data.get("env"))
    for group, body in groups.items() if isinstance(groups, dict) else []:
        if not isinstance(body, dict):
            continue
        take(("services", group, "environment"), body.get("environment"))
        take(("jobs", group, "env"), body.get("env"))
        for index, step in enumerate(body.get("steps") or [] if isinstance(body.get("steps"), list) else []):
            if isinstance(step, dict):
                take(("jobs", group, "steps", index, "env"), step.get("env"))
                take(("jobs", group, "steps", index, "with"), step.get("with"))
    return found


def census(folder: Path) -> tuple[collections.Counter[str], list[str]]:
    """Each credential-named value (and each value holding a token or a URL password), classified: interpolation,
    placeholder, or secret (listed by place and kind)."""
    counts: collections.Counter[str] = collections.Counter()
    secrets: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and ".git" not in p.parts):
        rel = path.relative_to(folder).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, key, value in values(rel, text):
            if not (secret_name(key) or in_text(value)):
                continue
            found = assigned(key, value)
            kind = "secret" if found else "interpolation" if is_reference(value) else "placeholder"
            counts[f"{kind} ({_place(rel)})"] += 1
            if found:
                secrets.append(f"{rel}:{number} {key} ({found.kind})")
    return counts, secrets


def _place(rel: str) -> str:
    name = rel.rpartition("/")[2]
    if rel.startswith(".github/workflows/"):
        return "workflow"
    if is_compose(name):
        return "compose"
    if is_dockerfile(name):
        return "Dockerfile"
    return "alembic.ini" if name == "alembic.ini" else "env file"


def reported(folder: Path) -> list[str]:
    with tempfile.TemporaryDirectory() as scratch:
        repo = Path(scratch) / folder.name
        shutil.copytree(folder, repo, symlinks=True)
        for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "c", "--no-verify"]):
            subprocess.run(["git", "-c", "user.email=t@t", "-c", "user.name=t", *args], cwd=repo, check=True,  # noqa: S603,S607
                           capture_output=True)  # fmt: skip
        ran = subprocess.run([str(BIN / "infra-fix"), "--check", "--select", SECRET_RULES, "--format", "json"],  # noqa: S603
                             cwd=repo, capture_output=True, text=True, timeout=300, check=False)  # fmt: skip
        findings = json.loads(ran.stdout)["findings"] if ran.stdout.startswith("{") else []
        return [f"{f['path']}:{f['line']} {f['code']} {f['severity']}: {f['message'].split(':')[0]}" for f in findings]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", type=Path, nargs="+")
    args = parser.parse_args()
    total: collections.Counter[str] = collections.Counter()
    for corpus in args.corpora:
        for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
            counts, secrets = census(folder)
            total += counts
            found = reported(folder)
            if secrets or found:
                print(f"== {folder.name}")
                lines = [f"  detector: {s}\n" for s in secrets] + [f"  reported: {s}\n" for s in found]
                print("".join(lines), end="")
            total["reported"] += len(found)
    print("credential-named values and known-format tokens:", dict(sorted(total.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
