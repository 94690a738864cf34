"""Read a server's rejection as users paste it: find the strings the server expected, if it said.

Users paste JSON, XML, a Python ``repr`` of a parsed response, an SDK exception line, or the
message text alone, sometimes with its line breaks escaped (``\\n``) or lost. Every parser
looks for its markers in each *reading* of the paste (the string values of a JSON or Python
literal, XML element texts with entities decoded, the text with JSON escapes undone, the raw
text) and takes the first reading where they are found.
"""

from __future__ import annotations

import ast
import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


class UnparseableMessage(ValueError):
    """The paste holds none of what the scheme's server says; the message says what was expected."""


@dataclass(frozen=True)
class ServerMessage:
    scheme: str
    code: str  # e.g. "SignatureDoesNotMatch"; "" when the paste names none
    expected: dict[str, str]  # step name -> the text the server computed
    notes: tuple[str, ...] = field(default=())
    signature_provided: str = ""  # the signature the server received (S3's SignatureProvided)


def parse_server_message(scheme: str, text: str) -> ServerMessage:
    """``KeyError`` for a scheme whose server messages ``sigvec explain`` does not read."""
    from sigvec.schemes import get

    return get(scheme).explain_plugin().parse(text.replace("\r\n", "\n"))


# ----------------------------------------------------------------------------- readings


def _structured(text: str) -> Any:
    """The JSON or Python literal in the paste (the whole of it, or its outermost {...})."""
    spans = [text.strip()]
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        spans.append(text[start : end + 1])
    for span in spans:
        for load in (json.loads, ast.literal_eval):
            try:
                return load(span)
            except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
                continue
    return None


def _strings(value: Any) -> Iterator[tuple[str, str]]:
    """(key, string) for every string in a parsed JSON or Python value, depth first."""
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str):
                yield str(key), item
            else:
                yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


