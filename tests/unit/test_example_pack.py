"""The example pack (examples/pack) meets the bar of the built-in rules: its examples run byte for byte, its
documentation has every section. `make install-check` installs it beside infra-fix and runs it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from infra_fix.docs import ruledocs
from infra_fix_fixers.testing import Case, check_example, example_cases

sys.path.insert(0, str(Path(__file__).parents[2] / "examples" / "pack" / "src"))
from infra_fix_example_pack import FIXER, pack  # noqa: E402

CASES = example_cases([FIXER])


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_example_packs_examples(case: Case) -> None:
    check_example(case)


def test_the_example_pack_is_documented_as_the_built_in_rules() -> None:
    assert pack().name == "example" and pack().fixers == (FIXER,)
    text = ruledocs.explain(FIXER.rules[0], FIXER.default_path)
    assert [line[3:] for line in text.splitlines() if line.startswith("## ")] == list(ruledocs.SECTIONS)
