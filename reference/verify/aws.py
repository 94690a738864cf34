"""Verify AWS Signature Version 4: the Authorization header or a presigned URL.

Service rules come from the credential scope: for ``s3`` the path is neither normalised nor
encoded again, and the payload hash is what ``x-amz-content-sha256`` says (a hash,
``UNSIGNED-PAYLOAD`` or a streaming value); a presigned S3 URL signs ``UNSIGNED-PAYLOAD``.
The canonical request, string to sign and key are the reference signer's own steps.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from sigvec.reference import aws_sigv4
from sigvec.reference.encoding import ascii_digits, ascii_lower, ascii_strip, sha256_hex
from sigvec.reference.result import Signed

from .core import (
    Rejection,
    check_window,
    lookup_secret,
    parse_authorization,
    parse_utc,
    same_signature,
    single,
    utc_text,
)
from .plugin import Check, InputFields, ProbeKey, SchemeVerifier
from .request import Request, query_pairs

SCHEME = aws_sigv4.SCHEME
ALGORITHM = aws_sigv4.ALGORITHM
UNSIGNED_PAYLOAD = aws_sigv4.UNSIGNED_PAYLOAD
TIMESTAMP_FORMAT = aws_sigv4.TIMESTAMP_FORMAT
# Streaming payloads whose seed signature covers only the literal: the trailer carries the
# checksum, no chunk signature needs checking.
UNSIGNED_STREAMING = ("STREAMING-UNSIGNED-PAYLOAD-TRAILER",)
# Streaming payloads with signed chunks: the aws-sigv4-streaming scheme.
SIGNED_STREAMING_PREFIX = "STREAMING-AWS4-HMAC-SHA256-"
PRESIGN_PARAMETERS = (
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
)
TOKEN_PARAMETER = "X-Amz-Security-Token"


def _auth_parts(request: Request) -> tuple[dict[str, str], str | None, bool]:
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


@dataclass(frozen=True)
class Auth:
    """What the request's authentication says, read and checked up to the time window."""

    parts: dict[str, str]  # Credential, SignedHeaders, Signature (and Date, presigned)
    key_id: str
    secret: str
    region: str
    service: str
    stamp: str  # X-Amz-Date
    presigned: bool
    expires: int | None  # X-Amz-Expires of a presigned URL

    @property
    def signed_names(self) -> list[str]:
        return [ascii_lower(name) for name in self.parts["SignedHeaders"].split(";") if name]


