"""Read an ``aws-chunked`` body as received: the chunks with their signatures, the trailer.

The framing (Amazon S3, "Transferring Payload in Multiple Chunks"): per chunk
``<size in lower-case hex>;chunk-signature=<signature>\\r\\n<data>\\r\\n``, ending with the
empty final chunk ``0;chunk-signature=<signature>\\r\\n``, then ``\\r\\n`` or, with a trailer,
each ``name:value\\r\\n``, ``x-amz-trailer-signature:<signature>\\r\\n`` and ``\\r\\n``. A body
that does not follow it exactly is a :class:`FramingError`: the signed chunk sizes are what
the signer wrote (lower-case hex, no leading zeros), and nothing may follow the final chunk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sigvec.reference.aws_sigv4_streaming import CHUNK_SIGNATURE, TRAILER_SIGNATURE
from sigvec.reference.encoding import ascii_lower, ascii_strip

CRLF = b"\r\n"
SIZE = re.compile(r"0|[1-9a-f][0-9a-f]*", re.ASCII)
MAX_SIZE_DIGITS = 16


class FramingError(ValueError):
    """The body is not aws-chunked as the scheme writes it."""


@dataclass(frozen=True)
class Chunk:
    header: str  # the chunk's header line as sent, without CRLF
    signature: str
    data: bytes


@dataclass
class ChunkedBody:
    chunks: list[Chunk] = field(default_factory=list)  # the final (empty) chunk last
    trailer: list[tuple[str, str]] = field(default_factory=list)  # name, value as sent
    trailer_signature: str | None = None

    @property
    def payload(self) -> bytes:
        return b"".join(chunk.data for chunk in self.chunks)


def _line(body: bytes, at: int, what: str) -> tuple[str, int]:
    """The CRLF-terminated line at ``at`` (text without CRLF) and where the next one starts."""
    end = body.find(CRLF, at)
    if end < 0:
        raise FramingError(f"the body ends inside {what} (no CRLF)")
    try:
        return body[at:end].decode("utf-8"), end + len(CRLF)
    except UnicodeDecodeError:
        raise FramingError(f"{what} is not UTF-8 text") from None


def read_chunked(body: bytes, with_trailer: bool) -> ChunkedBody:
    """The chunks and trailer of ``body``; ``FramingError`` naming the first problem."""
    found = ChunkedBody()
    at = 0
    while True:
        index = len(found.chunks)
        if at == len(body):
            raise FramingError(f"the body ends after {index} chunk(s), without the final chunk")
        header, at = _line(body, at, f"chunk {index}'s header")
        if not header:
            raise FramingError(f"the body ends after {index} chunk(s), without the final chunk")
        size_text, _, extension = header.partition(";")
        if not SIZE.fullmatch(size_text) or len(size_text) > MAX_SIZE_DIGITS:
            raise FramingError(
                f"chunk {index}'s size {size_text[:20]!r} is not lower-case hex without "
                "leading zeros"
            )
        signature = extension.removeprefix(CHUNK_SIGNATURE[1:])
        if signature == extension or not signature:
            raise FramingError(f"chunk {index} has no chunk-signature")
        size = int(size_text, 16)
        if size == 0:
            found.chunks.append(Chunk(header, signature, b""))
            break
        if at + size + len(CRLF) > len(body) or body[at + size : at + size + 2] != CRLF:
            raise FramingError(f"chunk {index} is not {size} bytes followed by CRLF")
        found.chunks.append(Chunk(header, signature, body[at : at + size]))
        at += size + len(CRLF)
    if with_trailer:
        while True:
            line, at = _line(body, at, "the trailer")
            if not line:
                break
            name, sep, value = line.partition(":")
            if not sep or not name:
                raise FramingError(f"trailer line {line[:40]!r} is not name:value")
            if ascii_lower(name) == TRAILER_SIGNATURE:
                if found.trailer_signature is not None:
                    raise FramingError("x-amz-trailer-signature is sent twice")
                found.trailer_signature = ascii_strip(value)
            elif found.trailer_signature is not None:
                raise FramingError(f"trailer {name[:40]!r} after x-amz-trailer-signature")
            else:
                found.trailer.append((name, value))
        if not found.trailer_signature:
            raise FramingError("the trailer has no x-amz-trailer-signature")
    else:
        line, at = _line(body, at, "the end of the body")
        if line:
            raise FramingError(f"{line[:40]!r} after the final chunk (no trailer was announced)")
    if at != len(body):
        raise FramingError(f"{len(body) - at} bytes after the end of the aws-chunked body")
    return found
