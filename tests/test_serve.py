"""``sigvec serve`` with real, unmodified clients over loopback, and with bad input.

Expected verdicts come from the clients themselves (an SDK's request is valid by construction;
the same request with one byte changed, or signed by a client with a known mistake, is not)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib.util
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from serve_helpers import AWS_KEY, AWS_SECRET, running_server, send

from sigvec.reference.mistakes import CATALOGUE
from sigvec.reference.verify import NonceStore, Request
from sigvec.reference.verify.core import epoch_seconds
from sigvec.schemes import verifiable
from sigvec.vectors import iter_verify_tests


def url_of(server) -> str:
    return server.url


# ------------------------------------------------------------------ curl --aws-sigv4


def curl(*args: str) -> tuple[int, dict[str, str]]:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    result = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-D", "-", *args],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if "aws-sigv4" in result.stderr and "unknown" in result.stderr:
        pytest.skip("this curl has no --aws-sigv4 (needs 7.75 or later)")
    lines = result.stdout.splitlines()
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}


def test_curl_aws_sigv4_is_accepted_and_a_wrong_secret_is_not() -> None:
    with running_server() as server:
        ok, _ = curl(
            "--aws-sigv4",
            "aws:amz:us-east-1:s3",
            "--user",
            f"{AWS_KEY}:{AWS_SECRET}",
            f"{server.url}/bucket/a%20key.txt?versionId=3",
        )
        bad, headers = curl(
            "--aws-sigv4",
            "aws:amz:us-east-1:s3",
            "--user",
            f"{AWS_KEY}:wrong",
            f"{server.url}/bucket/key",
        )
    assert ok == 200
    assert bad == 403 and headers["x-sigvec-reason"] == "signature-mismatch"


def test_curl_encodes_a_non_s3_path_once_and_the_mistake_is_named() -> None:
    """curl's --aws-sigv4 keeps the path as sent for every service (S3's rule): for another
    service, a path with an escape is signed with the catalogued mistake."""
    with running_server() as server:
        status, headers = curl(
            "--aws-sigv4",
            "aws:amz:us-east-1:execute-api",
            "--user",
            f"{AWS_KEY}:{AWS_SECRET}",
            f"{server.url}/stage/a%20b",
        )
        plain, _ = curl(
            "--aws-sigv4",
            "aws:amz:us-east-1:execute-api",
            "--user",
            f"{AWS_KEY}:{AWS_SECRET}",
            f"{server.url}/stage/ab",
        )
    assert plain == 200
    assert status == 403
    assert headers["x-sigvec-mistake"] == "aws-sigv4/s3-double-encoding"


# ------------------------------------------------------------------ botocore


def s3_client(server, **config):
    boto3 = pytest.importorskip("boto3")
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=server.url,
        aws_access_key_id=AWS_KEY,
        aws_secret_access_key=AWS_SECRET,
        region_name="us-east-1",
        config=Config(
            s3={"addressing_style": "path"},
            retries={"max_attempts": 1},
            signature_version="s3v4",
            **config,
        ),
    )


def test_botocore_s3_put_get_head_and_presigned_urls() -> None:
    with running_server() as server:
        s3 = s3_client(server)
        put = s3.put_object(Bucket="bucket", Key="my key/ü ~*.txt", Body=b"hello")
        assert put["ResponseMetadata"]["HTTPStatusCode"] == 200
        got = s3.get_object(Bucket="bucket", Key="a/b+c.txt", Range="bytes=0-3")
        assert b"<Verified>true</Verified>" in got["Body"].read()
        s3.head_object(Bucket="bucket", Key="x")
        url = s3.generate_presigned_url("get_object", Params={"Bucket": "b", "Key": "a b.txt"})
        assert urllib.request.urlopen(url, timeout=10).status == 200
        put_url = s3.generate_presigned_url("put_object", Params={"Bucket": "b", "Key": "k"})
        with pytest.raises(urllib.error.HTTPError) as wrong_method:
            urllib.request.urlopen(urllib.request.Request(url, data=b"x", method="PUT"), timeout=10)
        assert (
            urllib.request.urlopen(
                urllib.request.Request(put_url, data=b"x", method="PUT"), timeout=10
            ).status
            == 200
        )
    assert wrong_method.value.code == 403
    assert wrong_method.value.headers["X-Sigvec-Reason"] == "signature-mismatch"


def test_botocore_s3_client_with_a_wrong_secret_gets_the_s3_error() -> None:
    from botocore.exceptions import ClientError

    with running_server() as server:
        s3 = s3_client(server)
        s3._request_signer._credentials.secret_key = "wrong"  # noqa: SLF001 - a client misconfigured
        with pytest.raises(ClientError) as error:
            s3.put_object(Bucket="bucket", Key="k", Body=b"x")
    assert error.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    assert "CanonicalRequest" in error.value.response["Error"]


def botocore_signed(server, method: str, path: str, body: bytes, service: str = "execute-api"):
    pytest.importorskip("botocore")
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest(
        method=method,
        url=f"{server.url}{path}",
        data=body,
        headers={"Content-Type": "application/json", "X-Custom": "  a   b "},
    )
    SigV4Auth(
        Credentials(AWS_KEY, AWS_SECRET, "session-token-EXAMPLE-0123"), service, "eu-west-1"
    ).add_auth(request)
    return request.prepare()


def test_botocore_sigv4_header_accepted_and_one_changed_byte_rejected() -> None:
    with running_server() as server:
        body = b'{"name": "sigvec", "n": 1}'
        prepared = botocore_signed(server, "POST", "/prod/items/a%20b?z=1&a=%2F", body)
        target = prepared.url.split(str(server.server_address[1]), 1)[1]
        headers = [
            [k, v.decode() if isinstance(v, bytes) else v] for k, v in prepared.headers.items()
        ]
        headers.append(["Host", f"127.0.0.1:{server.server_address[1]}"])
        ok = send(server, "POST", target, headers, body)
        tampered = send(server, "POST", target, headers, body.replace(b"1", b"2"))
    assert ok.status == 200, ok.body
    assert json.loads(ok.body) == {"verified": True, "scheme": "aws-sigv4", "key": AWS_KEY}
    assert tampered.status == 403
    assert tampered.headers["X-Sigvec-Reason"] == "signature-mismatch"
    assert b"<Code>SignatureDoesNotMatch</Code>" in tampered.body


# ------------------------------------------------------------------ Tencent Cloud SDK


def tencent_client(server, secret: str):
    pytest.importorskip("tencentcloud")
    from tencentcloud.common import credential
    from tencentcloud.common.common_client import CommonClient
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile

    profile = HttpProfile(endpoint=f"127.0.0.1:{server.server_address[1]}")
    profile.scheme = "http"
    return CommonClient(
        "cvm",
        "2017-03-12",
        credential.Credential("AKIDtencent", secret),
        "ap-guangzhou",
        profile=ClientProfile(httpProfile=profile),
    )


def test_tencentcloud_sdk_accepted_and_a_wrong_secret_rejected() -> None:
    from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException

    with running_server() as server:
        answer = tencent_client(server, "tencent-secret-EXAMPLE").call_json(
            "DescribeInstances", {"Limit": 1, "Filters": [{"Name": "zone", "Values": ["未命名"]}]}
        )
        with pytest.raises(TencentCloudSDKException) as error:
            tencent_client(server, "wrong").call_json("DescribeInstances", {"Limit": 1})
    assert answer["verified"] is True and answer["key"] == "AKIDtencent"
    assert "AuthFailure.SignatureFailure" in str(error.value)


# ------------------------------------------------------------------ Alibaba Cloud SDK


def aliyun_request(server, method: str):
    pytest.importorskip("aliyunsdkcore")
    from aliyunsdkcore.request import CommonRequest

    request = CommonRequest(
        domain=f"127.0.0.1:{server.server_address[1]}",
        version="2014-05-26",
        action_name="DescribeInstances",
    )
    request.set_protocol_type("http")
    request.set_method(method)
    request.add_query_param("InstanceName", "web server*1~")
    return request


def test_aliyun_acsclient_get_and_post_accepted() -> None:
    from aliyunsdkcore.client import AcsClient

    with running_server() as server:
        client = AcsClient("testid", "testsecret", "cn-hangzhou")
        for method in ("GET", "POST"):
            body = client.do_action_with_exception(aliyun_request(server, method))
            assert json.loads(body)["verified"] is True


def test_aliyun_client_signing_without_the_ampersand_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aliyunsdkcore.acs_exception.exceptions import ServerException
    from aliyunsdkcore.auth.algorithm import sha_hmac1
    from aliyunsdkcore.client import AcsClient

    original = sha_hmac1.get_sign_string
    monkeypatch.setattr(  # the mistake, injected: key = secret, not secret + "&"
        sha_hmac1, "get_sign_string", lambda source, secret: original(source, secret.rstrip("&"))
    )
    with running_server() as server, pytest.raises(ServerException) as error:
        AcsClient("testid", "testsecret", "cn-hangzhou").do_action_with_exception(
            aliyun_request(server, "GET")
        )
    assert error.value.get_error_code() == "SignatureDoesNotMatch"
    assert "aliyun-rpc/key-missing-ampersand" in error.value.get_error_msg()


# ------------------------------------------------------------------ the doc's iFlytek snippet


def load_doc_snippet(shared_dir: Path):
    source = shared_dir / "external" / "doc-snippets" / "flytek.py"
    if not source.is_file():
        pytest.skip(f"{source} is absent")
    spec = importlib.util.spec_from_file_location("flytek_doc_snippet", source)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.get_signature_flytek


def test_iflytek_doc_snippet_requests_accepted(shared_dir: Path) -> None:
    get_signature = load_doc_snippet(shared_dir)
    ts = str(int(time.time()))
    signa = get_signature(ts, "zmeet", "ba9e07dc-1d79-4f7a-ab49-0205d3c0e073")
    with running_server() as server:
        headers = [
            ["Host", "x"],
            ["X-App-Key", "zmeet"],
            ["X-Timestamp", ts],
            ["X-App-Signature", signa],
        ]
        in_headers = send(server, "POST", "/v1/private/ocr", headers, b'{"image": ""}')
        query = urllib.parse.urlencode({"appid": "zmeet", "ts": ts, "signa": signa})
        in_query = send(server, "GET", f"/v1/ws?{query}", [["Host", "x"]])
        old = str(int(ts) - 301)
        stale = [
            ["Host", "x"],
            ["X-App-Key", "zmeet"],
            ["X-Timestamp", old],
            [
                "X-App-Signature",
                get_signature(old, "zmeet", "ba9e07dc-1d79-4f7a-ab49-0205d3c0e073"),
            ],
        ]
        expired = send(server, "GET", "/", stale)
    assert (in_headers.status, in_query.status) == (200, 200)
    assert expired.status == 403 and expired.headers["X-Sigvec-Reason"] == "clock-skew"
    assert json.loads(expired.body)["code"] == "SignatureExpired"


def test_iflytek_md5_in_upper_case_hex_is_named() -> None:
    ts = str(int(time.time()))
    md5 = hashlib.md5(f"xxx{ts}".encode()).hexdigest().upper()  # the mistake, by hand
    signa = base64.b64encode(hmac.new(b"xxx", md5.encode(), hashlib.sha1).digest()).decode()
    with running_server() as server:
        answer = send(
            server,
            "GET",
            "/",
            [["Host", "x"], ["X-App-Key", "xxx"], ["X-Timestamp", ts], ["X-App-Signature", signa]],
        )
    assert answer.status == 403
    assert answer.headers["X-Sigvec-Mistake"] == "iflytek/md5-uppercase-hex"


# ------------------------------------------------------------------ every catalogued mistake


def test_every_verifier_vector_gets_its_verdict_over_http() -> None:
    """Each vector's request, sent over loopback at the vector's server clock: 200 for the valid
    ones, 403 with the vector's reason (and its mistakes) for the others."""
    named: set[str] = set()
    with running_server() as server:
        for scheme in verifiable():
            for test in iter_verify_tests(scheme):
                if test["server"].keys() - {"now"}:
                    continue  # server settings of its own (region, nonces): a server each
                server.fixed_now = epoch_seconds(test["server"]["now"])
                server.credentials = {scheme: test["credentials"]}
                server.nonces = NonceStore()  # vectors reuse nonces: each a fresh server state
                request = test["request"]
                body = Request.from_json(request).body
                answer = send(
                    server, request["method"], request["target"], request["headers"], body
                )
                where = f"{scheme} tcId {test['tcId']}"
                if test["result"] == "valid":
                    assert answer.status == 200, where
                    continue
                assert answer.status == 403, where
                assert answer.headers["X-Sigvec-Reason"] == test["reason"], where
                mistakes = answer.headers.get("X-Sigvec-Mistake", "")
                assert mistakes.split(",") == (test.get("mistakes") or [""]), where
                named.update(test.get("mistakes", []))
    catalogued = {mistake.id for mistake in CATALOGUE}
    assert (
        {
            "aws-sigv4/s3-double-encoding",
            "aliyun-rpc/key-missing-ampersand",
            "iflytek/md5-uppercase-hex",
        }
        <= named
        <= catalogued
    )


