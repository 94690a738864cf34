"""Verify Alibaba Cloud RPC signature 1.0: parameters in the query (GET) or a form body (POST).

Parameters are read with form decoding (``+`` is a space), as Alibaba Cloud's gateway reads
them. A ``SignatureNonce`` is accepted once.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from sigvec.reference import aliyun_rpc
from sigvec.reference.encoding import ascii_lower, hmac_sha1

from .core import (
    NonceStore,
    Rejection,
    Settings,
    Verdict,
    check_window,
    lookup_secret,
    parse_utc,
    same_signature,
)
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


def detect(request: Request) -> bool:
    names = {name for name, _ in parameters(request)}
    return "Signature" in names and ("SignatureNonce" in names or "AccessKeyId" in names)


def verify(
    request: Request,
    credentials: Mapping[str, str],
    now: float,
    settings: Settings,
    nonces: NonceStore | None,
    verdict: Verdict,
) -> None:
    pairs = parameters(request)
    params: dict[str, str] = {}
    for name, value in pairs:
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
    secret = lookup_secret(credentials, params["AccessKeyId"], "AccessKeyId")
    timestamp = parse_utc(params["Timestamp"], TIMESTAMP_LAYOUT)
    if timestamp is None:
        raise Rejection(
            "malformed-auth", f"Timestamp {params['Timestamp'][:40]!r} is not YYYY-MM-DDThh:mm:ssZ"
        )
    check_window(timestamp, now, settings.aliyun_skew_seconds, "Timestamp")
    canonical = aliyun_rpc.canonicalized_query_string(params)
    to_sign = aliyun_rpc.string_to_sign(request.method, canonical)
    expected = base64.b64encode(hmac_sha1(aliyun_rpc.signing_key(secret), to_sign)).decode()
    verdict.intermediates.update(
        canonicalized_query_string=canonical, string_to_sign=to_sign, signature=expected
    )
    verdict.signer_input = {"method": request.method, "access_key_secret": secret, "params": params}
    if not same_signature(expected, signature):
        raise Rejection("signature-mismatch", "the signature differs from the server's")
    if nonces is not None and not nonces.add(params["SignatureNonce"], now):
        raise Rejection(
            "replay", f"SignatureNonce {params['SignatureNonce'][:60]!r} was used before"
        )
