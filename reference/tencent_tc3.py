"""Tencent Cloud API 3.0 signature, TC3-HMAC-SHA256."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sigvec import schemes

from .encoding import ascii_lower, ascii_strip, hmac_sha256, sha256_hex
from .errors import InputError
from .result import Signed

SCHEME = "tencent-tc3"
ALGORITHM = "TC3-HMAC-SHA256"
DEFAULT_CONTENT_TYPE = "application/json; charset=utf-8"
DEFAULT_SIGNED_HEADERS = ("content-type", "host")
SCOPE_TERMINATOR = "tc3_request"
# The header names the request is sent with, in the order the vectors list them.
HEADER_SPELLING = {
    "content-type": "Content-Type",
    "host": "Host",
    "x-tc-action": "X-TC-Action",
    "x-tc-timestamp": "X-TC-Timestamp",
    "x-tc-version": "X-TC-Version",
    "x-tc-region": "X-TC-Region",
    "x-tc-token": "X-TC-Token",
}
STEPS = schemes.get(SCHEME).steps


def header_values(inp: dict[str, Any]) -> dict[str, str]:
    """The value of every header the scheme can sign, keyed by lower-case name."""
    values = {
        "content-type": inp.get("content_type", DEFAULT_CONTENT_TYPE),
        "host": inp["host"],
        "x-tc-action": inp["action"],
        "x-tc-timestamp": str(inp["timestamp"]),
        "x-tc-version": inp["version"],
    }
    if inp.get("region"):
        values["x-tc-region"] = inp["region"]
    if inp.get("token"):
        values["x-tc-token"] = inp["token"]
    return values


def canonical_headers(names: list[str], values: dict[str, str]) -> str:
    """``name:value\\n`` per signed header, sorted; names *and values* lower-cased, trimmed."""
    return "".join(f"{name}:{ascii_lower(ascii_strip(values[name]))}\n" for name in names)


def canonical_request(method: str, query: str, headers: str, signed: str, payload_hash: str) -> str:
    # The canonical URI is always "/"; an empty query still leaves its (blank) line.
    return "\n".join((method, "/", query, headers, signed, payload_hash))


def utc_date(timestamp: int) -> str:
    return dt.datetime.fromtimestamp(timestamp, tz=dt.timezone.utc).strftime("%Y-%m-%d")


def credential_scope(date: str, service: str) -> str:
    return f"{date}/{service}/{SCOPE_TERMINATOR}"


def string_to_sign(timestamp: int, scope: str, canonical_request_hash: str) -> str:
    return f"{ALGORITHM}\n{timestamp}\n{scope}\n{canonical_request_hash}"


def signing_keys(
    secret_key: str, date: str, service: str, hmac: Callable[[bytes, str], bytes] = hmac_sha256
) -> tuple[bytes, bytes, bytes]:
    """SecretDate, SecretService, SecretSigning: the last one signs."""
    secret_date = hmac(("TC3" + secret_key).encode("utf-8"), date)
    secret_service = hmac(secret_date, service)
    return secret_date, secret_service, hmac(secret_service, SCOPE_TERMINATOR)


def authorization(secret_id: str, scope: str, signed_headers: str, signature: str) -> str:
    return (
        f"{ALGORITHM} Credential={secret_id}/{scope}, "
        f"SignedHeaders={signed_headers}, Signature={signature}"
    )


def sent_headers(values: dict[str, str], authorization: str) -> dict[str, str]:
    """The headers the request carries, in their documented spelling."""
    sent = {"Authorization": authorization}
    sent.update((HEADER_SPELLING[name], value) for name, value in values.items())
    return sent


class Signer:
    """TC3-HMAC-SHA256 as its documented steps, one method each; ``sign`` runs them in order.
    A catalogued mistake (``mistakes.py``) overrides exactly one."""

    # Step 1: the canonical request.
    def payload_hash(self, payload: str) -> str:
        return sha256_hex(payload.encode("utf-8"))

    def canonical_headers(self, names: list[str], values: dict[str, str]) -> str:
        return canonical_headers(names, values)

    def signed_headers(self, names: list[str]) -> str:
        return ";".join(names)

    def canonical_request(
        self, method: str, query: str, headers: str, signed: str, payload_hash: str
    ) -> str:
        return canonical_request(method, query, headers, signed, payload_hash)

    # Step 2: the string to sign.
    def date(self, timestamp: int) -> str:
        return utc_date(timestamp)

    def credential_scope(self, date: str, service: str) -> str:
        return credential_scope(date, service)

    def string_to_sign(self, timestamp: int, scope: str, canonical_request_hash: str) -> str:
        return string_to_sign(timestamp, scope, canonical_request_hash)

    # Step 3: the signature.
    def hmac(self, key: bytes, message: str) -> bytes:
        return hmac_sha256(key, message)

    def signing_keys(self, secret_key: str, date: str, service: str) -> tuple[bytes, ...]:
        return signing_keys(secret_key, date, service, self.hmac)

    def signature(self, signing_key: bytes, to_sign: str) -> str:
        return self.hmac(signing_key, to_sign).hex()

    # Step 4: the Authorization header.
    def authorization(self, secret_id: str, scope: str, signed_headers: str, signature: str) -> str:
        return authorization(secret_id, scope, signed_headers, signature)

    def sign(self, inp: dict[str, Any]) -> Signed:
        inp = {**inp, "timestamp": int(inp["timestamp"])}  # JSON Schema lets 1.0 be an integer
        values = header_values(inp)
        names = sorted(inp.get("signed_headers", DEFAULT_SIGNED_HEADERS))
        missing = [name for name in names if name not in values]
        if missing:
            raise InputError("signed_headers", f"names {missing[0]!r}, but the input has no value")
        payload_hash = self.payload_hash(inp["payload"])
        headers = self.canonical_headers(names, values)
        signed = self.signed_headers(names)
        creq = self.canonical_request(inp["method"], inp["query"], headers, signed, payload_hash)
        date = self.date(inp["timestamp"])
        scope = self.credential_scope(date, inp["service"])
        creq_hash = sha256_hex(creq.encode("utf-8"))
        to_sign = self.string_to_sign(inp["timestamp"], scope, creq_hash)
        keys = self.signing_keys(inp["secret_key"], date, inp["service"])
        signature = self.signature(keys[-1], to_sign)
        authorization = self.authorization(inp["secret_id"], scope, signed, signature)
        intermediates = {
            "hashed_request_payload": payload_hash,
            "canonical_headers": headers,
            "signed_headers": signed,
            "canonical_request": creq,
            "date": date,
            "credential_scope": scope,
            "hashed_canonical_request": creq_hash,
            "string_to_sign": to_sign,
            "secret_date_hex": keys[0].hex(),
            "secret_service_hex": keys[1].hex(),
            "secret_signing_hex": keys[2].hex(),
        }
        output = {
            "signature": signature,
            "authorization": authorization,
            "headers": sent_headers(values, authorization),
        }
        return Signed(SCHEME, inp, intermediates, output)


def sign(inp: dict[str, Any]) -> Signed:
    return Signer().sign(inp)
