"""Verify Alibaba Cloud's V3 signature, ACS3-HMAC-SHA256: the Authorization header.

The canonical request is the reference signer's (``sigvec.reference.aliyun_acs3``): the path
and the query (form decoding, as Alibaba Cloud's gateway reads them: ``+`` is a space) as the
API named them, encoded again; the headers named in SignedHeaders that the scheme signs; and the
payload hash that ``x-acs-content-sha256`` carries, which must then hash the body. An
``x-acs-signature-nonce`` is accepted once.
"""

from __future__ import annotations

import base64
import uuid
from typing import Any

from sigvec.reference import aliyun_acs3, aws_sigv4
from sigvec.reference.encoding import ascii_lower, ascii_strip, percent_decode, sha256_hex
from sigvec.reference.result import Signed

from .core import (
    Check,
    Rejection,
    check_nonce,
    check_window,
    lookup_secret,
    parse_authorization,
    parse_utc,
    same_signature,
    single,
    utc_text,
)
from .plugin import InputFields, ProbeKey, SchemeVerifier
from .request import Request, query_pairs

SCHEME = aliyun_acs3.SCHEME
ALGORITHM = aliyun_acs3.ALGORITHM
DATE = "x-acs-date"
NONCE = "x-acs-signature-nonce"
DATE_LAYOUT = "%Y-%m-%dT%H:%M:%SZ"


def _header_value(inp: dict[str, Any], name: str) -> str:
    return next(value for key, value in inp["headers"] if ascii_lower(key) == name)


class Acs3Verifier(SchemeVerifier):
    scheme = SCHEME
    vendor = "aliyun"
    fields = InputFields(("access_key_id",), "access_key_secret", (), DATE_LAYOUT)
    signer = aliyun_acs3.Signer()

    def detect(self, request: Request) -> bool:
        return (request.header("authorization") or "").startswith("ACS3-")

    def verify(self, check: Check) -> None:
        request, verdict, signer = check.request, check.verdict, self.signer
        value = single(request.header_values("authorization"), "the Authorization header")
        if value is None:
            raise Rejection("missing-auth", "no Authorization header")
        parts = parse_authorization(value, ALGORITHM, spaced=False)
        verdict.received["signature"] = parts["Signature"]
        key_id = parts["Credential"]
        if not key_id:
            raise Rejection("malformed-auth", "Credential is empty")
        verdict.key_id = key_id
        secret = lookup_secret(check.credentials, key_id, "AccessKeyId")
        stamp = single(request.header_values(DATE), "x-acs-date")
        request_time = parse_utc(stamp or "", DATE_LAYOUT)
        if request_time is None:
            raise Rejection("malformed-auth", f"x-acs-date {stamp!r}: expected {DATE_LAYOUT}")
        check_window(request_time, check.now, check.settings.aliyun_skew_seconds, "x-acs-date")
        nonce = single(request.header_values(NONCE), "x-acs-signature-nonce")
        if not nonce:
            raise Rejection("malformed-auth", "no x-acs-signature-nonce")
        content_hash = single(request.header_values(aliyun_acs3.CONTENT_SHA256), "the hash")
        if content_hash is None:
            raise Rejection("malformed-auth", "no x-acs-content-sha256")
        names = {ascii_lower(name) for name in parts["SignedHeaders"].split(";") if name}
        for name in request.header_names():
            if aliyun_acs3.is_signed(name) and name not in names:
                raise Rejection("unsigned-header", f"{name} is sent but not signed")
        for name in names:
            single(request.header_values(name), f"signed header {name}")
        params = _parameters(request)
        signed = signer.signed([(n, v) for n, v in request.headers if ascii_lower(n) in names])
        creq = signer.canonical_request(
            (
                request.method,
                signer.canonical_uri(_decoded(request.path)),
                signer.canonical_query_string(params),
                signer.canonical_headers(signed),
                signer.signed_headers(signed),
                content_hash,
            )
        )
        to_sign = signer.string_to_sign(signer.hashed_canonical_request(creq))
        expected = signer.signature(secret, to_sign)
        verdict.intermediates.update(
            canonical_request=creq, string_to_sign=to_sign, signature=expected
        )
        if not same_signature(expected, parts["Signature"]):
            verdict.signer_input = _signer_input(request, params, key_id, secret)
            raise Rejection("signature-mismatch", "the signature differs from the server's")
        if content_hash != sha256_hex(request.body):
            raise Rejection(
                "payload-hash-mismatch", "x-acs-content-sha256 is not the SHA-256 of the body"
            )
        check_nonce(check, nonce, "x-acs-signature-nonce")

    # ------------------------------------------------------------ verifier cases, probe

    def signing_time(self, inp: dict[str, Any]) -> float:
        return parse_utc(_header_value(inp, DATE), DATE_LAYOUT) or 0.0

    def send(self, signed: Signed, how: dict[str, Any]) -> Request:
        """Sent as an HTTP client would: the path and query encoded as the scheme encodes
        them (whatever the signer got wrong is in its signature only)."""
        inp, reference = signed.input, aliyun_acs3.Signer()
        target = reference.canonical_uri(inp.get("path", "/"))
        if inp.get("query"):
            target += "?" + reference.canonical_query_string(inp["query"])
        headers = [tuple(pair) for pair in inp["headers"]] + list(signed.output["headers"].items())
        return Request(inp["method"], target, tuple(headers), aws_sigv4.request_body(inp))

    def base_host(self, base: dict[str, Any]) -> str | None:
        return _header_value(base["input"], "host")

    def rebase(
        self, base: dict[str, Any], host: str, path: str, key: ProbeKey, signed_at: float
    ) -> dict[str, Any]:
        fresh = {
            "host": host,
            DATE: utc_text(DATE_LAYOUT, signed_at),
            NONCE: uuid.uuid4().hex,
        }
        inp = base["input"] | {
            "access_key_id": key.key_id,
            "access_key_secret": key.secret,
            "path": path + base["input"].get("path", "/"),
            "headers": [[n, fresh.get(ascii_lower(n), v)] for n, v in base["input"]["headers"]],
        }
        return {"input": inp, "send": dict(base.get("send", {}))}


def _decoded(text: str) -> str:
    return percent_decode(text).decode("utf-8", "replace")


def _parameters(request: Request) -> dict[str, str]:
    """The query parameters (form decoding); a name sent twice is malformed."""
    params: dict[str, str] = {}
    for name, value in query_pairs(request.query, plus_is_space=True):
        if name in params:
            raise Rejection("malformed-auth", f"query parameter {name[:40]!r} is sent twice")
        params[name] = value
    return params


def _signer_input(
    request: Request, params: dict[str, str], key_id: str, secret: str
) -> dict[str, Any]:
    """The reference signer's input for this request."""
    inp: dict[str, Any] = {
        "method": request.method,
        "path": _decoded(request.path),
        "query": params,
        "headers": [
            [name, value]
            for name, value in request.headers
            if ascii_lower(ascii_strip(name)) not in aliyun_acs3.SIGNER_HEADERS
        ],
        "access_key_id": key_id,
        "access_key_secret": secret,
    }
    try:
        inp["body"] = request.body.decode("utf-8")
    except UnicodeDecodeError:
        inp["body_base64"] = base64.b64encode(request.body).decode("ascii")
    token = request.header(aliyun_acs3.SECURITY_TOKEN)
    if token is not None:
        inp["security_token"] = token
    return inp


VERIFIER = Acs3Verifier()
