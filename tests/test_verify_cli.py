"""``sigvec verify``: a raw request from a file -> verdict, reason, the mistake; exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sigvec.cli import main
from sigvec.reference.mistakes import BY_ID

CREDENTIALS = '{"aliyun-rpc": {"testid": "testsecret"}, "aws-sigv4": {"AKIDEXAMPLE": "s"}}'
# The Alibaba Cloud documentation's DescribeRegions request and its published signature.
DOC_QUERY = (
    "AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1"
    "&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0"
    "&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26"
)


def files(tmp_path: Path, request: str) -> list[str]:
    (tmp_path / "request.txt").write_text(request, encoding="utf-8")
    (tmp_path / "credentials.json").write_text(CREDENTIALS, encoding="utf-8")
    return [
        "--request",
        str(tmp_path / "request.txt"),
        "--credentials",
        str(tmp_path / "credentials.json"),
        "--now",
        "2016-02-23T12:50:00Z",
    ]


def test_a_valid_request_as_curl_verbose_shows_it(tmp_path: Path, capsys) -> None:
    request = (
        f"> GET /?{DOC_QUERY}&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D HTTP/1.1\n"
        "> Host: ecs.aliyuncs.com\n> User-Agent: curl/7.88.1\n> Accept: */*\n>\n"
    )
    assert main(["verify", "aliyun-rpc", *files(tmp_path, request)]) == 0
    assert capsys.readouterr().out.startswith("aliyun-rpc: valid (key testid)")


def test_a_mismatch_names_the_mistake_that_reproduces_it(tmp_path: Path, capsys) -> None:
    params = dict(pair.split("=") for pair in DOC_QUERY.replace("%3A", ":").split("&"))
    wrong = BY_ID["aliyun-rpc/key-missing-ampersand"].variant(
        {"method": "GET", "access_key_secret": "testsecret", "params": params}
    )
    request = f"GET /?{wrong.output['signed_query']} HTTP/1.1\r\nHost: ecs.aliyuncs.com\r\n\r\n"
    assert main(["verify", "aliyun-rpc", *files(tmp_path, request), "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["reason"] == "signature-mismatch"
    assert [m["id"] for m in document["mistakes"]] == ["aliyun-rpc/key-missing-ampersand"]
    assert "testsecret" not in json.dumps(document)


def test_session_tokens_are_masked(tmp_path: Path, capsys) -> None:
    request = (
        "GET / HTTP/1.1\nHost: h\nX-Amz-Date: 20160223T125000Z\n"
        "X-Amz-Security-Token: TOKEN-SECRET-VALUE\nAuthorization: AWS4-HMAC-SHA256 "
        "Credential=AKIDEXAMPLE/20160223/us-east-1/sts/aws4_request, "
        "SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=00\n\n"
    )
    assert main(["verify", "aws-sigv4", *files(tmp_path, request)]) == 1
    out = capsys.readouterr().out
    assert "TOKEN-SECRET-VALUE" not in out and "<redacted:x-amz-security-token>" in out


def test_acs3_security_tokens_are_masked(tmp_path: Path, capsys) -> None:
    request = (
        "POST / HTTP/1.1\nhost: h\nx-acs-date: 2016-02-23T12:50:00Z\n"
        "x-acs-signature-nonce: n\nx-acs-content-sha256: "
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
        "x-acs-security-token: ACS-TOKEN-SECRET\nAuthorization: ACS3-HMAC-SHA256 "
        "Credential=testid,SignedHeaders=host;x-acs-content-sha256;x-acs-date;"
        "x-acs-security-token;x-acs-signature-nonce,Signature=00\n\n"
    )
    credentials = '{"aliyun-acs3": {"testid": "testsecret"}}'
    args = files(tmp_path, request)
    (tmp_path / "credentials.json").write_text(credentials, encoding="utf-8")
    assert main(["verify", "aliyun-acs3", *args]) == 1
    out = capsys.readouterr().out
    assert "invalid: signature-mismatch" in out
    assert "ACS-TOKEN-SECRET" not in out and "<redacted:x-acs-security-token>" in out


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [("no request here", "not an HTTP/1.1 request"), ("", "not an HTTP/1.1 request")],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys, request_text: str, expected: str
) -> None:
    assert main(["verify", "aws-sigv4", *files(tmp_path, request_text)]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1


def test_a_bad_clock_is_exit_2(tmp_path: Path, capsys) -> None:
    args = files(tmp_path, "GET / HTTP/1.1\n\n")
    args[-1] = "yesterday"
    assert main(["verify", "aws-sigv4", *args]) == 2
    assert "--now 'yesterday'" in capsys.readouterr().err


def test_a_raw_streaming_upload_is_verified_chunk_by_chunk(tmp_path: Path, capsys) -> None:
    """The S3 documentation's chunked upload as raw HTTP: valid; with its final chunk's
    signature changed, rejected, naming the final chunk."""
    from test_verify import S3_STREAMING_KEYS, s3_streaming_request

    request = s3_streaming_request(False)
    head = "".join(f"{name}: {value}\r\n" for name, value in request.headers)
    raw = f"PUT {request.target} HTTP/1.1\r\n{head}\r\n".encode() + request.body
    keys = {"aws-sigv4-streaming": S3_STREAMING_KEYS}
    (tmp_path / "credentials.json").write_text(json.dumps(keys), encoding="utf-8")
    args = ["--credentials", str(tmp_path / "credentials.json"), "--now", "2013-05-24T00:00:00Z"]
    for name, data, code in (
        ("good.http", raw, 0),
        ("bad.http", raw.replace(b"0;chunk-signature=b6", b"0;chunk-signature=b7"), 1),
    ):
        (tmp_path / name).write_bytes(data)
        assert (
            main(["verify", "aws-sigv4-streaming", "--request", str(tmp_path / name), *args])
            == code
        )
    out = capsys.readouterr().out
    assert out.startswith("aws-sigv4-streaming: valid (key AKIAIOSFODNN7EXAMPLE)")
    assert "invalid: signature-mismatch: the final chunk's signature" in out
