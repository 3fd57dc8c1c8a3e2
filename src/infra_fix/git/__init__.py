"""git, run as a tool: what it knows about a work tree (`info`)."""
