"""GNU make as the oracle for the tests' own Makefiles (never a repository's: `make -n` still runs `$(shell ...)`).

`make -pnrR` prints make's database without built-in rules and variables: each target with its prerequisites,
whether it is phony, and its recipe. The tests compare what infra-fix reads and writes with what make reads.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

MAKE = shutil.which("make")
needs_make = pytest.mark.skipif(MAKE is None, reason="GNU make is not installed")


@dataclass(frozen=True)
class Target:
    prerequisites: tuple[str, ...]
    phony: bool
    recipe: tuple[str, ...]


def database(makefile: Path) -> dict[str, Target]:
    """The targets make reads from `makefile` (run in its folder, dry, no built-in rules). The goal is a probe of
    our own, so no recipe of the file's is expanded: a recipe's `$(` is an error only when it runs, not when read."""
    ran = subprocess.run(  # noqa: S603 - a fixed argument list, on the test's own file
        [MAKE or "make", "-pnrR", "-f", makefile.name, "--eval", ".infra-fix-probe: ;", ".infra-fix-probe"],
        cwd=makefile.parent,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    errors = ran.stderr.replace("*** No targets.  Stop.", "")  # a file whose every rule is in an inactive branch
    assert "*** " not in errors, ran.stderr  # a parse error: `missing separator`, `recipe commences before...`
    files = ran.stdout.split("\n# Files\n", 1)[1].split("\n# files hash-table stats:", 1)[0]
    found: dict[str, Target] = {}
    for block in files.split("\n\n"):
        lines = block.strip("\n").split("\n")
        if not lines or lines[0].startswith("# Not a target:"):
            continue
        head = []  # before make's `#  ...` notes: `# makefile (from ...)`, `t: VAR := x` lines, then the header
        for line in lines:
            if line.startswith("#  "):
                break
            head.append(line)
        plain = [line for line in head if not line.startswith("#") and ":" in line]
        if not plain:
            continue
        header = plain[-1]
        name, _, rest = header.partition(":")
        recipe = tuple(line[1:] for line in lines if line.startswith("\t"))
        if name.startswith("."):
            continue  # .PHONY, .SUFFIXES...: special targets
        found[name] = Target(tuple(rest.lstrip(":").split()), any("Phony target" in line for line in lines), recipe)
    return found


def run_make(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - a fixed argument list, on the test's own file
        [MAKE or "make", "--no-print-directory", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
