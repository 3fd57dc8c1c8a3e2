"""Every example of every rule of every loaded pack, run with only its rule selected: byte-exact output, the
findings it promises, and idempotence."""

import pytest

from infra_fix_fixers.builtin import pack
from infra_fix_fixers.testing import Case, check_example, example_cases

CASES = example_cases(pack())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_example(case: Case) -> None:
    check_example(case)


def test_every_rule_has_a_fixing_or_reporting_example_and_a_compliant_one() -> None:
    for fixer in pack():
        for rule in fixer.rules:
            kinds = {ex.finds for ex in rule.examples}
            assert kinds == {True, False}, f"{rule.code} needs both a finding example and a compliant example"
