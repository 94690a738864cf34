"""``sigvec verify``, ``sigvec serve`` and ``sigvec probe``: the verifying side on the command
line. Each handler imports its module when it runs."""

from __future__ import annotations

import argparse

from sigvec.vectors import SCHEME_IDS


def _verify(args: argparse.Namespace) -> int:
    from .verify_command import cmd_verify

    return cmd_verify(args)


def _serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    from sigvec.errors import UsageError

    from .credentials import load_credentials, parse_now
    from .serve import serve

    credentials = load_credentials(Path(args.credentials))
    now = parse_now(args.now)
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: expected 0 (any free port) to 65535")
    if args.log is None:
        return serve(args.host, args.port, credentials, now, None)
    try:
        log = open(args.log, "a", encoding="utf-8")  # noqa: SIM115 - open for the server's life
    except OSError as exc:
        raise UsageError(f"--log {args.log}: cannot open ({exc.strerror})") from None
    with log:
        return serve(args.host, args.port, credentials, now, log)


def register(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser(
        "verify",
        help="verify one received request; name the reason and the mistake",
        description="Verify a request as a server would: exit 0 valid, 1 invalid (with the "
        "reason and, for a signature mismatch, the catalogued mistake that reproduces it), "
        "2 bad input.",
    )
    p.add_argument(
        "scheme", choices=SCHEME_IDS, metavar="SCHEME", help="one of: " + ", ".join(SCHEME_IDS)
    )
    p.add_argument(
        "--request",
        required=True,
        metavar="FILE",
        help="the request as raw HTTP/1.1 text (as curl -v or a proxy shows it; '-': stdin)",
    )
    p.add_argument(
        "--credentials",
        required=True,
        metavar="FILE",
        help='JSON or YAML: {"aws-sigv4": {KEY_ID: SECRET}, "iflytek": {APP_ID: SECRET}, ...}',
    )
    p.add_argument(
        "--now",
        metavar="TIME",
        help="the server clock (ISO 8601 UTC or POSIX seconds; default: now)",
    )
    p.add_argument("--json", action="store_true", help="print the verdict as JSON")
    p.add_argument("--show-secrets", action="store_true", help="do not mask session tokens")
    p.set_defaults(handler=_verify)

    p = verbs.add_parser(
        "serve",
        help="a local endpoint that verifies every request it receives",
        description="Verify every request received, any scheme: 200 when valid, 403 in the "
        "vendor's error shape with X-Sigvec-Reason (and X-Sigvec-Mistake) when not.",
    )
    p.add_argument("--port", type=int, required=True, metavar="PORT", help="0: any free port")
    p.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="HOST",
        help="address to listen on (default: loopback)",
    )
    p.add_argument(
        "--credentials",
        required=True,
        metavar="FILE",
        help='JSON or YAML: {"aws-sigv4": {KEY_ID: SECRET}, "iflytek": {APP_ID: SECRET}, ...}',
    )
    p.add_argument("--now", metavar="TIME", help="a fixed server clock (default: the real one)")
    p.add_argument(
        "--log", metavar="FILE", help="append one JSON line per request (secrets masked)"
    )
    p.set_defaults(handler=_serve)
