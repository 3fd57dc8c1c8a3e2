"""`infra-fix --pr`: the remediation bot. It keeps one pull request per repository up to date with the fixes.

Stateless like Renovate and Dependabot: the pull request is found by its head branch, and the change set it
carries by a fingerprint in its body, so nothing is stored between runs. Only `main.run_pr` imports the GitHub
client, so a plain `--check` never pays for it.
"""
