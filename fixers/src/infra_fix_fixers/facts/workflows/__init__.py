"""The repository's GitHub Actions workflows as facts: what each is for (roles.py), what its jobs run and on which
Pythons (survey.py, versions.py), and how the files are written (conventions.py)."""

from .data import WORKFLOW_PATTERNS

READS = WORKFLOW_PATTERNS

__all__ = ["READS"]
