"""Tencent Cloud API 3.0 signature, TC3-HMAC-SHA256."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sigvec import schemes

from .encoding import ascii_lower, ascii_strip, hmac_sha256, sha256_hex
from .errors import InputError
from .result import Signed

SCHEME = "tencent-tc3"
ALGORITHM = "TC3-HMAC-SHA256"
DEFAULT_CONTENT_TYPE = "application/json; charset=utf-8"
DEFAULT_SIGNED_HEADERS = ("content-type", "host")
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


def signing_keys(secret_key: str, date: str, service: str) -> tuple[bytes, bytes, bytes]:
    secret_date = hmac_sha256(("TC3" + secret_key).encode("utf-8"), date)
    secret_service = hmac_sha256(secret_date, service)
    return secret_date, secret_service, hmac_sha256(secret_service, "tc3_request")


class Signer:
    """The scheme as overridable steps: a catalogued mistake overrides exactly one."""

    def canonical_headers(self, names: list[str], values: dict[str, str]) -> str:
        return canonical_headers(names, values)

    def signed_headers(self, names: list[str]) -> str:
        return ";".join(names)

    def payload_hash(self, payload: str) -> str:
        return sha256_hex(payload.encode("utf-8"))

    def canonical_request(
        self, method: str, query: str, headers: str, signed: str, payload_hash: str
    ) -> str:
        return canonical_request(method, query, headers, signed, payload_hash)

    def date(self, timestamp: int) -> str:
        return utc_date(timestamp)

    def hmac(self, key: bytes, message: str) -> bytes:
        return hmac_sha256(key, message)

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
        scope = f"{date}/{inp['service']}/tc3_request"
        creq_hash = sha256_hex(creq.encode("utf-8"))
        to_sign = f"{ALGORITHM}\n{inp['timestamp']}\n{scope}\n{creq_hash}"
        secret_date = self.hmac(("TC3" + inp["secret_key"]).encode("utf-8"), date)
        secret_service = self.hmac(secret_date, inp["service"])
        secret_signing = self.hmac(secret_service, "tc3_request")
        signature = self.hmac(secret_signing, to_sign).hex()
        authorization = (
            f"{ALGORITHM} Credential={inp['secret_id']}/{scope}, "
            f"SignedHeaders={signed}, Signature={signature}"
        )
        sent = {
            "Authorization": authorization,
            "Content-Type": values["content-type"],
            "Host": inp["host"],
            "X-TC-Action": inp["action"],
            "X-TC-Timestamp": str(inp["timestamp"]),
            "X-TC-Version": inp["version"],
        }
        if "x-tc-region" in values:
            sent["X-TC-Region"] = values["x-tc-region"]
        if "x-tc-token" in values:
            sent["X-TC-Token"] = values["x-tc-token"]
        intermediates = {
            "hashed_request_payload": payload_hash,
            "canonical_headers": headers,
            "signed_headers": signed,
            "canonical_request": creq,
            "date": date,
            "credential_scope": scope,
            "hashed_canonical_request": creq_hash,
            "string_to_sign": to_sign,
            "secret_date_hex": secret_date.hex(),
            "secret_service_hex": secret_service.hex(),
            "secret_signing_hex": secret_signing.hex(),
        }
        output = {"signature": signature, "authorization": authorization, "headers": sent}
        return Signed(SCHEME, inp, intermediates, output)


def sign(inp: dict[str, Any]) -> Signed:
    return Signer().sign(inp)
