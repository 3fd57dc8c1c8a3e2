"""The repairs-vs-adoptions contract every family inherits: a part of an adoption is made only together with the parts
it needs, whatever the fixers that report them, the run's tier, a refused edit or the policy; a label says what the
matching run does; repairs go on untouched beside."""

from __future__ import annotations

import pytest

from infra_fix_fixers import (
    Adoption,
    Applicability,
    Changed,
    FileRun,
    Finding,
    Policy,
    Rule,
    Scope,
    Settings,
    Snapshot,
    check,
    document_fixer,
    remediate,
)
from infra_fix_fixers.adoptions import effective, incomplete
from infra_fix_fixers.edit.toml import TomlDocument
from infra_fix_fixers.fixer import Check

SAFE, UNSAFE, MANUAL = Applicability.SAFE, Applicability.UNSAFE, Applicability.MANUAL
CONFIG_RULE = Rule("ZA001", "tool-config", "No tool config.", "why", SAFE)
RUNNER_RULE = Rule("ZA002", "tool-runner", "Nothing runs the tool.", "why", UNSAFE)
EXTRA_RULE = Rule("ZA003", "tool-extra", "An optional part.", "why", UNSAFE)
REPAIR_RULE = Rule("ZA004", "width", "Width is not 120.", "why", SAFE)
PROJECT = '[project]\nname = "x"\nrequires-python = ">=3.11"\n'
TOOL = "Tool"


def _creator(name: str, path: str, rule: Rule, adoption: Adoption, *, refuse: bool = False) -> object:
    def create(run: FileRun[None]) -> None:
        if refuse:  # an edit that could not be verified: the part cannot be made in this layout
            run.report(rule, f"no {path}", edit=lambda: False, adopts=adoption)
            return
        run.create(rule, f"no {path}: create it", lambda: f"{name}\n", adopts=adoption)

    return document_fixer(
        name=name,
        reads=(path,),
        targets=lambda ctx: (path,),
        open=lambda p, text, ctx: TomlDocument(text),
        checks=(),
        create=Check((rule,), create),
        scope=Scope.REPOSITORY,
    )


CONFIG = _creator("tool-config", "tool.toml", CONFIG_RULE, Adoption(TOOL, "config", needs=("runner",)))
RUNNER = _creator("tool-runner", ".github/workflows/tool.yml", RUNNER_RULE, Adoption(TOOL, "runner", ("config",)))
SAFE_RUNNER_RULE = Rule("ZA005", "tool-safe-runner", "Nothing runs the tool.", "why", SAFE)
SAFE_RUNNER = _creator(
    "tool-runner", ".github/workflows/tool.yml", SAFE_RUNNER_RULE, Adoption(TOOL, "runner", ("config",))
)
EXTRA = _creator("tool-extra", "tool-extra.toml", EXTRA_RULE, Adoption(TOOL, "extra", ("config",)))


@check(REPAIR_RULE)
def _width(run: FileRun[TomlDocument]) -> None:
    key = ("tool", "zz", "width")
    if run.doc.get(key) != 120:
        run.report(REPAIR_RULE, "width is not 120", at=key, edit=lambda: run.doc.set(key, 120))


REPAIR = document_fixer(
    name="repair",
    reads=("pyproject.toml",),
    targets=lambda ctx: ("pyproject.toml",),
    open=lambda p, text, ctx: TomlDocument(text),
    checks=(_width,),
    scope=Scope.REPOSITORY,
)
FILES = {"pyproject.toml": PROJECT + "\n[tool.zz]\nwidth = 80\n"}


def apply(files: dict[str, str], fixers: list[object], **settings: object) -> tuple[dict[str, str], list[Finding]]:
    """One run: the tree it leaves and its findings."""
    policy = settings.pop("policy", None)
    result = remediate(Snapshot(files=files), Settings(**settings), fixers, policy=policy)  # type: ignore[arg-type]
    tree = dict(files) | {c.path: c.after for c in result.changes if isinstance(c, Changed)}
    return tree, list(result.findings)


def by_code(findings: list[Finding]) -> dict[str, Finding]:
    return {f.code: f for f in findings}


def test_a_safe_run_leaves_out_an_adoption_whose_runner_is_unsafe_and_says_which_run_makes_it() -> None:
    tree, found = apply(FILES, [REPAIR, CONFIG, RUNNER])
    assert "tool.toml" not in tree and ".github/workflows/tool.yml" not in tree  # no partial adoption on disk
    assert "width = 120" in tree["pyproject.toml"]  # the repair beside it is made
    config, runner, repair = (by_code(found)[c] for c in ("ZA001", "ZA002", "ZA004"))
    assert not config.fixed and config.applicability is UNSAFE  # its label: what --unsafe-fixes then does
    assert "adopting Tool takes its runner too" in config.message
    assert not runner.fixed and runner.applicability is UNSAFE
    assert repair.fixed and repair.kind == "repair" and config.kind == "adoption"


