"""The blueprint and its hardening appendix, section by section in the project's own words: docs/blueprint.md, and
the section each rule's `--explain` cites. A rule belongs to the section of its family (its code's letters) unless
it is named in a section's `codes`; a pack's rules with letters of their own cite none."""

from __future__ import annotations

from msgspec import Struct


class Section(Struct, frozen=True):
    title: str  # the heading in docs/blueprint.md; its anchor is GitHub's
    source: str  # where it is in the written blueprint
    text: str  # what it asks and why, in our words
    families: tuple[str, ...] = ()  # rule code prefixes (letters) this section owns
    codes: tuple[str, ...] = ()  # single rules that come from here rather than from their family's section


SECTIONS = (
    Section(
        "1. Ruff: lint and format",
        "blueprint, section 1",
        "ruff is configured in pyproject.toml under `[tool.ruff]`: lines of 120 characters (wide enough for today's "
        "screens, narrow enough for side-by-side diffs), a target version that is the project's Python floor, and "
        "a rule selection that adds bugs (B), security (S, bandit's checks), annotations (ANN) and finite "
        "complexity limits to the minimum of E, F, W and I. Tests may assert and skip annotations; migrations may "
        "build SQL. infra-fix never selects a rule family the code does not pass without saying so: widening the "
        "selection is an unsafe fix.",
        ("RF",),
    ),
    Section(
        "2. Pyright: type checking",
        "blueprint, section 2",
        "Each project has a pyright configuration that checks its source folders (not tests, not migrations, whose "
        "generated code gives false alarms) in basic mode or stricter, with the project's Python floor and its "
        "virtual environment, reporting unresolved imports but not missing stubs, which many libraries lack.",
        ("PY",),
    ),
    Section(
        "3. pre-commit",
        "blueprint, section 3",
        "A `.pre-commit-config.yaml` runs the hygiene hooks (trailing whitespace, final newlines, valid YAML, TOML "
        "and JSON, no large files) and ruff with `--fix` plus ruff-format, at the ruff version the project pins, "
        "so that what CI would reject is caught at commit time.",
        ("PC",),
    ),
    Section(
        "4. CI: GitHub Actions",
        "blueprint, section 4",
        "Pull requests and pushes to the default branch run independent blocking jobs: ruff (lint and format "
        "check), pyright and pytest, each installing with `uv sync` and running the tools from the environment. "
        "infra-fix counts what a job runs (a make target, pre-commit, tox, nox), not what it is called.",
        ("CI",),
    ),
    Section(
        "4b. Renovate: dependency updates",
        "blueprint, section 4b",
        "A `renovate.json` with the recommended presets and a workflow that runs Renovate on the first Monday of "
        "each month (and by hand), authenticated by the `RENOVATE_TOKEN` secret, running `make sync-locks` after "
        "upgrades where the project has that target. Without it, dependencies drift.",
        ("RN",),
    ),
    Section(
        "5. pyproject.toml",
        "blueprint, section 5",
        "One pyproject.toml per project holds its metadata and every tool's configuration: hatchling as the build "
        "backend, `requires-python` as the floor the other tools follow, the development tools in an extra (or a "
        "dependency group), and pytest's settings (the tests folder, asyncio's mode) rather than setup.cfg, tox.ini "
        "or .flake8.",
        ("PP",),
    ),
    Section(
        "6. uv workspace and lock files",
        "blueprint, section 6",
        "Lock files are committed and made only when dependencies change: never ignored by git, never regenerated "
        "while an image is built or a deploy runs. A workspace names its members; each project built into an image "
        "has its own lock.",
        ("UV",),
    ),
    Section(
        "7. Docker",
        "blueprint, section 7",
        "Images are pinned by digest, uv is copied from its image rather than installed with pip, dependencies are "
        "installed from the lock (`uv sync --frozen --no-dev`) before the source is copied in, the virtual "
        "environment is on `PATH`, and the build context is a whitelist. Compose services read secrets from the "
        "environment, restart unless stopped, have health checks and named networks.",
        ("DF", "DI", "DC"),
    ),
    Section(
        "8. Makefile",
        "blueprint, section 8",
        "A Makefile with the standard targets (help, test, up and down, migrate, sync-locks, ...), all declared "
        "`.PHONY`, loading `.env` when present (`-include .env` and `export`) and taking overridable defaults.",
        ("MK",),
    ),
    Section(
        "9. Alembic: database migrations",
        "blueprint, section 9",
        "alembic.ini leaves `sqlalchemy.url` blank and names its migration folder and file template; env.py builds "
        "the URL from environment variables, imports every model and compares types and schemas, so autogenerate "
        "sees every change and no credential is written down.",
        ("AL",),
    ),
    Section(
        "10. Environment and secrets",
        "blueprint, section 10",
        "`.env` is ignored by git and never tracked; a committed example env file documents every variable with "
        "placeholder values; no password, token or key is written in a tracked file.",
        ("EV",),
    ),
    Section(
        "A.4 Hardening: the CI matrix",
        "hardening appendix, A.4",
        "Tests run on Python 3.12, 3.13, free-threaded 3.13t and 3.14, on Linux and macOS: what a library does on "
        "the interpreters its users have, including the one without the GIL.",
        codes=("CI007",),
    ),
    Section(
        "A.6 Hardening: deployment",
        "hardening appendix, A.6",
        "A production process drops root before it starts Python, prints tracebacks on crashes in C extensions "
        "(`PYTHONFAULTHANDLER=1`), and runs from a slim base pinned by digest, not by tag.",
        codes=("DF010", "DF011"),
    ),
)


def section_of(code: str) -> Section | None:
    """The section a rule comes from: the one naming it, else its family's."""
    named = next((s for s in SECTIONS if code in s.codes), None)
    letters = code.rstrip("0123456789")
    return named or next((s for s in SECTIONS if letters in s.families), None)


def markdown(codes: list[str], link: dict[str, str]) -> str:
    """docs/blueprint.md: each section, then links to the rules that come from it (`link`: code -> rules.md
    anchor)."""
    parts = [
        "# The blueprint",
        "",
        "Generated by `make docs` from `src/infra_fix/docs/blueprint.py`; do not edit by hand.",
        "",
        "infra-fix checks a repository against a written standard for Python projects' infrastructure, the",
        "*blueprint*, and its *hardening appendix*, a toolkit for production services. What follows is each of their",
        "sections as this project reads it, with the rules that check it. Values the blueprint marks as per project",
        "(the Python floor, the source folders, tool versions) are never copied: infra-fix derives them from the",
        "project's own files. The values it does fix can be changed in `[tool.infra-fix]`",
        "([configuration](configuration.md)).",
    ]
    for section in SECTIONS:
        rules = [c for c in codes if section_of(c) is section]
        parts += ["", f"## {section.title}", "", f"*From the {section.source}.*", "", section.text]
        if rules:
            parts += ["", "Rules: " + ", ".join(f"[{c}](rules.md#{link[c]})" for c in rules) + "."]
    return "\n".join(parts) + "\n"
