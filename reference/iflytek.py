"""iFlytek-style app signature: base64(HMAC-SHA1(key=app_secret, msg=hex(MD5(app_id + ts))))."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from .encoding import hmac_sha1, percent_encode
from .result import Signed

SCHEME = "iflytek"
STEPS = ("base_string", "md5_hex", "hmac_sha1_hex")


def base_string(app_id: str, ts: str) -> str:
    return app_id + ts


def md5_hex(base: str) -> str:
    """Lower-case hex text of MD5 over the UTF-8 bytes: this *text* is what gets signed."""
    return hashlib.md5(base.encode("utf-8")).hexdigest()


def hmac_sha1_digest(app_secret: str, md5_text: str) -> bytes:
    return hmac_sha1(app_secret.encode("utf-8"), md5_text.encode("ascii"))


def sign(inp: dict[str, Any]) -> Signed:
    app_id, ts, secret = inp["app_id"], inp["ts"], inp["app_secret"]
    base = base_string(app_id, ts)
    md5_text = md5_hex(base)
    digest = hmac_sha1_digest(secret, md5_text)
    signature = base64.b64encode(digest).decode("ascii")
    query = "&".join(
        f"{name}={percent_encode(value)}"
        for name, value in (("appid", app_id), ("ts", ts), ("signa", signature))
    )
    return Signed(
        SCHEME,
        inp,
        {"base_string": base, "md5_hex": md5_text, "hmac_sha1_hex": digest.hex()},
        {
            "signature": signature,
            "query": query,
            "headers": {"X-App-Key": app_id, "X-Timestamp": ts, "X-App-Signature": signature},
        },
    )
