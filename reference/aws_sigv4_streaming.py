"""AWS SigV4 streaming upload (``Content-Encoding: aws-chunked``): a seed signature over the
headers, then one signature per chunk, each chained to the previous one, the final empty chunk
included; optionally a trailer (a checksum header sent after the chunks) with its own signature.

The seed's canonical request, scope and signing key are SigV4's (``aws_sigv4``) with S3's rules:
the path is neither normalised nor double-encoded, every header is signed.
"""

from __future__ import annotations

from typing import Any

from sigvec import schemes

from . import aws_sigv4
from .encoding import ascii_lower, ascii_strip, hmac_sha256, sha256_hex
from .errors import InputError
from .result import Signed

SCHEME = "aws-sigv4-streaming"
STEPS = schemes.get(SCHEME).steps
REQUIRED_STEPS = schemes.get(SCHEME).required_steps  # all but the trailer's
STREAMING_PAYLOAD = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
STREAMING_PAYLOAD_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
CHUNK_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD"
TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER"
EMPTY_SHA256 = sha256_hex(b"")
DEFAULT_CHUNK_SIZE = 65536
CHUNK_SIGNATURE = ";chunk-signature="
TRAILER_SIGNATURE = "x-amz-trailer-signature"
CRLF = "\r\n"
# The headers the signer adds; a caller who also sent one would sign a stale copy.
SIGNER_HEADERS = (
    "authorization",
    "content-encoding",
    "content-length",
    "x-amz-content-sha256",
    "x-amz-date",
    "x-amz-decoded-content-length",
    "x-amz-security-token",
    "x-amz-trailer",
)
# Only the framing's length depends on a signature, never its value: 64 hex digits each.
_SIGNATURE_PLACEHOLDER = "0" * 64


def split_chunks(payload: bytes, chunk_size: int) -> list[bytes]:
    """``chunk_size`` bytes each (the last data chunk may be shorter), then the final empty one."""
    return [payload[i : i + chunk_size] for i in range(0, len(payload), chunk_size)] + [b""]


def chunk_string_to_sign(stamp: str, scope: str, previous_signature: str, chunk: bytes) -> str:
    return "\n".join(
        (CHUNK_ALGORITHM, stamp, scope, previous_signature, EMPTY_SHA256, sha256_hex(chunk))
    )


def canonical_trailer(trailer: list[tuple[str, str]]) -> str:
    """``lower(name):trimmed value\\n`` per trailing header, in the order given."""
    return "".join(f"{ascii_lower(name)}:{ascii_strip(value)}\n" for name, value in trailer)


def trailer_string_to_sign(stamp: str, scope: str, previous_signature: str, canonical: str) -> str:
    return "\n".join(
        (TRAILER_ALGORITHM, stamp, scope, previous_signature, sha256_hex(canonical.encode()))
    )


