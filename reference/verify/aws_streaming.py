"""Verify an AWS SigV4 streaming upload (``Content-Encoding: aws-chunked``): the seed signature
in the Authorization header as SigV4 (S3's path rules), then every chunk's signature chained to
the previous one, the final empty chunk's included, then the trailer's signature, then the
decoded length against ``X-Amz-Decoded-Content-Length``.

Each signature is computed by the reference signer's own steps
(``sigvec.reference.aws_sigv4_streaming``); the body is read by :mod:`.aws_chunked`.
"""

from __future__ import annotations

import base64
from typing import Any

from sigvec.reference import aws_sigv4, aws_sigv4_streaming
from sigvec.reference.encoding import ascii_digits, ascii_lower, ascii_strip, sha256_hex
from sigvec.reference.result import Signed

from .aws import (
    Auth,
    AwsVerifier,
    is_signed_streaming,
    rebased_input,
    signed_request_input,
)
from .aws_chunked import CRLF, Chunk, ChunkedBody, FramingError, read_chunked
from .core import Check, Rejection, flip_bit, same_signature, single
from .plugin import ProbeKey
from .request import Request

SCHEME = aws_sigv4_streaming.SCHEME
PAYLOADS = (aws_sigv4_streaming.STREAMING_PAYLOAD, aws_sigv4_streaming.STREAMING_PAYLOAD_TRAILER)
DECODED_LENGTH = "x-amz-decoded-content-length"


