"""``sigvec verify``, ``sigvec serve`` and ``sigvec probe``: the verifying side on the command
line. Each handler imports its module when it runs."""

from __future__ import annotations

import argparse

from sigvec.schemes import verifiable


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
    from sigvec.reference.verify import Settings

    settings = Settings(region=args.region, service=args.service)
    if args.log is None:
        return serve(args.host, args.port, credentials, now, None, settings)
    try:
        log = open(args.log, "a", encoding="utf-8")  # noqa: SIM115 - open for the server's life
    except OSError as exc:
        raise UsageError(f"--log {args.log}: cannot open ({exc.strerror})") from None
    with log:
        return serve(args.host, args.port, credentials, now, log, settings)


def _probe(args: argparse.Namespace) -> int:
    from .probe_command import cmd_probe

    return cmd_probe(args)


def register(verbs: argparse._SubParsersAction) -> None:
    verifying = verifiable()  # the schemes with a reference verifier
    p = verbs.add_parser(
        "verify",
        help="verify one received request; name the reason and the mistake",
        description="Verify a request as a server would: exit 0 valid, 1 invalid (with the "
        "reason and, for a signature mismatch, the catalogued mistake that reproduces it), "
        "2 bad input.",
    )
    p.add_argument(
        "scheme", choices=verifying, metavar="SCHEME", help="one of: " + ", ".join(verifying)
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
    p.add_argument("--region", metavar="R", help="the server's AWS region: other scopes rejected")
    p.add_argument("--service", metavar="SV", help="the server's service: other scopes rejected")
    p.set_defaults(handler=_serve)

    p = verbs.add_parser(
        "probe",
        help="test a verifying server: valid requests accepted, invalid ones rejected",
        description="Send the verifier vectors' cases, re-signed for now with your key, to a "
        "server: valid ones must be accepted, invalid ones rejected with 401 or 403. False "
        "accepts (security holes) first, then false rejects; exit 0 only when every verdict was "
        "right. Use a test server: the cases include PUT, POST and DELETE requests.",
    )
    p.add_argument(
        "url", metavar="URL", help="the server's base URL, e.g. http://127.0.0.1:9000/bucket"
    )
    p.add_argument(
        "--scheme", required=True, choices=verifying, metavar="S", help=", ".join(verifying)
    )
    p.add_argument("--key-id", required=True, metavar="ID", help="a key id the server knows")
    secret = p.add_mutually_exclusive_group(required=True)
    secret.add_argument("--secret-env", metavar="VAR", help="its secret, from this variable")
    secret.add_argument("--secret-file", metavar="F", help="its secret, the first line of F")
    p.add_argument("--region", metavar="R", help="the server's region (AWS; TC3, Aliyun)")
    p.add_argument("--service", metavar="SV", help="the server's service (AWS, TC3)")
    p.add_argument("--timeout", type=float, default=10.0, metavar="S", help="per request")
    p.add_argument("--report", metavar="FILE", help="write the findings as JSON")
    p.set_defaults(handler=_probe)