class Signer:
    """The streaming upload as its documented steps, one method each; ``sign`` runs them in
    order. A catalogued mistake (``mistakes_aws_sigv4_streaming.py``) overrides exactly one."""

    # The seed: SigV4's canonical request over the headers, with a literal payload hash.
    def canonical_uri(self, path: str) -> str:
        return aws_sigv4.canonical_uri(path, normalize=False, double_encode=False)

    def canonical_query_string(self, query: str) -> str:
        return aws_sigv4.canonical_query_string(query)

    def hashed_payload(self, has_trailer: bool) -> str:
        return STREAMING_PAYLOAD_TRAILER if has_trailer else STREAMING_PAYLOAD

    def content_length(self, payload: bytes, encoded_length: int) -> int:
        """Content-Length: the length of the encoded (framed) body, not of the payload."""
        return encoded_length

    def added_headers(
        self, inp: dict[str, Any], payload: bytes, encoded_length: int
    ) -> dict[str, str]:
        """The headers the signer adds (Authorization comes last, once signed)."""
        trailer = inp.get("trailer")
        added = {
            "Content-Encoding": "aws-chunked",
            "Content-Length": str(self.content_length(payload, encoded_length)),
            "X-Amz-Content-Sha256": self.hashed_payload(bool(trailer)),
            "X-Amz-Date": inp["timestamp"],
            "X-Amz-Decoded-Content-Length": str(len(payload)),
        }
        if trailer:
            added["X-Amz-Trailer"] = ",".join(ascii_lower(name) for name, _ in trailer)
        if inp.get("session_token"):
            added["X-Amz-Security-Token"] = inp["session_token"]
        return added

    def canonical_headers(self, headers: list[tuple[str, str]]) -> tuple[str, str]:
        return aws_sigv4.canonical_headers(headers)

    def canonical_request(self, parts: tuple[str, ...]) -> str:
        return aws_sigv4.canonical_request(parts)

    def credential_scope(self, stamp: str, region: str, service: str) -> str:
        return aws_sigv4.credential_scope(stamp, region, service)

    def string_to_sign(self, stamp: str, scope: str, canonical_request_hash: str) -> str:
        return aws_sigv4.string_to_sign(stamp, scope, canonical_request_hash)

    def signing_key(self, secret: str, date: str, region: str, service: str) -> bytes:
        return aws_sigv4.signing_keys(secret, date, region, service)[-1]

    def signature(self, signing_key: bytes, to_sign: str) -> str:
        return hmac_sha256(signing_key, to_sign).hex()

    def authorization(
        self, access_key_id: str, scope: str, signed_headers: str, signature: str
    ) -> str:
        return aws_sigv4.authorization(access_key_id, scope, signed_headers, signature)

    # The chunks: each signature chains the previous one (the seed's for the first).
    def chunks(self, payload: bytes, chunk_size: int) -> list[bytes]:
        return split_chunks(payload, chunk_size)

    def chunk_string_to_sign(
        self, stamp: str, scope: str, previous_signature: str, seed_signature: str, chunk: bytes
    ) -> str:
        return chunk_string_to_sign(stamp, scope, previous_signature, chunk)

    def chunk_signatures(
        self, signing_key: bytes, stamp: str, scope: str, seed: str, chunks: list[bytes]
    ) -> tuple[list[str], list[str]]:
        """(each chunk's string to sign, each chunk's signature), in sending order."""
        strings: list[str] = []
        signatures: list[str] = []
        previous = seed
        for chunk in chunks:
            strings.append(self.chunk_string_to_sign(stamp, scope, previous, seed, chunk))
            previous = self.signature(signing_key, strings[-1])
            signatures.append(previous)
        return strings, signatures

    def chunk_size_hex(self, size: int) -> str:
        """The chunk's size in lower-case hex without leading zeros (``0`` for the final)."""
        return format(size, "x")

    def chunk_header(self, chunk: bytes, signature: str) -> str:
        return f"{self.chunk_size_hex(len(chunk))}{CHUNK_SIGNATURE}{signature}"

    # The trailer: signed after the final chunk, chained to its signature.
    def trailer_previous_signature(self, seed: str, chunk_signatures: list[str]) -> str:
        return chunk_signatures[-1] if chunk_signatures else seed

    def canonical_trailer(self, trailer: list[tuple[str, str]]) -> str:
        return canonical_trailer(trailer)

    def trailer_string_to_sign(
        self, stamp: str, scope: str, previous_signature: str, canonical: str
    ) -> str:
        return trailer_string_to_sign(stamp, scope, previous_signature, canonical)

    # The body as sent.
    def encoded_body(
        self,
        chunks: list[bytes],
        signatures: list[str],
        trailer: list[tuple[str, str]] | None,
        trailer_signature: str,
    ) -> bytes:
        """Each chunk framed as ``<hex size>;chunk-signature=<sig>\\r\\n<data>\\r\\n``; after the
        final (empty) chunk's line, the trailing headers and their signature, then ``\\r\\n``."""
        body = bytearray()
        for chunk, signature in zip(chunks, signatures, strict=True):
            body += (self.chunk_header(chunk, signature) + CRLF).encode("ascii")
            if chunk:
                body += chunk + CRLF.encode("ascii")
        for name, value in trailer or []:
            body += f"{name}:{value}{CRLF}".encode()
        if trailer:
            body += f"{TRAILER_SIGNATURE}:{trailer_signature}{CRLF}".encode("ascii")
        return bytes(body + CRLF.encode("ascii"))

    def encoded_length(self, chunks: list[bytes], trailer: list[tuple[str, str]] | None) -> int:
        """The encoded body's length, known before any signature (each is 64 hex digits)."""
        placeholders = [_SIGNATURE_PLACEHOLDER] * len(chunks)
        return len(self.encoded_body(chunks, placeholders, trailer, _SIGNATURE_PLACEHOLDER))

    def sign(self, inp: dict[str, Any]) -> Signed:
        stamp = inp["timestamp"]
        aws_sigv4.check_timestamp(stamp)
        headers = [(name, value) for name, value in inp["headers"]]
        _check_headers(headers)
        trailer = [(name, value) for name, value in inp["trailer"]] if "trailer" in inp else None
        payload = aws_sigv4.request_body(inp)
        chunks = self.chunks(payload, inp.get("chunk_size", DEFAULT_CHUNK_SIZE))
        added = self.added_headers(inp, payload, self.encoded_length(chunks, trailer))
        signed = [
            (name, value)
            for name, value in added.items()
            if name != "Content-Length" or inp.get("sign_content_length", True)
        ]
        canon_uri = self.canonical_uri(inp["path"])
        canon_query = self.canonical_query_string(inp.get("query", ""))
        canon_headers, signed_headers = self.canonical_headers(headers + signed)
        payload_hash = self.hashed_payload(trailer is not None)
        creq = self.canonical_request(
            (inp["method"], canon_uri, canon_query, canon_headers, signed_headers, payload_hash)
        )
        creq_hash = sha256_hex(creq.encode("utf-8"))
        service = inp.get("service", "s3")
        scope = self.credential_scope(stamp, inp["region"], service)
        to_sign = self.string_to_sign(stamp, scope, creq_hash)
        key = self.signing_key(inp["secret_access_key"], stamp[:8], inp["region"], service)
        seed = self.signature(key, to_sign)
        chunk_strings, chunk_signatures = self.chunk_signatures(key, stamp, scope, seed, chunks)
        intermediates: dict[str, Any] = dict(
            zip(
                REQUIRED_STEPS,
                (canon_uri, canon_query, canon_headers, signed_headers, payload_hash, creq)
                + (scope, creq_hash, to_sign, key.hex(), chunk_strings, chunk_signatures),
                strict=True,
            )
        )
        trailer_signature = ""
        if trailer is not None:
            previous = self.trailer_previous_signature(seed, chunk_signatures)
            trailer_to_sign = self.trailer_string_to_sign(
                stamp, scope, previous, self.canonical_trailer(trailer)
            )
            trailer_signature = self.signature(key, trailer_to_sign)
            intermediates["trailer_string_to_sign"] = trailer_to_sign
            intermediates["trailer_signature"] = trailer_signature
        authorization = self.authorization(inp["access_key_id"], scope, signed_headers, seed)
        body = self.encoded_body(chunks, chunk_signatures, trailer, trailer_signature)
        output = {
            "signature": seed,
            "authorization": authorization,
            "headers": {**added, "Authorization": authorization},
            "chunk_headers": [
                self.chunk_header(chunk, signature)
                for chunk, signature in zip(chunks, chunk_signatures, strict=True)
            ],
            "encoded_body_sha256": sha256_hex(body),
        }
        return Signed(SCHEME, inp, intermediates, output)


def _check_headers(headers: list[tuple[str, str]]) -> None:
    for name, _ in headers:
        if aws_sigv4.canonical_header_name(name) in SIGNER_HEADERS:
            raise InputError("headers", f"{name!r} is set by the signer; leave it out")


def sign(inp: dict[str, Any]) -> Signed:
    return Signer().sign(inp)
