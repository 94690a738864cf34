"""Verify iFlytek's HMAC-SHA256 URL authentication: ``authorization``, ``date`` and ``host`` in
the query (form decoding: ``+`` is a space), the authorization the base64 of
``api_key="…", algorithm="hmac-sha256", headers="host date request-line", signature="…"``.

The server signs what it received: the host the request reached (its Host header; the query's
``host`` when there is none), the ``date`` parameter, and the request line of the request
itself. So a client that signed another host (a scheme prefix, a port dropped), another path or
method, is rejected. The signature origin and HMAC are the reference signer's own steps.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import re
from typing import Any

from sigvec.reference import iflytek_ws
from sigvec.reference.encoding import percent_encode
from sigvec.reference.result import Signed

from .core import (
    Check,
    Rejection,
    Verdict,
    check_window,
    flip_bit,
    lookup_secret,
    same_signature,
    single,
    utc_text,
)
from .plugin import InputFields, ProbeKey, SchemeVerifier
from .request import Request, query_pairs

SCHEME = iflytek_ws.SCHEME
QUERY_NAMES = ("authorization", "date", "host")
PARTS = ("api_key", "algorithm", "headers", "signature")
DATE_LAYOUT = "%a, %d %b %Y %H:%M:%S GMT"  # RFC 1123, GMT (English names: the C locale's)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
RFC1123 = re.compile(
    rf"({'|'.join(DAYS)}), (\d\d) ({'|'.join(MONTHS)}) (\d{{4}}) (\d\d):(\d\d):(\d\d) GMT",
    re.ASCII,
)
PART = re.compile(r'([a-z_]+)="([^"]*)"')


def parse_rfc1123(text: str) -> float | None:
    """POSIX seconds of an RFC 1123 GMT date written exactly so (its weekday right); None if
    it is not one."""
    match = RFC1123.fullmatch(text)
    if match is None:
        return None
    day_name, day, month, year, hour, minute, second = match.groups()
    fields = (int(year), MONTHS.index(month) + 1, int(day), int(hour), int(minute), int(second))
    try:
        seconds = calendar.timegm((*fields, 0, 0, 0))
        if utc_text(DATE_LAYOUT, seconds) != text:  # February 30, a wrong weekday, ...
            return None
    except (ValueError, OverflowError):
        return None
    return float(seconds)


def parse_authorization_origin(text: str) -> dict[str, str]:
    """``name="value"`` parts separated by ``, ``: each of api_key, algorithm, headers and
    signature once, nothing else."""
    parts: dict[str, str] = {}
    rest = text
    while rest:
        match = PART.match(rest)
        if match is None:
            raise Rejection("malformed-auth", f'authorization part {rest[:40]!r} is not name="…"')
        name, value = match.groups()
        if name not in PARTS or name in parts:
            raise Rejection("malformed-auth", f"authorization part {name!r} unknown or repeated")
        parts[name] = value
        rest = rest[match.end() :]
        if rest:
            if not rest.startswith(", "):
                raise Rejection("malformed-auth", "authorization parts are not separated by ', '")
            rest = rest[2:]
    missing = [name for name in PARTS if name not in parts]
    if missing:
        raise Rejection("malformed-auth", f"authorization has no {missing[0]}")
    return parts


def _query_values(request: Request, verdict: Verdict) -> tuple[str, str, str]:
    """(authorization, date, host) from the query; none of them: missing-auth."""
    pairs = query_pairs(request.query, plus_is_space=True)
    values = [single([v for n, v in pairs if n == name], name) for name in QUERY_NAMES]
    if all(value is None for value in values):
        raise Rejection("missing-auth", "no authorization, date or host in the query")
    for name, value in zip(QUERY_NAMES, values, strict=True):
        if value is None:
            raise Rejection("malformed-auth", f"no {name} in the query")
    verdict.received["query"] = request.query
    authorization, date, host = (str(value) for value in values)
    return authorization, date, host


class IflytekWsVerifier(SchemeVerifier):
    scheme = SCHEME
    vendor = "iflytek"
    signature_encoding = "base64"
    fields = InputFields(("api_key",), "api_secret", ("date",), DATE_LAYOUT)
    other_time_layouts = (  # the date percent-encoded in the URL (or form-encoded), a time alone
        "%a%%2C%%20%d%%20%b%%20%Y%%20%H%%3A%M%%3A%S%%20GMT",
        "%a%%2C+%d+%b+%Y+%H%%3A%M%%3A%S+GMT",
        "%Y-%m-%dT%H%%3A%M%%3A%SZ",
        "%H%%3A%M%%3A%S",
        "%a%%2C%%20%d",
    )
    signer = iflytek_ws.Signer()

    def detect(self, request: Request) -> bool:
        names = {name for name, _ in query_pairs(request.query)}
        return "authorization" in names and bool({"date", "host"} & names)

    def verify(self, check: Check) -> None:
        request, verdict, signer = check.request, check.verdict, self.signer
        authorization, date, host = _query_values(request, verdict)
        try:
            origin = base64.b64decode(authorization, validate=True).decode("utf-8")
        except (binascii.Error, ValueError):
            raise Rejection(
                "malformed-auth", "authorization is not standard base64 of UTF-8 text"
            ) from None
        parts = parse_authorization_origin(origin)
        verdict.received["signature"] = parts["signature"]
        if parts["algorithm"] != iflytek_ws.ALGORITHM:
            raise Rejection(
                "unsupported-algorithm",
                f"algorithm {parts['algorithm'][:40]!r}, expected {iflytek_ws.ALGORITHM}",
            )
        if parts["headers"] != iflytek_ws.SIGNED_HEADERS:
            raise Rejection(
                "malformed-auth",
                f"headers {parts['headers'][:60]!r}, expected {iflytek_ws.SIGNED_HEADERS!r}",
            )
        if not parts["signature"]:
            raise Rejection("malformed-auth", "the signature is empty")
        verdict.key_id = parts["api_key"]
        secret = lookup_secret(check.credentials, parts["api_key"], "APIKey")
        request_time = parse_rfc1123(date)
        if request_time is None:
            raise Rejection("malformed-auth", f"date {date[:40]!r} is not RFC 1123 in GMT")
        check_window(request_time, check.now, check.settings.iflytek_skew_seconds, "date")
        reached = single(request.header_values("host"), "the Host header") or host
        line = signer.request_line(request.method, request.path)
        signed_origin = signer.signature_origin(reached, date, line)
        expected = signer.encode_signature(signer.hmac(secret, signed_origin))
        verdict.intermediates.update(signature_origin=signed_origin, signature=expected)
        verdict.signer_input = {
            "api_key": parts["api_key"],
            "api_secret": secret,
            "host": reached,
            "path": request.path,
            "method": request.method,
            "date": date,
        }
        if not same_signature(expected, parts["signature"]):
            raise Rejection("signature-mismatch", "the signature differs from the server's")

    # ------------------------------------------------------------ verifier cases, probe

    def signing_time(self, inp: dict[str, Any]) -> float:
        return parse_rfc1123(inp["date"]) or 0.0

    def send(self, signed: Signed, how: dict[str, Any]) -> Request:
        """The URL's request: its path with the signed query, Host the input's host."""
        inp = signed.input
        target = f"{inp['path']}?{signed.output['query']}"
        method = inp.get("method", iflytek_ws.DEFAULT_METHOD)
        return Request(method, target, (("Host", inp["host"]),), how.get("body", "").encode())

    def tamper(self, request: Request, signed: Signed, kind: str, arg: Any) -> Request | None:
        """``resign_authorization``: the authorization re-encoded (and put back into the URL)
        with ``flip_bit: N`` (one bit of the HMAC), ``signature: text`` or ``replace: [old,
        new]`` applied to its origin."""
        if kind != "resign_authorization":
            return None
        origin, signature = signed.intermediates["authorization_origin"], signed.output["signature"]
        if "flip_bit" in arg:
            arg = {"signature": flip_bit("base64", signature, int(arg["flip_bit"]))}
        if "signature" in arg:
            arg = {"replace": [f'signature="{signature}"', f'signature="{arg["signature"]}"']}
        old, new = arg["replace"]
        if old not in origin:
            raise ValueError(f"{old!r} is not in the authorization")
        authorization = base64.b64encode(origin.replace(old, new).encode("utf-8")).decode()
        before = f"authorization={percent_encode(signed.output['authorization'])}"
        if before not in request.target:
            raise ValueError("the authorization is not in the target")
        target = request.target.replace(before, f"authorization={percent_encode(authorization)}")
        return Request(request.method, target, request.headers, request.body)

    def base_host(self, base: dict[str, Any]) -> str | None:
        return base["input"]["host"]

    def rebase(
        self, base: dict[str, Any], host: str, path: str, key: ProbeKey, signed_at: float
    ) -> dict[str, Any]:
        inp = base["input"] | {
            "api_key": key.key_id,
            "api_secret": key.secret,
            "host": host,
            "path": path + base["input"]["path"],
            "date": utc_text(DATE_LAYOUT, signed_at),
        }
        return {"input": inp, "send": dict(base.get("send", {}))}


VERIFIER = IflytekWsVerifier()
