"""Alibaba Cloud V3 (ACS3-HMAC-SHA256): read the server's rejection and name the mistakes the
user's canonical request shows.

Alibaba's V3 gateway answers a wrong signature with ``SignatureDoesNotMatch`` ("Specified
signature does not match our calculation.") or ``IncompleteSignature`` and appends its own
texts as ``server StringToSign is [<string to sign>]`` and ``server CanonicalRequest is
[<canonical request>]``. The canonical request has SigV4's shape (method, URI, query, header
lines, blank line, signed headers, payload hash), so SigV4's parsing and line-break restoration
serve here too; each check claims a mistake only where the two texts differ exactly as that
mistake makes them differ.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sigvec.reference import aliyun_acs3
from sigvec.reference.encoding import ascii_lower, ascii_strip, percent_decode

from .aws_checks import EMPTY_SHA256, CanonicalRequest, parse_canonical_request
from .findings import Finding, consistent
from .parsers import (
    FLATTENED_NOTE,
    ServerMessage,
    UnparseableMessage,
    _after_space,
    _code,
    readings,
    unflattened_canonical_request,
)
from .plugin import CheckResult, ExplainPlugin, canonical_then_string_to_sign

if TYPE_CHECKING:
    from .explain import Comparison

_CANONICAL_MARKER = re.compile(r"server\s+CanonicalRequest\s+is\s*:?\s*\[", re.I)
_STRING_TO_SIGN_MARKER = re.compile(r"server\s+(?:StringToSign|string\s+to\s+sign)\s+is", re.I)
_STRING_TO_SIGN = re.compile(rf"{aliyun_acs3.ALGORITHM}\s+[0-9a-f]{{64}}")
_ENDS_IN_HASH = re.compile(r"[0-9a-f]{64}\s*$")


def _bracketed_canonical_request(text: str) -> str | None:
    """The text inside the brackets after the first "server CanonicalRequest is [", up to the
    first ']' that follows the payload hash (a header value may hold ']' itself). Only the
    first marker and the tail before each ']' are looked at, so a long paste stays linear."""
    marker = _CANONICAL_MARKER.search(text)
    if marker is None:
        return None
    closing = text.find("]", marker.end())
    while closing >= 0:
        if _ENDS_IN_HASH.search(text, max(marker.end(), closing - 80), closing):
            return text[marker.end() : closing].strip()
        closing = text.find("]", closing + 1)
    return None


def _string_to_sign(text: str) -> str | None:
    """``ACS3-HMAC-SHA256`` and the 64-hex hash after "server StringToSign is" (then spaces,
    an optional '[' or ':'), with the line break put back where a paste lost it."""
    for marker in _STRING_TO_SIGN_MARKER.finditer(text):
        start = _after_space(text, marker.end())
        if text.startswith(("[", ":"), start):
            start = _after_space(text, start + 1)
        found = _STRING_TO_SIGN.match(text, start)
        if found:
            return "\n".join(found.group().split())
    return None


def parse(text: str) -> ServerMessage:
    canonical = to_sign = None
    for reading in readings(text):
        canonical = canonical or _bracketed_canonical_request(reading)
        to_sign = to_sign or _string_to_sign(reading)
    if canonical is None and to_sign is None:
        raise UnparseableMessage(
            "no 'server CanonicalRequest is [...]' or 'server StringToSign is [...]' found; "
            "paste the whole SignatureDoesNotMatch response (its Message holds them)"
        )
    expected: dict[str, str] = {}
    notes: list[str] = []
    if canonical is not None:
        expected["canonical_request"], was_flat = unflattened_canonical_request(canonical)
        if was_flat:
            notes.append(FLATTENED_NOTE.format(what="canonical request"))
    if to_sign is not None:
        expected["string_to_sign"] = to_sign
    code = _code(text, ("SignatureDoesNotMatch", "IncompleteSignature"))
    return ServerMessage(aliyun_acs3.SCHEME, code, expected, tuple(notes))


# ------------------------------------------------------------------------------ checks


def _query_checks(server: str, yours: str) -> list[Finding]:
    found = []
    if yours == server.replace("%20", "+"):
        found.append(
            consistent(
                "aliyun-acs3/query-space-as-plus",
                "line 3: your query string is the server's with '+' for each %20",
            )
        )
    pairs = [piece.partition("=") for piece in server.split("&")]
    names_decoded = "&".join(
        percent_decode(name).decode("utf-8", "replace") + eq + value for name, eq, value in pairs
    )
    if yours == names_decoded:
        found.append(
            consistent(
                "aliyun-acs3/query-names-not-encoded",
                "line 3: your query string is the server's with the parameter names unencoded",
            )
        )
    return found


def _encoding_checks(server: CanonicalRequest, yours: CanonicalRequest) -> list[Finding]:
    """'*' or '~' encoded the wrong way, in the URI and the query alike."""
    server_text, your_text = f"{server.uri}\n{server.query}", f"{yours.uri}\n{yours.query}"
    found = []
    if "%2A" in server_text and your_text == server_text.replace("%2A", "*"):
        found.append(
            consistent("aliyun-acs3/star-unencoded", "lines 2-3: '*' where the server has %2A")
        )
    if "~" in server_text and your_text == server_text.replace("~", "%7E"):
        found.append(
            consistent("aliyun-acs3/tilde-encoded", "lines 2-3: %7E where the server has '~'")
        )
    return found


def _header_checks(server: CanonicalRequest, yours: CanonicalRequest) -> list[Finding]:
    expected, actual = server.headers, yours.headers
    found = []
    if tuple(sorted(actual)) == expected and actual != expected:
        found.append(
            consistent(
                "aliyun-acs3/signed-headers-unsorted",
                "the same header lines as the server's, in another order (the server sorts "
                "them by name)",
            )
        )
    lowered = tuple(sorted((ascii_lower(name), value) for name, value in actual))
    if lowered == expected and any(name != ascii_lower(name) for name, _ in actual):
        found.append(
            consistent(
                "aliyun-acs3/header-names-not-lowercased",
                "your header names differ from the server's only in case",
            )
        )
    trimmed = tuple((name, ascii_strip(value)) for name, value in actual)
    if trimmed == expected and actual != expected:
        found.append(
            consistent(
                "aliyun-acs3/header-values-not-trimmed",
                "your header values differ from the server's only in spaces or tabs at their ends",
            )
        )
    extra = [line for line in actual if line not in expected]
    unsigned = all(not aliyun_acs3.is_signed(ascii_lower(name)) for name, _ in extra)
    if extra and unsigned and tuple(line for line in actual if line not in extra) == expected:
        names = ", ".join(name for name, _ in extra)
        found.append(
            consistent(
                "aliyun-acs3/every-header-signed",
                f"you also sign {names}: the server signs only host, content-type and the "
                "x-acs-* headers",
            )
        )
    token = aliyun_acs3.SECURITY_TOKEN
    without_token = tuple(line for line in expected if line[0] != token)
    if server.header(token) is not None and yours.header(token) is None and without_token == actual:
        found.append(
            consistent(
                "aliyun-acs3/security-token-unsigned",
                f"the server signs {token}; your canonical request lacks it",
            )
        )
    return found


def check_canonical_request(server: str, yours: str) -> CheckResult:
    expected, actual = parse_canonical_request(server), parse_canonical_request(yours)
    if expected is None or actual is None or server == yours:
        return [], []
    found: list[Finding] = []
    notes: list[str] = []
    if actual.uri != expected.uri and actual.uri == percent_decode(expected.uri).decode(
        "utf-8", "replace"
    ):
        found.append(
            consistent(
                "aliyun-acs3/path-not-encoded",
                f"line 2: your canonical URI {actual.uri!r} is the server's {expected.uri!r} "
                "unencoded",
            )
        )
    if actual.query != expected.query:
        found += _query_checks(expected.query, actual.query)
    found += _encoding_checks(expected, actual)
    if actual.headers != expected.headers:
        found += _header_checks(expected, actual)
    if actual.payload_hash == EMPTY_SHA256 and expected.payload_hash != EMPTY_SHA256:
        found.append(
            consistent(
                "aliyun-acs3/content-sha256-of-empty-body",
                "your payload hash is the SHA-256 of an empty body; the server's is not",
            )
        )
    if actual.signed_headers != expected.signed_headers:
        notes.append(
            f"the signed headers differ: the server's {expected.signed_headers!r}, "
            f"yours {actual.signed_headers!r}"
        )
    return found, notes


def check_string_to_sign(server: str, yours: str, canonical_compared: bool) -> CheckResult:
    if server == yours:
        return [], []
    notes = []
    if not yours.startswith(aliyun_acs3.ALGORITHM + "\n"):
        notes.append(
            f"your string to sign does not begin with '{aliyun_acs3.ALGORITHM}' and a line "
            "break: it is the algorithm, '\\n', then the hex SHA-256 of the canonical request"
        )
    elif not canonical_compared:
        notes.append(
            "the hash of the canonical request differs, so your canonical request differs from "
            "the server's: pass it with --canonical-request to see where"
        )
    return [], notes


class AliyunAcs3Plugin(ExplainPlugin):
    steps = ("canonical_request", "string_to_sign")
    suspects = (
        "the HMAC key (the AccessKey secret itself, nothing appended) or the Authorization "
        "header's format ('ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…', bare "
        "commas)",
        "the string to sign ('ACS3-HMAC-SHA256\\n' + the canonical request's hex SHA-256), the "
        "secret, or the Authorization header's format",
    )

    def parse(self, text: str) -> ServerMessage:
        return parse(text)

    def text_checks(
        self, yours: dict[str, str], against_server: Sequence[Comparison]
    ) -> list[CheckResult]:
        return canonical_then_string_to_sign(
            yours, against_server, check_canonical_request, check_string_to_sign
        )


PLUGIN = AliyunAcs3Plugin()
