"""The ``sigvec`` command line. Each verb lives beside the code it drives."""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
from collections.abc import Sequence

from sigvec.errors import EXIT_FAILED, EXIT_USAGE, UsageError
from sigvec.text import silence_stdout, write_err

# Modules with a ``register(verbs)`` function, in the order their verbs are listed.
VERB_MODULES = (
    "sigvec.reference.cli",  # sign
    "sigvec.vectors.cli",  # vectors
    "sigvec.runner.cli",  # run
    "sigvec.runner.formats.cli",  # report, diff
    "sigvec.runner.explain.cli",  # explain
    "sigvec.runner.docs",  # docs check
    "sigvec.runner.verifier_cli",  # verify, serve, probe
    "sigvec.scaffold",  # scaffold
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sigvec", description="Conformance suite for HTTP API request signatures."
    )
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    for name in VERB_MODULES:
        importlib.import_module(name).register(verbs)
    return parser


# Like Ctrl-C: stop every child, keep the previous report. SIGHUP: the terminal went away.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = {}
    if in_main_thread:
        previous = {number: signal.signal(number, _interrupt) for number in STOP_SIGNALS}
    try:
        code = args.handler(args)
        sys.stdout.flush()
        return code
    except UsageError as exc:
        write_err(f"sigvec: error: {exc}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        write_err("sigvec: interrupted")
        return 130
    except BrokenPipeError:
        silence_stdout()
        return EXIT_FAILED
    except OSError as exc:
        if exc.filename is not None:
            write_err(f"sigvec: error: {exc.filename}: {exc.strerror}")
            return EXIT_USAGE
        silence_stdout()  # a full disk or a closed terminal behind standard output
        write_err(f"sigvec: error: cannot write to standard output ({exc.strerror})")
        return EXIT_USAGE
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
