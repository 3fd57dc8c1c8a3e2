"""PC: the rules of the pre-commit configuration, their documentation and examples (data: `--explain` and
docs/rules.md come from here)."""

from __future__ import annotations

from ...model import Applicability, Rule, Severity, fixes, noop, reports

_LOCK = {"uv.lock": '[[package]]\nname = "ruff"\nversion = "0.15.1"\n', "pyproject.toml": '[project]\nname = "demo"\n'}
_FULL = (
    "repos:\n"
    "  - repo: https://github.com/pre-commit/pre-commit-hooks\n"
    "    rev: v6.0.0\n"
    "    hooks:\n"
    "      - id: trailing-whitespace\n"
    "      - id: end-of-file-fixer\n"
    "      - id: check-yaml\n"
    "      - id: check-added-large-files\n"
    "      - id: check-toml\n"
    "      - id: check-json\n"
    "\n"
    "  - repo: https://github.com/astral-sh/ruff-pre-commit\n"
    "    rev: v0.14.13\n"
    "    hooks:\n"
    "      - id: ruff\n"
    "        args: [--fix]\n"
    "      - id: ruff-format\n"
)
# The hooks a tree is known to pass: the simulated check-* hooks and check-added-large-files.
_PASSING = (
    "repos:\n"
    "  - repo: https://github.com/pre-commit/pre-commit-hooks\n"
    "    rev: v6.0.0\n"
    "    hooks:\n"
    "      - id: check-yaml\n"
    "      - id: check-added-large-files\n"
    "      - id: check-toml\n"
    "      - id: check-json\n"
)
# CI runs ruff at the version the lock pins: the ruff hooks at that version pass too.
_CHECKED = {
    **_LOCK,
    ".github/workflows/ci.yml": "on: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n"
    "      - run: uv run ruff check .\n      - run: uv run ruff format --check .\n",
}
_RUNNER = ".github/workflows/pre-commit.yml"
_PC001_EXAMPLES = (
    fixes("created-with-the-hooks-the-tree-passes", None, _PASSING, together=("PC006",)),
    fixes(  # the hooks the tree passes first: what a plain run creates and --unsafe-fixes appends to, at once
        "created-whole-with-unsafe-fixes",
        None,
        _FULL.replace("      - id: trailing-whitespace\n      - id: end-of-file-fixer\n", "").replace(
            "      - id: check-json\n",
            "      - id: check-json\n      - id: trailing-whitespace\n      - id: end-of-file-fixer\n",
        ),
        unsafe_fixes=True,
        together=("PC006",),
    ),  # fmt: skip
    fixes(
        "ruff-hooks-where-ci-runs-the-locked-ruff",
        None,
        _PASSING + _FULL[_FULL.index("\n  - repo: https://github.com/astral-sh") :].replace("v0.14.13", "v0.15.1"),
        files=_CHECKED,
        together=("PC006",),
    ),
    reports("never-without-what-runs-it", None),
    fixes(
        "a-repair-where-ci-already-runs-pre-commit",
        None,
        _PASSING,
        files={
            ".github/workflows/lint.yml": "on: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - run: pipx run pre-commit run --all-files\n"
        },
    ),  # fmt: skip
    noop("not-beside-lefthook", None, files={"lefthook.yml": "pre-commit:\n  commands: {}\n"}),
    noop("existing-file-left-alone", "repos: []\n"),
)
_RUNNER_TEXT = (
    "name: pre-commit\n\non:\n  pull_request:\n  push:\n    branches: [main]\n\npermissions:\n  contents: read\n\n"
    "jobs:\n  pre-commit:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n"
    "          persist-credentials: false\n      - run: pipx run pre-commit run --all-files --show-diff-on-failure\n"
)
_PC006_EXAMPLES = (
    fixes("runs-the-new-configs-hooks", None, _RUNNER_TEXT, path=_RUNNER, together=("PC001",), default_branch="main"),
    reports("never-without-the-config", None, path=_RUNNER),
    reports(
        "no-checkout-pin-where-every-action-is-pinned",
        None,
        path=_RUNNER,
        together=("PC001",),
        files={
            ".github/workflows/ci.yml": "on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: astral-sh/setup-uv@" + "a" * 40 + "\n"
        },
    ),  # fmt: skip
    noop(
        "not-where-ci-runs-pre-commit-already",
        None,
        path=_RUNNER,
        together=("PC001",),
        files={
            ".github/workflows/lint.yml": "on: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - uses: pre-commit/action@v3.0.1\n"
        },
    ),  # fmt: skip
)
_PC002_EXAMPLES = (
    fixes(  # CI runs ruff at the version the lock pins: the tree passes the ruff hooks at that version
        "ruff-hooks-safe-where-ci-runs-the-locked-ruff",
        "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.15.1\n    hooks:\n"
        "      - id: ruff-format\n",
        "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.15.1\n    hooks:\n"
        "      - id: ruff\n        args: [--fix]\n      - id: ruff-format\n",
        files=_CHECKED,
    ),
    fixes(
        "hooks-added-in-the-entrys-4-space-style",
        "repos:\n-   repo: https://github.com/pre-commit/pre-commit-hooks.git\n    rev: v4.0.0\n    hooks:\n"
        "    -   id: check-yaml\n# formatters\n-   repo: https://github.com/astral-sh/ruff-pre-commit\n"
        "    rev: 'v0.14.13'\n    hooks:\n    -   id: ruff-format\n",
        "repos:\n-   repo: https://github.com/pre-commit/pre-commit-hooks.git\n    rev: v4.0.0\n    hooks:\n"
        "    -   id: check-yaml\n    -   id: trailing-whitespace\n    -   id: end-of-file-fixer\n# formatters\n"
        "-   repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: 'v0.14.13'\n    hooks:\n"
        "    -   id: ruff\n        args: [--fix]\n    -   id: ruff-format\n",
        unsafe_fixes=True,
    ),
    fixes(
        "missing-repo-entry-added-whole",
        "repos:\n- repo: https://github.com/psf/black\n  rev: 24.1.0\n  hooks:\n  - id: black\n"
        "- repo: https://github.com/pre-commit/pre-commit-hooks\n  rev: v5.0.0\n  hooks:\n"
        "  - id: trailing-whitespace\n  - id: end-of-file-fixer\n",
        "repos:\n- repo: https://github.com/psf/black\n  rev: 24.1.0\n  hooks:\n  - id: black\n"
        "- repo: https://github.com/pre-commit/pre-commit-hooks\n  rev: v5.0.0\n  hooks:\n"
        "  - id: trailing-whitespace\n  - id: end-of-file-fixer\n"
        "- repo: https://github.com/astral-sh/ruff-pre-commit\n  rev: v0.14.13\n  hooks:\n"
        "  - id: ruff\n    args: [--fix]\n",  # black formats: no ruff-format beside it
        unsafe_fixes=True,
    ),
    reports(
        "hooks-that-rewrite-files-are-unsafe",
        "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
        "      - id: check-yaml\n",
    ),
    noop(
        "local-ruff-hook-counts",
        "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
        "      - id: trailing-whitespace\n      - id: end-of-file-fixer\n  - repo: local\n    hooks:\n"
        "      - id: lint\n        name: lint\n        entry: uv run ruff check --fix\n        language: system\n"
        "        types: [python]\n",
    ),
    reports(
        "new-hooks-are-unsafe-where-ci-runs-pre-commit",
        "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
        "      - id: check-yaml\n",
        files={
            ".github/workflows/ci.yml": "on: pull_request\njobs:\n  lint:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - uses: actions/checkout@v4\n      - uses: pre-commit/action@v3.0.1\n"
        },
    ),
    noop("ruff-check-id-counts", _FULL.replace("id: ruff\n", "id: ruff-check\n")),
)
_PC003_EXAMPLES = (
    fixes(
        "hygiene-hooks-appended-after-the-last-hook",
        "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
        "      - id: trailing-whitespace\n      - id: end-of-file-fixer\n        exclude: ^docs/\n"
        "  # lint\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.14.13\n    hooks:\n"
        "      - id: ruff\n        args: [--fix]\n      - id: ruff-format\n",
        "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
        "      - id: trailing-whitespace\n      - id: end-of-file-fixer\n        exclude: ^docs/\n"
        "      - id: check-yaml\n      - id: check-added-large-files\n      - id: check-toml\n"
        "      - id: check-json\n"
        "  # lint\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.14.13\n    hooks:\n"
        "      - id: ruff\n        args: [--fix]\n      - id: ruff-format\n",
    ),
    fixes(
        "check-json-excludes-json-with-comments",
        "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
        "      - id: trailing-whitespace\n      - id: end-of-file-fixer\n      - id: check-yaml\n"
        "      - id: check-added-large-files\n      - id: check-toml\n",
        "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v6.0.0\n    hooks:\n"
        "      - id: trailing-whitespace\n      - id: end-of-file-fixer\n      - id: check-yaml\n"
        "      - id: check-added-large-files\n      - id: check-toml\n"
        "      - id: check-json\n        exclude: ^(tsconfig\\.json)$\n",
        files={"tsconfig.json": '{\n  // strict mode\n  "strict": true\n}\n', "package.json": '{"name": "x"}\n'},
    ),
    noop("all-hooks-present", _FULL),
)
_PC004_EXAMPLES = (
    fixes(
        "rev-follows-uv-lock-keeping-quotes",
        _FULL.replace("rev: v0.14.13", "rev: 'v0.4.1'  # ruff"),
        _FULL.replace("rev: v0.14.13", "rev: 'v0.15.1'  # ruff"),
        files=_LOCK,
    ),
    reports(
        "frozen-sha-reported-not-edited",
        _FULL.replace("rev: v0.14.13", "rev: 0a1b2c3d4e5f60718293a4b5c6d7e8f901234567  # frozen: v0.4.1"),
        files=_LOCK,
    ),
    reports(
        "a-rev-newer-than-the-lock-is-never-downgraded",
        _FULL.replace("rev: v0.14.13", "rev: v0.16.3"),
        files=_LOCK,
    ),
    noop("no-pinned-ruff-no-check", _FULL.replace("rev: v0.14.13", "rev: v0.4.1")),
)
_PC005_EXAMPLES = (
    reports("reported-without-unsafe-fixes", _FULL.replace("        args: [--fix]\n", "")),
    fixes(
        "args-added",
        _FULL.replace("        args: [--fix]\n", ""),
        _FULL,
        unsafe_fixes=True,
    ),
    fixes(
        "fix-appended-to-existing-args",
        _FULL.replace("[--fix]", "[--config, ruff.toml]"),
        _FULL.replace("[--fix]", "[--config, ruff.toml, --fix]"),
        unsafe_fixes=True,
    ),
    noop("fix-already-there", _FULL, unsafe_fixes=True),
)


