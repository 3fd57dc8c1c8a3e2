"""Each tool's own rules for finding its configuration, one module per tool, used by every rule that reads that
tool: which file ruff applies to a project (ruff.py), which configuration pyright or basedpyright checks it with
(pyright.py), which file pytest takes for its configuration and its rootdir (pytest.py). What a configuration means
is what the tool makes of it."""
