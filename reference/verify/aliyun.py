"""Verify Alibaba Cloud RPC signature 1.0: parameters in the query (GET) or a form body (POST).

Parameters are read with form decoding (``+`` is a space), as Alibaba Cloud's gateway reads
them. A ``SignatureNonce`` is accepted once.
"""

from __future__ import annotations

import uuid
from typing import Any

from sigvec.reference import aliyun_rpc
from sigvec.reference.encoding import ascii_lower
from sigvec.reference.result import Signed

from .core import (
    Rejection,
    check_nonce,
    check_window,
    lookup_secret,
    parse_utc,
    same_signature,
    utc_text,
)
from .plugin import Check, InputFields, ProbeKey, SchemeVerifier
from .request import Request, query_pairs

SCHEME = aliyun_rpc.SCHEME
SIGNATURE_METHOD = "HMAC-SHA1"
SIGNATURE_VERSION = "1.0"
TIMESTAMP_LAYOUT = "%Y-%m-%dT%H:%M:%SZ"
REQUIRED = ("AccessKeyId", "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp")
FORM = "application/x-www-form-urlencoded"


def parameters(request: Request) -> list[tuple[str, str]]:
    """Query parameters, then those of a form-encoded body."""
    pairs = query_pairs(request.query, plus_is_space=True)
    content_type = ascii_lower(request.header("content-type") or "")
    if content_type.startswith(FORM) and request.body:
        pairs += query_pairs(request.body.decode("utf-8", "replace"), plus_is_space=True)
    return pairs


class AliyunRpcVerifier(SchemeVerifier):
    scheme = SCHEME
    vendor = "aliyun"
    signature_encoding = "base64"
    fields = InputFields(
        ("params", "AccessKeyId"), "access_key_secret", ("params", "Timestamp"), TIMESTAMP_LAYOUT
    )
    other_time_layouts = ("%H%%3A%M%%3A%S",)
    signer = aliyun_rpc.Signer()

    def detect(self, request: Request) -> bool:
        names = {name for name, _ in parameters(request)}
        return "Signature" in names and ("SignatureNonce" in names or "AccessKeyId" in names)

    def verify(self, check: Check) -> None:
        request, verdict = check.request, check.verdict
        params: dict[str, str] = {}
        for name, value in parameters(request):
            if name in params:
                raise Rejection("malformed-auth", f"parameter {name[:40]!r} is sent twice")
            params[name] = value
        if "Signature" not in params:
            raise Rejection("missing-auth", "no Signature parameter")
        signature = params.pop("Signature")
        verdict.received["signature"] = signature
        for name in REQUIRED:
            if name not in params:
                raise Rejection("malformed-auth", f"no {name} parameter")
        if params["SignatureMethod"] != SIGNATURE_METHOD:
            raise Rejection(
                "unsupported-algorithm", f"SignatureMethod {params['SignatureMethod'][:40]!r}"
            )
        if params["SignatureVersion"] != SIGNATURE_VERSION:
            raise Rejection(
                "unsupported-algorithm", f"SignatureVersion {params['SignatureVersion'][:40]!r}"
            )
        if not signature:
            raise Rejection("malformed-auth", "the signature is empty")
        if not params["SignatureNonce"]:
            raise Rejection("malformed-auth", "the SignatureNonce is empty")
        verdict.key_id = params["AccessKeyId"]
        secret = lookup_secret(check.credentials, params["AccessKeyId"], "AccessKeyId")
        timestamp = parse_utc(params["Timestamp"], TIMESTAMP_LAYOUT)
        if timestamp is None:
            raise Rejection(
                "malformed-auth",
                f"Timestamp {params['Timestamp'][:40]!r} is not YYYY-MM-DDThh:mm:ssZ",
            )
        check_window(timestamp, check.now, check.settings.aliyun_skew_seconds, "Timestamp")
        signer_input = {"method": request.method, "access_key_secret": secret, "params": params}
        canonical = self.signer.canonicalized_query_string(params)
        to_sign = self.signer.string_to_sign(request.method, canonical)
        _, expected = self.signer.signature(self.signer.signing_key(signer_input), to_sign)
        verdict.intermediates.update(
            canonicalized_query_string=canonical, string_to_sign=to_sign, signature=expected
        )
        verdict.signer_input = signer_input
        if not same_signature(expected, signature):
            raise Rejection("signature-mismatch", "the signature differs from the server's")
        check_nonce(check, params["SignatureNonce"], "SignatureNonce")

    def send(self, signed: Signed, how: dict[str, Any]) -> Request:
        host, path, query = (
            ("Host", how["host"]),
            how.get("path", "/"),
            signed.output["signed_query"],
        )
        method = signed.input["method"]
        if how.get("form") == "body":
            headers = (host, ("Content-Type", FORM))
            return Request(method, path, headers, query.encode("utf-8"))
        return Request(method, f"{path}?{query}", (host,))

    def rebase(
        self, base: dict[str, Any], host: str, path: str, key: ProbeKey, signed_at: float
    ) -> dict[str, Any]:
        inp = dict(base["input"])
        params = dict(inp["params"])
        params |= {
            "AccessKeyId": key.key_id,
            "Timestamp": utc_text(TIMESTAMP_LAYOUT, signed_at),
            "SignatureNonce": str(uuid.uuid4()),
        }
        if key.region and "RegionId" in params:
            params["RegionId"] = key.region
        inp |= {"access_key_secret": key.secret, "params": params}
        send = {**base.get("send", {}), "host": host, "path": path or "/"}
        return {"input": inp, "send": send}


VERIFIER = AliyunRpcVerifier()
