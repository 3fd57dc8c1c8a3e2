"""The bounds every parser of edit/ enforces: a hostile file costs a located error, never a hang or a traceback.

Configuration files are small and shallow; files written to hurt a parser are neither. The limits sit far above
anything real and far below what would exhaust Python's recursion limit (near 1,000 frames: the TOML reader, the
JSON parser, deep copies and the data comparison all recurse once per level) or a run's time budget.
"""

from __future__ import annotations

MAX_DEPTH = 100
"""Nesting levels (arrays, tables, objects, mappings, sequences), in the data a reader builds (YAML aliases
included): no configuration file nests deeper than a dozen."""

MAX_ALIAS_NODES = 10_000
"""YAML: how many nodes alias expansion may add to a document beyond its own (or as many as the document has, when
that is more). Aliases are shared, not copied, while loading, but every reader that walks the data (a rule, a deep
comparison, pre-commit's own loader) walks each expansion again: 600 bytes of nested aliases expand to billions of
nodes ("billion laughs"). PyYAML-based linters, go-yaml and Kubernetes bound expansion the same way."""

MAX_NODES = 50_000
"""YAML: nodes in one text (an alias counted once). ruamel's pure-Python scanner spends 20 to 40 microseconds a
node, so this bounds a parse to a second or two; the largest workflow of the public corpus has under 3,000 nodes."""
