"""Verify the iFlytek-style app signature: headers ``X-App-Key``, ``X-App-Signature``,
``X-Timestamp``, or query ``appid``, ``ts``, ``signa`` (form decoding: ``+`` is a space, so a
signature sent without URL-encoding fails, as on a servlet or PHP server)."""

from __future__ import annotations

import base64
from collections.abc import Mapping

from sigvec.reference import iflytek
from sigvec.reference.encoding import ascii_digits

from .core import (
    NonceStore,
    Rejection,
    Settings,
    Verdict,
    check_window,
    lookup_secret,
    same_signature,
    single,
)
from .request import Request, query_pairs

SCHEME = iflytek.SCHEME
HEADER_NAMES = ("X-App-Key", "X-Timestamp", "X-App-Signature")
QUERY_NAMES = ("appid", "ts", "signa")


def detect(request: Request) -> bool:
    names = {name for name, _ in query_pairs(request.query)}
    in_headers = any(request.header(name) is not None for name in HEADER_NAMES)
    return in_headers or bool({"appid", "signa"} & names)


def _auth_values(request: Request, verdict: Verdict) -> tuple[str, str, str]:
    """(app id, ts, signature) from the headers, else from the query."""
    if any(request.header(name) is not None for name in HEADER_NAMES):
        values = [single(request.header_values(name), f"header {name}") for name in HEADER_NAMES]
        names = HEADER_NAMES
    else:
        pairs = query_pairs(request.query, plus_is_space=True)
        values = [single([v for n, v in pairs if n == name], name) for name in QUERY_NAMES]
        if all(value is None for value in values):
            raise Rejection("missing-auth", "no X-App-Key/X-App-Signature/X-Timestamp, no signa")
        names = QUERY_NAMES
        verdict.received["query"] = request.query
    for name, value in zip(names, values, strict=True):
        if value is None:
            raise Rejection("malformed-auth", f"no {name}")
    app_id, ts, signature = (str(value) for value in values)
    verdict.received["signature"] = signature
    return app_id, ts, signature


def verify(
    request: Request,
    credentials: Mapping[str, str],
    now: float,
    settings: Settings,
    nonces: NonceStore | None,
    verdict: Verdict,
) -> None:
    app_id, ts, signature = _auth_values(request, verdict)
    if not signature:
        raise Rejection("malformed-auth", "the signature is empty")
    verdict.key_id = app_id
    secret = lookup_secret(credentials, app_id, "app id")
    if not ascii_digits(ts) or len(ts) > 15:
        raise Rejection("malformed-auth", f"timestamp {ts[:20]!r}: expected UNIX seconds")
    check_window(int(ts), now, settings.iflytek_skew_seconds, "the timestamp")
    base = iflytek.base_string(app_id, ts)
    md5_text = iflytek.md5_hex(base)
    expected = base64.b64encode(iflytek.hmac_sha1_digest(secret, md5_text)).decode("ascii")
    verdict.intermediates.update(base_string=base, md5_hex=md5_text, signature=expected)
    verdict.signer_input = {"app_id": app_id, "ts": ts, "app_secret": secret}
    if not same_signature(expected, signature):
        raise Rejection("signature-mismatch", "the signature differs from the server's")
