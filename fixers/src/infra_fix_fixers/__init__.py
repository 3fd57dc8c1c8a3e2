"""infra-fix's rules as pure functions over text, and the SDK that fixer packs (built-in or third-party) use.

Nothing here reads or writes a disk, spawns a process or prints: the driver (`infra_fix`) does that.
"""

from .adoptions import Policy
from .engine import remediate
from .facts import Project, Repository, discover
from .fixer import Check, Context, Document, FileRun, Fixer, Outcome, Scope, check, document_fixer
from .model import (
    Adoption,
    Applicability,
    Changed,
    Example,
    Failed,
    FileResult,
    Finding,
    Location,
    ParseError,
    Result,
    Rule,
    Severity,
    SkipFile,
    Skipped,
    Unchanged,
    fixes,
    noop,
    reports,
)
from .pack import Pack
from .settings import Blueprint, PackSettings, Settings, SettingsError
from .snapshot import Snapshot

__all__ = [
    "Adoption",
    "Applicability",
    "Blueprint",
    "Changed",
    "Check",
    "Context",
    "Document",
    "Example",
    "Failed",
    "FileResult",
    "FileRun",
    "Finding",
    "Fixer",
    "Location",
    "Outcome",
    "Pack",
    "PackSettings",
    "ParseError",
    "Policy",
    "Project",
    "Repository",
    "Result",
    "Rule",
    "Scope",
    "Settings",
    "SettingsError",
    "Severity",
    "SkipFile",
    "Skipped",
    "Snapshot",
    "Unchanged",
    "check",
    "discover",
    "document_fixer",
    "fixes",
    "noop",
    "remediate",
    "reports",
]
