"""infra-fix: the driver (disk, git, argv, output) around the pure fixers of `infra_fix_fixers`."""

__version__ = "0.1.0"  # the package's version (pyproject.toml reads it here: [tool.hatch.version])
