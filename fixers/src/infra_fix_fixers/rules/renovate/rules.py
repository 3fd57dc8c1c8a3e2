"""The RN rules' documentation and examples (data: --explain and docs/rules.md come from it)."""

from __future__ import annotations

from ...model import Applicability, Rule, Severity, fixes, noop, reports

# -- the example files: a few base texts, each example derived as "base + the one difference" -------------------------

_SCHEMA = '"$schema": "https://docs.renovatebot.com/renovate-schema.json"'
_SCHEMA_ONLY = "{\n  " + _SCHEMA + "\n}\n"
_RECOMMENDED = "{\n  " + _SCHEMA + ',\n  "extends": ["config:recommended"]\n}\n'  # nothing to fix
_SYNC_LOCKS_MAKEFILE = {"Makefile": "sync-locks:\n\tuv lock\n"}
_WORKFLOW = ".github/workflows/renovate.yml"
_RENOVATE = (  # a Renovate workflow with the weekday trap, and its token from the secret
    "on:\n"
    "  schedule:\n"
    "    - cron: '0 2 1-7 * 1'  # first Monday?\n"
    "  workflow_dispatch:\n"
    "jobs:\n"
    "  renovate:\n"
    "    runs-on: ubuntu-latest\n"
    "    steps:\n"
    "      - uses: renovatebot/github-action@v43\n"
    "        with:\n"
    "          token: ${{ secrets.RENOVATE_TOKEN }}\n"
)
_DAYS_1_7 = _RENOVATE.replace("1-7 * 1", "1-7 * *")

