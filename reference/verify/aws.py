"""Verify AWS Signature Version 4: the Authorization header or a presigned URL.

Service rules come from the credential scope: for ``s3`` the path is neither normalised nor
encoded again, and the payload hash is what ``x-amz-content-sha256`` says (a hash,
``UNSIGNED-PAYLOAD`` or a streaming value); a presigned S3 URL signs ``UNSIGNED-PAYLOAD``.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from sigvec.reference import aws_sigv4
from sigvec.reference.encoding import ascii_digits, ascii_lower, hmac_sha256, sha256_hex

from .core import (
    NonceStore,
    Rejection,
    Settings,
    Verdict,
    check_window,
    lookup_secret,
    parse_authorization,
    parse_utc,
    same_signature,
    single,
)
from .request import Request, query_pairs

SCHEME = aws_sigv4.SCHEME
ALGORITHM = aws_sigv4.ALGORITHM
UNSIGNED_PAYLOAD = aws_sigv4.UNSIGNED_PAYLOAD
# Streaming payloads whose seed signature covers only the literal: the trailer carries the
# checksum, no chunk signature needs checking.
UNSIGNED_STREAMING = ("STREAMING-UNSIGNED-PAYLOAD-TRAILER",)
PRESIGN_PARAMETERS = (
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
)
TOKEN_PARAMETER = "X-Amz-Security-Token"
DATE_LAYOUT = "%Y%m%dT%H%M%SZ"


def detect(request: Request) -> bool:
    auth = request.header("authorization") or ""
    names = {name for name, _ in query_pairs(request.query)}
    return auth.startswith("AWS4-") or "X-Amz-Algorithm" in names or "X-Amz-Signature" in names


def _auth_parts(request: Request, verdict: Verdict) -> tuple[dict[str, str], str | None, bool]:
    """(Credential/SignedHeaders/Signature parts, X-Amz-Expires, presigned?)."""
    authorizations = request.header_values("authorization")
    params = query_pairs(request.query)
    names = [name for name, _ in params]
    presigned = any(name in names for name in PRESIGN_PARAMETERS)
    if not authorizations and not presigned:
        raise Rejection("missing-auth", "no Authorization header and no X-Amz-Signature query")
    if authorizations and presigned:
        raise Rejection("malformed-auth", "both an Authorization header and X-Amz-* query auth")
    if authorizations:
        value = single(authorizations, "the Authorization header") or ""
        return parse_authorization(value, ALGORITHM), None, False
    found: dict[str, str] = {}
    for name in PRESIGN_PARAMETERS:
        value = single([v for n, v in params if n == name], f"query parameter {name}")
        if value is None:
            raise Rejection("malformed-auth", f"presigned URL without {name}")
        found[name] = value
    if found["X-Amz-Algorithm"] != ALGORITHM:
        raise Rejection(
            "unsupported-algorithm",
            f"X-Amz-Algorithm {found['X-Amz-Algorithm'][:40]!r}, expected {ALGORITHM}",
        )
    if not found["X-Amz-Signature"]:
        raise Rejection("malformed-auth", "the signature is empty")
    parts = {
        "Credential": found["X-Amz-Credential"],
        "SignedHeaders": found["X-Amz-SignedHeaders"],
        "Signature": found["X-Amz-Signature"],
        "Date": found["X-Amz-Date"],
    }
    return parts, found["X-Amz-Expires"], True


def _query_without_signature(query: str) -> str:
    kept = [
        piece
        for piece in query.split("&")
        if piece and query_pairs(piece)[0][0] != "X-Amz-Signature"
    ]
    return "&".join(kept)


def verify(
    request: Request,
    credentials: Mapping[str, str],
    now: float,
    settings: Settings,
    nonces: NonceStore | None,
    verdict: Verdict,
) -> None:
    parts, expires_text, presigned = _auth_parts(request, verdict)
    verdict.received["signature"] = parts["Signature"]
    scope_parts = parts["Credential"].split("/")
    if len(scope_parts) != 5 or not all(scope_parts[:4]):
        raise Rejection(
            "malformed-auth", "Credential is not KEY/YYYYMMDD/REGION/SERVICE/aws4_request"
        )
    key_id, scope_date, region, service, terminator = scope_parts
    verdict.key_id = key_id
    if terminator != "aws4_request":
        raise Rejection("scope-mismatch", f"credential scope ends in {terminator!r}")
    secret = lookup_secret(credentials, key_id, "access key")

    stamp = parts.get("Date")
    if stamp is None:
        stamp = single(request.header_values("x-amz-date"), "the X-Amz-Date header")
        if stamp is None:
            raise Rejection("malformed-auth", "no X-Amz-Date header")
    request_time = parse_utc(stamp, DATE_LAYOUT)
    if request_time is None:
        raise Rejection("malformed-auth", f"X-Amz-Date {stamp[:40]!r} is not YYYYMMDDTHHMMSSZ")
    expires = None
    if presigned:
        text = expires_text or ""
        if not ascii_digits(text) or not 1 <= int(text) <= settings.aws_max_expires_seconds:
            raise Rejection(
                "malformed-auth",
                f"X-Amz-Expires {text[:20]!r}: expected 1 to {settings.aws_max_expires_seconds}",
            )
        expires = int(text)

    if scope_date != stamp[:8]:
        raise Rejection(
            "scope-mismatch", f"scope date {scope_date} is not X-Amz-Date's {stamp[:8]}"
        )
    for what, found, wanted in (
        ("region", region, settings.region),
        ("service", service, settings.service),
    ):
        if wanted is not None and found != wanted:
            raise Rejection("scope-mismatch", f"scope {what} {found!r}, the server is {wanted!r}")

    if expires is None:
        check_window(request_time, now, settings.aws_skew_seconds, "X-Amz-Date")
    else:
        if request_time - now > settings.aws_skew_seconds:
            check_window(request_time, now, settings.aws_skew_seconds, "X-Amz-Date")
        if now > request_time + expires:
            raise Rejection(
                "expired",
                f"presigned URL expired {now - request_time - expires:.0f} s ago "
                f"(X-Amz-Expires {expires})",
            )

    signed_names = [ascii_lower(name) for name in parts["SignedHeaders"].split(";") if name]
    if "host" not in signed_names:
        raise Rejection("unsigned-header", "host is not among the signed headers")
    for name in request.header_names():
        if name.startswith("x-amz-") and name not in signed_names:
            raise Rejection("unsigned-header", f"{name} is sent but not signed")

    s3 = service == "s3"
    content_hash = request.header("x-amz-content-sha256")
    if content_hash is not None:
        payload_hash = content_hash
    elif presigned and s3:
        payload_hash = UNSIGNED_PAYLOAD
    else:
        payload_hash = sha256_hex(request.body)
    if payload_hash.startswith("STREAMING-") and payload_hash not in UNSIGNED_STREAMING:
        raise Rejection(
            "unsupported-algorithm",
            f"streaming payload {payload_hash[:60]!r}: chunk signatures are not verified",
        )

    names = sorted(set(signed_names))
    headers = [(name, value) for name in names for value in request.header_values(name)]
    canonical_headers, signed_headers = aws_sigv4.canonical_headers(headers)
    query = _query_without_signature(request.query) if presigned else request.query
    canonical_uri = aws_sigv4.canonical_uri(request.path, not s3, not s3)
    canonical_query = aws_sigv4.canonical_query_string(query)
    creq = "\n".join(
        (
            request.method,
            canonical_uri,
            canonical_query,
            canonical_headers,
            signed_headers,
            payload_hash,
        )
    )
    scope = f"{scope_date}/{region}/{service}/aws4_request"
    to_sign = f"{ALGORITHM}\n{stamp}\n{scope}\n{sha256_hex(creq.encode('utf-8'))}"
    key = aws_sigv4.signing_keys(secret, scope_date, region, service)[-1]
    expected = hmac_sha256(key, to_sign).hex()
    verdict.intermediates.update(
        canonical_request=creq,
        string_to_sign=to_sign,
        credential_scope=scope,
        signature=expected,
    )
    if not same_signature(expected, parts["Signature"]):  # only then: what a client signed
        verdict.signer_input = _signer_input(
            request, parts, stamp, secret, payload_hash, expires, presigned
        )
        raise Rejection("signature-mismatch", "the signature differs from the server's")
    literal = payload_hash in (UNSIGNED_PAYLOAD, *UNSIGNED_STREAMING)
    if content_hash is not None and not literal and content_hash != sha256_hex(request.body):
        raise Rejection(
            "payload-hash-mismatch", "x-amz-content-sha256 is not the SHA-256 of the body"
        )


def _signer_input(
    request: Request,
    parts: dict[str, str],
    stamp: str,
    secret: str,
    payload_hash: str,
    expires: int | None,
    presigned: bool,
) -> dict[str, Any] | None:
    """The reference signer's input for this request, where the reference can express it."""
    key_id, _, region, service, _ = parts["Credential"].split("/")
    signed = {ascii_lower(name) for name in parts["SignedHeaders"].split(";")}
    s3 = service == "s3"
    inp: dict[str, Any] = {
        "method": request.method,
        "path": request.path,
        "query": request.query,
        "headers": [
            [name, value]
            for name, value in request.headers
            if ascii_lower(name.strip()) in signed
            and ascii_lower(name.strip()) not in aws_sigv4.SIGNER_HEADERS
        ],
        "access_key_id": key_id,
        "secret_access_key": secret,
        "region": region,
        "service": service,
        "timestamp": stamp,
    }
    if s3:
        inp |= {"normalize_path": False, "double_encode_path": False}
    try:
        inp["body"] = request.body.decode("utf-8")
    except UnicodeDecodeError:
        inp["body_base64"] = base64.b64encode(request.body).decode("ascii")
    if payload_hash == UNSIGNED_PAYLOAD:
        inp["unsigned_payload"] = True
    elif payload_hash != sha256_hex(request.body):
        return None  # a streaming payload or a wrong hash: not expressible as reference input
    token_values = request.header_values("x-amz-security-token")
    if presigned:
        pairs = query_pairs(request.query)
        names = (*PRESIGN_PARAMETERS, TOKEN_PARAMETER)
        inp["query"] = "&".join(
            piece
            for piece in request.query.split("&")
            if piece and query_pairs(piece)[0][0] not in names
        )
        inp |= {"signature_location": "query", "expires_in": expires}
        token_values = [v for n, v in pairs if n == TOKEN_PARAMETER]
    elif request.header("x-amz-content-sha256") is not None:
        inp["sign_body"] = True
    if token_values:
        inp["session_token"] = token_values[0]
    return inp