# ------------------------------------------------------------------ bad input, keep-alive, log


def raw_exchange(server, data: bytes, wait: float = 5.0) -> bytes:
    with socket.create_connection(server.server_address[:2], timeout=wait) as connection:
        connection.sendall(data)
        chunks = []
        try:
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
        return b"".join(chunks)


def test_bad_input_gets_400_and_the_server_goes_on(tmp_path: Path) -> None:
    with running_server(socket_timeout=1.0) as server:
        assert raw_exchange(server, b"GARBAGE\r\n\r\n").startswith(b"HTTP/1.1 400")
        tls_hello = b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" * 50
        assert raw_exchange(server, tls_hello) == b""  # no line end ever: dropped at the timeout
        huge = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n"
        assert raw_exchange(server, huge).startswith(b"HTTP/1.1 400")
        many = b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(200)) + b"\r\n"
        assert raw_exchange(server, many).startswith(b"HTTP/1.1 400")
        bad_length = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"
        assert raw_exchange(server, bad_length).startswith(b"HTTP/1.1 400")
        too_big = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n"
        assert raw_exchange(server, too_big).startswith(b"HTTP/1.1 400")
        bad_chunk = b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"
        assert raw_exchange(server, bad_chunk).startswith(b"HTTP/1.1 400")
        # a slow client: half a request, then silence; the server drops it after its timeout
        with socket.create_connection(server.server_address[:2], timeout=5) as slow:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            started = time.monotonic()
            others = send(server, "GET", "/", [["Host", "x"]])  # served meanwhile
            assert slow.recv(100) == b""  # closed by the server
            assert time.monotonic() - started < 4
        garbage = bytes(range(256)) * 40
        signed_garbage = send(server, "POST", "/?appid=xxx&ts=1&signa=x", [["Host", "x"]], garbage)
        after = send(server, "GET", "/", [["Host", "x"]])
    assert others.status == 403 and signed_garbage.status == 403 and after.status == 403


