"""A received HTTP request as a verifier sees it: method, target, headers in order, body bytes.

Read from raw HTTP/1.1 text (what ``curl -v`` or a proxy shows) or from the JSON form the
verifier vectors use: ``{"method", "target", "headers": [[name, value], ...], "body" |
"body_base64"}``.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

from sigvec.reference.encoding import ascii_digits, ascii_lower, ascii_strip, percent_decode


class RequestError(ValueError):
    """A request that cannot be read as HTTP/1.1 (or as the JSON request form)."""


@dataclass(frozen=True)
class Request:
    method: str
    target: str  # origin form: path plus "?query" exactly as on the request line
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    _index: dict[str, list[str]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for name, value in self.headers:
            self._index.setdefault(ascii_lower(ascii_strip(name)), []).append(value)

    @property
    def path(self) -> str:
        return self.target.partition("?")[0]

    @property
    def query(self) -> str:
        return self.target.partition("?")[2]

    def header_values(self, name: str) -> list[str]:
        """Every value sent under ``name`` (case-insensitive), in sent order."""
        return self._index.get(ascii_lower(name), [])

    def header(self, name: str) -> str | None:
        values = self.header_values(name)
        return values[0] if values else None

    def header_names(self) -> list[str]:
        """Lower-case names of the headers sent, each once, in first-sent order."""
        return list(self._index)

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "method": self.method,
            "target": self.target,
            "headers": [[name, value] for name, value in self.headers],
        }
        try:
            document["body"] = self.body.decode("utf-8")
        except UnicodeDecodeError:
            document["body_base64"] = base64.b64encode(self.body).decode("ascii")
        return document

    @classmethod
    def from_json(cls, document: Any) -> Request:
        if not isinstance(document, dict):
            raise RequestError("request: expected an object")
        for name in ("method", "target"):
            if not isinstance(document.get(name), str) or not document[name]:
                raise RequestError(f"request.{name}: expected a non-empty string")
        headers = document.get("headers", [])
        if not isinstance(headers, list) or not all(
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
            for pair in headers
        ):
            raise RequestError("request.headers: expected a list of [name, value] string pairs")
        if "body_base64" in document:
            try:
                body = base64.b64decode(document["body_base64"], validate=True)
            except (binascii.Error, TypeError):
                raise RequestError("request.body_base64: expected standard base64") from None
        else:
            text = document.get("body", "")
            if not isinstance(text, str):
                raise RequestError("request.body: expected a string")
            body = text.encode("utf-8")
        return cls(document["method"], document["target"], tuple(map(tuple, headers)), body)


def query_pairs(query: str, plus_is_space: bool = False) -> list[tuple[str, str]]:
    """``key=value`` pairs of a raw query, percent-decoded (invalid UTF-8 replaced), in order.
    ``plus_is_space``: form decoding, as servlet containers and PHP read a query."""
    pairs = []
    for part in query.split("&") if query else []:
        if not part:
            continue
        key, _, value = part.partition("=")
        if plus_is_space:
            key, value = key.replace("+", " "), value.replace("+", " ")
        pairs.append(
            (
                percent_decode(key).decode("utf-8", "replace"),
                percent_decode(value).decode("utf-8", "replace"),
            )
        )
    return pairs


METHOD_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
HEADER_NAME_CHARACTERS = frozenset(
    "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)


def parse_head(head: bytes) -> tuple[str, str, list[tuple[str, str]]]:
    """(method, target, headers) of an HTTP/1.x request head (request line and header lines,
    without the blank line). Obsolete line folding is joined with one space."""
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("latin-1")
    lines = text.replace("\r\n", "\n").split("\n")
    request_line = lines[0].strip()
    method, _, rest = request_line.partition(" ")
    target, _, version = rest.rpartition(" ")  # a raw space may sit inside the target
    if not target or not version.startswith("HTTP/1."):
        raise RequestError(f"request line {request_line[:80]!r}: expected METHOD TARGET HTTP/1.1")
    if not method or not set(method) <= METHOD_CHARACTERS:
        raise RequestError(f"request line: method {method[:20]!r} is not an HTTP method")
    if not target.startswith("/"):
        if target.startswith(("http://", "https://")):  # absolute form (through a proxy)
            after = target.split("://", 1)[1]
            target = "/" + after.partition("/")[2]
        else:
            raise RequestError(f"request line: target {target[:80]!r} does not start with '/'")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if not line:
            continue
        if line[0] in " \t" and headers:
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {line.strip()}")
            continue
        name, sep, value = line.partition(":")
        if not sep or not name or not set(name) <= HEADER_NAME_CHARACTERS:
            raise RequestError(f"header line {line[:80]!r}: expected NAME: VALUE")
        headers.append((name, value.strip(" \t")))
    return method, target, headers


def parse_raw(data: bytes) -> Request:
    """A whole request as raw HTTP/1.1 bytes: head, blank line, body (``Content-Length`` or
    the rest). Lines that ``curl -v`` prefixes with ``> `` are accepted too."""
    if data.lstrip().startswith(b"> "):
        data = b"\n".join(
            line[2:] if line.startswith(b"> ") else line.lstrip(b">")
            for line in data.strip().splitlines()
        )
        data += b"\n\n"
    for separator in (b"\r\n\r\n", b"\n\n"):
        head, found, body = data.partition(separator)
        if found:
            break
    else:
        head, body = data.rstrip(b"\r\n"), b""
    method, target, headers = parse_head(head.lstrip(b"\r\n"))
    length = next((v for n, v in headers if ascii_lower(n) == "content-length"), None)
    if length is not None:
        if not ascii_digits(length):
            raise RequestError(f"Content-Length {length[:20]!r}: expected a whole number")
        if len(body) < int(length):
            raise RequestError(f"body has {len(body)} bytes, Content-Length says {int(length)}")
        body = body[: int(length)]
    return Request(method, target, tuple(headers), body)
