"""The ``sigvec`` command line. Each verb lives beside the code it drives."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from sigvec.errors import EXIT_FAILED, EXIT_USAGE, UsageError

# Modules with a ``register(verbs)`` function, in the order their verbs are listed.
VERB_MODULES = (
    "sigvec.reference.cli",  # sign, vectors
    "sigvec.runner.cli",  # run
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sigvec", description="Conformance suite for HTTP API request signatures."
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    for name in VERB_MODULES:
        importlib.import_module(name).register(verbs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