PC001 = Rule(
    code="PC001",
    name="pre-commit-config-missing",
    summary="The repository has no .pre-commit-config.yaml.",
    rationale="Hygiene hooks and ruff at commit time catch whitespace, malformed configs, large files and lint "
    "before they reach CI: no 'forgot to format' failures.",
    applicability=Applicability.SAFE,
    tiers=(
        Applicability.UNSAFE,
        Applicability.MANUAL,
    ),
    options=("pre-commit-hooks-rev",),
    severity=Severity.ERROR,
    fix="Creates the blueprint's file at the repository root: pre-commit-hooks' six hygiene hooks (check-json "
    "excluding the repository's JSON-with-comments files) and ruff-pre-commit's ruff (with --fix) and ruff-format, "
    "at the rev matching the ruff the project pins (else the blueprint's {ruff_rev}). Safe with the hooks the tree "
    "is known to pass (check-json, check-yaml and check-toml simulated on its files, check-added-large-files, ruff's "
    "where CI runs that check at the pinned ruff); each other hook is an unsafe fix (run `pre-commit run "
    "--all-files` in the same commit). Where nothing runs pre-commit yet this adopts it: the config is made only "
    "with the workflow that runs its hooks (PC006), manual where that cannot be written. Never beside another "
    "git-hook runner (lefthook, husky, overcommit, hk, simple-git-hooks).",
    examples=_PC001_EXAMPLES,
)
PC006 = Rule(
    code="PC006",
    name="pre-commit-runner-missing",
    summary="Nothing runs the hooks of a new pre-commit config.",
    rationale="A pre-commit config that nothing runs checks nothing: developers who never ran `pre-commit install` "
    "and every pull request skip it. Adopting pre-commit brings what runs its hooks, or nothing.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.MANUAL,),
    options=("branches", "checkout-action"),
    severity=Severity.WARNING,
    fix="Creates .github/workflows/pre-commit.yml with the new config (PC001): `pipx run pre-commit run --all-files` "
    "on pull requests and pushes to the default branch, read-only, checkout without persisted credentials, actions "
    "referred to as the repository's workflows refer to them. Made with the config, at its tier (safe with the "
    "hooks the tree is known to pass); manual where the repository pins every action by SHA and has no pin for "
    "actions/checkout. Not where CI or pre-commit.ci already runs pre-commit.",
    examples=_PC006_EXAMPLES,
)
PC002 = Rule(
    code="PC002",
    name="minimum-hooks-missing",
    summary="A minimum hook (trailing-whitespace, end-of-file-fixer, ruff, ruff-format) is missing from the "
    "pre-commit config.",
    rationale="The blueprint's minimum: without them, whitespace noise and unformatted or unlinted code reach CI.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.UNSAFE, Applicability.MANUAL),
    options=("ruff-rev",),
    severity=Severity.ERROR,
    fix="Adds the hook to the existing pre-commit-hooks or ruff-pre-commit entry in its style, or adds the whole "
    "entry, where the hooks are in alphabetical order where it sorts; nothing is added next to a local ruff hook, "
    "and no ruff-format where the project formats with black or another formatter, no ruff where it lints with "
    "flake8 (a hook, CI or a task runs it). "
    "Unsafe unless the tree is known to pass the hook (ruff's "
    "where CI runs that check at the ruff the hook pins): trailing-whitespace and end-of-file-fixer rewrite files, "
    "so run `pre-commit run --all-files` in the same commit.",
    examples=_PC002_EXAMPLES,
)
PC003 = Rule(
    code="PC003",
    name="hygiene-hooks-missing",
    summary="A hygiene hook (check-yaml, check-added-large-files, check-toml, check-json) is missing from the "
    "pre-commit config.",
    rationale="They catch malformed configuration files and accidentally committed large files before they land.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.UNSAFE, Applicability.MANUAL),
    severity=Severity.WARNING,
    fix="Adds the hook to the existing pre-commit/pre-commit-hooks entry in its style (where its hooks are in "
    "alphabetical order, where it sorts; an `exclude` quoted as the file quotes its others), or adds the whole "
    "entry; "
    "check-json, check-yaml and check-toml exclude the files of the repository they cannot read (JSON with "
    "comments) or are left out where other files fail them. Unsafe where CI runs pre-commit.",
    examples=_PC003_EXAMPLES,
)
PC004 = Rule(
    code="PC004",
    name="ruff-rev-mismatch",
    summary="The ruff-pre-commit rev differs from the ruff version the project pins.",
    rationale="The hook and CI must run the same ruff, or a commit passes locally and fails in CI (or the "
    "reverse). The pin comes from uv.lock, else the dev dependency.",
    applicability=Applicability.SAFE,
    tiers=(
        Applicability.UNSAFE,
        Applicability.MANUAL,
    ),
    severity=Severity.WARNING,
    fix="Sets `rev` to v<pinned version> in its quote style. A rev newer than the lock is reported, never "
    "downgraded; a frozen commit SHA (`# frozen: vX`) is reported, not edited: the SHA of another tag cannot be "
    "known offline.",
    examples=_PC004_EXAMPLES,
)
PC005 = Rule(
    code="PC005",
    name="ruff-hook-without-fix",
    summary="The ruff hook runs without `--fix`.",
    rationale="The blueprint runs ruff with `args: [--fix]` so safe fixes (import order, unused imports) are made "
    "at commit time. Unsafe: it changes what the hook does, which then rewrites files on every commit.",
    applicability=Applicability.UNSAFE,
    severity=Severity.WARNING,
    fix="Appends `--fix` to the hook's args, or adds `args: [--fix]`. Nothing where ruff's configuration says "
    "`fix = true`: the hook fixes already.",
    examples=_PC005_EXAMPLES,
)
RULES = (PC001, PC002, PC003, PC004, PC005)  # PC006 belongs to the runner's fixer
