"""UV006 (`uv lock` in a deploy recipe) and UV007 (`uv ... --python X` that requires-python excludes), read from a
Makefile's recipes as the shared command analysis reads commands (`facts/commands/words.py`: a quoted `"uv lock"` is
an argument, `uv run pytest -p x` gives pytest its `-p`); both are reported, never edited (the recipe is the
maintainers' to change).

A deploy recipe is a target named for shipping (deploy, ship, rollout, promote, prod) or one whose commands ship
(`docker push`, `kubectl apply`, `helm upgrade`, `fly deploy`, `prefect deploy`, `twine upload`, `uv publish`...),
with the targets it depends on: `uv lock` there resolves again at deploy time, so what ships is not what was
tested. `uv lock --check`, `--locked`, `--check-exists` and `--dry-run` only read the lock and pass; so does the
lock a release step makes after bumping the project's own version (`bump-my-version`, `uv version`), or one that
moves only the project itself (`uv lock --upgrade-package <itself>`).
uv refuses a `--python` that requires-python excludes ("The requested interpreter resolved to Python 3.12.x, which
is incompatible with the project's Python requirement"), so such a recipe fails whenever it runs; `uv venv`, `uv pip`
and `uvx` take any interpreter, and are left alone.
"""

from __future__ import annotations

import re

from ...edit.make_expand import expand, variables
from ...edit.makefile import Rule, joined
from ...edit.makefile_doc import MakefileDocument
from ...facts import Repository
from ...facts.commands.words import commands, uv_invocation
from ...fixer import FileRun, check
from ...lazy_pattern import lazy_pattern
from ..make.analysis import project_of
from .analysis import package_name, requires_python
from .rules import LOCK_AT_DEPLOY, PYTHON_OUTSIDE

Run = FileRun[MakefileDocument]
_DEPLOY_NAME = re.compile(r"(?i)(?:^|[-_.:])(?:deploy\w*|ship|rollout|promote|prod|production)(?:$|[-_.:])")
# Preparing a release: the project's own version moves, and the lock must record it (advanced-alchemy's `release`
# bumps the version, then `uv lock --upgrade-package advanced-alchemy`).
_VERSION_BUMP = re.compile(
    r"\b(?:bump-my-version|bumpversion|bump2version|tbump|cz\s+bump|uv\s+version|hatch\s+version|poetry\s+version)\b"
)


# A recipe that ships; compiled on first use (0.6 ms), for a Makefile rule that runs `uv lock`.
_deploy_command = lazy_pattern(
    r"\b(?:docker\s+(?:image\s+)?push|kubectl\s+(?:apply|rollout|set\s+image)|helm\s+(?:upgrade|install)|"
    r"fly(?:ctl)?\s+deploy|prefect\s+deploy|serverless\s+deploy|sls\s+deploy|sam\s+deploy|gcloud\s+\S+\s+deploy|"
    r"terraform\s+apply|ansible-playbook|twine\s+upload|uv\s+publish|heroku\s+\S+|cdk\s+deploy|eb\s+deploy)\b"
)


# Options that make `uv lock` only read the lock (it then fails where the lock is stale, and writes nothing).
_READ_ONLY = {"--check", "--locked", "--check-exists", "--dry-run", "--frozen"}
# The subcommands that resolve the project, so refuse an interpreter its requires-python excludes.
_PROJECT_COMMANDS = {"run", "sync", "lock", "tree", "export", "add", "remove"}
_VERSION = re.compile(r"(?:cpython-?|python)?(?P<v>3\.\d+(?:\.\d+)?)")


@check(LOCK_AT_DEPLOY)
def lock_at_deploy(run: Run) -> None:
    parsed = run.doc.parsed
    values = variables(parsed)
    by_name = {n: r for r in parsed.rules for n in r.targets}
    shipping = [n for n, r in by_name.items() if _DEPLOY_NAME.search(n) or _ships(r, values)]
    own = _own_name(run)
    seen: set[int] = set()
    for name in shipping:
        for rule in _with_prerequisites(by_name, name):
            if any(_VERSION_BUMP.search(expand(joined(x), values)) for x in rule.recipe):
                continue
            for line in rule.recipe:
                for sub, args in _uv(expand(joined(line), values)):
                    read_only = _READ_ONLY & {a.partition("=")[0] for a in args}
                    if sub != "lock" or read_only or line.start in seen or _only_itself(args, own):
                        continue
                    seen.add(line.start)
                    through = f" (through `{rule.targets[0]}`)" if name not in rule.targets else ""
                    run.report(LOCK_AT_DEPLOY, f"`{name}` runs `uv lock`{through}: the lock is resolved again at "
                               "deploy time; lock when dependencies change, commit uv.lock, and deploy with "
                               "`uv sync --frozen`", line=run.doc.origins.original(line.start + 1))  # fmt: skip


