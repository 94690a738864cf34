"""``sigvec explain``: the server's rejection and what you sent -> the first difference and the
catalogued mistakes the evidence supports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sigvec.errors import EXIT_FAILED, EXIT_OK, UsageError
from sigvec.schemes import explainable
from sigvec.text import json_text, write_out

from .plugin import STEP_LABELS

TEXT_OPTIONS = {"canonical_request": "--canonical-request", "string_to_sign": "--string-to-sign"}


def register(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser(
        "explain",
        help="explain a signature rejection: first difference, likely mistake",
        description="Paste what the server said and what you sent; get the first difference "
        "and the catalogued mistakes consistent with it. Exit 1 when it found a difference or "
        "a mistake, 0 when everything compared matches, 2 on bad usage or input.",
    )
    p.add_argument(
        "scheme",
        choices=sorted(explainable()),
        metavar="SCHEME",
        help="one of: " + ", ".join(sorted(explainable())),
    )
    p.add_argument(
        "--server-message",
        required=True,
        metavar="FILE",
        help="the server's error response, as received or pasted ('-': stdin)",
    )
    p.add_argument(
        "--input", metavar="FILE", help="your request as a sigvec JSON input: sigvec recomputes it"
    )
    p.add_argument(
        "--canonical-request", metavar="FILE", help="the canonical request your code computed"
    )
    p.add_argument("--string-to-sign", metavar="FILE", help="the string to sign your code computed")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_explain)


def read_text(source: str) -> str:
    """The file's exact text: line breaks are not translated (a stray CR may be the bug)."""
    try:
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        return data.decode("utf-8")
    except OSError as exc:
        raise UsageError(f"{source}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{source}: not UTF-8 text") from None


def read_your_text(source: str, step: str) -> str:
    """Your text as your code computed it. A canonical request or string to sign never ends
    in a line break, so the one an editor adds at the end of the file is dropped; every other
    byte, carriage returns included, is kept: it may be the bug."""
    text = read_text(source)
    for ending in ("\r\n", "\n"):
        text = text.removesuffix(ending)
    if not text:
        raise UsageError(f"{source}: empty; expected your {STEP_LABELS[step]}")
    return text


def cmd_explain(args: argparse.Namespace) -> int:
    from sigvec.jsoninput import dotted, read_json_input
    from sigvec.reference import InputError

    from .explain import explain, plugin_of
    from .parsers import UnparseableMessage, parse_server_message
    from .render import render

    steps = plugin_of(args.scheme).steps
    given = {step: getattr(args, step) for step in TEXT_OPTIONS if getattr(args, step) is not None}
    for step in given:
        if step not in steps:
            raise UsageError(
                f"{TEXT_OPTIONS[step]}: {args.scheme} has no {STEP_LABELS[step]}; pass "
                + " or ".join(TEXT_OPTIONS[s] for s in steps)
            )
    if not given and args.input is None:
        raise UsageError(
            "nothing to compare: pass what you sent with "
            + " or ".join(["--input"] + [TEXT_OPTIONS[s] for s in steps])
        )
    message_name = "<stdin>" if args.server_message == "-" else args.server_message
    try:
        server = parse_server_message(args.scheme, read_text(args.server_message))
    except UnparseableMessage as exc:
        raise UsageError(f"{message_name}: {exc}") from None
    revealed = [step for step in steps if step in server.expected]
    if revealed and args.input is None and not any(step in given for step in revealed):
        raise UsageError(
            f"{message_name}: the server's message has only its "
            + " and ".join(STEP_LABELS[step] for step in revealed)
            + ": pass yours with "
            + " or ".join(TEXT_OPTIONS[step] for step in revealed)
            + ", or --input"
        )
    yours = {step: read_your_text(source, step) for step, source in given.items()}
    inp = None
    input_name = args.input
    if args.input is not None:
        input_name, inp = read_json_input(args.input)
    try:
        explanation = explain(args.scheme, server, yours, inp)
    except InputError as exc:
        raise UsageError(f"{input_name}: {dotted('input', exc.field)}: {exc.message}") from None
    if args.json:
        write_out(json_text(explanation.to_json(), indent=2) + "\n", escape=False)
    else:
        write_out("\n".join(render(explanation)).rstrip("\n") + "\n")
    # 1: a difference or a catalogued mistake found (what a CI step should stop on); 0: what
    # was compared matches and no mistake is named; 2: bad usage or input.
    found = explanation.verdict == "differs" or explanation.findings
    return EXIT_FAILED if found else EXIT_OK
