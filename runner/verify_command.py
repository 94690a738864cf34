"""``sigvec verify``: one received request (raw HTTP/1.1 text) -> valid, or the reason it is not
and the catalogued mistake that reproduces its signature."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sigvec.errors import EXIT_FAILED, EXIT_OK, UsageError
from sigvec.reference.verify import (
    Request,
    RequestError,
    Verdict,
    parse_raw,
    reproducing_mistakes,
    verify,
)
from sigvec.reference.verify.request import query_pairs
from sigvec.text import json_text, write_out

from .compare import visible
from .credentials import load_credentials, parse_now
from .secrets import mask

# Values a request carries that are secrets of their own (temporary-credential tokens).
TOKEN_HEADERS = ("x-amz-security-token", "x-tc-token", "x-acs-security-token")
TOKEN_PARAMETERS = ("X-Amz-Security-Token", "SecurityToken")


def request_secrets(request: Request) -> dict[str, str]:
    """The session tokens a request carries, named for masking."""
    found = {name: request.header(name) for name in TOKEN_HEADERS}
    for name, value in query_pairs(request.query):
        if name in TOKEN_PARAMETERS:
            found[name] = value
    return {name: value for name, value in found.items() if value}


def mistake_entries(verdict: Verdict) -> list[dict[str, str]]:
    if verdict.reason != "signature-mismatch":
        return []
    return [
        {"id": m.id, "description": m.description, "fix": m.fix}
        for m in reproducing_mistakes(verdict)
    ]


def verdict_document(verdict: Verdict, request: Request, show_secrets: bool) -> dict[str, Any]:
    """The verdict as JSON: reason, key, server-side intermediates, reproducing mistakes;
    session tokens masked unless asked for."""
    document = verdict.to_json() | {"mistakes": mistake_entries(verdict)}
    return document if show_secrets else mask(document, request_secrets(request))


def text_lines(document: dict[str, Any]) -> list[str]:
    """Human-readable lines, every value from the request escaped (one line each)."""
    if document["valid"]:
        head = f"{document['scheme']}: valid (key {visible(document.get('key'))})"
    else:
        head = (
            f"{document['scheme']}: invalid: {document['reason']}: {visible(document['message'])}"
        )
    lines = [head]
    for mistake in document["mistakes"]:
        lines.append(
            f"reproduced by the catalogued mistake {mistake['id']}: {mistake['description']}"
        )
        lines.append(f"  fix: {mistake['fix']}")
    for name, value in document["intermediates"].items():
        label = name.replace("_", " ")
        if "\n" in value:
            lines.append(f"server's {label}:")
            lines += [f"  {visible(line)}" for line in value.split("\n")]
        else:
            lines.append(f"server's {label}: {visible(value)}")
    return lines


def read_request(path: str) -> Request:
    name = path
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"{name}: cannot read ({exc.strerror})") from None
    if data.lstrip()[:1] == b"{":  # the JSON request form of the verifier vectors
        try:
            return Request.from_json(json.loads(data.decode("utf-8")))
        except (ValueError, RequestError) as exc:
            raise UsageError(f"{name}: {exc}") from None
    try:
        return parse_raw(data)
    except RequestError as exc:
        raise UsageError(f"{name}: not an HTTP/1.1 request ({exc})") from None


def cmd_verify(args: argparse.Namespace) -> int:
    credentials = load_credentials(Path(args.credentials))
    now = parse_now(args.now)
    request = read_request(args.request)
    verdict = verify(args.scheme, request, credentials[args.scheme], now)
    document = verdict_document(verdict, request, args.show_secrets)
    if args.json:
        write_out(json_text(document, indent=2) + "\n", escape=False)
    else:
        write_out("\n".join(text_lines(document)) + "\n")
    return EXIT_OK if verdict.valid else EXIT_FAILED
