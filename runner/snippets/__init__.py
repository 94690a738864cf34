"""Snippet drivers: run an unmodified function from a doc snippet, one call per vector."""
