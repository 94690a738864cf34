"""What every scheme's verifier shares: reasons, settings, the verdict, the nonce store."""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .request import Request

# The fixed list of reason codes, each with what it means. A verifier rejects with exactly one,
# the first failing check in the order of each scheme's ``verify`` (documented in
# vectors/README.md). Vectors, the line protocol and ``sigvec serve`` use these codes.
REASONS: dict[str, str] = {
    "missing-auth": "the request carries no signature of the scheme at all",
    "malformed-auth": "the signature parts are there but cannot be read: a part missing, "
    "repeated or unknown, an empty signature, a timestamp or expiry that is not a number "
    "or date, an aws-chunked body not framed as signed (a chunk without its signature, no "
    "final chunk, a trailer without its signature)",
    "unsupported-algorithm": "an algorithm, signature method or version the scheme does not "
    "define (or a streaming payload whose chunk signatures are not verified)",
    "unknown-key": "the access key id / secret id / app id is not in the server's credentials",
    "scope-mismatch": "the credential scope's date, region, service or terminator does not "
    "match the request's time or the server's own",
    "clock-skew": "the request's time is further from the server's clock than the window",
    "expired": "a presigned request used after its X-Amz-Expires",
    "unsigned-header": "a header that must be signed is sent but not signed (host, "
    "content-type for TC3, any x-amz-* header)",
    "signature-mismatch": "the signature (or, in a streaming upload, a chunk's or the "
    "trailer's) differs from the one the server computes",
    "payload-hash-mismatch": "x-amz-content-sha256 is signed but is not the SHA-256 of the "
    "body, or a streaming upload's chunks do not hold X-Amz-Decoded-Content-Length bytes",
    "replay": "a nonce (Alibaba Cloud SignatureNonce) the server has already accepted",
}


@dataclass(frozen=True)
class Settings:
    """The time windows as the vendors document them, each overridable; and optionally the
    server's own region and service, which a credential scope must then name."""

    aws_skew_seconds: int = 15 * 60  # RequestTimeTooSkewed beyond 15 minutes
    aws_max_expires_seconds: int = 7 * 24 * 3600  # X-Amz-Expires at most 604800
    tc3_skew_seconds: int = 5 * 60  # AuthFailure.SignatureExpire beyond 5 minutes
    aliyun_skew_seconds: int = 15 * 60  # InvalidTimeStamp.Expired beyond 15 minutes
    iflytek_skew_seconds: int = 5 * 60  # "more than 5 minutes from server time"
    region: str | None = None
    service: str | None = None


WINDOW_SETTINGS = (
    "aws_skew_seconds",
    "aws_max_expires_seconds",
    "tc3_skew_seconds",
    "aliyun_skew_seconds",
    "iflytek_skew_seconds",
)


class Rejection(Exception):
    """Raised inside a scheme verifier: the request is invalid for ``reason``."""

    def __init__(self, reason: str, message: str) -> None:
        assert reason in REASONS, reason
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass
class Verdict:
    """The outcome of one verification, with what the server computed on the way.

    ``signer_input`` rebuilds the request as input of the reference signer (it holds the
    secret: never print it); it lets catalogued mistakes be replayed on the received request.
    ``received`` holds the received values a signer's output is compared with (``signature``;
    ``query`` for the iFlytek query form).
    """

    scheme: str
    valid: bool = False
    reason: str | None = None
    message: str = ""
    key_id: str | None = None
    intermediates: dict[str, str] = field(default_factory=dict)
    received: dict[str, str] = field(default_factory=dict)
    signer_input: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """Verdict, reason and intermediates: nothing secret."""
        document: dict[str, Any] = {"scheme": self.scheme, "valid": self.valid}
        if not self.valid:
            document |= {"reason": self.reason, "message": self.message}
        if self.key_id is not None:
            document["key"] = self.key_id
        document["intermediates"] = self.intermediates
        return document


@dataclass
class Check:
    """One verification under way: the request, what the server knows, the verdict so far."""

    request: Request
    credentials: Mapping[str, str]
    now: float
    settings: Settings
    nonces: NonceStore | None
    verdict: Verdict


class NonceStore:
    """Nonces accepted recently (thread-safe); forgotten once older than ``keep_seconds``,
    when a request carrying them would fail the time window anyway."""

    def __init__(self, seen: tuple[str, ...] = (), keep_seconds: float = 2 * 15 * 60) -> None:
        self.keep_seconds = keep_seconds
        self._lock = threading.Lock()
        self._seen: dict[str, float] = dict.fromkeys(seen, float("inf"))

    def __contains__(self, nonce: str) -> bool:
        with self._lock:
            return nonce in self._seen

    def add(self, nonce: str, now: float) -> bool:
        """Remember ``nonce``; False if it was already there (a replay)."""
        with self._lock:
            if len(self._seen) > 10000:
                limit = now - self.keep_seconds
                self._seen = {n: t for n, t in self._seen.items() if t >= limit}
            if nonce in self._seen:
                return False
            self._seen[nonce] = now
            return True


