"""The reference reproduces the Amazon S3 documentation's two chunked-upload examples.

Expected values are the documentation's, typed in here; none comes from running sigvec:
- "Signature Calculations for the Authorization Header: Transferring Payload in Multiple Chunks
  (Chunked Upload) (AWS Signature Version 4)", Example: PUT Object,
  https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
- "Signature Calculations for the Authorization Header: Including Trailing Headers (Chunked
  Upload)", Example: PUT Object, https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html

Both examples: AKIAIOSFODNN7EXAMPLE / wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, 20130524T000000Z,
us-east-1, PUT /examplebucket/chunkObject.txt on s3.amazonaws.com with
x-amz-storage-class: REDUCED_REDUNDANCY, a payload of 66560 bytes of 'a' in 64 KiB chunks.
The signatures, lengths and trailer value are also quoted, identically, by independent public
S3 servers' and clients' test suites that cite these pages (Go, Rust and Node verifiers).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest

from sigvec.reference import sign
from sigvec.vectors import iter_tests

SCHEME = "aws-sigv4-streaming"
PAYLOAD = "a" * 66560
REQUEST: dict[str, Any] = {
    "method": "PUT",
    "path": "/examplebucket/chunkObject.txt",
    "headers": [["Host", "s3.amazonaws.com"], ["x-amz-storage-class", "REDUCED_REDUNDANCY"]],
    "body": PAYLOAD,
    "access_key_id": "AKIAIOSFODNN7EXAMPLE",
    "secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "region": "us-east-1",
    "timestamp": "20130524T000000Z",
}
TRAILER_REQUEST: dict[str, Any] = {
    **REQUEST,
    "trailer": [["x-amz-checksum-crc32c", "sOO8/Q=="]],
    # The trailer example does not sign Content-Length (its SignedHeaders lack it).
    "sign_content_length": False,
}

# The chunked-upload example: the seed's canonical request and string to sign as printed.
SEED_CANONICAL_REQUEST = (
    "PUT\n"
    "/examplebucket/chunkObject.txt\n"
    "\n"
    "content-encoding:aws-chunked\n"
    "content-length:66824\n"
    "host:s3.amazonaws.com\n"
    "x-amz-content-sha256:STREAMING-AWS4-HMAC-SHA256-PAYLOAD\n"
    "x-amz-date:20130524T000000Z\n"
    "x-amz-decoded-content-length:66560\n"
    "x-amz-storage-class:REDUCED_REDUNDANCY\n"
    "\n"
    "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
    "x-amz-decoded-content-length;x-amz-storage-class\n"
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
)
SEED_STRING_TO_SIGN = (
    "AWS4-HMAC-SHA256\n"
    "20130524T000000Z\n"
    "20130524/us-east-1/s3/aws4_request\n"
    "cee3fed04b70f867d036f722359b0b1f2f0e5dc0efadbc082b76c4c60e316455"
)
SEED_SIGNATURE = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
FIRST_CHUNK_STRING_TO_SIGN = (
    "AWS4-HMAC-SHA256-PAYLOAD\n"
    "20130524T000000Z\n"
    "20130524/us-east-1/s3/aws4_request\n"
    f"{SEED_SIGNATURE}\n"
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
    "bf718b6f653bebc184e1479f1935b8da974d701b893afcf49e701f3e2f9f9c5a"
)
CHUNK_HEADERS = [
    "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
    "400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
    "0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
]

# The trailer example.
TRAILER_SEED_SIGNATURE = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e"
TRAILER_CHUNK_SIGNATURES = [
    "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
    "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
    "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
]
TRAILER_SIGNATURE = "d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435"


def test_chunked_upload_example_seed() -> None:
    signed = sign(SCHEME, REQUEST)
    assert signed.intermediates["canonical_request"] == SEED_CANONICAL_REQUEST
    assert signed.intermediates["string_to_sign"] == SEED_STRING_TO_SIGN
    assert signed.output["signature"] == SEED_SIGNATURE
    assert signed.output["authorization"] == (
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
        "SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
        f"x-amz-decoded-content-length;x-amz-storage-class, Signature={SEED_SIGNATURE}"
    )
    headers = signed.output["headers"]
    assert headers["Content-Length"] == "66824"
    assert headers["X-Amz-Decoded-Content-Length"] == "66560"
    assert headers["Content-Encoding"] == "aws-chunked"


def test_chunked_upload_example_chunk_chain() -> None:
    signed = sign(SCHEME, REQUEST)
    assert signed.intermediates["chunk_strings_to_sign"][0] == FIRST_CHUNK_STRING_TO_SIGN
    assert signed.output["chunk_headers"] == CHUNK_HEADERS
    assert "trailer_signature" not in signed.intermediates


def test_chunked_upload_example_encoded_body() -> None:
    # The body as the doc lays it out, built here from the published chunk headers.
    body = (
        f"{CHUNK_HEADERS[0]}\r\n{'a' * 65536}\r\n"
        f"{CHUNK_HEADERS[1]}\r\n{'a' * 1024}\r\n"
        f"{CHUNK_HEADERS[2]}\r\n\r\n"
    ).encode("ascii")
    assert len(body) == 66824
    signed = sign(SCHEME, REQUEST)
    assert signed.output["encoded_body_sha256"] == hashlib.sha256(body).hexdigest()


def test_trailer_example() -> None:
    signed = sign(SCHEME, TRAILER_REQUEST)
    assert signed.output["signature"] == TRAILER_SEED_SIGNATURE
    assert signed.intermediates["signed_headers"] == (
        "content-encoding;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;"
        "x-amz-storage-class;x-amz-trailer"
    )
    assert signed.intermediates["chunk_signatures"] == TRAILER_CHUNK_SIGNATURES
    assert signed.intermediates["trailer_signature"] == TRAILER_SIGNATURE
    headers = signed.output["headers"]
    assert headers["Content-Length"] == "66946"
    assert headers["X-Amz-Content-Sha256"] == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
    assert headers["X-Amz-Trailer"] == "x-amz-checksum-crc32c"


def test_trailer_example_checksum_is_the_payloads_crc32c() -> None:
    # sOO8/Q== is the CRC32C (Castagnoli, reflected 0x82F63B78) of the payload: computed here
    # bit by bit, so the example's trailer value is checked, not only copied.
    crc = 0xFFFFFFFF
    for byte in PAYLOAD.encode("ascii"):
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    crc ^= 0xFFFFFFFF
    assert base64.b64encode(crc.to_bytes(4, "big")).decode() == "sOO8/Q=="


@pytest.mark.parametrize(
    ("tc_id", "request_", "seed"),
    [(1, REQUEST, SEED_SIGNATURE), (2, TRAILER_REQUEST, TRAILER_SEED_SIGNATURE)],
)
def test_the_vectors_carry_the_examples(tc_id: int, request_: dict[str, Any], seed: str) -> None:
    test = next(t for t in iter_tests(SCHEME) if t["tcId"] == tc_id)
    assert test["input"] == request_
    assert "DocExample" in test["flags"] and "docs.aws.amazon.com" in test["source"]
    assert test["output"]["signature"] == seed
