"""iFlytek HMAC-SHA256 URL authentication (its WebSocket and HTTP APIs).

signature_origin = "host: <host>\\ndate: <date>\\n<METHOD> <path> HTTP/1.1";
signature = base64(HMAC-SHA256(key=UTF-8(api_secret), msg=UTF-8(signature_origin)));
authorization = base64 of 'api_key="…", algorithm="hmac-sha256", headers="host date
request-line", signature="…"'; the URL carries authorization, date and host as query
parameters, each value percent-encoded. ``date`` is RFC 1123 in GMT, signed exactly as given.
"""

from __future__ import annotations

import base64
from typing import Any

from sigvec import schemes

from .encoding import hmac_sha256, percent_encode
from .result import Signed

SCHEME = "iflytek-ws"
STEPS = schemes.get(SCHEME).steps
ALGORITHM = "hmac-sha256"
# The *names* of what is signed, in order: fixed text, never the values.
SIGNED_HEADERS = "host date request-line"
DEFAULT_METHOD = "GET"


def request_line(method: str, path: str) -> str:
    return f"{method} {path} HTTP/1.1"


def signature_origin(host: str, date: str, line: str) -> str:
    return f"host: {host}\ndate: {date}\n{line}"


def authorization_origin(api_key: str, signature: str, headers: str) -> str:
    return (
        f'api_key="{api_key}", algorithm="{ALGORITHM}", headers="{headers}", '
        f'signature="{signature}"'
    )


def request_url(inp: dict[str, Any]) -> str:
    """The URL the request goes to: wss:// for the WebSocket handshake (GET), https:// else."""
    method = inp.get("method", DEFAULT_METHOD)
    return f"{'wss' if method == 'GET' else 'https'}://{inp['host']}{inp['path']}"


def standard_base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class Signer:
    """The scheme as its documented steps, one method each; ``sign`` runs them in order. A
    catalogued mistake (``mistakes_iflytek_ws.py``) overrides exactly one."""

    def host(self, inp: dict[str, Any]) -> str:
        return inp["host"]

    def date(self, inp: dict[str, Any]) -> str:
        return inp["date"]

    def request_line(self, method: str, path: str) -> str:
        return request_line(method, path)

    def signature_origin(self, host: str, date: str, line: str) -> str:
        return signature_origin(host, date, line)

    def hmac(self, api_secret: str, origin: str) -> bytes:
        return hmac_sha256(api_secret.encode("utf-8"), origin.encode("utf-8"))

    def encode_signature(self, digest: bytes) -> str:
        return standard_base64(digest)

    def headers(self, host: str, date: str, line: str) -> str:
        """What ``headers=`` lists: the names of the signed parts, whatever their values."""
        return SIGNED_HEADERS

    def authorization_origin(self, api_key: str, signature: str, headers: str) -> str:
        return authorization_origin(api_key, signature, headers)

    def encode_authorization(self, origin: str) -> str:
        return standard_base64(origin.encode("utf-8"))

    def query_value(self, name: str, value: str) -> str:
        return percent_encode(value)

    def query(self, authorization: str, date: str, host: str) -> str:
        parameters = (("authorization", authorization), ("date", date), ("host", host))
        return "&".join(f"{name}={self.query_value(name, value)}" for name, value in parameters)

    def sign(self, inp: dict[str, Any]) -> Signed:
        host, date = self.host(inp), self.date(inp)
        line = self.request_line(inp.get("method", DEFAULT_METHOD), inp["path"])
        origin = self.signature_origin(host, date, line)
        digest = self.hmac(inp["api_secret"], origin)
        signature = self.encode_signature(digest)
        headers = self.headers(host, date, line)
        auth_origin = self.authorization_origin(inp["api_key"], signature, headers)
        authorization = self.encode_authorization(auth_origin)
        intermediates = {
            "request_line": line,
            "signature_origin": origin,
            "hmac_sha256_hex": digest.hex(),
            "authorization_origin": auth_origin,
        }
        output = {
            "signature": signature,
            "authorization": authorization,
            "query": self.query(authorization, date, host),
        }
        return Signed(SCHEME, inp, intermediates, output)


def sign(inp: dict[str, Any]) -> Signed:
    return Signer().sign(inp)
