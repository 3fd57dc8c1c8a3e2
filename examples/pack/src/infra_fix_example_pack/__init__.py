"""An example fixer pack (docs/writing-a-fixer.md): one rule, XP001, written the one way (a `Rule` with its
examples, a `check`, a `document_fixer`), registered under the entry-point group `infra_fix.fixers`. The install
tests (`make install-check`) install it beside infra-fix and run it; tests/unit/test_example_pack.py runs its
examples as the built-in rules' are run."""

from __future__ import annotations

from infra_fix_fixers import Applicability, Context, FileRun, Pack, Rule, check, document_fixer, fixes, noop, reports
from infra_fix_fixers.edit.toml import TomlDocument

BEFORE = '[project]\nname = "demo"\nversion = "1.0.0"\n'
AFTER = '[project]\nname = "demo"\nversion = "1.0.0"\ndescription = ""\n'

DESCRIPTION = Rule(
    code="XP001",
    name="project-description",
    summary="The `[project]` table has no description.",
    rationale="Package indexes and `pip show` print the description; without one, users see only the name. "
    "(An example pack's rule: the blueprint does not ask for it.)",
    applicability=Applicability.UNSAFE,
    fix="Adds an empty `description` to `[project]` in the file's style, for a human to fill in: unsafe, since the "
    "package's metadata changes.",
    examples=(
        reports("no-description", BEFORE),
        fixes("no-description-unsafe-fixes", BEFORE, AFTER, unsafe_fixes=True),
        noop("has-a-description", BEFORE + 'description = "A demo."\n'),
        fixes(
            "inline-project-table",
            'project = { name = "demo" }\n',
            'project = { name = "demo", description = "" }\n',
            unsafe_fixes=True,
        ),
    ),
)


@check(DESCRIPTION)
def description(run: FileRun[TomlDocument]) -> None:
    project = run.doc.get(("project",))
    if project is None or "description" in project:
        return
    run.report(
        DESCRIPTION,
        'no description in [project]: add `description = "..."`',
        at=("project",),
        edit=lambda: run.doc.set(("project", "description"), ""),
    )


def _targets(ctx: Context) -> tuple[str, ...]:
    path = ctx.project.path("pyproject.toml") if ctx.project else "pyproject.toml"
    return (path,) if ctx.snapshot.exists(path) else ()


def _open(path: str, text: str, ctx: Context) -> TomlDocument:
    return TomlDocument(text)


FIXER = document_fixer(
    name="example",
    reads=("**/pyproject.toml",),
    targets=_targets,
    open=_open,
    checks=(description,),
    default_path="pyproject.toml",
)


def pack() -> Pack:
    return Pack("example", (FIXER,))