def epoch_seconds(now: dt.datetime | float | int | str | None) -> float:
    """The server clock as POSIX seconds: a datetime, a number, an ISO 8601 text, or None
    for the machine's clock."""
    if now is None:
        return time.time()
    if isinstance(now, (int, float)):
        return float(now)
    if isinstance(now, str):
        try:
            now = dt.datetime.fromisoformat(now.strip().replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(
                f"{now!r}: expected an ISO 8601 time such as 2024-05-01T12:00:00Z"
            ) from None
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    return now.timestamp()


def utc_text(layout: str, seconds: float) -> str:
    """``seconds`` written in ``layout``: a strftime layout (UTC), or "epoch" (UNIX seconds)."""
    if layout == "epoch":
        return str(int(seconds))
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).strftime(layout)


def iso_utc(seconds: float) -> str:
    return utc_text("%Y-%m-%dT%H:%M:%SZ", seconds)


# The layouts the schemes write times in, as fixed-width patterns (strptime is slow and lenient:
# it takes single-digit fields; these take exactly the documented form, in ASCII digits).
_LAYOUTS = {
    "%Y%m%dT%H%M%SZ": re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z", re.ASCII),
    "%Y-%m-%dT%H:%M:%SZ": re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z", re.ASCII),
}


def parse_utc(text: str, layout: str) -> float | None:
    """POSIX seconds of a UTC time written exactly in ``layout``; None if it is not one."""
    match = _LAYOUTS[layout].fullmatch(text)
    if match is None:
        return None
    try:
        stamp = dt.datetime(*map(int, match.groups()), tzinfo=dt.timezone.utc)
    except ValueError:  # month 13, February 30, ...
        return None
    return stamp.timestamp()


def check_window(request_time: float, now: float, window: int, what: str) -> None:
    offset = request_time - now
    if abs(offset) > window:
        side = "ahead of" if offset > 0 else "behind"
        raise Rejection(
            "clock-skew",
            f"{what} is {abs(offset):.0f} s {side} the server clock (window: {window} s)",
        )


def flip_bit(encoding: str, signature: str, bit: int) -> str:
    """``signature`` (written in "hex" or "base64") with one bit of its bytes flipped."""
    raw = bytearray(bytes.fromhex(signature) if encoding == "hex" else base64.b64decode(signature))
    raw[bit // 8] ^= 0x80 >> (bit % 8)
    return raw.hex() if encoding == "hex" else base64.b64encode(bytes(raw)).decode("ascii")


def same_signature(expected: str, received: str) -> bool:
    return hmac.compare_digest(expected.encode("utf-8"), received.encode("utf-8"))


def lookup_secret(credentials: Mapping[str, str], key_id: str, what: str) -> str:
    if key_id not in credentials:
        raise Rejection("unknown-key", f"{what} {key_id!r} is not known to the server")
    return credentials[key_id]


def check_nonce(check: Check, nonce: str, what: str) -> None:
    """After the signature: a nonce the server has accepted before is a replay."""
    if check.nonces is not None and not check.nonces.add(nonce, check.now):
        raise Rejection("replay", f"{what} {nonce[:60]!r} was used before")


def single(values: list[str], name: str) -> str | None:
    """The one value sent under ``name``; a repeat is malformed."""
    if len(values) > 1:
        raise Rejection("malformed-auth", f"{name} is sent {len(values)} times")
    return values[0] if values else None


def parse_authorization(value: str, algorithm: str, spaced: bool = True) -> dict[str, str]:
    """``ALGORITHM Credential=..., SignedHeaders=..., Signature=...`` (AWS and TC3 alike).
    ``spaced`` False: the parts are separated by a bare comma (ACS3), a space is part of the
    next part's name."""
    token, _, rest = value.strip().partition(" ")
    if not token:
        raise Rejection("malformed-auth", "the Authorization header is empty")
    if token != algorithm:
        raise Rejection(
            "unsupported-algorithm", f"Authorization algorithm {token[:40]!r}, expected {algorithm}"
        )
    parts: dict[str, str] = {}
    for piece in rest.split(","):
        name, sep, part = (piece.strip() if spaced else piece).partition("=")
        if not sep:
            raise Rejection(
                "malformed-auth", f"Authorization part {piece.strip()[:40]!r} has no '='"
            )
        if name in parts:
            raise Rejection("malformed-auth", f"Authorization part {name} is repeated")
        parts[name] = part
    expected = ("Credential", "SignedHeaders", "Signature")
    for name in parts:
        if name not in expected:
            raise Rejection("malformed-auth", f"Authorization has an unknown part {name[:40]!r}")
    for name in expected:
        if name not in parts:
            raise Rejection("malformed-auth", f"Authorization lacks {name}=")
    if not parts["Signature"]:
        raise Rejection("malformed-auth", "the signature is empty")
    return parts
