"""The console script: `infra-fix --version` is answered before anything else is imported (click alone costs more
than the interpreter's start-up); everything else goes to the command line (cli.py)."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from .plugins import versions

        sys.stdout.write("\n".join(versions()) + "\n")  # what cli.py's --version prints, without click
        return
    from .cli import main as command

    command()
