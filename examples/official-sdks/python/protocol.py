"""The sigvec line protocol for the Python SDK adapters: one loop, a skip, and the AWS helpers.

Each adapter (one file per SDK) maps a vector's input onto its SDK's public API and reports what
the SDK produced; it never computes a signature itself. ``Skip`` says the SDK's API cannot
express the input (a skip, not a failure).
"""

from __future__ import annotations

import json
import re
import sys
import traceback
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote

Handler = Callable[[dict[str, Any]], dict[str, Any]]


class Skip(Exception):
    """The SDK's API cannot express this input; the message says why."""


def serve(name: str, version: str, handlers: dict[str, tuple[list[str], Handler]]) -> None:
    """Answer the runner on stdin/stdout; ``handlers``: scheme -> (steps reported, handler)."""
    stdin = open(sys.stdin.fileno(), encoding="utf-8", closefd=False)  # noqa: SIM115
    stdout = open(sys.stdout.fileno(), "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    for line in stdin:
        message = json.loads(line)
        if message.get("cmd") == "stop":
            break
        if message.get("cmd") == "start":
            schemes = {scheme: steps for scheme, (steps, _) in handlers.items()}
            implementation = {"name": name, "language": "python", "version": version}
            reply = {
                "ready": True,
                "version": 1,
                "implementation": {**implementation, "schemes": schemes},
            }
        else:
            reply = {"seq": message.get("seq"), **_run(handlers, message)}
        stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        stdout.flush()


def _run(handlers: dict[str, tuple[list[str], Handler]], message: dict[str, Any]) -> dict[str, Any]:
    if message.get("scheme") not in handlers:
        return {"skipped": True, "message": f"{message.get('scheme')} is not signed by this SDK"}
    try:
        return handlers[message["scheme"]][1](message["input"])
    except Skip as skip:
        return {"skipped": True, "message": str(skip)}
    except Exception as exc:  # the SDK failed: an error of this vector, never of the run
        return {
            "errored": True,
            "context": {"message": str(exc), "traceback": traceback.format_exc()},
        }


def decoded_query(query: str) -> list[tuple[str, str]]:
    """The (name, value) pairs of a vector's raw query, as a client holds them before sending:
    split on '&' (empty pieces dropped) and the first '=', percent-decoded ('+' stays a plus)."""
    pairs = []
    for piece in query.split("&"):
        if piece:
            name, _, value = piece.partition("=")
            pairs.append((unquote(name), unquote(value)))
    return pairs


_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


_BAD_VALUE = re.compile(r"\n(?![ \t])|\r(?![ \t\n])")  # http.client's own check


def check_headers(headers: list[list[str]]) -> None:
    """What http.client (under botocore's urllib3) refuses to send: a field name that is not an
    RFC 9110 token, a line break that is not a fold, a value beyond Latin-1."""
    for name, value in headers:
        if not _TOKEN.fullmatch(name):
            raise Skip(f"http.client refuses the header name {name!r} (not an HTTP token)")
        if _BAD_VALUE.search(value):
            raise Skip(f"http.client refuses the value of {name} (a line break that is not a fold)")
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            raise Skip(
                f"http.client sends header values as Latin-1; the value of {name} is not"
            ) from None


def url_path(path: str) -> str:
    """The path as a URL holds it: raw characters encoded (RFC 3986), existing escapes kept.
    What an SDK's client does before a signer that takes the path as already encoded."""
    return quote(path, safe="/%~")


AWS_STEPS = [
    "canonical_uri",
    "canonical_query_string",
    "canonical_headers",
    "signed_headers",
    "hashed_payload",
    "canonical_request",
    "credential_scope",
    "hashed_canonical_request",
    "string_to_sign",
]


def aws_intermediates(canonical_request: str, string_to_sign: str) -> dict[str, str]:
    """The SDK's canonical request and string to sign, cut into the vector's steps."""
    lines = canonical_request.split("\n")
    sts = string_to_sign.split("\n")
    return {
        "canonical_uri": lines[1],
        "canonical_query_string": lines[2],
        "canonical_headers": "\n".join(lines[3:-3]) + "\n",
        "signed_headers": lines[-2],
        "hashed_payload": lines[-1],
        "canonical_request": canonical_request,
        "credential_scope": sts[2],
        "hashed_canonical_request": sts[3],
        "string_to_sign": string_to_sign,
    }
