"""Alibaba Cloud RPC signature 1.0 (HMAC-SHA1 over ``METHOD&%2F&encode(canonicalized query)``)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from sigvec import schemes

from .encoding import hmac_sha1, percent_encode
from .result import Signed

SCHEME = "aliyun-rpc"
STEPS = schemes.get(SCHEME).steps


def _sort_key(item: tuple[str, str]) -> bytes:
    # Parameter names are compared as UTF-8 bytes (= code point order), as the SDKs sort them.
    return item[0].encode("utf-8")


def sorted_params(params: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(params.items(), key=_sort_key)


def canonicalized_query_string(
    params: dict[str, str],
    encode: Callable[[str], str] = percent_encode,
    order: Callable[[dict[str, str]], list[tuple[str, str]]] = sorted_params,
) -> str:
    """``encode(name)=encode(value)`` joined with ``&``, sorted by name."""
    return "&".join(f"{encode(k)}={encode(v)}" for k, v in order(params))


def string_to_sign(method: str, canonical: str) -> str:
    """The canonical string is percent-encoded a *second* time, so ``%3A`` becomes ``%253A``."""
    return f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"


def signing_key(access_key_secret: str) -> bytes:
    return (access_key_secret + "&").encode("utf-8")


class Signer:
    """Signature 1.0 as its documented steps, one method each; ``sign`` runs them in order.
    A catalogued mistake (``mistakes.py``) overrides exactly one."""

    def encode(self, text: str) -> str:
        return percent_encode(text)

    def sorted_params(self, params: dict[str, str]) -> list[tuple[str, str]]:
        return sorted_params(params)

    def canonicalized_query_string(self, params: dict[str, str]) -> str:
        return canonicalized_query_string(params, self.encode, self.sorted_params)

    def string_to_sign(self, method: str, canonical: str) -> str:
        return string_to_sign(method, canonical)

    def signing_key(self, inp: dict[str, Any]) -> bytes:
        return signing_key(inp["access_key_secret"])

    def signature(self, key: bytes, to_sign: str) -> tuple[bytes, str]:
        """The HMAC-SHA1 digest and its base64 text (the signature)."""
        digest = hmac_sha1(key, to_sign)
        return digest, base64.b64encode(digest).decode("ascii")

    def signed_query(self, params: dict[str, str], signature: str) -> str:
        return self.canonicalized_query_string({**params, "Signature": signature})

    def sign(self, inp: dict[str, Any]) -> Signed:
        params: dict[str, str] = inp["params"]
        canonical = self.canonicalized_query_string(params)
        to_sign = self.string_to_sign(inp["method"], canonical)
        digest, signature = self.signature(self.signing_key(inp), to_sign)
        intermediates = {
            "canonicalized_query_string": canonical,
            "string_to_sign": to_sign,
            "hmac_sha1_hex": digest.hex(),
        }
        output = {"signature": signature, "signed_query": self.signed_query(params, signature)}
        return Signed(SCHEME, inp, intermediates, output)


def sign(inp: dict[str, Any]) -> Signed:
    return Signer().sign(inp)