def test_unsafe_fixes_make_the_adoption_whole_and_safe_then_unsafe_ends_in_the_same_tree() -> None:
    at_once, found = apply(FILES, [REPAIR, CONFIG, RUNNER], unsafe_fixes=True)
    assert at_once["tool.toml"] == "tool-config\n" and at_once[".github/workflows/tool.yml"] == "tool-runner\n"
    assert all(f.fixed for f in found)
    first, _ = apply(FILES, [REPAIR, CONFIG, RUNNER])
    assert apply(first, [REPAIR, CONFIG, RUNNER])[0] == first  # --apply twice: nothing more the second time
    assert apply(first, [REPAIR, CONFIG, RUNNER], unsafe_fixes=True)[0] == at_once


def test_a_whole_safe_adoption_is_made_by_a_plain_run() -> None:
    tree, found = apply(FILES, [CONFIG, SAFE_RUNNER])
    assert "tool.toml" in tree and ".github/workflows/tool.yml" in tree
    assert all(f.fixed for f in found)


def test_a_part_whose_needed_part_is_not_reported_at_all_is_manual_and_never_made() -> None:
    # the runner's rule ignored (or its fixer not installed): nothing in any run can bring it
    for unsafe in (False, True):
        tree, found = apply(FILES, [CONFIG, RUNNER], unsafe_fixes=unsafe, ignore=("ZA002",))
        assert "tool.toml" not in tree
        assert by_code(found)["ZA001"].applicability is MANUAL
        assert "cannot be made here" in by_code(found)["ZA001"].message


def test_a_refused_part_keeps_every_other_part_off_disk() -> None:
    refused = _creator("tool-runner", ".github/workflows/tool.yml", RUNNER_RULE, Adoption(TOOL, "runner", ("config",)),
                       refuse=True)  # fmt: skip
    tree, found = apply(FILES, [CONFIG, refused], unsafe_fixes=True)
    assert "tool.toml" not in tree
    assert by_code(found)["ZA001"].applicability is MANUAL  # no run would make it: the label says so


def test_an_optional_part_waits_for_unsafe_fixes_while_the_whole_core_is_made() -> None:
    tree, found = apply(FILES, [CONFIG, SAFE_RUNNER, EXTRA])
    assert "tool.toml" in tree and "tool-extra.toml" not in tree
    assert by_code(found)["ZA003"].applicability is UNSAFE
    tree, _ = apply(FILES, [CONFIG, SAFE_RUNNER, EXTRA], unsafe_fixes=True)
    assert "tool-extra.toml" in tree


def test_an_optional_part_is_never_made_without_its_core() -> None:
    # the extra is allowed (--unsafe-fixes) but the core's runner is ignored: the core is declined, then the extra
    tree, found = apply(FILES, [CONFIG, RUNNER, EXTRA], unsafe_fixes=True, ignore=("ZA002",))
    assert "tool.toml" not in tree and "tool-extra.toml" not in tree
    assert {f.code: f.applicability for f in found} == {"ZA001": MANUAL, "ZA003": MANUAL}


@pytest.mark.parametrize(
    ("policy", "made"),
    [
        (Policy(), {"pyproject.toml", "tool.toml", ".github/workflows/tool.yml"}),
        (Policy(adoptions=frozenset()), {"pyproject.toml"}),  # the bot's repairs pull request
        (Policy(repairs=False, adoptions=frozenset({TOOL})), {"tool.toml", ".github/workflows/tool.yml"}),
        (Policy(repairs=False, adoptions=frozenset({"Other"})), set()),
    ],
)
def test_the_policy_chooses_repairs_and_adoptions_by_name(policy: Policy, made: set[str]) -> None:
    result = remediate(Snapshot(files=FILES), Settings(unsafe_fixes=True), [REPAIR, CONFIG, RUNNER], policy=policy)
    assert {c.path for c in result.changes} == made
    assert all(f.applicability is not MANUAL for f in result.findings)  # left out by choice: still fixable


def test_effective_tiers_follow_the_least_safe_needed_part_and_its_safest_offer() -> None:
    def part(code: str, tier: Applicability, piece: str, *needs: str) -> Finding:
        return Finding(code, "x", "m", applicability=tier, adoption=Adoption(TOOL, piece, needs))

    findings = [
        part("A", SAFE, "config", "runner"),
        part("B", MANUAL, "runner"),  # one offer of the runner cannot be made ...
        part("C", UNSAFE, "runner"),  # ... another can, with --unsafe-fixes: the safest offer counts
        Finding("R", "x", "m", applicability=SAFE),
    ]
    assert effective(findings) == [UNSAFE, MANUAL, UNSAFE, SAFE]


def test_incomplete_names_made_parts_missing_a_need_with_the_tier_that_completes_them() -> None:
    made = Finding("A", "x", "m", fixed=True, applicability=SAFE, adoption=Adoption(TOOL, "config", ("runner",)))
    waiting = Finding("B", "y", "m", applicability=UNSAFE, adoption=Adoption(TOOL, "runner", ("config",)))
    assert incomplete([made, waiting], unsafe_fixes=False) == {(TOOL, "config"): UNSAFE}
    # with --unsafe-fixes the runner was allowed and still not made: no run makes it
    assert incomplete([made, waiting], unsafe_fixes=True) == {(TOOL, "config"): MANUAL}
    assert incomplete([made, Finding("B", "y", "m", fixed=True, adoption=waiting.adoption)], unsafe_fixes=False) == {}


def test_an_adoption_needs_a_name_and_a_part() -> None:
    with pytest.raises(ValueError, match="name and a part"):
        Adoption(" ")
