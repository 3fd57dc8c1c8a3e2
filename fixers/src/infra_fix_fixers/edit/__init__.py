"""Format-preserving editors: locate with a parser, splice text at the located span in the file's own style."""