def test_keep_alive_serves_many_requests_on_one_connection() -> None:
    import http.client

    with running_server() as server:
        connection = http.client.HTTPConnection(*server.server_address[:2], timeout=10)
        statuses = []
        for _ in range(5):
            connection.request("GET", "/", headers={"X-App-Key": "xxx"})
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
        connection.close()
    assert statuses == [403] * 5  # answered on the same connection (no "Connection: close")


def test_the_log_has_one_json_line_per_request_and_no_secret(tmp_path: Path) -> None:
    log_path = tmp_path / "serve.log"
    with log_path.open("a", encoding="utf-8") as log, running_server(log=log) as server:
        prepared = botocore_signed(server, "GET", "/p", b"")
        target = prepared.url.split(str(server.server_address[1]), 1)[1]
        headers = [
            [k, v.decode() if isinstance(v, bytes) else v] for k, v in prepared.headers.items()
        ]
        headers.append(["Host", f"127.0.0.1:{server.server_address[1]}"])
        send(server, "GET", target, headers)
        send(server, "GET", target.replace("/p", "/q"), headers)
        raw_exchange(server, b"NOT HTTP\r\n\r\n")
    lines = [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines()]
    assert [line.get("verdict") for line in lines] == ["valid", "invalid", None]
    assert lines[1]["reason"] == "signature-mismatch" and lines[2]["status"] == 400
    assert "canonical_request" in lines[0]["intermediates"]
    text = log_path.read_text(encoding="utf-8")
    for secret in (
        AWS_SECRET,
        "session-token-EXAMPLE-0123",
        "testsecret",
        "tencent-secret-EXAMPLE",
    ):
        assert secret not in text
    assert "<redacted:x-amz-security-token>" in text


