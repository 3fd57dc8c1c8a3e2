"""infra-fix: the driver (disk, git, argv, output) around the pure fixers of `infra_fix_fixers`."""
