"""infra-fix's rules as pure functions over text, and the SDK that fixer packs (built-in or third-party) use.

Nothing here reads or writes a disk, spawns a process or prints: the driver (`infra_fix`) does that.
"""

from .engine import remediate
from .facts import Facts
from .fixer import Context, Fixer, Outcome
from .model import (
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
    Unchanged,
    fixes,
    noop,
    reports,
)
from .settings import Blueprint, Settings, SettingsError
from .snapshot import Snapshot

__all__ = [
    "Applicability",
    "Blueprint",
    "Changed",
    "Context",
    "Example",
    "Facts",
    "Failed",
    "FileResult",
    "Finding",
    "Fixer",
    "Location",
    "Outcome",
    "ParseError",
    "Result",
    "Rule",
    "Settings",
    "SettingsError",
    "Severity",
    "Snapshot",
    "Unchanged",
    "fixes",
    "noop",
    "remediate",
    "reports",
]
