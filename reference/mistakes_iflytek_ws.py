"""Catalogued mistakes of ``iflytek-ws``: each a reference variant that signs as one known bug does.

Sources: iFlytek's own documentation and demos (the Go snippet of the dictation page formats the
date with ``time.RFC1123``, which writes ``UTC``; the dialect page prints ``host: wss://…`` in its
signature_origin; the pages warn that ``headers`` holds the *names*, not their values), the
date formatters of the standard libraries, iFlytek's own Python SDK (spark-ai-python's
``xf_util`` signs the URL's hostname, without its port) and public client code.
"""

from __future__ import annotations

from typing import Any

from . import iflytek_ws
from .encoding import hmac_sha1
from .mistake import Mistake
from .result import Signed

# ------------------------------------------------------------------------------------ dates


class _DateUtcZone(iflytek_ws.Signer):
    """Go's ``time.Now().UTC().Format(time.RFC1123)`` (the dictation page's Go snippet)
    writes the zone as ``UTC``."""

    def date(self, inp: dict[str, Any]) -> str:
        return inp["date"].removesuffix("GMT") + "UTC"


class _DateNumericZone(iflytek_ws.Signer):
    """Python's ``email.utils.formatdate()`` (usegmt false), and strftime with ``%z``, write a
    numeric zone: ``-0000`` or ``+0000``."""

    def date(self, inp: dict[str, Any]) -> str:
        return inp["date"].removesuffix("GMT") + "-0000"


class _DateDayUnpadded(iflytek_ws.Signer):
    """Java's ``DateTimeFormatter.RFC_1123_DATE_TIME`` writes a one-digit day (``Fri, 5 May
    2023``); the HTTP date (IMF-fixdate) the pages show, and the vectors sign, has two."""

    def date(self, inp: dict[str, Any]) -> str:
        date = inp["date"]
        return date[:5] + date[6:] if date[5] == "0" else date


def _day_below_ten(inp: dict[str, Any]) -> bool:
    return inp["date"][5] == "0"


# --------------------------------------------------------------------- signature_origin


class _RequestLineWithoutVersion(iflytek_ws.Signer):
    def request_line(self, method: str, path: str) -> str:
        return f"{method} {path}"


class _HostWithScheme(iflytek_ws.Signer):
    """The URL's scheme kept in host (``wss://iat-api.xfyun.cn``): the dialect recognition
    page prints its signature_origin that way."""

    def host(self, inp: dict[str, Any]) -> str:
        scheme = "https" if inp.get("method", iflytek_ws.DEFAULT_METHOD) == "POST" else "wss"
        return f"{scheme}://{inp['host']}"


class _HostPortDropped(iflytek_ws.Signer):
    """The host taken as the URL's *hostname* (Python's ``urlparse(url).hostname``,
    JavaScript's ``new URL(url).hostname``), which drops the port."""

    def host(self, inp: dict[str, Any]) -> str:
        return inp["host"].partition(":")[0]


def _host_has_port(inp: dict[str, Any]) -> bool:
    return ":" in inp["host"]


# ------------------------------------------------------------------------------- the HMAC


class _HmacSha1(iflytek_ws.Signer):
    def hmac(self, api_secret: str, origin: str) -> bytes:
        return hmac_sha1(api_secret.encode("utf-8"), origin.encode("utf-8"))


class _ApiKeyAsHmacKey(iflytek_ws.Signer):
    """APIKey and APISecret are both 32-character strings on the console: the APIKey is used
    as the HMAC key."""

    def sign(self, inp: dict[str, Any]) -> Signed:
        return super().sign({**inp, "api_secret": inp["api_key"]})


class _Base64OfHexDigest(iflytek_ws.Signer):
    """A library that returns the digest as hex text (CryptoJS's default toString(), PHP's
    ``hash_hmac`` without ``true``), base64-encoded as if it were the raw bytes."""

    def encode_signature(self, digest: bytes) -> str:
        return iflytek_ws.standard_base64(digest.hex().encode("ascii"))


# ----------------------------------------------------------------------- authorization


class _HeadersValuesNotNames(iflytek_ws.Signer):
    """``headers`` filled with the signed values instead of the fixed names ``host date
    request-line`` (every iFlytek page warns against it)."""

    def headers(self, host: str, date: str, line: str) -> str:
        return f"{host} {date} {line}"


