"""``sigvec sign``: the reference on the command line, every intermediate value shown."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from sigvec.errors import EXIT_OK, UsageError
from sigvec.jsoninput import dotted, read_json_input
from sigvec.text import json_text, write_out
from sigvec.vectors import SCHEME_IDS


def parse_assignment(option: str, text: str) -> tuple[str, str]:
    field, sep, source = text.partition("=")
    if not sep or not field or not source:
        raise UsageError(f"{option} {text!r}: expected FIELD=SOURCE, e.g. app_secret=MY_VAR")
    return field, source


def fill_secrets(document: Any, args: argparse.Namespace) -> None:
    """Secrets from the environment or a file, so they need not be on the command line or in
    the input file."""
    assignments = [("--secret-env", t) for t in args.secret_env]
    assignments += [("--secret-file", t) for t in args.secret_file]
    if assignments and not isinstance(document, dict):
        return  # schema validation reports the real problem
    for option, text in assignments:
        field, source = parse_assignment(option, text)
        if option == "--secret-env":
            value = os.environb.get(os.fsencode(source)) if "\0" not in source else None
            if value is None:
                raise UsageError(f"{option} {text!r}: environment variable {source} is not set")
        else:
            try:
                value = Path(source).expanduser().read_bytes()
            except OSError as exc:
                raise UsageError(
                    f"{option} {text!r}: cannot read {source} ({exc.strerror})"
                ) from None
            value = value.split(b"\n", 1)[0].removesuffix(b"\r")  # the first line
        try:
            document[field] = value.decode("utf-8")
        except UnicodeDecodeError:
            raise UsageError(f"{option} {text!r}: {source} is not UTF-8 text") from None


def cmd_sign(args: argparse.Namespace) -> int:
    from sigvec.reference import InputError, sign

    name, document = read_json_input(args.input)
    fill_secrets(document, args)
    try:
        signed = sign(args.scheme, document)
    except InputError as exc:
        raise UsageError(f"{name}: {dotted('input', exc.field)}: {exc.message}") from None
    if args.step:  # raw, as asked: real line breaks (lone surrogates still made safe)
        write_out(step_text(args.scheme, signed.to_json(), args.step) + "\n", escape=False)
        return EXIT_OK
    write_out(json_text(signed.to_json(), indent=2) + "\n", escape=False)
    return EXIT_OK


def step_text(scheme: str, document: dict[str, Any], step: str) -> str:
    """One intermediate or output as it is (a canonical request with real line breaks);
    ``step`` is ``name``, ``intermediates.name`` or ``output.name``."""
    part, _, name = step.rpartition(".")
    parts = [part] if part else ["intermediates", "output"]
    for where in parts:
        if name in document.get(where, {}):
            value = document[where][name]
            return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    known = [f"{where}.{n}" for where in ("intermediates", "output") for n in document[where]]
    raise UsageError(f"--step {step!r}: {scheme} has no such step (steps: {', '.join(known)})")


def register(verbs: argparse._SubParsersAction) -> None:
    p_sign = verbs.add_parser("sign", help="sign one input; print every intermediate as JSON")
    p_sign.add_argument(
        "scheme",
        choices=sorted(SCHEME_IDS),
        metavar="SCHEME",
        help="one of: " + ", ".join(sorted(SCHEME_IDS)),
    )
    p_sign.add_argument("--input", metavar="FILE", help="JSON input file (default: stdin)")
    p_sign.add_argument(
        "--secret-env",
        action="append",
        default=[],
        metavar="FIELD=VAR",
        help="take input FIELD from environment variable VAR (repeatable)",
    )
    p_sign.add_argument(
        "--secret-file",
        action="append",
        default=[],
        metavar="FIELD=FILE",
        help="take input FIELD from the first line of FILE (repeatable)",
    )
    p_sign.add_argument(
        "--step",
        metavar="NAME",
        help="print only this intermediate or output, raw (e.g. canonical_request)",
    )
    p_sign.set_defaults(handler=cmd_sign)
