"""Alibaba Cloud RPC: account for every difference between the server's string to sign and the
user's as a missing (or extra) layer of percent-encoding, then name the mistakes that fit.

The server's string is ``METHOD&%2F&`` + encode(encode(name)=encode(value)&...): a reserved
character in a value is encoded twice (``:`` -> ``%253A``) and the separators once (``&`` ->
``%26``). Walking both strings escape by escape, each difference is one of a few kinds; a
difference of no known kind stops the walk and is reported as such.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sigvec.reference import aliyun_rpc
from sigvec.reference.encoding import percent_decode

from .findings import Finding, consistent
from .parsers import ServerMessage, parse_aliyun
from .plugin import CheckResult, ExplainPlugin

if TYPE_CHECKING:
    from .explain import Comparison

_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_DOUBLE_ESCAPE = re.compile(r"%25([0-9A-Fa-f]{2})")
_SEPARATORS = {"%26": "&", "%3D": "="}
_PLUS_FORMS = ("%2B", "+")
_TILDE_FORMS = ("%257E", "%7E")


@dataclass
class Walk:
    """Differences by kind: (kind, the server's piece, the user's piece) -> count."""

    kinds: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    first_column: dict[str, int] = field(default_factory=dict)  # kind -> 1-based column
    stopped_at: tuple[int, str, str] | None = None  # (column, server's rest, user's rest)

    def add(self, kind: str, server_piece: str, your_piece: str, column: int) -> None:
        self.kinds[(kind, server_piece, your_piece)] += 1
        self.first_column.setdefault(kind, column)

    def pieces(self, kind: str) -> list[tuple[str, str, int]]:
        return [(s, y, n) for (k, s, y), n in self.kinds.items() if k == kind]


def _token(text: str, index: int) -> str:
    return text[index : index + 3] if _ESCAPE.match(text, index) else text[index]


def _double_escaped_bytes(text: str, index: int) -> bytes:
    """The bytes of the run of ``%25XX`` escapes at ``index``."""
    data = bytearray()
    while match := _DOUBLE_ESCAPE.match(text, index):
        data.append(int(match.group(1), 16))
        index = match.end()
    return bytes(data)


def walk(server: str, yours: str) -> Walk:
    result = Walk()
    i = j = 0
    while i < len(server) and j < len(yours):
        server_token, your_token = _token(server, i), _token(yours, j)
        if server_token == your_token or (
            len(server_token) == len(your_token) == 3 and server_token.upper() == your_token.upper()
        ):
            i, j = i + len(server_token), j + len(your_token)
            continue
        column = j + 1
        if _SEPARATORS.get(server_token.upper()) == your_token:
            result.add("separator", server_token, your_token, column)
            i, j = i + 3, j + 1
            continue
        if server.startswith("%2520", i) and yours.startswith(_PLUS_FORMS, j):
            form = next(f for f in _PLUS_FORMS if yours.startswith(f, j))
            result.add("plus", "%2520", form, column)
            i, j = i + 5, j + len(form)
            continue
        if server_token == "~" and yours.startswith(_TILDE_FORMS, j):
            form = next(f for f in _TILDE_FORMS if yours.startswith(f, j))
            result.add("tilde", "~", form, column)
            i, j = i + 1, j + len(form)
            continue
        double = _DOUBLE_ESCAPE.match(server, i)
        if double and your_token.upper() == f"%{double.group(1).upper()}":
            result.add("once", double.group(0), your_token, column)
            i, j = double.end(), j + 3
            continue
        if double and len(your_token) == 1:
            raw = your_token.encode("utf-8")
            if _double_escaped_bytes(server, i).startswith(raw):
                consumed = i + 5 * len(raw)
                result.add("raw", server[i:consumed], your_token, column)
                i, j = consumed, j + 1
                continue
        result.stopped_at = (column, server[i:], yours[j:])
        return result
    if i < len(server) or j < len(yours):
        result.stopped_at = (j + 1, server[i:], yours[j:])
    return result


def server_parameter_names(encoded_query: str) -> list[str]:
    """Parameter names in order, from the third part of the server's string to sign (encoded
    again, so the separators are ``%26`` and ``%3D``)."""
    return [piece.split("%3D", 1)[0] for piece in encoded_query.split("%26")]


def your_parameter_names(encoded_query: str) -> list[str]:
    """As above, accepting either form of separator (users mix them)."""
    pieces = re.split("%26|&", encoded_query)
    return [re.split("%3D|=", piece, maxsplit=1)[0] for piece in pieces]


def _kinds_text(walk_result: Walk, kind: str) -> str:
    shown = [f"{y!r} where the server has {s!r} ({n}x)" for s, y, n in walk_result.pieces(kind)]
    return "; ".join(shown[:4]) + ("; ..." if len(shown) > 4 else "")


def check_string_to_sign(server: str, yours: str) -> tuple[list[Finding], list[str]]:
    if server == yours:
        return [], []
    result = walk(server, yours)
    found: list[Finding] = []
    notes: list[str] = []
    not_double_encoded = bool(result.pieces("separator"))
    if not_double_encoded:
        found.append(
            consistent(
                "aliyun-rpc/not-double-encoded",
                "the separators between parameters are not encoded again: "
                + _kinds_text(result, "separator")
                + f", first at column {result.first_column['separator']}",
            )
        )
    # A value character with one encoding too few is what not-double-encoded does to every
    # value; with that proven, only characters with *two* too few need another explanation.
    short = result.pieces("raw") if not_double_encoded else result.pieces("once")
    short_kind = "raw" if not_double_encoded else "once"
    characters = {
        percent_decode(s.replace("%25", "%")).decode("utf-8", "replace") for s, _, _ in short
    }
    shortfall = (
        "not encoded even once (the rest lack only the second encoding)"
        if not_double_encoded
        else "encoded once only"
    )
    if characters == {"/"}:
        found.append(
            consistent(
                "aliyun-rpc/quote-keeps-slash",
                f"'/' is the only character {shortfall}: {_kinds_text(result, short_kind)}",
            )
        )
    elif characters == {"*"}:
        found.append(
            consistent(
                "aliyun-rpc/star-not-encoded",
                f"'*' is the only character {shortfall}: {_kinds_text(result, short_kind)}",
            )
        )
    elif short:
        layers = "at all" if short_kind == "raw" else "in the canonicalized query string"
        notes.append(
            f"values are not percent-encoded {layers}: {_kinds_text(result, short_kind)}, "
            f"first at column {result.first_column[short_kind]} (no catalogued mistake; every "
            "value must be percent-encoded, then the whole query encoded again)"
        )
    if not not_double_encoded and result.pieces("raw"):
        notes.append(
            "values are not percent-encoded at all, yet the separators are: "
            + _kinds_text(result, "raw")
        )
    if result.pieces("plus"):
        found.append(
            consistent(
                "aliyun-rpc/space-as-plus",
                "a space is written as '+': " + _kinds_text(result, "plus"),
            )
        )
    if result.pieces("tilde"):
        found.append(
            consistent(
                "aliyun-rpc/tilde-encoded", "'~' is encoded: " + _kinds_text(result, "tilde")
            )
        )
    server_names = server_parameter_names(server.split("&", 2)[-1])
    your_names = your_parameter_names(yours.split("&", 2)[-1]) if yours.count("&") >= 2 else []
    if your_names != server_names and sorted(your_names) == sorted(server_names):
        found.append(
            consistent(
                "aliyun-rpc/unsorted-params",
                "the same parameters as the server's, in another order (the server sorts them "
                "by name)",
            )
        )
    elif your_names and set(your_names) != set(server_names):
        only_server = sorted(set(server_names) - set(your_names))
        only_yours = sorted(set(your_names) - set(server_names))
        notes.append(
            f"the parameters differ: only the server's string has {only_server or 'none'}, "
            f"only yours has {only_yours or 'none'}"
        )
    if result.stopped_at is not None:
        column, server_rest, your_rest = result.stopped_at
        notes.append(
            f"from column {column} on, the difference is not one of percent-encoding: the "
            f"server has {server_rest[:30]!r}, yours {your_rest[:30]!r}"
        )
    return found, notes


def params_from_string_to_sign(string_to_sign: str) -> dict[str, object] | None:
    """The request the server signed, rebuilt from its string to sign (no secret: none is
    needed to recompute a string to sign). None where the string does not round-trip."""
    method, _, rest = string_to_sign.partition("&")
    path, _, encoded = rest.partition("&")
    if path != "%2F":
        return None
    try:
        canonical = percent_decode(encoded).decode("utf-8")
        params: dict[str, str] = {}
        for piece in canonical.split("&") if canonical else []:
            name, _, value = piece.partition("=")
            params[percent_decode(name).decode("utf-8")] = percent_decode(value).decode("utf-8")
    except UnicodeDecodeError:
        return None
    recomputed = aliyun_rpc.string_to_sign(method, aliyun_rpc.canonicalized_query_string(params))
    if recomputed != string_to_sign:
        return None
    return {
        "method": method,
        "access_key_secret": "unused-for-the-string-to-sign",
        "params": params,
    }


class AliyunPlugin(ExplainPlugin):
    steps = ("string_to_sign",)
    suspects = ("the signing key (the AccessKey secret followed by '&') or the secret itself",) * 2

    def parse(self, text: str) -> ServerMessage:
        return parse_aliyun(text)

    def text_checks(
        self, yours: dict[str, str], against_server: Sequence[Comparison]
    ) -> list[CheckResult]:
        return [check_string_to_sign(c.expected, c.actual) for c in against_server]

    def rebuilt_request(self, server: ServerMessage) -> dict[str, Any] | None:
        if "string_to_sign" not in server.expected:
            return None
        return params_from_string_to_sign(server.expected["string_to_sign"])


PLUGIN = AliyunPlugin()
