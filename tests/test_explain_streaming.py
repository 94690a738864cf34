"""`sigvec explain aws-sigv4-streaming`: S3's SignatureDoesNotMatch for a chunked upload quotes
the seed's canonical request and string to sign, as for any SigV4 request. The server's texts
here are the S3 documentation's chunked-upload example (see test_streaming_examples.py); the
user's texts are that example with one line edited by hand, as the mistaken code would send it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_explain import explain_json, mistake_ids
from test_streaming_examples import (
    REQUEST,
    SEED_CANONICAL_REQUEST,
    SEED_SIGNATURE,
    SEED_STRING_TO_SIGN,
)

SCHEME = "aws-sigv4-streaming"


def s3_error(canonical: str, to_sign: str, provided: str) -> str:
    """An S3 403 body, shaped as S3 returns it (XML-escaped texts)."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code>'
        "<Message>The request signature we calculated does not match the signature you "
        "provided. Check your key and signing method.</Message>"
        "<AWSAccessKeyId>AKIAIOSFODNN7EXAMPLE</AWSAccessKeyId>"
        f"<StringToSign>{to_sign}</StringToSign>"
        f"<SignatureProvided>{provided}</SignatureProvided>"
        f"<CanonicalRequest>{canonical}</CanonicalRequest>"
        "<RequestId>4442587FB7D0A2F9</RequestId></Error>"
    )


# What a client that sent the wrong Content-Length signed: its canonical request differs from
# the server's (the doc's) in that one line.
MESSAGE = s3_error(SEED_CANONICAL_REQUEST, SEED_STRING_TO_SIGN, "0" * 64)


@pytest.mark.parametrize(
    ("content_length", "mistake"),
    [
        ("66560", "aws-sigv4-streaming/content-length-decoded"),  # the payload's length
        ("66740", "aws-sigv4-streaming/final-chunk-omitted"),  # 66824 - 84
    ],
)
def test_a_wrong_content_length_is_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content_length: str, mistake: str
) -> None:
    yours = SEED_CANONICAL_REQUEST.replace(
        "content-length:66824\n", f"content-length:{content_length}\n"
    )
    document = explain_json(capsys, tmp_path, SCHEME, MESSAGE, canonical_request=yours)
    assert document["verdict"] == "differs"
    assert document["first_difference"]["step"] == "canonical_request"
    assert document["first_difference"]["line"] == 5
    assert mistake_ids(document) == [mistake]


def test_the_sigv4_checks_apply_to_the_seed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    yours = SEED_CANONICAL_REQUEST.replace("/examplebucket/chunkObject.txt\n", "/\n")
    document = explain_json(capsys, tmp_path, SCHEME, MESSAGE, canonical_request=yours)
    assert mistake_ids(document) == ["aws-sigv4/canonical-uri-root"]


def test_the_documented_request_gives_the_servers_texts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    message = s3_error(SEED_CANONICAL_REQUEST, SEED_STRING_TO_SIGN, SEED_SIGNATURE)
    document = explain_json(capsys, tmp_path, SCHEME, message, input=REQUEST)
    assert document["verdict"] == "matches"
    assert mistake_ids(document) == []
    assert not any("double_encode_path" in note for note in document["notes"])
    assert any("SignatureProvided" in note for note in document["notes"])


def test_a_request_described_otherwise_is_flagged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = {**REQUEST, "chunk_size": 8192}  # another framing: another encoded length
    document = explain_json(capsys, tmp_path, SCHEME, MESSAGE, input=other)
    assert document["verdict"] == "differs"
    assert document["first_difference"]["step"] == "canonical_request"
