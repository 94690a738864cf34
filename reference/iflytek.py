"""iFlytek-style app signature: base64(HMAC-SHA1(key=app_secret, msg=hex(MD5(app_id + ts))))."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from sigvec import schemes

from .encoding import hmac_sha1, percent_encode
from .result import Signed

SCHEME = "iflytek"
STEPS = schemes.get(SCHEME).steps


def base_string(app_id: str, ts: str) -> str:
    return app_id + ts


def md5_hex(base: str) -> str:
    """Lower-case hex text of MD5 over the UTF-8 bytes: this *text* is what gets signed."""
    return hashlib.md5(base.encode("utf-8")).hexdigest()


def hmac_sha1_digest(app_secret: str, md5_text: str) -> bytes:
    return hmac_sha1(app_secret.encode("utf-8"), md5_text.encode("ascii"))


class Signer:
    """The scheme as its steps, one method each; ``sign`` runs them in order. A catalogued
    mistake (``mistakes.py``) overrides exactly one."""

    def base_string(self, inp: dict[str, Any]) -> str:
        return base_string(inp["app_id"], inp["ts"])

    def md5_hex(self, base: str) -> str:
        return md5_hex(base)

    def hmac(self, app_secret: str, md5_text: str) -> bytes:
        return hmac_sha1_digest(app_secret, md5_text)

    def encode_signature(self, digest: bytes) -> str:
        return base64.b64encode(digest).decode("ascii")

    def query_value(self, name: str, value: str) -> str:
        return percent_encode(value)

    def query(self, app_id: str, ts: str, signature: str) -> str:
        parameters = (("appid", app_id), ("ts", ts), ("signa", signature))
        return "&".join(f"{name}={self.query_value(name, value)}" for name, value in parameters)

    def sign(self, inp: dict[str, Any]) -> Signed:
        app_id, ts = inp["app_id"], inp["ts"]
        base = self.base_string(inp)
        md5_text = self.md5_hex(base)
        digest = self.hmac(inp["app_secret"], md5_text)
        signature = self.encode_signature(digest)
        intermediates = {"base_string": base, "md5_hex": md5_text, "hmac_sha1_hex": digest.hex()}
        output = {
            "signature": signature,
            "query": self.query(app_id, ts, signature),
            "headers": {"X-App-Key": app_id, "X-Timestamp": ts, "X-App-Signature": signature},
        }
        return Signed(SCHEME, inp, intermediates, output)


def sign(inp: dict[str, Any]) -> Signed:
    return Signer().sign(inp)
