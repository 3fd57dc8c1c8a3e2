"""MK: the Makefile rules, their documentation and examples (data: `--explain` and docs/rules.md come from here)."""

from __future__ import annotations

from ...model import Applicability, Rule, Severity
from . import examples as ex

SAFE, UNSAFE, MANUAL = Applicability.SAFE, Applicability.UNSAFE, Applicability.MANUAL

PHONY = Rule(
    code="MK001",
    name="make-phony",
    summary="A Makefile target that names no file is not declared `.PHONY`.",
    rationale='Blueprint section 8 ("all targets declared phony to avoid stale file conflicts"): a target that is '
    "a command stops running once a file or folder of its name exists (`make docs` beside a docs/ folder says it is "
    "up to date). A `.PHONY` name that no rule defines is a renamed target left behind.",
    applicability=SAFE,
    tiers=(MANUAL,),
    fix="Declares the command targets phony in the file's idiom: appended to its `.PHONY:` list, or one `.PHONY: x` "
    "line before each rule (or after each recipe) where the file writes them so, or one list above the first rule "
    "where it has none (safe: it changes nothing make does until a file of that name appears). Targets that are "
    "files are left alone: paths, names with an extension, pattern rules, targets their recipe makes (`$@`, "
    "`touch`, `mkdir`), `.PRECIOUS` ones and implicit-rule builds. Recipes are never touched. A `.PHONY` name no "
    "rule defines is reported (manual).",
    examples=ex.PHONY,
)
HELP = Rule(
    code="MK002",
    name="make-help",
    summary="The Makefile has no `help` target printing its targets.",
    rationale="Blueprint section 8: `make help` is how a developer finds the targets without reading the file.",
    applicability=SAFE,
    fix="Appends a `help` target (declared phony) in the file's idiom: it prints the `target: ## text` descriptions "
    "(and `##@` section headings) where the file has them, the `.PHONY: x  # text` descriptions where it writes "
    "those, else the target names. Appended at the end, so that `make` alone still runs the same default goal. "
    "Not added where an included file infra-fix cannot read may define one; manual where `.RECIPEPREFIX` is set.",
    examples=ex.HELP,
)
STANDARD = Rule(
    code="MK003",
    name="make-standard-targets",
    summary="The Makefile lacks a standard target (lint, format-check, typecheck, test, check, up, down, migrate) "
    "that the project's tools call for.",
    rationale="Blueprint section 8 and the hardening appendix's `make check` (lint format-check typecheck test): one "
    "set of names every developer and CI runs the same way.",
    applicability=SAFE,
    options=("dev-dependencies",),
    tiers=(UNSAFE,),
    fix="Appends each missing target, never rewriting one: only where the project has the tool (ruff, pyright or "
    "basedpyright, pytest with tests, alembic with an alembic.ini, a compose file docker compose finds by itself), "
    "where no target runs that check already under any name or a usual synonym (`tests`, `typing`...), running "
    "the tool as the file runs its tools (`uv run `, `$(VENV)/bin/`) or else as the project installs; `check` "
    "depends on the targets that do each check, by their names, where there are at least two. Safe: a new target "
    "runs only when asked for. Not added where an included file infra-fix cannot read may define them.",
    examples=ex.STANDARD,
)
DOTENV = Rule(
    code="MK004",
    name="make-dotenv",
    summary="The targets do not read `.env`, or read it in a way make interprets unlike python-dotenv.",
    rationale="Blueprint section 8 (`-include .env` + `export`), corrected by GNU make's reading of `.env`: quotes "
    'are kept (`A="x"` exports `"x"`), the space before a `#` comment is kept, `$w` in a value is expanded, and '
    "a bare `export` hands every variable to every recipe. A hard `include .env` stops make where .env is absent.",
    applicability=MANUAL,
    fix="Reported, never added by a fix: the suggestion where an example env file lists variables the targets "
    "could read; `include .env` that should be `-include`; the variables (by name) whose values make would read "
    "otherwise than python-dotenv.",
    examples=ex.DOTENV,
)
OVERRIDES = Rule(
    code="MK005",
    name="make-env-overrides",
    summary="An environment selector (`ENV`, `ENVIRONMENT_NAME`, `STAGE`) is assigned so the environment cannot "
    "override it.",
    rationale="Blueprint section 8 (`ENVIRONMENT_NAME ?= dev` with `make deploy ENVIRONMENT_NAME=prod`): with `?=` "
    "the default holds unless the environment or the command line sets it; `=` and `:=` ignore the environment.",
    applicability=MANUAL,
    fix="Reported (manual): changing `:=` to `?=` changes what every recipe sees wherever the variable is set in "
    "the environment, a choice for the maintainers.",
    examples=ex.OVERRIDES,
)
CREATE = Rule(
    code="MK006",
    name="make-absent",
    summary="The repository has no Makefile and no other task runner.",
    rationale="Blueprint section 8: one Makefile every developer and CI runs the same way. A justfile, a "
    "Taskfile, tox, nox, hatch scripts, poethepoet, pdm scripts, taskipy or scripts that run the checks already do "
    "that job: no Makefile is created beside them.",
    applicability=SAFE,
    options=("dev-dependencies",),
    tiers=(UNSAFE,),
    fix="Creates a Makefile at the root with `help` (the default goal) and the standard targets the project's tools "
    "call for (MK003), each running the tool the way the project installs: an adoption, made whole or not at all, "
    "with two targets at least, one of them a check (`lint`, `format-check`, `typecheck`, `test` or `sync-locks`: a "
    "Makefile that would only wrap `docker compose up` is not created). Safe where every target is (the project "
    "already runs those checks over the tree); "
    "unsafe where one check runs nowhere yet (`make check` may be red on the day it lands).",
    examples=ex.CREATE,
)
SECRET = Rule(
    code="MK007",
    name="make-secret",
    summary="A Makefile holds a hard-coded secret.",
    rationale="Blueprint section 10: secrets live in the environment or a .env git ignores, never in a committed "
    "file. The Makefile's secrets are reported by this family alone (each secret once).",
    applicability=MANUAL,
    severity=Severity.ERROR,
    fix="Reported with the variable's name and the kind of secret, never its value: read it from the environment "
    "and rotate it.",
    examples=ex.SECRET,
)

RULES = (PHONY, HELP, STANDARD, DOTENV, OVERRIDES, CREATE, SECRET)
