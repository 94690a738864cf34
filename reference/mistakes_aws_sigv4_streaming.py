"""The catalogued mistakes of SigV4 streaming uploads (``aws-sigv4-streaming``): each a reference
variant that overrides one step of :class:`aws_sigv4_streaming.Signer` the way the bug does.

The chain is what verifiers and signers get wrong: a chunk signed against the seed instead of
its predecessor, the final empty chunk left out (S3-compatible servers have shipped verifiers
that skip its signature), the framing's hex sizes and the two lengths mixed up.
"""

from __future__ import annotations

from .aws_sigv4_streaming import (
    CHUNK_ALGORITHM,
    CRLF,
    EMPTY_SHA256,
    Signer,
    chunk_string_to_sign,
)
from .encoding import sha256_hex
from .mistake import Mistake


class _PreviousSignatureNotChained(Signer):
    def chunk_string_to_sign(
        self, stamp: str, scope: str, previous_signature: str, seed_signature: str, chunk: bytes
    ) -> str:
        return chunk_string_to_sign(stamp, scope, seed_signature, chunk)


class _FinalChunkOmitted(Signer):
    def chunks(self, payload: bytes, chunk_size: int) -> list[bytes]:
        return super().chunks(payload, chunk_size)[:-1]


class _ChunkSizeHexUppercase(Signer):
    def chunk_size_hex(self, size: int) -> str:
        return format(size, "X")


class _ChunkSizeHexLeadingZeros(Signer):
    """The size written as a fixed-width 32-bit hex number (``%08x``)."""

    def chunk_size_hex(self, size: int) -> str:
        return format(size, "08x")


class _ContentLengthDecoded(Signer):
    def content_length(self, payload: bytes, encoded_length: int) -> int:
        return len(payload)


class _EmptyHashLineOmitted(Signer):
    def chunk_string_to_sign(
        self, stamp: str, scope: str, previous_signature: str, seed_signature: str, chunk: bytes
    ) -> str:
        return "\n".join((CHUNK_ALGORITHM, stamp, scope, previous_signature, sha256_hex(chunk)))


class _ChunkHashOverFraming(Signer):
    """The chunk's hash taken over its data with the CRLF that ends it on the wire."""

    def chunk_string_to_sign(
        self, stamp: str, scope: str, previous_signature: str, seed_signature: str, chunk: bytes
    ) -> str:
        framed = chunk + CRLF.encode("ascii")
        return "\n".join(
            (CHUNK_ALGORITHM, stamp, scope, previous_signature, EMPTY_SHA256, sha256_hex(framed))
        )


class _TrailerChainedToLastDataChunk(Signer):
    """The trailer signed against the last chunk holding data (the seed when there is none),
    as if the final empty chunk were not part of the chain."""

    def trailer_previous_signature(self, seed: str, chunk_signatures: list[str]) -> str:
        return [seed, *chunk_signatures][-2] if chunk_signatures else seed


class _PlusAsSpace(Signer):
    """The seed's query decoded as a form (Go's url.ParseQuery, unquote_plus): a raw ``+``
    becomes a space, signed ``%20`` where S3 signs ``%2B`` (``aws-sigv4/plus-as-space``)."""

    def canonical_query_string(self, query: str) -> str:
        return super().canonical_query_string(query.replace("+", "%20"))


ID = "aws-sigv4-streaming/"
CATALOGUE: tuple[Mistake, ...] = (
    Mistake(
        ID + "signature-not-chained",
        "every chunk's string to sign carries the seed signature instead of the previous "
        "chunk's signature, so only the first chunk verifies",
        "chain the signatures: the seed for the first chunk, then each chunk's own signature "
        "for the next one, the final empty chunk included",
        _PreviousSignatureNotChained(),
    ),
    Mistake(
        ID + "final-chunk-omitted",
        "the final zero-length chunk (0;chunk-signature=...) is neither signed nor sent, so the "
        "body ends after the last data chunk and Content-Length is short",
        "after the last data chunk, sign and send one empty chunk (its hash is SHA-256 of "
        "nothing), and count it in Content-Length",
        _FinalChunkOmitted(),
    ),
    Mistake(
        ID + "hex-size-uppercase",
        "the chunk sizes are written in upper-case hex (%X), e.g. 'FF;chunk-signature=...'",
        "write each chunk size in lower-case hex without leading zeros (%x)",
        _ChunkSizeHexUppercase(),
    ),
    Mistake(
        ID + "hex-size-leading-zeros",
        "the chunk sizes are written with leading zeros (%08x), e.g. '00010000;chunk-signature="
        "...', which also makes Content-Length too long",
        "write each chunk size in hex without leading zeros ('10000', and '0' for the final)",
        _ChunkSizeHexLeadingZeros(),
    ),
    Mistake(
        ID + "content-length-decoded",
        "Content-Length is the payload's (decoded) length instead of the encoded body's, "
        "framing and signatures included",
        "send the payload length as X-Amz-Decoded-Content-Length and the encoded body's "
        "length (every chunk's header line, data and CRLFs, the trailer) as Content-Length",
        _ContentLengthDecoded(),
    ),
    Mistake(
        ID + "empty-hash-line-omitted",
        "the chunk string to sign lacks the SHA-256 of the empty string between the previous "
        "signature and the chunk's hash",
        "sign AWS4-HMAC-SHA256-PAYLOAD, timestamp, scope, previous signature, "
        "e3b0c442...b855 (SHA-256 of ''), then the chunk's SHA-256, one per line",
        _EmptyHashLineOmitted(),
    ),
    Mistake(
        ID + "chunk-hash-over-framing",
        "the chunk's hash covers its data plus the CRLF that ends it on the wire",
        "hash the chunk's data bytes only (SHA-256 hex), without the framing",
        _ChunkHashOverFraming(),
    ),
    Mistake(
        ID + "trailer-skips-final-chunk",
        "the trailer's string to sign carries the signature of the last chunk with data "
        "instead of the final empty chunk's",
        "chain the trailer to the final (zero-length) chunk's signature",
        _TrailerChainedToLastDataChunk(),
        lambda inp: "trailer" in inp,
    ),
    Mistake(
        ID + "plus-as-space",
        "a '+' in the query is read as a space (form decoding), so the seed signs %20 instead "
        "of %2B",
        "decode only %XX escapes (rawurldecode, decodeURIComponent, unquote): '+' is a literal "
        "plus and encodes as %2B",
        _PlusAsSpace(),
    ),
)
