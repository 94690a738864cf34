"""Tencent TC3: the catalogued mistakes that show in the user's own text, with nothing to compare.

Tencent's server never says what it expected, but some mistakes leave marks a correct text
cannot have: a header line where the (empty) query line belongs, an upper-case signed value, a
scope date that is not the UTC date of the timestamp.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sigvec.reference.encoding import ascii_digits, ascii_lower
from sigvec.reference.mistakes import CHINA_STANDARD_TIME
from sigvec.reference.tencent_tc3 import utc_date

from .findings import Finding, consistent
from .parsers import ServerMessage, parse_tencent
from .plugin import CheckResult, ExplainPlugin

if TYPE_CHECKING:
    from .explain import Comparison

_HEADER_LINE = re.compile(r"([A-Za-z0-9-]+):(.*)")


def check_canonical_request(yours: str) -> tuple[list[Finding], list[str]]:
    lines = yours.split("\n")
    if len(lines) < 5:
        return [], []
    signed_names = lines[-2].split(";")
    found: list[Finding] = []
    header_line = _HEADER_LINE.fullmatch(lines[2])
    if header_line and ascii_lower(header_line.group(1)) in signed_names:
        found.append(
            consistent(
                "tencent-tc3/missing-blank-line",
                f"line 3 is the header line {lines[2]!r}, where the canonical query string "
                "belongs (an empty query leaves an empty line)",
            )
        )
    first_header = 2 if header_line else 3
    headers = [_HEADER_LINE.fullmatch(line) for line in lines[first_header:-2] if line]
    names = [ascii_lower(match.group(1)) for match in headers if match]
    for match in headers:
        if match and ascii_lower(match.group(1)) == "x-tc-action":
            value = match.group(2)
            if value != ascii_lower(value):
                found.append(
                    consistent(
                        "tencent-tc3/action-not-lowercased",
                        f"{match.group(0)!r}: every signed header value is lower-cased",
                    )
                )
    if names and all(headers) and names != signed_names:
        found.append(
            consistent(
                "tencent-tc3/signed-headers-mismatch",
                f"your canonical headers are {';'.join(names)!r}, your signed headers line "
                f"says {lines[-2]!r}",
            )
        )
    return found, []


def check_string_to_sign(yours: str) -> tuple[list[Finding], list[str]]:
    lines = yours.split("\n")
    if len(lines) != 4 or not ascii_digits(lines[1]):
        return [], []
    notes: list[str] = []
    timestamp, date = int(lines[1]), lines[2].split("/", 1)[0]
    if len(lines[1]) >= 13:
        notes.append(
            f"the timestamp {lines[1]} has {len(lines[1])} digits: milliseconds? Tencent wants "
            "UNIX time in seconds"
        )
        return [], notes
    utc = utc_date(timestamp)
    local = dt.datetime.fromtimestamp(timestamp, tz=CHINA_STANDARD_TIME).strftime("%Y-%m-%d")
    if date == utc:
        return [], notes
    if date == local:
        zone = CHINA_STANDARD_TIME.tzname(None)
        evidence = f"your scope date {date} is the date of {timestamp} in {zone}; in UTC: {utc}"
        return [consistent("tencent-tc3/local-date", evidence)], notes
    notes.append(f"your scope date {date!r} is not {utc}, the UTC date of timestamp {timestamp}")
    return [], notes


class TencentPlugin(ExplainPlugin):
    """Tencent's server reveals no text: the checks read the user's own."""

    steps = ("canonical_request", "string_to_sign")
    suspects = (
        "the secret key or the key chain (TC3 + secret -> date -> service -> tc3_request)",
        "the date or scope in the string to sign, the key chain or the secret key",
    )
    server_reveals_texts = False

    def parse(self, text: str) -> ServerMessage:
        return parse_tencent(text)

    def text_checks(
        self, yours: dict[str, str], against_server: Sequence[Comparison]
    ) -> list[CheckResult]:
        results = []
        if "canonical_request" in yours:
            results.append(check_canonical_request(yours["canonical_request"]))
        if "string_to_sign" in yours:
            results.append(check_string_to_sign(yours["string_to_sign"]))
        return results


PLUGIN = TencentPlugin()
