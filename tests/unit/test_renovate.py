"""RN: the Renovate fixer beyond its documented examples: which file is the config, secrets never printed, the
cron trap, comments kept, and a property over configs with random comments."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from infra_fix_fixers import Changed, Context, Finding, Settings, Snapshot, discover, remediate
from infra_fix_fixers.edit.jsonc import loads
from infra_fix_fixers.rules import ci, renovate

RN = [renovate.CONFIG, renovate.WORKFLOW]

WF = ".github/workflows/renovate.yml"
GOOD_WF = (
    "on:\n  schedule:\n    - cron: '0 2 1-7 * *'\n  workflow_dispatch:\n"
    "jobs:\n  renovate:\n    runs-on: ubuntu-latest\n"
    "    steps:\n      - run: '[ \"$(date -u +%u)\" = 1 ] || exit 0'\n      - uses: renovatebot/github-action@v43\n"
    "        with:\n          token: ${{ secrets.RENOVATE_TOKEN }}\n"
)


def fix(files: dict[str, str], *select: str, unsafe: bool = False) -> tuple[dict[str, str], list[Finding]]:
    result = remediate(Snapshot(files=files), Settings(select=select, unsafe_fixes=unsafe), RN)
    assert not result.failures, result.failures
    return {c.path: c.after for c in result.changes if isinstance(c, Changed)}, list(result.findings)


def test_existing_config_elsewhere_is_the_config() -> None:
    files = {".github/renovate.json5": "{extends: ['config:recommended'], $schema: 'x'}\n", WF: GOOD_WF}
    ctx = Context(discover(Snapshot(files=files)), None, Settings())
    assert renovate.CONFIG.targets(ctx) + renovate.WORKFLOW.targets(ctx) == (".github/renovate.json5", WF)
    texts, found = fix(files)
    assert texts == {} and found == []


def test_created_files_together_are_compliant() -> None:
    files = {"Makefile": "sync-locks:\n\tuv lock\n"}
    texts, _ = fix(files, unsafe=True)
    assert set(texts) == {"renovate.json", WF}
    config = json.loads(texts["renovate.json"])
    assert config["extends"] == ["config:recommended"]
    assert config["postUpgradeTasks"]["commands"] == ["make sync-locks"]
    assert '- cron: "0 2 1-7 * *"\n' in texts[WF]
    again, found = fix({**files, **texts})
    assert again == {} and found == []


def test_created_workflow_is_not_treated_as_ci() -> None:
    texts, _ = fix({})
    result = remediate(Snapshot(files=texts), Settings(), [ci.FIXER])
    assert WF not in {f.path for f in result.files}


def test_literal_token_value_is_never_printed() -> None:
    secret = "ghp_" + "Zx9" * 12
    text = GOOD_WF.replace("${{ secrets.RENOVATE_TOKEN }}", secret)
    texts, found = fix({WF: text}, "RN007")
    assert texts == {}
    assert [(f.code, f.line) for f in found] == [("RN007", 12)]
    assert all(secret not in f.message and secret[:8] not in f.message for f in found)


def test_token_in_env_is_found_anywhere() -> None:
    text = GOOD_WF + "env:\n  RENOVATE_TOKEN: plain-value-here\n"
    _, found = fix({WF: text}, "RN007")
    assert len(found) == 1 and "plain-value-here" not in found[0].message
    assert found[0].line == 14


def test_cron_trap_message_gives_the_corrected_cron() -> None:
    text = GOOD_WF.replace("'0 2 1-7 * *'", "'0 2 1-7 * 1'")
    texts, found = fix({WF: text}, "RN005")
    assert texts == {}
    assert "`0 2 1-7 * *`" in found[0].message and found[0].line == 3


def test_scalar_on_without_dispatch_is_reported_not_edited() -> None:
    text = "on: schedule\njobs: {}\n"
    texts, found = fix({WF: text}, "RN006")
    assert texts == {} and found[0].applicability.value == "manual"


def test_adds_post_upgrade_task_keeping_comments_and_trailing_commas() -> None:
    text = '{\n  // keep me\n  "extends": ["config:recommended"], // and me\n}\n'
    texts, _ = fix({"renovate.json": text, "Makefile": "sync-locks:\n\ttrue\n"}, "RN003")
    assert texts["renovate.json"].startswith('{\n  // keep me\n  "extends": ["config:recommended"], // and me\n')
    assert loads(texts["renovate.json"])["postUpgradeTasks"]["commands"] == ["make sync-locks"]


COMMENT = st.sampled_from(["", "  // note\n", "  /* block */\n"])


@settings(max_examples=30, deadline=None)
@given(COMMENT, COMMENT, st.booleans())
def test_config_edits_keep_every_original_line(first: str, second: str, trailing: bool) -> None:
    text = "{\n" + first + '  "extends": ["config:base"]' + ("," if trailing else "") + "\n" + second + "}\n"
    texts, _ = fix({"renovate.json": text, "Makefile": "sync-locks:\n\ttrue\n"})
    after = texts["renovate.json"]
    kept = [line for line in text.splitlines() if "config:base" not in line]
    assert all(line in after.splitlines() for line in kept)
    data = loads(after)
    assert data["extends"] == ["config:recommended"] and "$schema" in data
    again, _ = fix({"renovate.json": after, "Makefile": "sync-locks:\n\ttrue\n", WF: GOOD_WF})
    assert again == {}


def test_a_literal_token_is_reported_once_at_its_line_on_disk_while_another_rule_adds_lines() -> None:
    token = "ghp_" + "abcdefghijklmnopqrstuvwxyz0123456789"
    workflow = (
        "name: Renovate\non:\n  schedule:\n    - cron: '0 2 1-7 * *'\njobs:\n  renovate:\n    runs-on: ubuntu-latest\n"
        f"    steps:\n      - uses: renovatebot/github-action@v43\n        with:\n          token: {token}\n"
    )
    files = {".github/workflows/renovate.yml": workflow, "renovate.json": "{}\n", "pyproject.toml": "[project]\n"}
    result = remediate(Snapshot(files=files), Settings(select=("RN006", "RN007")), RN)
    tokens = [f for f in result.findings if f.code == "RN007"]
    assert [f.line for f in tokens] == [11]
    assert all(token not in f.message for f in result.findings)
