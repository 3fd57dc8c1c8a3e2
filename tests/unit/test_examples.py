"""Every example of every rule of every loaded pack, run with only its rule selected: byte-exact output, the
findings it promises, and idempotence."""

import pytest

from infra_fix_fixers.builtin import pack
from infra_fix_fixers.fixer import DeferredFix
from infra_fix_fixers.testing import Case, check_example, example_cases, run_case

CASES = example_cases(pack())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_example(case: Case) -> None:
    check_example(case)


def test_every_rule_has_a_fixing_or_reporting_example_and_a_compliant_one() -> None:
    for fixer in pack():
        for rule in fixer.rules:
            kinds = {ex.finds for ex in rule.examples}
            assert kinds == {True, False}, f"{rule.code} needs both a finding example and a compliant example"


# Declared tiers seen on real repositories (perf/corpus_check.py checks every finding's tier against its rule's) that
# no example shows yet. Each must go once an example shows it (the test below fails while one is listed needlessly).
TIERS_WITHOUT_AN_EXAMPLE = {
    ("PC002", "manual"),
    ("PC003", "manual"),
    ("PC003", "unsafe"),
    ("PC004", "unsafe"),
    ("PY007", "manual"),
    ("CI006", "unsafe"),
    ("DF001", "safe"),  # where image-digests gives the digest: examples run with the default settings
    ("DF009", "manual"),  # a uv workspace, or a sync chained with other commands
}


def test_every_tier_an_example_takes_is_declared_and_every_declared_tier_has_an_example() -> None:
    """`--list-rules` shows each rule's possible tiers: no example may take one the rule does not declare, and every
    declared tier is shown by an example (a finding left with that label, or a fix made at that tier)."""
    seen: dict[str, set[str]] = {}
    for case in CASES:
        _, found = run_case(case)
        seen.setdefault(case.rule.code, set()).update(f.applicability.value for f in found)
    for fixer in pack():
        for rule in fixer.rules:
            declared = {tier.value for tier in rule.possible_tiers}
            shown = seen.get(rule.code, set())
            assert shown <= declared, f"{rule.code}: examples take {sorted(shown - declared)}, not declared in tiers"
            for tier in declared - shown:
                assert (rule.code, tier) in TIERS_WITHOUT_AN_EXAMPLE, f"{rule.code}: no example shows it {tier}"
    for code, tier in TIERS_WITHOUT_AN_EXAMPLE:
        assert tier not in seen.get(code, set()), f"{code} {tier}: an example shows it now; drop it from the list"


def test_a_deferred_fixer_declares_the_rules_its_checks_report() -> None:
    """A deferred fixer (fixer.deferred_fixer) lists its rules before its checks are imported: they must be exactly
    what `document_fixer` would list with them declared (every rule its checks report is among them, in the order
    --list-rules and the docs show)."""
    deferred = [fixer for fixer in pack() if isinstance(fixer.fix, DeferredFix)]
    assert {f.name for f in deferred} >= {"alembic-config", "alembic-env", "dockerfile", "dockerignore", "compose"}
    for fixer in deferred:
        assert isinstance(fixer.fix, DeferredFix)
        assert fixer.fix.parts().rules(fixer.rules) == fixer.rules, fixer.name
