"""SigV4 streaming uploads: S3's SignatureDoesNotMatch for an ``aws-chunked`` upload quotes the
seed's canonical request and string to sign, like any SigV4 error, so the SigV4 plugin reads it;
the lengths the seed signs add two checks of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sigvec.reference.aws_sigv4_streaming import CHUNK_SIGNATURE, CRLF
from sigvec.reference.encoding import ascii_digits

from .aws_checks import AwsPlugin, parse_canonical_request
from .findings import Finding, consistent
from .plugin import CheckResult

if TYPE_CHECKING:
    from sigvec.reference.result import Signed

    from .explain import Comparison
    from .parsers import ServerMessage

# The final chunk's line: '0;chunk-signature=' + 64 hex digits + CRLF.
FINAL_CHUNK_LENGTH = len("0" + CHUNK_SIGNATURE + "0" * 64 + CRLF)


def _number(value: str | None) -> int | None:
    return int(value) if value is not None and ascii_digits(value) else None


def check_lengths(server: str, yours: str) -> CheckResult:
    """Content-Length in the user's canonical request against the server's: the payload's
    length where the encoded body's belongs, or short by exactly the final chunk."""
    expected, actual = parse_canonical_request(server), parse_canonical_request(yours)
    if expected is None or actual is None:
        return [], []
    server_length = _number(expected.header("content-length"))
    your_length = _number(actual.header("content-length"))
    decoded = _number(expected.header("x-amz-decoded-content-length"))
    if server_length is None or your_length is None or your_length == server_length:
        return [], []
    found: list[Finding] = []
    if your_length == decoded:
        found.append(
            consistent(
                "aws-sigv4-streaming/content-length-decoded",
                f"your content-length is {your_length}, the payload's length "
                f"(x-amz-decoded-content-length); the server's is the encoded body's, "
                f"{server_length}",
            )
        )
    elif server_length - your_length == FINAL_CHUNK_LENGTH:
        found.append(
            consistent(
                "aws-sigv4-streaming/final-chunk-omitted",
                f"your content-length is {FINAL_CHUNK_LENGTH} bytes short of the server's: the "
                "length of the final chunk's line '0;chunk-signature=...\\r\\n'",
            )
        )
    return found, []


class AwsStreamingPlugin(AwsPlugin):
    def corrected_input(
        self, server: ServerMessage, inp: dict[str, Any], reference: Signed | None
    ) -> tuple[dict[str, Any] | None, list[str]]:
        return None, []  # the scheme already signs with S3's rules: no option to suggest

    def text_checks(
        self, yours: dict[str, str], against_server: Sequence[Comparison]
    ) -> list[CheckResult]:
        return super().text_checks(yours, against_server) + [
            check_lengths(c.expected, c.actual)
            for c in against_server
            if c.step == "canonical_request"
        ]


PLUGIN = AwsStreamingPlugin()
