"""``sigvec run``: argument parsing; the work is done in :mod:`sigvec.runner.session`."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_run_parser(verbs: argparse._SubParsersAction, handler: Callable) -> None:
    p_run = verbs.add_parser("run", help="run implementations against the vectors")
    p_run.set_defaults(handler=handler)


def run_command(args: argparse.Namespace) -> int:
    raise NotImplementedError