# ------------------------------------------------------------------ the command


def test_sigvec_serve_command_prints_where_it_listens_and_stops_cleanly(tmp_path: Path) -> None:
    credentials = tmp_path / "credentials.yaml"
    credentials.write_text("iflytek:\n  xxx: xxx\n", encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sigvec",
            "serve",
            "--port",
            "0",
            "--credentials",
            str(credentials),
            "--now",
            "2023-01-23T17:48:18Z",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = process.stdout.readline().strip()
        assert first.startswith("listening on http://127.0.0.1:")
        url = first.removeprefix("listening on ")
        signed = f"{url}/?appid=xxx&ts=1674496098&signa=06xprL749yJv%2Bobr31CRCBZ44N8%3D"
        assert urllib.request.urlopen(signed, timeout=10).status == 200
    finally:
        process.terminate()
        process.wait(10)
    assert process.returncode == 0, process.stderr.read()


def test_sigvec_serve_bad_credentials_file_is_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "credentials.json"
    bad.write_text('{"aws": {"k": "s"}}', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sigvec", "serve", "--port", "0", "--credentials", str(bad)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "'aws' is not a scheme" in result.stderr


# ------------------------------------------------------------------ Node: @smithy/signature-v4

NODE_MODULES = (
    Path(__file__).resolve().parents[1] / "examples" / "official-sdks" / "node" / "node_modules"
)


@pytest.mark.parametrize(
    ("service", "secret", "expected"),
    [
        ("execute-api", AWS_SECRET, "200\t-"),
        ("s3", AWS_SECRET, "200\t-"),
        ("execute-api", "wrong", "403\tsignature-mismatch"),
    ],
)
def test_smithy_signature_v4_over_fetch(service: str, secret: str, expected: str) -> None:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if not (NODE_MODULES / "@smithy" / "signature-v4").is_dir():
        pytest.skip(f"{NODE_MODULES} has no @smithy/signature-v4 (bash scripts/setup.sh --sdks)")
    script = Path(__file__).resolve().parent / "smithy_fetch.mjs"
    with running_server() as server:
        result = subprocess.run(
            [
                "node",
                str(script),
                str(NODE_MODULES),
                f"{server.url}/stage/a%20b?x=1&y=%2F",
                service,
                secret,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.stdout.strip() == expected, result.stderr[-500:]


def test_a_streaming_upload_is_served_and_a_bad_final_chunk_gets_the_s3_error() -> None:
    """The S3 documentation's chunked upload over HTTP: 200; its final chunk's signature
    changed: 403 SignatureDoesNotMatch whose StringToSign is that chunk's."""
    from test_verify import S3_STREAMING_KEYS, s3_streaming_request

    request = s3_streaming_request(False)
    headers = [list(pair) for pair in request.headers]
    bad = request.body.replace(b"0;chunk-signature=b6", b"0;chunk-signature=b7")
    credentials = {"aws-sigv4-streaming": S3_STREAMING_KEYS}
    with running_server(credentials=credentials, now=epoch_seconds("2013-05-24T00:00:00Z")) as s:
        good = send(s, "PUT", request.target, headers, request.body)
        answer = send(s, "PUT", request.target, headers, bad)
    assert good.status == 200, good.body
    assert answer.status == 403
    assert answer.headers["X-Sigvec-Reason"] == "signature-mismatch"
    document = ET.fromstring(answer.body)
    assert document.findtext("Code") == "SignatureDoesNotMatch"
    string_to_sign = document.findtext("StringToSign") or ""
    assert string_to_sign.startswith("AWS4-HMAC-SHA256-PAYLOAD\n20130524T000000Z\n")
    assert document.findtext("SignatureProvided", "").startswith("b7c6ea8a")


def test_a_streaming_upload_inside_http_chunked_transfer_encoding_is_verified() -> None:
    """The S3 documentation's trailer upload (Content-Length not signed) sent as SDKs send it
    when the length is unknown: aws-chunked inside Transfer-Encoding: chunked."""
    from test_verify import S3_STREAMING_KEYS, s3_streaming_request

    request = s3_streaming_request(True)
    head = "".join(
        f"{name}: {value}\r\n" for name, value in request.headers if name != "Content-Length"
    )
    pieces = [request.body[i : i + 5000] for i in range(0, len(request.body), 5000)]
    body = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"
    raw = f"PUT {request.target} HTTP/1.1\r\n{head}Transfer-Encoding: chunked\r\n"
    raw += "Connection: close\r\n\r\n"
    credentials = {"aws-sigv4-streaming": S3_STREAMING_KEYS}
    with running_server(credentials=credentials, now=epoch_seconds("2013-05-24T00:00:00Z")) as s:
        answer = raw_exchange(s, raw.encode() + body)
    assert answer.startswith(b"HTTP/1.1 200 "), answer[:300]
