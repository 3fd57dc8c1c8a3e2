"""The "green stays green" corpus check (issue 7): infra-fix's safe patch must not turn a check the project runs red.

Modules: `tree` (sdist archive to a git repository), `ruffrun` (the real ruff, the versions a project pins),
`hooks` (pre-commit hooks infra-fix added, run through pre-commit itself), `workflows` (which workflow was touched,
is it the gating CI, zizmor before and after), `project` (one project: before, apply, after, bisect), `report`.
"""