_XML_ELEMENT = re.compile(r"<([A-Za-z][\w.-]*)>([^<]*)</\1>")
_JSON_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|[\"\\/bfnrt'])")
_ESCAPED = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _unescape_json(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape[0] == "u":
            return chr(int(escape[1:], 16))
        return _ESCAPED.get(escape, escape)

    return _JSON_ESCAPE.sub(replace, text)


def xml_elements(text: str) -> dict[str, str]:
    """Leaf element texts by tag (the first of each tag), entities decoded."""
    found: dict[str, str] = {}
    for tag, body in _XML_ELEMENT.findall(text):
        found.setdefault(tag, html.unescape(body))
    return found


def readings(text: str) -> list[str]:
    """The texts to search, most specific first."""
    found = [value for _, value in _strings(_structured(text))]
    found += list(xml_elements(text).values())
    if "&amp;" in text or "&#" in text or "&apos;" in text:
        found.append(html.unescape(text))
    if "\\n" in text or '\\"' in text:
        found.append(_unescape_json(text))
        found.append(html.unescape(_unescape_json(text)))
    found.append(text)
    return found


def _code(text: str, candidates: tuple[str, ...]) -> str:
    """The error code from a parsed body or an XML <Code>, else the first candidate named."""
    for key, value in _strings(_structured(text)):
        if key.lower() in ("code", "__type", "errorcode") and value.strip():
            return value.strip().rsplit("#", 1)[-1]
    element = xml_elements(text).get("Code")
    if element:
        return element.strip()
    for candidate in candidates:
        if candidate.lower() in text.lower():
            return candidate
    if "does not match the signature you provided" in text:  # AWS's message, without a code
        return "SignatureDoesNotMatch"
    return ""


# --------------------------------------------------------------------------------- AWS

# The scans below are plain loops, not regular expressions: a lazy ``'(.*?)'`` retried at
# every repeated marker, or ``\s*:?\s*`` over a run of spaces, is quadratic in the paste.
_AWS_CANONICAL_MARKER = "The Canonical String for this request should have been"
_AWS_STRING_TO_SIGN_MARKER = "The String-to-Sign should have been"
# What may follow the quote that closes the canonical request (after spaces): its value may
# hold quotes itself.
_AWS_CANONICAL_ENDS = ("The String-to-Sign", '"', "<", "}", "\\n")


def _after_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _quoted_after(text: str, marker: str, closes: Callable[[str, int], bool]) -> str | None:
    """The text between the quote after the first ``marker`` that has one (spaces allowed
    before it) and the first later quote where ``closes(text, index after it)``."""
    start = text.find(marker)
    while start >= 0:
        opening = _after_space(text, start + len(marker))
        if opening < len(text) and text[opening] == "'":
            closing = text.find("'", opening + 1)
            while closing >= 0 and not closes(text, closing + 1):
                closing = text.find("'", closing + 1)
            # A later marker's quotes lie inside this search: none of them would close.
            return None if closing < 0 else text[opening + 1 : closing]
        start = text.find(marker, start + 1)
    return None


def _closes_canonical(text: str, index: int) -> bool:
    index = _after_space(text, index)
    return index == len(text) or text.startswith(_AWS_CANONICAL_ENDS, index)


def aws_canonical(text: str) -> str | None:
    return _quoted_after(text, _AWS_CANONICAL_MARKER, _closes_canonical)


def aws_string_to_sign(text: str) -> str | None:
    return _quoted_after(text, _AWS_STRING_TO_SIGN_MARKER, lambda text, index: True)


_SIGNED_HEADERS = re.compile(r"[a-z0-9!#$%&'*+.^_`|~-]+(?:;[a-z0-9!#$%&'*+.^_`|~-]+)*")
_PAYLOAD_HASH = re.compile(r"[0-9a-f]{64}|UNSIGNED-PAYLOAD|STREAMING-[A-Z0-9-]+")
FLATTENED_NOTE = (
    "the pasted message had lost its line breaks: sigvec restored those of the {what} from "
    "their structure; check them"
)


def parse_aws(text: str) -> ServerMessage:
    expected: dict[str, str] = {}
    notes: list[str] = []
    flattened: list[str] = []
    elements = xml_elements(text)
    canonical = _bytes_element(elements.get("CanonicalRequestBytes")) or elements.get(
        "CanonicalRequest"
    )
    to_sign = _bytes_element(elements.get("StringToSignBytes")) or elements.get("StringToSign")
    for reading in readings(text):
        if canonical is None:
            canonical = aws_canonical(reading)
        if to_sign is None:
            to_sign = aws_string_to_sign(reading)
    if canonical is not None:
        expected["canonical_request"], was_flat = unflattened_canonical_request(canonical, "403 ")
        if was_flat:
            flattened.append("canonical request")
    if to_sign is not None:
        if "\n" not in to_sign and len(to_sign.split()) == 4:
            to_sign = "\n".join(to_sign.split())
            flattened.append("string to sign")
        if not to_sign.startswith("AWS4-HMAC-SHA256\n"):
            notes.append(
                "the server's string to sign is not SigV4 (it does not begin with "
                "AWS4-HMAC-SHA256): the request was signed with another signature version"
            )
        expected["string_to_sign"] = to_sign
    if flattened:
        notes.insert(0, FLATTENED_NOTE.format(what=" and ".join(flattened)))
    if not expected:
        raise UnparseableMessage(
            "no 'The Canonical String for this request should have been' or <CanonicalRequest> "
            "found; paste the whole 403 response body"
        )
    code = _code(text, ("SignatureDoesNotMatch", "InvalidSignatureException"))
    provided = (elements.get("SignatureProvided") or "").strip()
    return ServerMessage("aws-sigv4", code, expected, tuple(notes), provided)


def _bytes_element(value: str | None) -> str | None:
    """S3's <CanonicalRequestBytes>: the exact bytes as space-separated hex pairs."""
    if not value:
        return None
    try:
        return bytes.fromhex(value).decode("utf-8")
    except ValueError:
        return None


def unflattened_canonical_request(canonical: str, response: str = "") -> tuple[str, bool]:
    """A SigV4-shaped canonical request as quoted by a server, with its line breaks restored
    when a paste lost them: (the text, whether they were restored); raises
    ``UnparseableMessage`` when they cannot be. ``response``: how to call the body ("403 ")."""
    if "\n" in canonical:
        return canonical, False
    restored = restore_aws_canonical_request(canonical)
    if restored is None:
        raise UnparseableMessage(
            "the canonical request in it has no line breaks and sigvec cannot restore "
            f"them; paste the whole {response}response body as received"
        )
    return restored, True


def restore_aws_canonical_request(flat: str) -> str | None:
    """Put back the line breaks of a canonical request pasted on one line.

    The last two words are the signed headers and the payload hash; the signed headers name
    every canonical header line, in order, so ``name:`` marks where each line starts. What
    lies between the path and the first header is the query. None where that does not fit.
    """
    words = flat.strip().rsplit(maxsplit=2)
    if len(words) != 3:
        return None
    head, signed, payload = words
    if not (_SIGNED_HEADERS.fullmatch(signed) and _PAYLOAD_HASH.fullmatch(payload)):
        return None
    parts = head.split(maxsplit=2)
    if len(parts) != 3:
        return None
    method, path, rest = parts
    names = signed.split(";")
    starts: list[int] = []
    position = 0
    for name in names:
        found = re.compile(rf"(?:^|\s){re.escape(name)}:").search(rest, position)
        if found is None:
            return None
        start = found.start() + (0 if found.group().startswith(name) else 1)
        starts.append(start)
        position = start + len(name) + 1
    query = rest[: starts[0]].strip()
    lines = [method, path, query]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(rest)
        name, _, value = rest[start:end].partition(":")
        lines.append(f"{name}:{value.strip()}")
    return "\n".join([*lines, "", signed, payload])


# ------------------------------------------------------------------------- Alibaba Cloud

# The RPC string to sign: METHOD&%2F&<encoded query>; the encoded query holds no raw '&'.
_ALIYUN_MARKER = re.compile(r"server string to sign is", re.I)
_ALIYUN_STRING_TO_SIGN = re.compile(r"[A-Z]+&%2F&[A-Za-z0-9%._~-]*", re.I)


def aliyun_string_to_sign(text: str) -> str | None:
    """What follows the first "server string to sign is" (then spaces, an optional colon,
    spaces) that is an RPC string to sign."""
    for marker in _ALIYUN_MARKER.finditer(text):
        start = _after_space(text, marker.end())
        if text.startswith(":", start):
            start = _after_space(text, start + 1)
        found = _ALIYUN_STRING_TO_SIGN.match(text, start)
        if found:
            return found.group()
    return None


def parse_aliyun(text: str) -> ServerMessage:
    for reading in readings(text):
        string_to_sign = aliyun_string_to_sign(reading)
        if string_to_sign is not None:
            code = _code(text, ("SignatureDoesNotMatch", "IncompleteSignature"))
            return ServerMessage("aliyun-rpc", code, {"string_to_sign": string_to_sign})
    raise UnparseableMessage(
        "no 'server string to sign is:' found; paste the whole SignatureDoesNotMatch response "
        "(its Message holds the string)"
    )


# ------------------------------------------------------------------------------ Tencent

_TENCENT_CODE = re.compile(r"\b(AuthFailure(?:\.[A-Za-z]+)?)\b")
TENCENT_HIDES_STRING = (
    "Tencent Cloud does not reveal the string it expected: sigvec compares yours with its own "
    "recomputation from --input, and checks your text for the catalogued mistakes that show "
    "in it"
)
_TENCENT_CODE_NOTES = {
    "AuthFailure.SignatureExpire": (
        "the server says the signature expired: X-TC-Timestamp is too far from the server's "
        "clock (check the clock, and that the timestamp is UNIX time in seconds)"
    ),
    "AuthFailure.SecretIdNotFound": (
        "the server does not know this SecretId: a credentials problem, not a signing mistake"
    ),
    "AuthFailure.InvalidSecretId": (
        "the SecretId is malformed: a credentials problem, not a signing mistake"
    ),
    "AuthFailure.InvalidAuthorization": (
        "the server cannot read the Authorization header: check its format "
        "('TC3-HMAC-SHA256 Credential=…/date/service/tc3_request, SignedHeaders=…, "
        "Signature=…')"
    ),
}


def parse_tencent(text: str) -> ServerMessage:
    code = ""
    structured = _structured(text)
    response = structured.get("Response") if isinstance(structured, dict) else None
    error = response.get("Error") if isinstance(response, dict) else None
    if isinstance(error, dict) and isinstance(error.get("Code"), str):
        code = error["Code"]
    else:
        for reading in readings(text):
            match = _TENCENT_CODE.search(reading)
            if match:
                code = match.group(1)
                break
    if not code:
        raise UnparseableMessage(
            "no Tencent Cloud error code (Response.Error.Code, e.g. AuthFailure.SignatureFailure) "
            "found; paste the whole JSON response"
        )
    notes = [TENCENT_HIDES_STRING]
    if code in _TENCENT_CODE_NOTES:
        notes.insert(0, _TENCENT_CODE_NOTES[code])
    return ServerMessage("tencent-tc3", code, {}, tuple(notes))
