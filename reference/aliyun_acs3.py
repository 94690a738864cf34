"""Alibaba Cloud V3 signature, ACS3-HMAC-SHA256.

The steps of "V3 request structure and signature" (help.aliyun.com, "V3版本请求体&签名机制"):
canonical request (method, encoded path, sorted encoded query, ``x-acs-*``/host/content-type
headers, signed header names, SHA-256 of the body), string to sign (``ACS3-HMAC-SHA256`` and
the canonical request's hash), hex HMAC-SHA256 keyed with the AccessKey secret itself, and the
``Authorization`` header with its parts separated by bare commas.
"""

from __future__ import annotations

from typing import Any

from sigvec import schemes

from .aws_sigv4 import request_body
from .encoding import ascii_lower, ascii_strip, hmac_sha256, percent_encode, sha256_hex
from .errors import InputError
from .result import Signed

SCHEME = "aliyun-acs3"
ALGORITHM = "ACS3-HMAC-SHA256"
STEPS = schemes.get(SCHEME).steps
CONTENT_SHA256 = "x-acs-content-sha256"
SECURITY_TOKEN = "x-acs-security-token"
AUTHORIZATION = "Authorization"
# Headers the signer sets itself; a caller who also sent them would sign a stale copy.
SIGNER_HEADERS = (CONTENT_SHA256, SECURITY_TOKEN, "authorization")
# The headers the V3 signature covers: these two by name, and every one with the prefix.
SIGNED_NAMES = ("host", "content-type")
SIGNED_PREFIX = "x-acs-"


def is_signed(lower_name: str) -> bool:
    return lower_name in SIGNED_NAMES or lower_name.startswith(SIGNED_PREFIX)


def canonical_request(parts: tuple[str, ...]) -> str:
    """Method, canonical URI, query string, headers, signed headers, payload hash. The headers
    block ends in ``\\n`` already, so one newline separates it from the signed headers."""
    return "\n".join(parts)


def string_to_sign(hashed_canonical_request: str) -> str:
    return f"{ALGORITHM}\n{hashed_canonical_request}"


def authorization(access_key_id: str, signed_headers: str, signature: str) -> str:
    """The three parts separated by a bare comma (no space, unlike SigV4 and TC3)."""
    parts = (
        f"Credential={access_key_id}",
        f"SignedHeaders={signed_headers}",
        f"Signature={signature}",
    )
    return f"{ALGORITHM} " + ",".join(parts)


def check_headers(headers: list[tuple[str, str]]) -> None:
    """Refuse a header the signer sets, and a name sent twice (case-insensitively)."""
    seen: set[str] = set()
    for name, _ in headers:
        lower = ascii_lower(name)
        if lower in SIGNER_HEADERS:
            raise InputError("headers", f"{name!r} is set by the signer; leave it out")
        if lower in seen:
            raise InputError("headers", f"{name!r} is sent twice; send each header once")
        seen.add(lower)


class Signer:
    """ACS3-HMAC-SHA256 as its documented steps, one method each; ``sign`` runs them in order.
    A catalogued mistake (``mistakes_aliyun_acs3.py``) overrides exactly one."""

    # Step 1: the canonical request.
    def encode(self, text: str, keep: bytes = b"") -> str:
        """RFC 3986, byte by byte: unreserved kept, space %20, ``*`` %2A, ``~`` kept."""
        return percent_encode(text, keep)

    def canonical_uri(self, path: str) -> str:
        """The resource path encoded with ``/`` kept; ``/`` when empty."""
        return self.encode(path or "/", keep=b"/")

    def canonical_query_string(self, query: dict[str, str]) -> str:
        """``enc(name)=enc(value)`` joined by ``&``, sorted by the unencoded name (code point
        order): the documentation sorts the parameters first, then encodes them."""
        pairs = sorted(query.items())
        return "&".join(f"{self.encode(k)}={self.encode(v)}" for k, v in pairs)

    def hashed_request_payload(self, body: bytes) -> str:
        return sha256_hex(body)

    def added_headers(self, payload_hash: str, token: str | None) -> list[tuple[str, str]]:
        """The headers the signer adds before it signs (they are signed too)."""
        added = [(CONTENT_SHA256, payload_hash)]
        if token is not None:
            added.append((SECURITY_TOKEN, token))
        return added

    def header_name(self, name: str) -> str:
        return ascii_lower(name)

    def header_value(self, value: str) -> str:
        return ascii_strip(value)

    def signed(self, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The signed headers as canonical (name, value) pairs, sorted by name."""
        kept = [(name, value) for name, value in headers if is_signed(ascii_lower(name))]
        pairs = [(self.header_name(name), self.header_value(value)) for name, value in kept]
        return sorted(pairs)

    def canonical_headers(self, signed: list[tuple[str, str]]) -> str:
        return "".join(f"{name}:{value}\n" for name, value in signed)

    def signed_headers(self, signed: list[tuple[str, str]]) -> str:
        return ";".join(name for name, _ in signed)

    def canonical_request(self, parts: tuple[str, ...]) -> str:
        return canonical_request(parts)

    # Step 2: the string to sign.
    def hashed_canonical_request(self, creq: str) -> str:
        return sha256_hex(creq.encode("utf-8"))

    def string_to_sign(self, hashed_canonical_request: str) -> str:
        return string_to_sign(hashed_canonical_request)

    # Step 3: the signature.
    def signature(self, secret: str, to_sign: str) -> str:
        return hmac_sha256(secret.encode("utf-8"), to_sign).hex()

    # Step 4: the Authorization header.
    def authorization(self, access_key_id: str, signed_headers: str, signature: str) -> str:
        return authorization(access_key_id, signed_headers, signature)

    def sign(self, inp: dict[str, Any]) -> Signed:
        headers = [(name, value) for name, value in inp["headers"]]
        check_headers(headers)
        uri = self.canonical_uri(inp.get("path", "/"))
        query = self.canonical_query_string(inp.get("query", {}))
        payload_hash = self.hashed_request_payload(request_body(inp))
        added = self.added_headers(payload_hash, inp.get("security_token"))
        signed = self.signed(headers + added)
        header_block = self.canonical_headers(signed)
        signed_names = self.signed_headers(signed)
        creq = self.canonical_request(
            (inp["method"], uri, query, header_block, signed_names, payload_hash)
        )
        creq_hash = self.hashed_canonical_request(creq)
        to_sign = self.string_to_sign(creq_hash)
        signature = self.signature(inp["access_key_secret"], to_sign)
        auth = self.authorization(inp["access_key_id"], signed_names, signature)
        intermediates = {
            "canonical_uri": uri,
            "canonical_query_string": query,
            "hashed_request_payload": payload_hash,
            "canonical_headers": header_block,
            "signed_headers": signed_names,
            "canonical_request": creq,
            "hashed_canonical_request": creq_hash,
            "string_to_sign": to_sign,
        }
        output = {
            "signature": signature,
            "authorization": auth,
            "headers": {**dict(added), AUTHORIZATION: auth},
        }
        return Signed(SCHEME, inp, intermediates, output)


def sign(inp: dict[str, Any]) -> Signed:
    return Signer().sign(inp)
