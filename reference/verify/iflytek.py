"""Verify the iFlytek-style app signature: headers ``X-App-Key``, ``X-App-Signature``,
``X-Timestamp``, or query ``appid``, ``ts``, ``signa`` (form decoding: ``+`` is a space, so a
signature sent without URL-encoding fails, as on a servlet or PHP server)."""

from __future__ import annotations

from typing import Any

from sigvec.reference import iflytek
from sigvec.reference.encoding import ascii_digits
from sigvec.reference.result import Signed

from .core import (
    Rejection,
    Verdict,
    check_window,
    lookup_secret,
    same_signature,
    single,
    utc_text,
)
from .plugin import Check, InputFields, ProbeKey, SchemeVerifier
from .request import Request, query_pairs

SCHEME = iflytek.SCHEME
HEADER_NAMES = ("X-App-Key", "X-Timestamp", "X-App-Signature")
QUERY_NAMES = ("appid", "ts", "signa")


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


class IflytekVerifier(SchemeVerifier):
    scheme = SCHEME
    vendor = "iflytek"
    signature_encoding = "base64"
    fields = InputFields(("app_id",), "app_secret", ("ts",), "epoch")
    signer = iflytek.Signer()

    def detect(self, request: Request) -> bool:
        names = {name for name, _ in query_pairs(request.query)}
        in_headers = any(request.header(name) is not None for name in HEADER_NAMES)
        return in_headers or bool({"appid", "signa"} & names)

    def verify(self, check: Check) -> None:
        verdict, signer = check.verdict, self.signer
        app_id, ts, signature = _auth_values(check.request, verdict)
        if not signature:
            raise Rejection("malformed-auth", "the signature is empty")
        verdict.key_id = app_id
        secret = lookup_secret(check.credentials, app_id, "app id")
        if not ascii_digits(ts) or len(ts) > 15:
            raise Rejection("malformed-auth", f"timestamp {ts[:20]!r}: expected UNIX seconds")
        check_window(int(ts), check.now, check.settings.iflytek_skew_seconds, "the timestamp")
        verdict.signer_input = {"app_id": app_id, "ts": ts, "app_secret": secret}
        base = signer.base_string(verdict.signer_input)
        md5_text = signer.md5_hex(base)
        expected = signer.encode_signature(signer.hmac(secret, md5_text))
        verdict.intermediates.update(base_string=base, md5_hex=md5_text, signature=expected)
        if not same_signature(expected, signature):
            raise Rejection("signature-mismatch", "the signature differs from the server's")

    def send(self, signed: Signed, how: dict[str, Any]) -> Request:
        host, path, out = ("Host", how["host"]), how.get("path", "/"), signed.output
        method = how.get("method", "GET")
        body = how.get("body", "").encode("utf-8")
        if how.get("form") == "query":
            return Request(method, f"{path}?{out['query']}", (host,), body)
        return Request(method, path, (host, *out["headers"].items()), body)

    def rebase(
        self, base: dict[str, Any], host: str, path: str, key: ProbeKey, signed_at: float
    ) -> dict[str, Any]:
        inp = {**base["input"], "app_id": key.key_id, "app_secret": key.secret}
        inp["ts"] = utc_text("epoch", signed_at)
        send = dict(base.get("send", {}))
        send |= {"host": host, "path": path + send.get("path", "/")}
        return {"input": inp, "send": send}


VERIFIER = IflytekVerifier()
