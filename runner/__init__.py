"""The sigvec runner: build implementations, drive them over the line protocol, compare steps."""
