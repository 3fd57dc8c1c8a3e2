"""Rule documentation as data: every rule's `--explain` has every section, its summary is in one voice, its Options
name every setting it reads, and every link of the docs resolves to a file and an anchor GitHub generates."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest

from infra_fix.docs import blueprint, configuration, ruledocs
from infra_fix.output.links import anchor
from infra_fix.plugins import load_fixers
from infra_fix_fixers import Blueprint, testing

ROOT = Path(__file__).parents[2]
FIXERS = load_fixers()
RULES = [(fixer, rule) for fixer in FIXERS for rule in fixer.rules]
IDS = [rule.code for _, rule in RULES]
BY_CODE = {rule.code: rule for _, rule in RULES}


@pytest.mark.parametrize(("fixer", "rule"), RULES, ids=IDS)
def test_explain_has_every_section(fixer: object, rule: testing.Rule) -> None:
    text = ruledocs.explain(rule, fixer.default_path)  # type: ignore[attr-defined]
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == list(ruledocs.SECTIONS)
    example = text.split("## Example\n", 1)[1].split("## Options", 1)[0]
    assert "```" in example and "(default path)" not in text
    assert re.search(r"From the (blueprint|hardening appendix).*\]\(blueprint\.md#[a-z0-9-]+\)", text)
    for tier in rule.possible_tiers:
        assert f"**{tier.value}**" in text.split("## Fix safety", 1)[1]


@pytest.mark.parametrize(("fixer", "rule"), RULES, ids=IDS)
def test_summary_states_the_problem_in_one_voice(fixer: object, rule: testing.Rule) -> None:
    """ruff's message_formats: a capitalised sentence with one full stop; no goal-voice summary ("ruff selects")."""
    summary = ruledocs.rendered(rule).summary
    assert summary[0].isupper(), summary
    assert summary.endswith(".") and not summary.endswith(".."), summary
    assert ruledocs.sentence(summary) == summary


def test_sentence_never_doubles_the_full_stop() -> None:
    assert ruledocs.sentence("the file is absent.") == "The file is absent."
    assert ruledocs.sentence("the file is absent") == "The file is absent."


def test_each_rule_documents_every_setting_its_examples_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Options section is the settings the rule reads: each example runs with a blueprint that records which of
    its values are read, and each must be among the rule's documented options."""
    names = {f.name for f in fields(Blueprint)}
    seen: set[str] = set()

    class Recording(Blueprint):
        def __getattribute__(self, name: str) -> object:
            if name in names:
                seen.add(name)
            return object.__getattribute__(self, name)

    settings = testing.Settings
    monkeypatch.setattr(testing, "Settings", lambda **kw: settings(blueprint=Recording(), **kw))
    missing: dict[str, set[str]] = {}
    for case in testing.example_cases(FIXERS):
        seen.clear()
        testing.run_case(case)
        together = [case.rule, *(BY_CODE[code] for code in case.example.together)]  # run with it: theirs count
        documented = {name.replace("-", "_") for rule in together for name in rule.settings_read()}
        if seen - documented:
            missing.setdefault(case.rule.code, set()).update(seen - documented)
    assert missing == {}


def test_every_blueprint_value_is_described_and_every_rule_has_a_section() -> None:
    assert [f.name for f in fields(Blueprint) if f.name not in configuration.DESCRIPTIONS] == []
    assert [code for code in IDS if blueprint.section_of(code) is None] == []


def _anchors(markdown: str) -> set[str]:
    """The anchors GitHub generates for a page's headings (outside code blocks; a repeated one gets -1, -2, ...)."""
    found: set[str] = set()
    counts: dict[str, int] = {}
    for heading in re.findall(r"^#{1,6} (.+)$", re.sub(r"```.*?```", "", markdown, flags=re.DOTALL), re.MULTILINE):
        slug = anchor(heading)
        found.add(slug if slug not in counts else f"{slug}-{counts[slug]}")
        counts[slug] = counts.get(slug, 0) + 1
    return found


PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("**/*.md")])


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_link_resolves_to_a_file_and_an_anchor(page: Path) -> None:
    text = page.read_text()
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", re.sub(r"```.*?```", "", text, flags=re.DOTALL)):
        if re.match(r"[a-z]+:", target):
            continue  # a URL
        path, _, fragment = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if not dest.exists():
            broken.append(target)
        elif fragment and fragment not in _anchors(dest.read_text()):
            broken.append(target)
    assert broken == []


def test_the_anchor_check_can_fail() -> None:
    assert "ci001-no-ci-workflow" in _anchors("## CI001: no-ci-workflow\n")
    assert "ci001" not in _anchors("## CI001: no-ci-workflow\n")
    assert _anchors("## A.4 Hardening: the CI matrix\n## x\n## x\n") == {"a4-hardening-the-ci-matrix", "x", "x-1"}