# ------------------------------------------------------------------------------- the URL


class _QueryNotUrlencoded(iflytek_ws.Signer):
    """The values pasted into the URL as they are (``?authorization=${authorization}&date=
    ${date}&host=${host}``): a '+' of the authorization's base64 is then read as a space."""

    def query_value(self, name: str, value: str) -> str:
        return value


def _authorization_has_plus(inp: dict[str, Any]) -> bool:
    return "+" in iflytek_ws.sign(inp).output["authorization"]


CATALOGUE: tuple[Mistake, ...] = (
    Mistake(
        "iflytek-ws/date-utc-zone",
        "the date is written with the zone 'UTC' (Go's time.RFC1123) instead of 'GMT'",
        "format RFC 1123 with the literal zone GMT: Go http.TimeFormat, Python "
        "formatdate(usegmt=True), JavaScript toUTCString()",
        _DateUtcZone(),
    ),
    Mistake(
        "iflytek-ws/date-numeric-zone",
        "the date ends in a numeric zone ('-0000', '+0000': Python's formatdate() without "
        "usegmt, strftime's %z) instead of 'GMT'",
        "end the date with the literal text GMT (formatdate(usegmt=True), "
        "wsgiref.handlers.format_date_time)",
        _DateNumericZone(),
    ),
    Mistake(
        "iflytek-ws/date-day-unpadded",
        "the day of the month has no leading zero (Java's RFC_1123_DATE_TIME writes 'Fri, 5 "
        "May 2023')",
        'write a two-digit day: DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss '
        "'GMT'\", Locale.US) in UTC",
        _DateDayUnpadded(),
        _day_below_ten,
    ),
    Mistake(
        "iflytek-ws/request-line-without-version",
        "the request line lacks ' HTTP/1.1' ('GET /v2/iat' instead of 'GET /v2/iat HTTP/1.1')",
        "request line = method + ' ' + path + ' HTTP/1.1'",
        _RequestLineWithoutVersion(),
    ),
    Mistake(
        "iflytek-ws/host-with-scheme",
        "host is signed and sent with the URL's scheme ('wss://iat-api.xfyun.cn')",
        "use the URL's host (and port) only: urlparse(url).netloc, new URL(url).host",
        _HostWithScheme(),
    ),
    Mistake(
        "iflytek-ws/host-port-dropped",
        "host is signed and sent without the URL's port (urlparse(url).hostname, "
        "new URL(url).hostname)",
        "use the host with its port, as in the URL: urlparse(url).netloc, new URL(url).host",
        _HostPortDropped(),
        _host_has_port,
    ),
    Mistake(
        "iflytek-ws/hmac-sha1",
        "the HMAC is HMAC-SHA1 instead of HMAC-SHA256",
        'compute HMAC-SHA256 (algorithm="hmac-sha256" is the only one accepted)',
        _HmacSha1(),
    ),
    Mistake(
        "iflytek-ws/api-key-as-hmac-key",
        "the HMAC is keyed with the APIKey instead of the APISecret",
        "key the HMAC with the APISecret; the APIKey only goes into authorization_origin",
        _ApiKeyAsHmacKey(),
    ),
    Mistake(
        "iflytek-ws/base64-of-hex-digest",
        "the signature is base64 of the digest's hex text (88 characters) instead of base64 "
        "of the 32 raw bytes (44 characters)",
        "base64-encode the raw digest: digest() not hexdigest(), hash_hmac(..., true), "
        "CryptoJS.enc.Base64.stringify(hmac)",
        _Base64OfHexDigest(),
    ),
    Mistake(
        "iflytek-ws/headers-values-not-names",
        "headers= lists the signed values instead of the fixed names 'host date request-line'",
        'write headers="host date request-line" literally',
        _HeadersValuesNotNames(),
    ),
    Mistake(
        "iflytek-ws/query-not-urlencoded",
        "authorization, date and host are put into the URL without percent-encoding, so a "
        "'+' in the authorization arrives as a space",
        "percent-encode each value: urlencode(), url.Values.Encode(), encodeURIComponent, "
        "URLEncoder.encode(value, UTF_8)",
        _QueryNotUrlencoded(),
        _authorization_has_plus,
    ),
)