CONFIG_ABSENT = Rule(
    code="RN001",
    name="renovate-config-absent",
    summary="The repository has no Renovate config.",
    rationale="Projects without Renovate rely on manual dependency updates, which tend to drift.",
    applicability=Applicability.SAFE,
    tiers=(Applicability.UNSAFE, Applicability.MANUAL),
    fix='Create renovate.json with `$schema` and `extends: ["config:recommended"]` (and `make sync-locks` as a '
    "post-upgrade task where the Makefile has that target). Where something already runs Renovate (its workflow) it "
    "is a safe repair. Elsewhere it adopts Renovate: made only together with the workflow that runs it (RN004), so "
    "with --unsafe-fixes, and manual where that workflow cannot be made. Not where another process already updates "
    "the dependencies (Dependabot, pyup, a task or workflow running `uv lock --upgrade`, `pre-commit autoupdate`, "
    "`gha-update`).",
    examples=(
        fixes("creates-renovate-json-for-its-workflow", None, _RECOMMENDED, files={_WORKFLOW: _RENOVATE}),
        reports("adopting-renovate-needs-its-workflow", None),
        reports("made-with-its-workflow-by-unsafe-fixes", None, together=("RN004",)),
        fixes("adopts-renovate-with-its-workflow", None, _RECOMMENDED, together=("RN004",), unsafe_fixes=True),
        noop("not-beside-dependabot", None, files={".github/dependabot.yml": "version: 2\n"}),
        noop(
            "not-beside-a-lock-upgrading-tox-env",
            None,
            files={"tox.ini": "[testenv:upgrade]\ncommands = uv lock --upgrade\n"},
        ),  # fmt: skip
        noop(
            "json5-config-counts",
            ("{\n  extends: ['config:recommended'],\n}\n"),
            path=".github/renovate.json5",
        ),
    ),
)
DEFAULTS = Rule(
    code="RN002",
    name="renovate-defaults",
    summary="The Renovate config lacks `$schema` or `extends` (config:recommended).",
    rationale="Sensible defaults: the schema lets editors validate the file; config:recommended is Renovate's "
    "maintained baseline.",
    applicability=Applicability.UNSAFE,
    tiers=(Applicability.SAFE,),
    fix='Add `$schema` and rename the deprecated `config:base` (safe); add `extends: ["config:recommended"]` '
    "where there is none (unsafe: it changes what the bot proposes).",
    examples=(
        fixes(
            "adds-schema-keeps-comments",
            '{\n  // monthly is enough\n  "extends": ["config:recommended"]\n}\n',
            '{\n  // monthly is enough\n  "extends": ["config:recommended"],\n  ' + _SCHEMA + "\n}\n",
        ),
        fixes(
            "renames-config-base",
            _RECOMMENDED.replace('"config:recommended"', '"config:base", ":semanticCommits"'),
            _RECOMMENDED.replace('"config:recommended"', '"config:recommended", ":semanticCommits"'),
        ),
        reports("missing-extends-needs-unsafe", _SCHEMA_ONLY),
        fixes("missing-extends-with-unsafe-fixes", _SCHEMA_ONLY, _RECOMMENDED, unsafe_fixes=True),
        noop("recommended-defaults", _RECOMMENDED),
    ),
)
SYNC_LOCKS = Rule(
    code="RN003",
    name="renovate-sync-locks",
    summary="The Makefile has a sync-locks target but Renovate does not run it after upgrades.",
    rationale="Post-upgrade `make sync-locks` regenerates the per-project lock files after dependency bumps.",
    applicability=Applicability.SAFE,
    fix="Add `make sync-locks` to `postUpgradeTasks.commands` (fileFilters `**/uv.lock`, once per branch).",
    examples=(
        fixes(
            "adds-post-upgrade-task",
            _RECOMMENDED,
            _RECOMMENDED.replace(
                "]\n}",
                "],\n"
                '  "postUpgradeTasks": {\n'
                '    "commands": ["make sync-locks"],\n'
                '    "fileFilters": ["**/uv.lock"],\n'
                '    "executionMode": "branch"\n'
                "  }\n"
                "}",
            ),
            files=_SYNC_LOCKS_MAKEFILE,
        ),
        fixes(
            "extends-existing-commands",
            ('{\n  "postUpgradeTasks": {\n    "commands": ["uv lock"]\n  }\n}\n'),
            ('{\n  "postUpgradeTasks": {\n    "commands": ["uv lock", "make sync-locks"]\n  }\n}\n'),
            files=_SYNC_LOCKS_MAKEFILE,
        ),
        noop("no-sync-locks-target", _RECOMMENDED),
    ),
)
WORKFLOW_ABSENT = Rule(
    code="RN004",
    name="renovate-workflow-absent",
    summary="There is no .github/workflows/renovate.yml.",
    rationale="A scheduled workflow runs Renovate: monthly, on the first Monday at 02:00 UTC, and on demand.",
    applicability=Applicability.UNSAFE,
    tiers=(Applicability.MANUAL,),
    fix="Create it ({renovate_action}): cron `0 2 1-7 * *` with a Monday gate job, workflow_dispatch, no "
    "GITHUB_TOKEN permissions, and the token from secrets.RENOVATE_TOKEN. Unsafe: it fails every month until that "
    "secret exists, and its action is pinned by tag (pin it by SHA where zizmor runs). It adopts Renovate with its "
    "config (RN001): never one without the other. Not where another process already updates the dependencies, nor "
    "where the Renovate app evidently runs (a configuration tuned beyond the defaults, a `renovate/` branch); beside "
    "a configuration with the defaults only (what the app's onboarding and infra-fix write alike) it is manual.",
    examples=(
        noop(
            "existing-workflow-is-kept",
            "on:\n  workflow_dispatch:\njobs:\n  renovate:\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - run: echo\n",
            path=_WORKFLOW,
        ),
        fixes(
            "creates-renovate-workflow",
            None,
            (
                "name: Renovate\n"
                "\n"
                "on:\n"
                "  schedule:\n"
                "    # The first Monday of each month at 02:00 UTC. Cron ORs day-of-month and"
                " day-of-week, so `0 2 1-7 * 1` would\n"
                "    # also run on every Monday: run on days 1-7 and let the gate job keep only"
                " the Monday.\n"
                '    - cron: "0 2 1-7 * *"\n'
                "  workflow_dispatch:\n"
                "\n"
                "permissions: {}  # Renovate works with its own token\n"
                "\n"
                "jobs:\n"
                "  gate:\n"
                "    runs-on: ubuntu-latest\n"
                "    outputs:\n"
                "      run: ${{ steps.day.outputs.run }}\n"
                "    steps:\n"
                "      - id: day\n"
                "        run: |\n"
                '          if [ "$GITHUB_EVENT_NAME" = workflow_dispatch ] || [ "$(date -u +%u)"'
                " = 1 ]; then\n"
                '            echo "run=true" >> "$GITHUB_OUTPUT"\n'
                "          else\n"
                '            echo "run=false" >> "$GITHUB_OUTPUT"\n'
                "          fi\n"
                "\n"
                "  renovate:\n"
                "    needs: gate\n"
                "    if: needs.gate.outputs.run == 'true'\n"
                "    runs-on: ubuntu-latest\n"
                "    steps:\n"
                "      - uses: renovatebot/github-action@v43\n"
                "        with:\n"
                "          token: ${{ secrets.RENOVATE_TOKEN }}\n"
                "        env:\n"
                "          RENOVATE_REPOSITORIES: ${{ github.repository }}\n"
                "          RENOVATE_ALLOWED_POST_UPGRADE_COMMANDS: '[\"^make sync-locks$\"]'\n"
            ),
            path=_WORKFLOW,
            files=_SYNC_LOCKS_MAKEFILE,
            unsafe_fixes=True,
            together=("RN001",),
        ),
        reports("needs-its-secret-first", None, path=_WORKFLOW, together=("RN001",)),
        reports(
            "beside-a-defaults-only-config-the-app-may-run", None, path=_WORKFLOW, files={"renovate.json": _RECOMMENDED}
        ),
        noop(
            "not-beside-a-tuned-config",
            None,
            path=_WORKFLOW,
            files={"renovate.json": _RECOMMENDED.replace("]\n", '],\n  "schedule": ["on monday"]\n')},
        ),  # fmt: skip
        noop(
            "not-beside-a-workflow-running-renovate",
            None,
            path=_WORKFLOW,
            files={".github/workflows/deps.yml": _RENOVATE},
        ),  # fmt: skip
    ),
)
SCHEDULE = Rule(
    code="RN005",
    name="renovate-schedule",
    summary="The Renovate schedule is not the first Monday of the month (e.g. the `0 2 1-7 * 1` cron trap).",
    rationale="Cron ORs day-of-month and day-of-week: `1-7 * 1` runs on days 1-7 and every Monday; days 1-7 need a "
    "weekday check in a step.",
    applicability=Applicability.MANUAL,
    severity=Severity.ERROR,
    fix='Manual: use `0 2 1-7 * *` and gate the job on `[ "$(date -u +%u)" = 1 ]` (the gate must be wired into '
    "the workflow's own jobs, so it is not edited automatically).",
    examples=(
        reports("cron-ors-day-and-weekday", _RENOVATE, path=_WORKFLOW),
        reports("days-1-7-without-gate", _DAYS_1_7, path=_WORKFLOW),
        noop(
            "days-1-7-with-monday-gate",
            _DAYS_1_7 + "      - run: '[ \"$(date -u +%u)\" = 1 ] || exit 0'\n",
            path=_WORKFLOW,
        ),
    ),
)
DISPATCH = Rule(
    code="RN006",
    name="renovate-workflow-dispatch",
    summary="The Renovate workflow has no `workflow_dispatch` trigger.",
    rationale="A manual trigger allows on-demand runs.",
    applicability=Applicability.SAFE,
    fix="Add `workflow_dispatch:` to `on:`.",
    examples=(
        fixes("adds-workflow-dispatch", _RENOVATE.replace("  workflow_dispatch:\n", ""), _RENOVATE, path=_WORKFLOW),
        noop("has-workflow-dispatch", _RENOVATE, path=_WORKFLOW),
    ),
)
TOKEN = Rule(
    code="RN007",
    name="renovate-token",
    summary="The Renovate token does not come from secrets.RENOVATE_TOKEN (a literal token is an error).",
    rationale="Token-based auth uses secrets.RENOVATE_TOKEN: never hardcode a token.",
    applicability=Applicability.MANUAL,
    severity=Severity.ERROR,
    fix="Manual: revoke a written token and use `${{ secrets.RENOVATE_TOKEN }}`; the value is never printed.",
    examples=(
        reports(
            "literal-token",
            _RENOVATE.replace("${{ secrets.RENOVATE_TOKEN }}", "not-a-real-token-value"),
            path=_WORKFLOW,
        ),
        reports("other-secret-name", _RENOVATE.replace("RENOVATE_TOKEN }}", "BOT_PAT }}"), path=_WORKFLOW),
        noop("token-from-secret", _RENOVATE, path=_WORKFLOW),
    ),
)

RULES = (CONFIG_ABSENT, DEFAULTS, SYNC_LOCKS, WORKFLOW_ABSENT, SCHEDULE, DISPATCH, TOKEN)
