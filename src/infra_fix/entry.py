"""The console script: `infra-fix --version` is answered before anything else is imported (click alone costs more
than the interpreter's start-up); everything else goes to the command line (cli.py)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from . import __version__

        sys.stdout.write(f"{os.path.basename(sys.argv[0])}, version {__version__}\n")  # click's version_option words
        return
    from .cli import main as command

    command()
