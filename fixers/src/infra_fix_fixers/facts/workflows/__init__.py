"""The repository's GitHub Actions workflows as facts: what each is for (roles.py), what its jobs run and on which
Pythons (survey.py, versions.py), and how the files are written (conventions.py)."""

from .data import README_PATTERNS, WORKFLOW_PATTERNS

READS = (*WORKFLOW_PATTERNS, *README_PATTERNS)  # a README's pre-commit.ci badge says the app runs the hooks

__all__ = ["READS"]