class AwsVerifier(SchemeVerifier):
    scheme = SCHEME
    vendor = "aws"
    fields = InputFields(("access_key_id",), "secret_access_key", ("timestamp",), TIMESTAMP_FORMAT)
    other_time_layouts = ("%Y%m%d", "%Y-%m-%dT%H:%M:%SZ")
    signer = aws_sigv4.Signer()

    def detect(self, request: Request) -> bool:
        auth = request.header("authorization") or ""
        names = {name for name, _ in query_pairs(request.query)}
        if auth.startswith("AWS4-") and is_signed_streaming(request):
            return False  # the aws-sigv4-streaming scheme's
        return auth.startswith("AWS4-") or "X-Amz-Algorithm" in names or "X-Amz-Signature" in names

    def verify(self, check: Check) -> None:
        auth = self.authenticate(check)
        self.check_signed_headers(check.request, auth)
        payload_hash = self.payload_hash(check.request, auth)
        expected = self.seed_signature(check, auth, payload_hash)
        if not same_signature(expected, auth.parts["Signature"]):  # only then: what was signed
            check.verdict.signer_input = self.signer_input(check.request, auth, payload_hash)
            raise Rejection("signature-mismatch", "the signature differs from the server's")
        self.check_payload(check, auth, payload_hash)

    def signer_input(
        self, request: Request, auth: Auth, payload_hash: str
    ) -> dict[str, Any] | None:
        """The reference signer's input for this request, where the reference can express it."""
        return _signer_input(request, auth, payload_hash)

    def auth_parts(self, request: Request) -> tuple[dict[str, str], str | None, bool]:
        """(Credential/SignedHeaders/Signature parts, X-Amz-Expires, presigned?)."""
        return _auth_parts(request)

    def authenticate(self, check: Check) -> Auth:
        """Auth parts, credential scope, key, X-Amz-Date (and expiry), scope against the date
        and the server, time window: each checked in turn."""
        request, settings, verdict = check.request, check.settings, check.verdict
        parts, expires_text, presigned = self.auth_parts(request)
        verdict.received["signature"] = parts["Signature"]
        scope_parts = parts["Credential"].split("/")
        if len(scope_parts) != 5 or not all(scope_parts[:4]):
            raise Rejection(
                "malformed-auth", "Credential is not KEY/YYYYMMDD/REGION/SERVICE/aws4_request"
            )
        key_id, scope_date, region, service, terminator = scope_parts
        verdict.key_id = key_id
        if terminator != aws_sigv4.SCOPE_TERMINATOR:
            raise Rejection("scope-mismatch", f"credential scope ends in {terminator!r}")
        secret = lookup_secret(check.credentials, key_id, "access key")

        stamp = parts.get("Date")
        if stamp is None:
            stamp = single(request.header_values("x-amz-date"), "the X-Amz-Date header")
            if stamp is None:
                raise Rejection("malformed-auth", "no X-Amz-Date header")
        request_time = parse_utc(stamp, TIMESTAMP_FORMAT)
        if request_time is None:
            raise Rejection("malformed-auth", f"X-Amz-Date {stamp[:40]!r} is not YYYYMMDDTHHMMSSZ")
        expires = None
        if presigned:
            text = expires_text or ""
            limit = settings.aws_max_expires_seconds
            if not ascii_digits(text) or not 1 <= int(text) <= limit:
                raise Rejection(
                    "malformed-auth", f"X-Amz-Expires {text[:20]!r}: expected 1 to {limit}"
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
                raise Rejection(
                    "scope-mismatch", f"scope {what} {found!r}, the server is {wanted!r}"
                )
        _check_time(request_time, check.now, expires, settings.aws_skew_seconds)
        return Auth(parts, key_id, secret, region, service, stamp, presigned, expires)

    def check_signed_headers(self, request: Request, auth: Auth) -> None:
        signed_names = auth.signed_names
        if "host" not in signed_names:
            raise Rejection("unsigned-header", "host is not among the signed headers")
        for name in request.header_names():
            if name.startswith("x-amz-") and name not in signed_names:
                raise Rejection("unsigned-header", f"{name} is sent but not signed")

    def payload_hash(self, request: Request, auth: Auth) -> str:
        """The payload hash the canonical request signs."""
        content_hash = request.header("x-amz-content-sha256")
        if content_hash is not None:
            payload_hash = content_hash
        elif auth.presigned and auth.service == "s3":
            payload_hash = UNSIGNED_PAYLOAD
        else:
            payload_hash = sha256_hex(request.body)
        if payload_hash.startswith("STREAMING-") and payload_hash not in UNSIGNED_STREAMING:
            raise Rejection(
                "unsupported-algorithm",
                f"streaming payload {payload_hash[:60]!r}: chunk signatures are not verified",
            )
        return payload_hash

    def seed_signature(self, check: Check, auth: Auth, payload_hash: str) -> str:
        """The signature the server computes over the request (for a streaming upload: the
        seed signature), by the reference signer's own steps; its intermediates recorded."""
        request, signer = check.request, self.signer
        names = sorted(set(auth.signed_names))
        headers = [(name, value) for name in names for value in request.header_values(name)]
        canonical_headers, signed_headers = signer.canonical_headers(headers)
        query = _query_without_signature(request.query) if auth.presigned else request.query
        creq = signer.canonical_request(
            (
                request.method,
                self.canonical_uri(request.path, auth),
                self.canonical_query_string(query),
                canonical_headers,
                signed_headers,
                payload_hash,
            )
        )
        scope = signer.credential_scope(auth.stamp, auth.region, auth.service)
        to_sign = signer.string_to_sign(auth.stamp, scope, sha256_hex(creq.encode("utf-8")))
        key = self.signing_key(auth)
        expected = signer.signature(key, to_sign)
        check.verdict.intermediates.update(
            canonical_request=creq,
            string_to_sign=to_sign,
            credential_scope=scope,
            signature=expected,
        )
        return expected

    def canonical_uri(self, path: str, auth: Auth) -> str:
        """S3 neither normalises the path nor encodes it again; other services do both."""
        s3 = auth.service == "s3"
        return aws_sigv4.canonical_uri(path, not s3, not s3)

    def canonical_query_string(self, query: str) -> str:
        return self.signer.canonical_query_string(query, [])

    def signing_key(self, auth: Auth) -> bytes:
        return self.signer.signing_keys(auth.secret, auth.stamp[:8], auth.region, auth.service)[-1]

    def check_payload(self, check: Check, auth: Auth, payload_hash: str) -> None:
        """After the signature: the body is what x-amz-content-sha256 says it is."""
        request = check.request
        content_hash = request.header("x-amz-content-sha256")
        literal = payload_hash in (UNSIGNED_PAYLOAD, *UNSIGNED_STREAMING)
        if content_hash is not None and not literal and content_hash != sha256_hex(request.body):
            raise Rejection(
                "payload-hash-mismatch", "x-amz-content-sha256 is not the SHA-256 of the body"
            )

    # ------------------------------------------------------------ verifier cases, probe

    def send(self, signed: Signed, how: dict[str, Any]) -> Request:
        inp, out = signed.input, signed.output
        headers = [tuple(pair) for pair in inp["headers"]] + list(out["headers"].items())
        if inp.get("signature_location") == "query":
            target = f"{inp['path']}?{out['signed_query']}"
        else:
            target = inp["path"] + (f"?{inp['query']}" if inp.get("query") else "")
        return Request(inp["method"], target, tuple(headers), aws_sigv4.request_body(inp))

    def base_host(self, base: dict[str, Any]) -> str | None:
        return next((v for n, v in base["input"]["headers"] if n.lower() == "host"), None)

    def rebase(
        self, base: dict[str, Any], host: str, path: str, key: ProbeKey, signed_at: float
    ) -> dict[str, Any]:
        inp = rebased_input(base["input"], host, path, key, signed_at)
        for flag in ("normalize_path", "double_encode_path"):
            inp.pop(flag, None)
        if inp["service"] == "s3":  # S3's own rules, and the header S3 servers require
            inp |= {"normalize_path": False, "double_encode_path": False}
            if inp.get("signature_location") == "query":
                inp["unsigned_payload"] = True
            else:
                inp["sign_body"] = True
        return {"input": inp, "send": dict(base.get("send", {}))}


def rebased_input(
    inp: dict[str, Any], host: str, path: str, key: ProbeKey, signed_at: float
) -> dict[str, Any]:
    """A SigV4 signing input signed at ``signed_at`` with ``key``, for ``host`` under ``path``."""
    return inp | {
        "access_key_id": key.key_id,
        "secret_access_key": key.secret,
        "region": key.region or inp["region"],
        "service": key.service or inp.get("service", "s3"),
        "timestamp": utc_text(TIMESTAMP_FORMAT, signed_at),
        "path": path + inp["path"],
        "headers": [[n, host if n.lower() == "host" else v] for n, v in inp["headers"]],
    }


def _check_time(request_time: float, now: float, expires: int | None, window: int) -> None:
    """The header form: within the window. A presigned URL: not too far ahead, not expired."""
    if expires is None:
        check_window(request_time, now, window, "X-Amz-Date")
        return
    if request_time - now > window:
        check_window(request_time, now, window, "X-Amz-Date")
    if now > request_time + expires:
        raise Rejection(
            "expired",
            f"presigned URL expired {now - request_time - expires:.0f} s ago "
            f"(X-Amz-Expires {expires})",
        )


def is_signed_streaming(request: Request) -> bool:
    """A chunked upload whose chunks are signed (x-amz-content-sha256 STREAMING-AWS4-...)."""
    return (request.header("x-amz-content-sha256") or "").startswith(SIGNED_STREAMING_PREFIX)


def signed_request_input(
    request: Request, auth: Auth, signer_headers: tuple[str, ...]
) -> dict[str, Any]:
    """What a SigV4 signing input of the received request holds whatever the variant: the
    request line, the signed headers the client gave (not those its signer adds), the key,
    the scope, the time."""
    signed = set(auth.signed_names)
    return {
        "method": request.method,
        "path": request.path,
        "query": request.query,
        "headers": [
            [name, value]
            for name, value in request.headers
            if ascii_lower(ascii_strip(name)) in signed
            and ascii_lower(ascii_strip(name)) not in signer_headers
        ],
        "access_key_id": auth.key_id,
        "secret_access_key": auth.secret,
        "region": auth.region,
        "service": auth.service,
        "timestamp": auth.stamp,
    }


def _signer_input(request: Request, auth: Auth, payload_hash: str) -> dict[str, Any] | None:
    """The reference signer's input for this request, where the reference can express it."""
    inp = signed_request_input(request, auth, aws_sigv4.SIGNER_HEADERS)
    if auth.service == "s3":
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
    if auth.presigned:
        pairs = query_pairs(request.query)
        names = (*PRESIGN_PARAMETERS, TOKEN_PARAMETER)
        inp["query"] = "&".join(
            piece
            for piece in request.query.split("&")
            if piece and query_pairs(piece)[0][0] not in names
        )
        inp |= {"signature_location": "query", "expires_in": auth.expires}
        token_values = [v for n, v in pairs if n == TOKEN_PARAMETER]
    elif request.header("x-amz-content-sha256") is not None:
        inp["sign_body"] = True
    if token_values:
        inp["session_token"] = token_values[0]
    return inp


VERIFIER = AwsVerifier()