class StreamingVerifier(AwsVerifier):
    scheme = SCHEME
    signer = aws_sigv4_streaming.Signer()

    def detect(self, request: Request) -> bool:
        auth = request.header("authorization") or ""
        return auth.startswith("AWS4-") and is_signed_streaming(request)

    def auth_parts(self, request: Request) -> tuple[dict[str, str], str | None, bool]:
        if not request.header_values("authorization"):
            raise Rejection(
                "missing-auth", "no Authorization header (a streaming upload signs its headers)"
            )
        return super().auth_parts(request)

    def payload_hash(self, request: Request, auth: Auth) -> str:
        """The literal STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER); the headers the chunk
        checks rely on (the decoded length, the announced trailer) present and readable."""
        value = single(request.header_values("x-amz-content-sha256"), "x-amz-content-sha256")
        if value not in PAYLOADS:
            raise Rejection(
                "unsupported-algorithm",
                f"x-amz-content-sha256 {str(value)[:60]!r}: expected one of {', '.join(PAYLOADS)}",
            )
        length = single(request.header_values(DECODED_LENGTH), "X-Amz-Decoded-Content-Length")
        if length is None or not ascii_digits(length):
            raise Rejection(
                "malformed-auth", f"X-Amz-Decoded-Content-Length {length!r}: expected a number"
            )
        trailer = single(request.header_values("x-amz-trailer"), "X-Amz-Trailer")
        if (value == PAYLOADS[1]) != bool(trailer):
            raise Rejection(
                "malformed-auth",
                f"x-amz-content-sha256 {value} with X-Amz-Trailer {trailer!r}: a trailer is "
                "announced exactly with the -TRAILER payload",
            )
        return value

    def canonical_uri(self, path: str, auth: Auth) -> str:
        return self.signer.canonical_uri(path)  # S3's rules, whatever the service

    def canonical_query_string(self, query: str) -> str:
        return self.signer.canonical_query_string(query)

    def signing_key(self, auth: Auth) -> bytes:
        return self.signer.signing_key(auth.secret, auth.stamp[:8], auth.region, auth.service)

    def check_payload(self, check: Check, auth: Auth, payload_hash: str) -> None:
        """After the seed: the framing, each chunk's signature in turn (the final chunk's
        included), the trailer's, then the decoded length."""
        request, verdict, signer = check.request, check.verdict, self.signer
        with_trailer = payload_hash == PAYLOADS[1]
        length = request.header("content-length")
        if length is not None and length != str(len(request.body)):
            raise Rejection(
                "malformed-auth",
                f"Content-Length {length[:20]!r}, the aws-chunked body has {len(request.body)} "
                "bytes",
            )
        try:
            body = read_chunked(request.body, with_trailer)
        except FramingError as exc:
            raise Rejection("malformed-auth", f"aws-chunked body: {exc}") from None
        if with_trailer:
            names = (request.header("x-amz-trailer") or "").split(",")
            announced = [ascii_lower(ascii_strip(name)) for name in names]
            sent = [ascii_lower(name) for name, _ in body.trailer]
            if sorted(sent) != sorted(announced):
                raise Rejection(
                    "malformed-auth",
                    f"the trailer sends {', '.join(sent)[:80]!r}, X-Amz-Trailer announced "
                    f"{', '.join(announced)[:80]!r}",
                )
        key = self.signing_key(auth)
        scope = verdict.intermediates["credential_scope"]
        seed = previous = verdict.intermediates["signature"]
        signatures: list[str] = []
        for index, chunk in enumerate(body.chunks):
            to_sign = self.chunk_string_to_sign(auth, scope, seed, previous, chunk)
            expected = signer.signature(key, to_sign)
            final = index == len(body.chunks) - 1
            if not self.chunk_signature_holds(expected, chunk.signature, final):
                verdict.intermediates.update(chunk_string_to_sign=to_sign, chunk_signature=expected)
                which = "the final chunk" if final else f"chunk {index}"
                what = f"{which}'s signature (of {len(body.chunks)})"
                self._mismatch(check, auth, body, what, chunk.signature)
            previous = expected
            signatures.append(expected)
        if with_trailer:
            canonical = signer.canonical_trailer(body.trailer)
            chained_to = signer.trailer_previous_signature(seed, signatures)
            to_sign = signer.trailer_string_to_sign(auth.stamp, scope, chained_to, canonical)
            expected = signer.signature(key, to_sign)
            if not same_signature(expected, body.trailer_signature or ""):
                verdict.intermediates.update(
                    trailer_string_to_sign=to_sign, trailer_signature=expected
                )
                self._mismatch(
                    check, auth, body, "the trailer's signature", body.trailer_signature or ""
                )
        declared = int(request.header(DECODED_LENGTH) or "0")
        if len(body.payload) != declared:
            raise Rejection(
                "payload-hash-mismatch",
                f"the chunks hold {len(body.payload)} bytes, X-Amz-Decoded-Content-Length "
                f"says {declared}",
            )

    def chunk_string_to_sign(
        self, auth: Auth, scope: str, seed: str, previous: str, chunk: Chunk
    ) -> str:
        """Chunk ``chunk``'s string to sign, chained to ``previous`` (the seed for the first)."""
        return self.signer.chunk_string_to_sign(auth.stamp, scope, previous, seed, chunk.data)

    def chunk_signature_holds(self, expected: str, received: str, final: bool) -> bool:
        """Every chunk's signature is checked, the final one's too."""
        return same_signature(expected, received)

    def _mismatch(
        self, check: Check, auth: Auth, body: ChunkedBody, what: str, provided: str
    ) -> None:
        """A chunk or trailer signature differs: what a client signed is the whole body."""
        check.verdict.received = {
            "encoded_body_sha256": sha256_hex(check.request.body),  # a signer output's
            "signature_provided": provided,  # the chunk's or the trailer's, as received
        }
        check.verdict.signer_input = streaming_signer_input(check.request, auth, body)
        raise Rejection("signature-mismatch", f"{what} differs from the server's")

    def signer_input(
        self, request: Request, auth: Auth, payload_hash: str
    ) -> dict[str, Any] | None:
        try:
            body = read_chunked(request.body, payload_hash == PAYLOADS[1])
        except FramingError:
            return None
        return streaming_signer_input(request, auth, body)

    # ------------------------------------------------------------ verifier cases, probe

    def send(self, signed: Signed, how: dict[str, Any]) -> Request:
        """The headers as signed, and the encoded body rebuilt from the output's chunk headers
        (checked against ``encoded_body_sha256``)."""
        inp, out = signed.input, signed.output
        headers = [tuple(pair) for pair in inp["headers"]] + list(out["headers"].items())
        target = inp["path"] + (f"?{inp['query']}" if inp.get("query") else "")
        body = encoded_body(signed)
        if sha256_hex(body) != out["encoded_body_sha256"]:
            raise ValueError("the encoded body rebuilt from chunk_headers is not the signer's")
        return Request(inp["method"], target, tuple(headers), body)

    def tamper(self, request: Request, signed: Signed, kind: str, arg: Any) -> Request | None:
        """Steps of the aws-chunked body: ``chunk_signature_bit: [chunk, bit]`` (chunk -1 is
        the final one), ``trailer_signature_bit: bit``, ``swap_chunks: [i, i + 1]`` (two
        chunks, each with its signature, in the other order), ``drop_final_chunk: true``,
        ``replace_in_body: {old, new}`` (bytes of the body as sent), ``decoded_length: N``
        (signed by a client that declares N). Body changes keep Content-Length right."""
        body = request.body
        if kind in ("chunk_signature_bit", "swap_chunks"):
            chunks = read_chunked(body, "x-amz-trailer" in request.header_names()).chunks
        if kind == "chunk_signature_bit":
            index, bit = arg
            chunk = chunks[index]
            return _with_body(request, _replace_once(body, chunk.header, _flip(chunk, bit)))
        if kind == "swap_chunks":
            first, second = (_framed(chunks[index]) for index in arg)
            swapped = body.replace(first + second, second + first, 1)
            return _with_body(request, swapped)
        if kind == "trailer_signature_bit":
            old = signed.intermediates["trailer_signature"]
            return _with_body(request, _replace_once(body, old, flip_bit("hex", old, int(arg))))
        if kind == "decoded_length":
            return self._resigned(signed, _DeclaredLength(int(arg)))
        if kind == "drop_final_chunk":
            final = signed.output["chunk_headers"][-1].encode("ascii") + CRLF
            return _with_body(request, body[: body.rindex(final)])
        if kind == "replace_in_body":
            return _with_body(request, _replace_once(body, arg["old"], arg["new"]))
        return None

    def _resigned(self, signed: Signed, signer: aws_sigv4_streaming.Signer) -> Request:
        return self.send(signer.sign(signed.input), {})

    def rebase(
        self, base: dict[str, Any], host: str, path: str, key: ProbeKey, signed_at: float
    ) -> dict[str, Any]:
        inp = rebased_input(base["input"], host, path, key, signed_at)
        return {"input": inp, "send": dict(base.get("send", {}))}


