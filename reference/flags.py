"""Flags computed from a test's input rather than written in the case files.

They mark inputs that many SDK APIs cannot express (a path the SDK always normalises, a
payload it always hashes, a query key it parses to nothing), so a user can deselect them
knowingly (``sigvec run -k 'not flag=UnsignedPayload'``). Computing them keeps them exact: no
vector can lack the flag its input calls for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import aws_sigv4

Predicate = Callable[[dict[str, Any]], bool]


def _path_unnormalized(inp: dict[str, Any]) -> bool:
    path = inp["path"] or "/"
    return not inp.get("normalize_path", True) and aws_sigv4.normalize_path(path) != path


def _has_body(inp: dict[str, Any]) -> bool:
    return bool(inp.get("body") or inp.get("body_base64"))


def _presigned_with_body(inp: dict[str, Any]) -> bool:
    presigned = inp.get("signature_location", "header") == "query"
    return presigned and _has_body(inp) and not inp.get("unsigned_payload", False)


def _valueless_query_key(inp: dict[str, Any]) -> bool:
    return any(piece and "=" not in piece for piece in inp.get("query", "").split("&"))


DERIVED: dict[str, dict[str, Predicate]] = {
    "aws-sigv4": {
        "PathUnnormalized": _path_unnormalized,
        "PresignedWithBody": _presigned_with_body,
        "UnsignedPayload": lambda inp: bool(inp.get("unsigned_payload", False)),
        "ValuelessQueryKey": _valueless_query_key,
    },
}


def derived_flags(scheme: str, inp: dict[str, Any]) -> list[str]:
    """The computed flags that apply to ``inp``, in catalogue order."""
    return [flag for flag, applies in DERIVED.get(scheme, {}).items() if applies(inp)]
