"""The ``sigvec`` command line. Each verb lives beside the code it drives."""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
from collections.abc import Sequence

from sigvec.errors import EXIT_FAILED, EXIT_USAGE, UsageError

# Modules with a ``register(verbs)`` function, in the order their verbs are listed.
VERB_MODULES = (
    "sigvec.reference.cli",  # sign, vectors
    "sigvec.runner.cli",  # run
    "sigvec.runner.formats.cli",  # report, diff
    "sigvec.runner.explain.cli",  # explain
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sigvec", description="Conformance suite for HTTP API request signatures."
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    for name in VERB_MODULES:
        importlib.import_module(name).register(verbs)
    return parser


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread:  # SIGTERM like Ctrl-C: stop children, keep the previous report
        previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        return args.handler(args)
    except UsageError as exc:
        print(f"sigvec: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("sigvec: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_FAILED
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
