"""AWS Signature Version 4: canonical request, string to sign, derived key, HMAC-SHA256."""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from sigvec import schemes

from .encoding import (
    ascii_lower,
    ascii_strip,
    hmac_sha256,
    percent_decode,
    percent_encode,
    sha256_hex,
)
from .errors import InputError
from .result import Signed

SCHEME = "aws-sigv4"
ALGORITHM = "AWS4-HMAC-SHA256"
STEPS = schemes.get(SCHEME).steps
# Headers the signer sets itself; a caller who also sends them would sign a stale copy.
SIGNER_HEADERS = ("x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "authorization")
WHITESPACE_RUN = re.compile(r"[ \t\r\n]+")
# The payload hash of a request whose body is not signed (S3 presigned URLs, unsigned_payload).
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"
# X-Amz-Date: ISO 8601 basic format, UTC; its first 8 characters are the scope's date.
TIMESTAMP_FORMAT = "%Y%m%dT%H%M%SZ"
SCOPE_TERMINATOR = "aws4_request"


def normalize_path(path: str) -> str:
    """RFC 3986 dot-segment removal that also collapses empty segments (``//``), as AWS does."""
    if not path:
        return "/"
    segments: list[str] = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
        else:
            segments.append(segment)
    leading = "/" if path.startswith("/") else ""
    trailing = "/" if path.endswith("/") and segments else ""
    return leading + "/".join(segments) + trailing


def canonical_uri(path: str, normalize: bool = True, double_encode: bool = True) -> str:
    """Encode the path as sent. Non-S3 services encode it again (``%20`` becomes ``%2520``);
    S3 (``double_encode`` false) keeps existing escapes and only encodes raw bytes."""
    if normalize:
        path = normalize_path(path)
    if not path:
        path = "/"
    return percent_encode(path, keep=b"/" if double_encode else b"/%")


def canonical_query_string(query: str, extra: list[tuple[str, str]] | None = None) -> str:
    """Decode each ``key=value`` as sent, re-encode it strictly (``+`` is a literal plus), sort."""
    pairs: list[tuple[str, str]] = []
    for part in query.split("&") if query else []:
        if not part:
            continue
        key, _, value = part.partition("=")
        pairs.append((percent_encode(percent_decode(key)), percent_encode(percent_decode(value))))
    pairs += [(percent_encode(k), percent_encode(v)) for k, v in extra or []]
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def canonical_header_name(name: str) -> str:
    return ascii_lower(ascii_strip(name))


def canonical_header_value(value: str) -> str:
    """Runs of ASCII whitespace folded to one space, then trimmed."""
    return ascii_strip(WHITESPACE_RUN.sub(" ", value))


def canonical_headers(
    headers: list[tuple[str, str]],
    name_of: Callable[[str], str] = canonical_header_name,
    value_of: Callable[[str], str] = canonical_header_value,
) -> tuple[str, str]:
    """``name:value\\n`` per header, sorted by name, a repeated header's values joined with
    ``,`` in sent order. Returns (canonical headers, signed headers). ``name_of`` and
    ``value_of`` canonicalise each name and value (a mistake may pass others)."""
    merged: dict[str, list[str]] = {}
    for name, value in headers:
        merged.setdefault(name_of(name), []).append(value_of(value))
    names = sorted(merged)
    lines = "".join(f"{name}:{','.join(merged[name])}\n" for name in names)
    return lines, ";".join(names)


def canonical_request(parts: tuple[str, ...]) -> str:
    """Method, canonical URI, query string, headers, signed headers, payload hash."""
    return "\n".join(parts)


def credential_scope(timestamp: str, region: str, service: str) -> str:
    return f"{timestamp[:8]}/{region}/{service}/{SCOPE_TERMINATOR}"


def string_to_sign(timestamp: str, scope: str, canonical_request_hash: str) -> str:
    return f"{ALGORITHM}\n{timestamp}\n{scope}\n{canonical_request_hash}"


def signing_keys(secret: str, date: str, region: str, service: str) -> list[bytes]:
    """kDate, kRegion, kService, kSigning: the last one signs."""
    k_date = hmac_sha256(("AWS4" + secret).encode("utf-8"), date)
    k_region = hmac_sha256(k_date, region)
    k_service = hmac_sha256(k_region, service)
    return [k_date, k_region, k_service, hmac_sha256(k_service, SCOPE_TERMINATOR)]


def authorization(access_key_id: str, scope: str, signed_headers: str, signature: str) -> str:
    return (
        f"{ALGORITHM} Credential={access_key_id}/{scope}, "
        f"SignedHeaders={signed_headers}, Signature={signature}"
    )


def request_body(inp: dict[str, Any]) -> bytes:
    if "body_base64" in inp:
        try:
            return base64.b64decode(inp["body_base64"], validate=True)
        except ValueError as exc:
            raise InputError("body_base64", f"expected standard base64 ({exc})") from None
    return inp.get("body", "").encode("utf-8")


def check_timestamp(stamp: str) -> None:
    try:
        dt.datetime.strptime(stamp, TIMESTAMP_FORMAT)
    except ValueError:
        raise InputError("timestamp", f"{stamp!r} is not a real YYYYMMDDTHHMMSSZ time") from None


def _check_headers(headers: list[tuple[str, str]]) -> None:
    for name, _ in headers:
        if canonical_header_name(name) in SIGNER_HEADERS:
            raise InputError("headers", f"{name!r} is set by the signer; leave it out")


class Signer:
    """SigV4 as its documented steps, one method each; ``sign`` runs them in order. A
    catalogued mistake (``mistakes.py``) overrides exactly one."""

    # Task 1: the canonical request.
    def timestamp(self, inp: dict[str, Any]) -> str:
        return inp["timestamp"]

    def canonical_uri(self, inp: dict[str, Any]) -> str:
        return canonical_uri(
            inp["path"], inp.get("normalize_path", True), inp.get("double_encode_path", True)
        )

    def canonical_query_string(self, query: str, extra: list[tuple[str, str]]) -> str:
        return canonical_query_string(query, extra)

    def canonical_headers(self, headers: list[tuple[str, str]]) -> tuple[str, str]:
        return canonical_headers(headers)

    def payload_hash(self, body: bytes) -> str:
        return sha256_hex(body)

    def canonical_request(self, parts: tuple[str, ...]) -> str:
        return canonical_request(parts)

    # Task 2: the string to sign.
    def credential_scope(self, timestamp: str, region: str, service: str) -> str:
        return credential_scope(timestamp, region, service)

    def string_to_sign(self, timestamp: str, scope: str, canonical_request_hash: str) -> str:
        return string_to_sign(timestamp, scope, canonical_request_hash)

    # Task 3: the signature.
    def signing_keys(self, secret: str, date: str, region: str, service: str) -> list[bytes]:
        return signing_keys(secret, date, region, service)

    def signature(self, signing_key: bytes, to_sign: str) -> str:
        return hmac_sha256(signing_key, to_sign).hex()

    # Task 4: add the signature to the request.
    def authorization(
        self, access_key_id: str, scope: str, signed_headers: str, signature: str
    ) -> str:
        return authorization(access_key_id, scope, signed_headers, signature)

    def sign(self, inp: dict[str, Any]) -> Signed:
        stamp = self.timestamp(inp)
        check_timestamp(stamp)
        headers = [(name, value) for name, value in inp["headers"]]
        _check_headers(headers)
        presigned = inp.get("signature_location", "header") == "query"
        if inp.get("unsigned_payload", False):
            payload_hash = UNSIGNED_PAYLOAD
        else:
            payload_hash = self.payload_hash(request_body(inp))
        scope = self.credential_scope(stamp, inp["region"], inp["service"])
        added = {} if presigned else _signer_headers(inp, stamp, payload_hash)
        canon_headers, signed_headers = self.canonical_headers(headers + _signed(inp, added))
        presigning = _presigning_parameters(inp, stamp, scope, signed_headers) if presigned else []
        canon_query = self.canonical_query_string(inp.get("query", ""), presigning)
        canon_uri = self.canonical_uri(inp)
        creq = self.canonical_request(
            (inp["method"], canon_uri, canon_query, canon_headers, signed_headers, payload_hash)
        )
        creq_hash = sha256_hex(creq.encode("utf-8"))
        to_sign = self.string_to_sign(stamp, scope, creq_hash)
        keys = self.signing_keys(inp["secret_access_key"], stamp[:8], inp["region"], inp["service"])
        signature = self.signature(keys[-1], to_sign)

        output: dict[str, Any] = {"signature": signature}
        if presigned:
            output["signed_query"] = _signed_query(inp, canon_query, signature)
        else:
            output["authorization"] = self.authorization(
                inp["access_key_id"], scope, signed_headers, signature
            )
            added["Authorization"] = output["authorization"]
        output["headers"] = added
        intermediates = {
            "canonical_uri": canon_uri,
            "canonical_query_string": canon_query,
            "canonical_headers": canon_headers,
            "signed_headers": signed_headers,
            "hashed_payload": payload_hash,
            "canonical_request": creq,
            "credential_scope": scope,
            "hashed_canonical_request": creq_hash,
            "string_to_sign": to_sign,
            "k_date_hex": keys[0].hex(),
            "k_region_hex": keys[1].hex(),
            "k_service_hex": keys[2].hex(),
            "k_signing_hex": keys[3].hex(),
        }
        return Signed(SCHEME, inp, intermediates, output)


def _signs_token(inp: dict[str, Any]) -> bool:
    return bool(inp.get("session_token")) and not inp.get("omit_session_token", False)


def _signer_headers(inp: dict[str, Any], stamp: str, payload_hash: str) -> dict[str, str]:
    """The headers the signer adds to a request signed in its ``Authorization`` header."""
    added = {"X-Amz-Date": stamp}
    if inp.get("session_token"):
        added["X-Amz-Security-Token"] = inp["session_token"]
    if inp.get("sign_body", False):
        added["x-amz-content-sha256"] = payload_hash
    return added


def _signed(inp: dict[str, Any], added: dict[str, str]) -> list[tuple[str, str]]:
    """The added headers that are signed: all, but a token the caller sends unsigned."""
    return [
        (name, value)
        for name, value in added.items()
        if name != "X-Amz-Security-Token" or _signs_token(inp)
    ]


def _presigning_parameters(
    inp: dict[str, Any], stamp: str, scope: str, signed_headers: str
) -> list[tuple[str, str]]:
    """The X-Amz-* query parameters of a presigned URL, signed with the rest of the query."""
    parameters = [
        ("X-Amz-Algorithm", ALGORITHM),
        ("X-Amz-Credential", f"{inp['access_key_id']}/{scope}"),
        ("X-Amz-Date", stamp),
        ("X-Amz-Expires", str(int(inp.get("expires_in", 3600)))),
        ("X-Amz-SignedHeaders", signed_headers),
    ]
    if _signs_token(inp):
        parameters.append(("X-Amz-Security-Token", inp["session_token"]))
    return parameters


def _signed_query(inp: dict[str, Any], canonical_query: str, signature: str) -> str:
    query = f"{canonical_query}&X-Amz-Signature={signature}"
    if inp.get("session_token") and not _signs_token(inp):
        query += f"&X-Amz-Security-Token={percent_encode(inp['session_token'])}"
    return query


def sign(inp: dict[str, Any]) -> Signed:
    return Signer().sign(inp)