def _uv(recipe_line: str) -> list[tuple[str, list[str]]]:
    """The uv commands of a recipe line (make's `@`, `-` and `+` prefixes dropped), read by the shared command
    analysis: each subcommand with the options uv reads."""
    found = (uv_invocation(words) for words in commands(recipe_line.lstrip().lstrip("@-+")))
    return [each for each in found if each is not None]


def _own_name(run: Run) -> str | None:
    project = project_of(run.ctx.repo, run.path)
    return package_name(project) if project is not None else None


def _only_itself(args: list[str], name: str | None) -> bool:
    """`uv lock --upgrade-package <the project itself>`: only the project's own entry moves (a new version)."""
    packages = _values(args, ("--upgrade-package", "-P"))
    return bool(name and packages) and all(p.split("==")[0] == name for p in packages)


def _values(args: list[str], options: tuple[str, ...]) -> list[str]:
    """The values `args` give any of `options` (`--opt X`, `--opt=X`)."""
    found = []
    for i, arg in enumerate(args):
        option, equals, inline = arg.partition("=")
        if option in options and equals:
            found.append(inline)
        elif arg in options and i + 1 < len(args):
            found.append(args[i + 1])
    return found


def _ships(rule: Rule, values: dict[str, str]) -> bool:
    return any(_deploy_command().search(expand(joined(line), values)) for line in rule.recipe)


def _with_prerequisites(by_name: dict[str, Rule], name: str) -> list[Rule]:
    found: list[Rule] = []
    stack, seen = [name], set()
    while stack:
        current = stack.pop()
        if current in seen or current not in by_name:
            continue
        seen.add(current)
        found.append(by_name[current])
        stack.extend(by_name[current].prerequisites)
    return found


@check(PYTHON_OUTSIDE)
def python_outside(run: Run) -> None:
    specs = _specifiers(run.ctx.repo, run.path)
    if not specs:
        return
    parsed = run.doc.parsed
    values = variables(parsed)
    for rule in parsed.rules:
        for line in rule.recipe:
            for sub, args in _uv(expand(joined(line), values)):
                if sub not in _PROJECT_COMMANDS or "--no-project" in args:
                    continue  # `uv venv`, `uv pip`, `uvx` take any interpreter (uv 0.13.9)
                version = next(filter(None, map(_VERSION.fullmatch, _values(args, ("--python", "-p")))), None)
                if version is None:
                    continue
                refused = [(where, spec) for where, spec in specs if not _admits(spec, version.group("v"))]
                for where, spec in refused[:1]:
                    run.report(PYTHON_OUTSIDE, f"`{rule.targets[0]}` runs uv with Python {version.group('v')}, which "
                               f"requires-python `{spec}`{where} excludes: uv refuses it",
                               line=run.doc.origins.original(line.start + 1))  # fmt: skip


def _specifiers(repo: Repository, path: str) -> list[tuple[str, str]]:
    """requires-python of the project the Makefile's uv commands resolve (a workspace's members' too)."""
    project = project_of(repo, path)
    if project is None:
        return []
    found = []
    for each in (project, *(m for m in (repo.project(f) for f in project.members) if m is not None)):
        spec = requires_python(each)
        if spec:
            found.append((f" of {each.dir}" if each is not project else "", spec))
    return found


def _admits(spec: str, version: str) -> bool:
    """Whether a requires-python admits the interpreter `version` names (`3.12` is any 3.12.x uv may pick)."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    try:
        specifiers = SpecifierSet(spec)
    except InvalidSpecifier:
        return True  # the pyproject rules report it; nothing to compare with
    candidates = [version] if version.count(".") == 2 else [f"{version}.0", f"{version}.99"]
    return any(specifiers.contains(c, prereleases=True) for c in candidates)
