"""AWS SigV4: which catalogued mistakes the user's text shows, compared with the server's.

Each check looks at one part of the canonical request (or string to sign) and claims a mistake
only when the two texts differ there exactly as that mistake makes them differ.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Any

from sigvec.reference import aws_sigv4, sign
from sigvec.reference.encoding import ascii_lower
from sigvec.reference.mistakes import CHINA_STANDARD_TIME

from .findings import Finding, consistent
from .parsers import ServerMessage, parse_aws
from .plugin import CheckResult, ExplainPlugin, canonical_then_string_to_sign

if TYPE_CHECKING:
    from sigvec.reference.result import Signed

    from .explain import Comparison

EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
# The catalogue's local-time mistake assumes this zone; its offset is the mark it leaves.
_LOCAL_OFFSET = CHINA_STANDARD_TIME.utcoffset(None)
_LOCAL_HOURS = int(_LOCAL_OFFSET.total_seconds() // 3600)


@dataclass(frozen=True)
class CanonicalRequest:
    method: str
    uri: str
    query: str
    headers: tuple[tuple[str, str], ...]
    blank_line: bool  # the empty line between the header block and the signed headers
    signed_headers: str
    payload_hash: str

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key == name), None)


def parse_canonical_request(text: str) -> CanonicalRequest | None:
    lines = text.split("\n")
    if len(lines) < 6:
        return None
    middle = lines[3:-2]
    blank_line = bool(middle) and middle[-1] == ""
    if blank_line:
        middle = middle[:-1]
    if not all(":" in line for line in middle):
        return None
    headers = tuple((name, value) for name, _, value in (line.partition(":") for line in middle))
    return CanonicalRequest(lines[0], lines[1], lines[2], headers, blank_line, lines[-2], lines[-1])


def _timestamp(text: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text or "", aws_sigv4.TIMESTAMP_FORMAT)
    except ValueError:
        return None


def _is_local_time(server: str | None, yours: str | None) -> bool:
    server_time, your_time = _timestamp(server), _timestamp(yours)
    if server_time is None or your_time is None:
        return False
    return your_time - server_time == _LOCAL_OFFSET


def check_canonical_request(server: str, yours: str) -> tuple[list[Finding], list[str]]:
    expected, actual = parse_canonical_request(server), parse_canonical_request(yours)
    if expected is None or actual is None or server == yours:
        return [], []
    found: list[Finding] = []
    notes: list[str] = []
    if actual.uri == "/" and expected.uri != "/":
        found.append(
            consistent(
                "aws-sigv4/canonical-uri-root",
                f"line 2: your canonical URI is '/', the server's is {expected.uri!r}",
            )
        )
    elif actual.uri != expected.uri and (
        actual.uri.replace("%", "%25") == expected.uri
        or expected.uri.replace("%", "%25") == actual.uri
    ):
        more = "once more" if len(expected.uri) > len(actual.uri) else "once less"
        found.append(
            consistent(
                "aws-sigv4/s3-double-encoding",
                f"line 2: the server's canonical URI {expected.uri!r} is yours {actual.uri!r} "
                f"with '%' encoded {more}",
            )
        )
    your_pieces, server_pieces = actual.query.split("&"), expected.query.split("&")
    if your_pieces != server_pieces and sorted(your_pieces) == sorted(server_pieces):
        found.append(
            consistent(
                "aws-sigv4/unsorted-query",
                "line 3: the same query parameters as the server's, in another order "
                "(the server sorts them)",
            )
        )
    if actual.headers != expected.headers:
        folded = aws_sigv4.canonical_header_value
        trimmed = tuple((name, folded(value)) for name, value in actual.headers)
        if trimmed == expected.headers:
            found.append(
                consistent(
                    "aws-sigv4/headers-not-trimmed",
                    "your header values differ from the server's only in white space "
                    "(the server trims them and collapses inner runs)",
                )
            )
        lowered = tuple(sorted((ascii_lower(name), value) for name, value in actual.headers))
        has_upper = any(name != ascii_lower(name) for name, _ in actual.headers)
        if has_upper and lowered == expected.headers:
            found.append(
                consistent(
                    "aws-sigv4/header-names-not-lowercased",
                    "your header names differ from the server's only in case",
                )
            )
    if expected.blank_line and not actual.blank_line and actual.headers == expected.headers:
        found.append(
            consistent(
                "aws-sigv4/missing-trailing-newline",
                "no empty line between your canonical headers and the signed headers",
            )
        )
    if actual.payload_hash == EMPTY_SHA256 and expected.payload_hash != EMPTY_SHA256:
        found.append(
            consistent(
                "aws-sigv4/payload-hash-of-wrong-body",
                "your payload hash is the SHA-256 of an empty body; the server's is not",
            )
        )
    if _is_local_time(expected.header("x-amz-date"), actual.header("x-amz-date")):
        found.append(
            consistent(
                "aws-sigv4/local-time",
                f"your x-amz-date is {_LOCAL_HOURS} hours after the server's",
            )
        )
    if ascii_lower(actual.signed_headers) != ascii_lower(expected.signed_headers):
        notes.append(
            f"the signed headers differ: the server's {expected.signed_headers!r}, "
            f"yours {actual.signed_headers!r} (sign exactly the headers the Authorization "
            "header's SignedHeaders names)"
        )
    return found, notes


def check_string_to_sign(
    server: str, yours: str, canonical_compared: bool
) -> tuple[list[Finding], list[str]]:
    expected, actual = server.split("\n"), yours.split("\n")
    if len(expected) != 4 or len(actual) != 4 or server == yours:
        return [], []
    found: list[Finding] = []
    notes: list[str] = []
    if _is_local_time(expected[1], actual[1]):
        found.append(
            consistent(
                "aws-sigv4/local-time",
                f"the time in your string to sign is {_LOCAL_HOURS} hours after the server's",
            )
        )
    if expected[2] != actual[2]:
        notes.append(
            f"the credential scope differs: the server's {expected[2]!r}, yours {actual[2]!r}"
        )
    if expected[3] != actual[3] and not canonical_compared:
        notes.append(
            "the hash of the canonical request differs, so your canonical request differs from "
            "the server's: pass it with --canonical-request to see where"
        )
    return found, notes


# What S3 signs differently from every other service, as --input options.
S3_OPTIONS = (
    ("double_encode_path", False, "S3 encodes the path once, not twice"),
    ("sign_body", True, "S3 signs the body's SHA-256 it receives in x-amz-content-sha256"),
    ("unsigned_payload", True, "the request was sent with UNSIGNED-PAYLOAD"),
)


def _s3_options(
    server: ServerMessage, inp: dict[str, Any], reference: Signed | None
) -> tuple[dict[str, Any] | None, list[str]]:
    """For S3: the --input with the S3 option that makes sigvec give the server's texts (and
    a note saying so), or a hint at those options."""
    expected = server.expected
    if reference is not None and all(
        reference.intermediates.get(step) == text for step, text in expected.items()
    ):
        return None, []
    unset = [option for option in S3_OPTIONS if inp.get(option[0], not option[1]) != option[1]]
    for size in range(1, len(unset) + 1):
        for chosen in combinations(unset, size):
            changes = {name: value for name, value, _ in chosen}
            try:
                changed = sign("aws-sigv4", {**inp, **changes})
            except (ValueError, KeyError):
                continue
            if expected and all(changed.intermediates.get(s) == t for s, t in expected.items()):
                settings = ", ".join(f'"{n}": {str(v).lower()}' for n, v in changes.items())
                reasons = "; ".join(why for _, _, why in chosen)
                return {**inp, **changes}, [
                    f"with {settings} in --input ({reasons}) sigvec gives exactly the server's "
                    "texts: set it there, and make your code sign that way"
                ]
    return None, [
        'service s3: S3 signs the path encoded once ("double_encode_path": false) and the '
        'payload hash it receives in x-amz-content-sha256 ("sign_body": true, or '
        '"unsigned_payload": true): set these in --input as your request was sent'
    ]


class AwsPlugin(ExplainPlugin):
    steps = ("canonical_request", "string_to_sign")
    suspects = (
        "the secret key or the signing-key derivation (kDate -> kRegion -> kService -> kSigning)",
        "the secret key, the date or the credential scope (region, service)",
    )

    def parse(self, text: str) -> ServerMessage:
        return parse_aws(text)

    def corrected_input(
        self, server: ServerMessage, inp: dict[str, Any], reference: Signed | None
    ) -> tuple[dict[str, Any] | None, list[str]]:
        if inp.get("service") != "s3":
            return None, []
        return _s3_options(server, inp, reference)

    def text_checks(
        self, yours: dict[str, str], against_server: Sequence[Comparison]
    ) -> list[CheckResult]:
        return canonical_then_string_to_sign(
            yours, against_server, check_canonical_request, check_string_to_sign
        )


PLUGIN = AwsPlugin()
