"""Byte-level helpers shared by the schemes: hashing, HMAC and RFC 3986 percent-encoding."""

from __future__ import annotations

import hashlib
import hmac

# RFC 3986 section 2.3 unreserved characters: the only bytes no scheme here encodes.
UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def percent_encode(text: str | bytes, keep: bytes = b"") -> str:
    """Encode every byte of the UTF-8 form except unreserved ones and ``keep``, as ``%XX``.

    Upper-case hex, space as ``%20`` (never ``+``), ``~`` left alone, ``*`` encoded: the encoding
    AWS, Tencent and Alibaba Cloud all specify, and the one that form-encoders get wrong.
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    safe = UNRESERVED | frozenset(keep)
    return "".join(chr(b) if b in safe else f"%{b:02X}" for b in data)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
ASCII_WHITESPACE = " \t\r\n"


def ascii_lower(text: str) -> str:
    """Lower-case A-Z only: the schemes' "lower-case" is ASCII, whatever the platform's is."""
    return text.translate(_ASCII_LOWER)


def ascii_strip(text: str) -> str:
    """Trim space, tab, CR and LF only (not NBSP or other Unicode spaces)."""
    return text.strip(ASCII_WHITESPACE)


def ascii_digits(text: str) -> bool:
    """One or more of 0-9 only. ``str.isdigit`` also takes ``²`` and Arabic-Indic digits, which
    ``int()`` then refuses or reads, where every scheme means ASCII digits."""
    return text.isascii() and text.isdigit()


def percent_decode(text: str) -> bytes:
    """Decode ``%XX`` escapes to bytes; anything else (including ``+`` and a stray ``%``) stays."""
    data = text.encode("utf-8")
    out = bytearray()
    i = 0
    while i < len(data):
        if data[i] == 0x25 and _is_hex(data[i + 1 : i + 3]):
            out.append(int(data[i + 1 : i + 3], 16))
            i += 3
        else:
            out.append(data[i])
            i += 1
    return bytes(out)


def _is_hex(pair: bytes) -> bool:
    return len(pair) == 2 and all(c in b"0123456789abcdefABCDEF" for c in pair)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hmac_sha256(key: bytes, message: str | bytes) -> bytes:
    msg = message.encode("utf-8") if isinstance(message, str) else message
    return hmac.new(key, msg, hashlib.sha256).digest()


def hmac_sha1(key: bytes, message: str | bytes) -> bytes:
    msg = message.encode("utf-8") if isinstance(message, str) else message
    return hmac.new(key, msg, hashlib.sha1).digest()
