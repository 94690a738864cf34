"""When an implementation's value means the same as the vector's: the one rule for every check.

Most steps are exact strings (a canonical request's bytes are what gets signed). Two kinds of
output are not: a query string is a set of parameters a server reads in any order, and HTTP
header names are case-insensitive. So:

- a **query-string output** (``QUERY_OUTPUTS``) equals another when both hold the same multiset
  of name/value pairs (a whole URL before the ``?`` ignored), each decoded as a server decodes
  a query: split on ``&`` (empty pieces ignored), then on the first ``=`` (no ``=``: empty
  value), ``%XX`` escapes decoded and a raw ``+`` read as a space (so an unencoded ``+`` in a
  signature is still a difference);
- a **headers output** equals another when both hold the same multiset of (name, value) pairs,
  names compared case-insensitively (ASCII), values exactly;
- every other step, intermediates included (the canonical query string among them: its order is
  part of what is signed), is compared exactly.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any
from urllib.parse import unquote_to_bytes

from sigvec.reference.encoding import ascii_lower

QUERY_OUTPUTS = frozenset({"output.signed_query", "output.query"})
HEADER_OUTPUTS = frozenset({"output.headers"})


# A whole URL before its query ("wss://host/path?"): what a signer that returns the URL adds.
_URL_BEFORE_QUERY = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^?#\s]*\?")


def query_pairs(query: str) -> Counter[tuple[bytes, bytes]]:
    """The decoded (name, value) pairs of a query string, as a multiset (a leading ``?``, as
    in a URL's query part, or a whole URL up to its ``?``, is not part of the first name)."""
    pairs: Counter[tuple[bytes, bytes]] = Counter()
    before = _URL_BEFORE_QUERY.match(query)
    for piece in query[before.end() if before else 0 :].removeprefix("?").split("&"):
        if piece:
            name, _, value = piece.partition("=")
            pairs[(_decode(name), _decode(value))] += 1
    return pairs


def _decode(component: str) -> bytes:
    return unquote_to_bytes(component.replace("+", " "))


def header_pairs(headers: dict[str, Any]) -> Counter[tuple[str, str]]:
    """(lower-cased name, value) pairs, as a multiset (two spellings of one name both count)."""
    return Counter((ascii_lower(name), repr(value)) for name, value in headers.items())


def equivalent(step: str, expected: Any, actual: Any) -> bool:
    """Whether ``actual`` means what ``expected`` means at ``step`` (e.g. ``output.headers``)."""
    if expected == actual:
        return True
    if step in QUERY_OUTPUTS and isinstance(expected, str) and isinstance(actual, str):
        return query_pairs(expected) == query_pairs(actual)
    if step in HEADER_OUTPUTS and isinstance(expected, dict) and isinstance(actual, dict):
        return header_pairs(expected) == header_pairs(actual)
    return False
