"""Exit codes and the one error type the CLI turns into a single line on stderr."""

EXIT_OK = 0
EXIT_FAILED = 1  # a conformance failure: some vector did not match
EXIT_USAGE = 2  # bad usage or bad input: nothing was judged


class UsageError(Exception):
    """Bad usage or input. The message names the file, the field and what was expected."""
