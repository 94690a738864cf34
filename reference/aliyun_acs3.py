"""Alibaba Cloud ACS3-HMAC-SHA256 (V3): placeholder (TODO).

The scaffold wrote a working placeholder (an HMAC-SHA256 over ``key_id`` and ``message``):
replace each step with the scheme's own, keeping one ``Signer`` method per documented step.
"""

from __future__ import annotations

from typing import Any

from sigvec import schemes

from .encoding import hmac_sha256
from .result import Signed

SCHEME = "aliyun-acs3"
STEPS = schemes.get(SCHEME).steps


def string_to_sign(key_id: str, message: str) -> str:
    return f"{key_id}\n{message}"


class Signer:
    """The scheme as its documented steps, one method each; ``sign`` runs them in order. A
    catalogued mistake (``mistakes.py``) overrides exactly one."""

    def string_to_sign(self, inp: dict[str, Any]) -> str:
        return string_to_sign(inp["key_id"], inp["message"])

    def signature(self, secret: str, to_sign: str) -> str:
        return hmac_sha256(secret.encode("utf-8"), to_sign).hex()

    def sign(self, inp: dict[str, Any]) -> Signed:
        to_sign = self.string_to_sign(inp)
        signature = self.signature(inp["secret"], to_sign)
        intermediates = {"string_to_sign": to_sign}
        output = {"signature": signature}
        return Signed(SCHEME, inp, intermediates, output)


def sign(inp: dict[str, Any]) -> Signed:
    return Signer().sign(inp)
