"""infra-fix's rules as pure functions over text, and the SDK that fixer packs (built-in or third-party) use.

Nothing here reads or writes a disk, spawns a process or prints: the driver (`infra_fix`) does that.

The SDK's names are imported on first use (PEP 562 `__getattr__`): `import infra_fix_fixers.model`, and the
driver's `--version` and `--help`, do not pay for the engine, the facts and every editor.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

_MODULES = {  # where each name of the SDK lives
    "adoptions": "Policy",
    "engine": "remediate",
    "facts": "Project Repository discover",
    "fixer": "Check Context Document FileRun Fixer Outcome Scope check document_fixer",
    "model": "Adoption Applicability Changed Example Failed FileResult Finding Location ParseError Result Rule "
    "Severity SkipFile Skipped Unchanged fixes noop reports",
    "pack": "Pack",
    "settings": "Blueprint PackSettings Settings SettingsError",
    "snapshot": "Snapshot",
}
_WHERE = {name: module for module, names in _MODULES.items() for name in names.split()}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    __import__(f"{__name__}.{module}")  # the import statement's machinery, which `python -X importtime` reports
    value = getattr(sys.modules[f"{__name__}.{module}"], name)
    globals()[name] = value
    return value


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