class _DeclaredLength(aws_sigv4_streaming.Signer):
    """A client that declares (and signs) another X-Amz-Decoded-Content-Length."""

    def __init__(self, declared: int) -> None:
        self.declared = declared

    def added_headers(
        self, inp: dict[str, Any], payload: bytes, encoded_length: int
    ) -> dict[str, str]:
        added = super().added_headers(inp, payload, encoded_length)
        return added | {"X-Amz-Decoded-Content-Length": str(self.declared)}


def encoded_body(signed: Signed) -> bytes:
    """The aws-chunked body of a signed upload, from its output's chunk headers."""
    inp, out = signed.input, signed.output
    payload = aws_sigv4.request_body(inp)
    size = inp.get("chunk_size", aws_sigv4_streaming.DEFAULT_CHUNK_SIZE)
    chunks = aws_sigv4_streaming.split_chunks(payload, size)
    body = bytearray()
    # zip stops at the last header sent: a client may leave the final chunk out
    for header, chunk in zip(out["chunk_headers"], chunks, strict=False):
        body += header.encode("ascii") + CRLF + (chunk + CRLF if chunk else b"")
    if "trailer" in inp:
        for name, value in inp["trailer"]:
            body += f"{name}:{value}".encode() + CRLF
        trailer_signature = signed.intermediates["trailer_signature"]
        body += f"{aws_sigv4_streaming.TRAILER_SIGNATURE}:{trailer_signature}".encode() + CRLF
    return bytes(body + CRLF)


def streaming_signer_input(
    request: Request, auth: Auth, body: ChunkedBody
) -> dict[str, Any] | None:
    """The reference signer's input for this upload, where the reference can express it: every
    data chunk but the last of one size, the last no longer."""
    sizes = [len(chunk.data) for chunk in body.chunks[:-1]]
    if sizes and (any(size != sizes[0] for size in sizes[:-1]) or sizes[-1] > sizes[0]):
        return None
    inp = signed_request_input(request, auth, aws_sigv4_streaming.SIGNER_HEADERS)
    inp["sign_content_length"] = "content-length" in auth.signed_names
    if sizes:
        inp["chunk_size"] = sizes[0]
    try:
        inp["body"] = body.payload.decode("utf-8")
    except UnicodeDecodeError:
        inp["body_base64"] = base64.b64encode(body.payload).decode("ascii")
    if body.trailer:
        inp["trailer"] = [[name, value] for name, value in body.trailer]
    token = request.header("x-amz-security-token")
    if token:
        inp["session_token"] = token
    return inp


def _flip(chunk: Chunk, bit: int) -> str:
    size, sep, signature = chunk.header.partition(aws_sigv4_streaming.CHUNK_SIGNATURE)
    return size + sep + flip_bit("hex", signature, bit)


def _framed(chunk: Chunk) -> bytes:
    return chunk.header.encode("ascii") + CRLF + (chunk.data + CRLF if chunk.data else b"")


def _replace_once(body: bytes, old: str, new: str) -> bytes:
    if old.encode("utf-8") not in body:
        raise ValueError(f"{old[:40]!r} is not in the body")
    return body.replace(old.encode("utf-8"), new.encode("utf-8"), 1)


def _with_body(request: Request, body: bytes) -> Request:
    """The request with ``body``, its Content-Length (if sent) saying so."""
    headers = tuple(
        (name, str(len(body)) if ascii_lower(name) == "content-length" else value)
        for name, value in request.headers
    )
    return Request(request.method, request.target, headers, body)


VERIFIER = StreamingVerifier()
