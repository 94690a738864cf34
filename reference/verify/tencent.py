"""Verify Tencent Cloud TC3-HMAC-SHA256 (API 3.0): the Authorization header.

The canonical URI is always ``/`` (API 3.0 posts to the root); the canonical query is the raw
query as sent; signed header values are lower-cased and trimmed.
"""

from __future__ import annotations

from typing import Any

from sigvec.reference import tencent_tc3
from sigvec.reference.encoding import ascii_digits, ascii_lower, sha256_hex
from sigvec.reference.result import Signed

from .core import (
    Rejection,
    check_window,
    lookup_secret,
    parse_authorization,
    same_signature,
    single,
)
from .plugin import Check, InputFields, ProbeKey, SchemeVerifier
from .request import Request

SCHEME = tencent_tc3.SCHEME
ALGORITHM = tencent_tc3.ALGORITHM
SIGNER = tencent_tc3.Signer()  # its steps, called one by one
REQUIRED_SIGNED = tencent_tc3.DEFAULT_SIGNED_HEADERS  # content-type and host
# Header name -> the reference input field that holds its value.
INPUT_FIELDS = {
    "content-type": "content_type",
    "host": "host",
    "x-tc-action": "action",
    "x-tc-version": "version",
    "x-tc-region": "region",
    "x-tc-token": "token",
}


class TencentVerifier(SchemeVerifier):
    scheme = SCHEME
    vendor = "tencent"
    fields = InputFields(("secret_id",), "secret_key", ("timestamp",), "epoch")
    other_time_layouts = ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ")

    def detect(self, request: Request) -> bool:
        return (request.header("authorization") or "").startswith("TC3-")

    def verify(self, check: Check) -> None:
        request, settings, verdict, signer = check.request, check.settings, check.verdict, SIGNER
        value = single(request.header_values("authorization"), "the Authorization header")
        if value is None:
            raise Rejection("missing-auth", "no Authorization header")
        parts = parse_authorization(value, ALGORITHM)
        verdict.received["signature"] = parts["Signature"]
        scope_parts = parts["Credential"].split("/")
        if len(scope_parts) != 4 or not all(scope_parts[:3]):
            raise Rejection(
                "malformed-auth", "Credential is not SECRETID/YYYY-MM-DD/SERVICE/tc3_request"
            )
        secret_id, date, service, terminator = scope_parts
        verdict.key_id = secret_id
        if terminator != tencent_tc3.SCOPE_TERMINATOR:
            raise Rejection("scope-mismatch", f"credential scope ends in {terminator!r}")
        secret = lookup_secret(check.credentials, secret_id, "SecretId")
        stamp = single(request.header_values("x-tc-timestamp"), "the X-TC-Timestamp header")
        if stamp is None or not ascii_digits(stamp) or len(stamp) > 15:
            raise Rejection("malformed-auth", f"X-TC-Timestamp {stamp!r}: expected UNIX seconds")
        timestamp = int(stamp)
        if date != signer.date(timestamp):
            raise Rejection(
                "scope-mismatch",
                f"scope date {date} is not the UTC date of X-TC-Timestamp "
                f"({signer.date(timestamp)})",
            )
        if settings.service is not None and service != settings.service:
            raise Rejection(
                "scope-mismatch", f"scope service {service!r}, the server is {settings.service!r}"
            )
        check_window(timestamp, check.now, settings.tc3_skew_seconds, "X-TC-Timestamp")
        names = sorted({ascii_lower(name) for name in parts["SignedHeaders"].split(";") if name})
        for name in REQUIRED_SIGNED:
            if name not in names:
                raise Rejection("unsigned-header", f"{name} is not among the signed headers")
        values = {name: ",".join(request.header_values(name)) for name in names}
        creq = signer.canonical_request(
            request.method,
            request.query,
            signer.canonical_headers(names, values),
            signer.signed_headers(names),
            sha256_hex(request.body),  # the body as bytes: it need not be UTF-8
        )
        scope = signer.credential_scope(date, service)
        to_sign = signer.string_to_sign(timestamp, scope, sha256_hex(creq.encode("utf-8")))
        expected = signer.signature(signer.signing_keys(secret, date, service)[-1], to_sign)
        verdict.intermediates.update(
            canonical_request=creq,
            string_to_sign=to_sign,
            credential_scope=scope,
            signature=expected,
        )
        if not same_signature(expected, parts["Signature"]):  # only then: what was signed
            verdict.signer_input = _signer_input(
                request, names, secret_id, secret, service, timestamp
            )
            raise Rejection("signature-mismatch", "the signature differs from the server's")

    def send(self, signed: Signed, how: dict[str, Any]) -> Request:
        inp, out = signed.input, signed.output
        target = how.get("path", "/") + (f"?{inp['query']}" if inp["query"] else "")
        headers = tuple(out["headers"].items())
        return Request(inp["method"], target, headers, inp["payload"].encode("utf-8"))

    def base_host(self, base: dict[str, Any]) -> str | None:
        return base["input"]["host"]

    def rebase(
        self, base: dict[str, Any], host: str, path: str, key: ProbeKey, signed_at: float
    ) -> dict[str, Any]:
        inp = dict(base["input"])
        inp |= {
            "secret_id": key.key_id,
            "secret_key": key.secret,
            "host": host,
            "service": key.service or inp["service"],
            "timestamp": int(signed_at),
        }
        if key.region:
            inp["region"] = key.region
        return {"input": inp, "send": {**base.get("send", {}), "path": path or "/"}}


def _signer_input(
    request: Request, names: list[str], secret_id: str, secret: str, service: str, timestamp: int
) -> dict[str, Any] | None:
    """The reference signer's input for this request, where the reference can express it."""
    if any(name not in INPUT_FIELDS and name != "x-tc-timestamp" for name in names):
        return None
    try:
        payload = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    inp: dict[str, Any] = {
        "secret_id": secret_id,
        "secret_key": secret,
        "service": service,
        "timestamp": timestamp,
        "method": request.method,
        "payload": payload,
        "query": request.query,
        "signed_headers": names,
    }
    for name, input_field in INPUT_FIELDS.items():
        value = request.header(name)
        if value is not None:
            inp[input_field] = value
    if "action" not in inp or "version" not in inp:
        return None
    return inp


VERIFIER = TencentVerifier()
