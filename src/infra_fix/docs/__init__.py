"""The rules' documentation, generated from the rules themselves: `--explain`, `--list-rules` and docs/rules.md."""
