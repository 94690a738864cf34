"""AWS Signature Version 4: canonical request, string to sign, derived key, HMAC-SHA256."""

from __future__ import annotations

import base64
import datetime as dt
import re
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


def canonical_headers(
    headers: list[tuple[str, str]], whitespace: re.Pattern[str] = WHITESPACE_RUN
) -> tuple[str, str]:
    """Lower-case (ASCII) names, trim and fold ASCII whitespace in values, join duplicates
    with ``,`` in sent order, sort by name. Returns (canonical headers, signed headers)."""
    merged: dict[str, list[str]] = {}
    for name, value in headers:
        folded = ascii_strip(whitespace.sub(" ", value))
        merged.setdefault(ascii_lower(ascii_strip(name)), []).append(folded)
    names = sorted(merged)
    lines = "".join(f"{name}:{','.join(merged[name])}\n" for name in names)
    return lines, ";".join(names)


def signing_keys(secret: str, date: str, region: str, service: str) -> list[bytes]:
    k_date = hmac_sha256(("AWS4" + secret).encode("utf-8"), date)
    k_region = hmac_sha256(k_date, region)
    k_service = hmac_sha256(k_region, service)
    return [k_date, k_region, k_service, hmac_sha256(k_service, "aws4_request")]


def request_body(inp: dict[str, Any]) -> bytes:
    if "body_base64" in inp:
        try:
            return base64.b64decode(inp["body_base64"], validate=True)
        except ValueError as exc:
            raise InputError("body_base64", f"expected standard base64 ({exc})") from None
    return inp.get("body", "").encode("utf-8")


def _check_timestamp(stamp: str) -> None:
    try:
        dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ")
    except ValueError:
        raise InputError("timestamp", f"{stamp!r} is not a real YYYYMMDDTHHMMSSZ time") from None


class Signer:
    """The scheme as overridable steps: a catalogued mistake overrides exactly one."""

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
        return "\n".join(parts)

    def sign(self, inp: dict[str, Any]) -> Signed:
        stamp = self.timestamp(inp)
        _check_timestamp(stamp)
        headers = [(name, value) for name, value in inp["headers"]]
        for name, _ in headers:
            if ascii_lower(ascii_strip(name)) in SIGNER_HEADERS:
                raise InputError("headers", f"{name!r} is set by the signer; leave it out")
        in_query = inp.get("signature_location", "header") == "query"
        token = inp.get("session_token")
        sign_token = bool(token) and not inp.get("omit_session_token", False)
        if inp.get("unsigned_payload", False):
            payload_hash = UNSIGNED_PAYLOAD
        else:
            payload_hash = self.payload_hash(request_body(inp))
        scope = f"{stamp[:8]}/{inp['region']}/{inp['service']}/aws4_request"

        added: dict[str, str] = {}
        if not in_query:
            added["X-Amz-Date"] = stamp
            if token:
                added["X-Amz-Security-Token"] = token
            if inp.get("sign_body", False):
                added["x-amz-content-sha256"] = payload_hash
        signed_added = [
            (name, value)
            for name, value in added.items()
            if name != "X-Amz-Security-Token" or sign_token
        ]
        canon_headers, signed_headers = self.canonical_headers(headers + signed_added)

        extra: list[tuple[str, str]] = []
        if in_query:
            extra = [
                ("X-Amz-Algorithm", ALGORITHM),
                ("X-Amz-Credential", f"{inp['access_key_id']}/{scope}"),
                ("X-Amz-Date", stamp),
                ("X-Amz-Expires", str(int(inp.get("expires_in", 3600)))),
                ("X-Amz-SignedHeaders", signed_headers),
            ]
            if sign_token:
                extra.append(("X-Amz-Security-Token", token))
        canon_query = self.canonical_query_string(inp.get("query", ""), extra)
        canon_uri = self.canonical_uri(inp)
        creq = self.canonical_request(
            (inp["method"], canon_uri, canon_query, canon_headers, signed_headers, payload_hash)
        )
        creq_hash = sha256_hex(creq.encode("utf-8"))
        to_sign = f"{ALGORITHM}\n{stamp}\n{scope}\n{creq_hash}"
        keys = signing_keys(inp["secret_access_key"], stamp[:8], inp["region"], inp["service"])
        signature = hmac_sha256(keys[-1], to_sign).hex()

        output: dict[str, Any] = {"signature": signature}
        if in_query:
            output["signed_query"] = f"{canon_query}&X-Amz-Signature={signature}"
            if token and not sign_token:
                output["signed_query"] += f"&X-Amz-Security-Token={percent_encode(token)}"
        else:
            output["authorization"] = (
                f"{ALGORITHM} Credential={inp['access_key_id']}/{scope}, "
                f"SignedHeaders={signed_headers}, Signature={signature}"
            )
            added["Authorization"] = output["authorization"]
        output["headers"] = added
        values = (
            canon_uri,
            canon_query,
            canon_headers,
            signed_headers,
            payload_hash,
            creq,
            scope,
            creq_hash,
            to_sign,
            *(key.hex() for key in keys),
        )
        return Signed(SCHEME, inp, dict(zip(STEPS, values, strict=True)), output)


def sign(inp: dict[str, Any]) -> Signed:
    return Signer().sign(inp)
