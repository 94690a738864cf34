"""The reference verifier and its vectors, checked against independent sources: the AWS
signing suite's signed requests, the S3 documentation's presigned URL, the vendors' published
examples (in test_official_examples), and the verdicts the case files state by hand."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from sigvec.reference.verify import (
    REASONS,
    NonceStore,
    Request,
    RequestError,
    Settings,
    detect_scheme,
    parse_raw,
    reproducing_mistakes,
    verify,
)
from sigvec.schemes import verifiable
from sigvec.vectors import iter_verify_tests

SCHEME_IDS = verifiable()  # the schemes with a reference verifier

ALL_VERIFY = [(scheme, test) for scheme in SCHEME_IDS for test in iter_verify_tests(scheme)]


def run_vector(scheme: str, test: dict) -> object:
    server = test["server"]
    return verify(
        scheme,
        Request.from_json(test["request"]),
        test["credentials"],
        server["now"],
        settings=Settings(region=server.get("region"), service=server.get("service")),
        nonces=NonceStore(tuple(server.get("seenNonces", ()))),
    )


@pytest.mark.parametrize(
    ("scheme", "test"), ALL_VERIFY, ids=[f"{s}::tc{t['tcId']}" for s, t in ALL_VERIFY]
)
def test_reference_reaches_every_vectors_verdict(scheme: str, test: dict) -> None:
    verdict = run_vector(scheme, test)
    assert verdict.valid == (test["result"] == "valid"), verdict.message
    assert verdict.reason == test.get("reason")


@pytest.mark.parametrize("scheme", SCHEME_IDS)
def test_each_scheme_has_25_invalid_vectors_and_valid_ones(scheme: str) -> None:
    results = Counter(test["result"] for test in iter_verify_tests(scheme))
    assert results["invalid"] >= 25 and results["valid"] >= 5


def test_every_reason_code_is_exercised_by_some_vector() -> None:
    used = {test.get("reason") for _, test in ALL_VERIFY}
    assert set(REASONS) <= used


def test_verifier_tcids_do_not_collide_with_signing_ones() -> None:
    from sigvec.vectors import iter_tests

    for scheme in SCHEME_IDS:
        signing = {test["tcId"] for test in iter_tests(scheme)}
        verifying = {test["tcId"] for test in iter_verify_tests(scheme)}
        assert not signing & verifying


def _suite_cases(root: Path) -> list[Path]:
    return sorted(path for path in root.iterdir() if (path / "context.json").is_file())


# The suite's unnormalised cases whose path normalisation changes: they sign a non-S3 service
# with S3's path rule, which a server applying the service's own rule rejects. And
# post-sts-header-after adds the session token after signing (unsigned).
SUITE_REJECTED = {
    "get-relative-relative-unnormalized",
    "get-relative-unnormalized",
    "get-slash-dot-slash-unnormalized",
    "get-slash-pointless-dot-unnormalized",
    "get-slash-unnormalized",
    "get-slashes-unnormalized",
    "post-sts-header-after",
}


@pytest.mark.parametrize("form", ["header", "query"])
def test_aws_suite_signed_requests_verify(aws_suite_dir: Path, form: str) -> None:
    """The suite's own signed requests (raw HTTP), read and verified at the suite's time."""
    rejected = set()
    cases = _suite_cases(aws_suite_dir)
    for case in cases:
        context = json.loads((case / "context.json").read_text(encoding="utf-8"))
        request = parse_raw((case / f"{form}-signed-request.txt").read_bytes())
        keys = context["credentials"]
        verdict = verify(
            "aws-sigv4",
            request,
            {keys["access_key_id"]: keys["secret_access_key"]},
            context["timestamp"],
        )
        if not verdict.valid:
            rejected.add(case.name)
    assert rejected == SUITE_REJECTED
    assert len(cases) - len(rejected) >= 20


# The S3 documentation's presigned URL example ("Authenticating Requests: Using Query
# Parameters", sigv4-query-string-auth.html): GET /test.txt on examplebucket, signature as
# published there.
S3_DOC_QUERY = (
    "X-Amz-Algorithm=AWS4-HMAC-SHA256"
    "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
    "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
    "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
)
S3_DOC_KEYS = {"AKIAIOSFODNN7EXAMPLE": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}


def s3_doc_request(target: str = f"/test.txt?{S3_DOC_QUERY}", method: str = "GET") -> Request:
    return Request(method, target, (("Host", "examplebucket.s3.amazonaws.com"),))


def test_s3_documentation_presigned_url_verifies_and_expires() -> None:
    assert verify("aws-sigv4", s3_doc_request(), S3_DOC_KEYS, "2013-05-24T00:00:00Z").valid
    late = verify("aws-sigv4", s3_doc_request(), S3_DOC_KEYS, "2013-05-25T00:00:01Z")
    assert late.reason == "expired"
    put = verify("aws-sigv4", s3_doc_request(method="PUT"), S3_DOC_KEYS, "2013-05-24T00:00:00Z")
    assert put.reason == "signature-mismatch"


def test_aliyun_documentation_example_verifies_once() -> None:
    # The ECS DescribeRegions example and its published signature (test_official_examples).
    query = (
        "AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1"
        "&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0"
        "&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26"
        "&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D"
    )
    request = Request("GET", f"/?{query}", (("Host", "ecs.aliyuncs.com"),))
    nonces = NonceStore()
    now = "2016-02-23T12:50:00Z"
    assert verify("aliyun-rpc", request, {"testid": "testsecret"}, now, nonces=nonces).valid
    again = verify("aliyun-rpc", request, {"testid": "testsecret"}, now, nonces=nonces)
    assert again.reason == "replay"


def test_iflytek_documentation_signature_in_headers() -> None:
    # The app-signature doc's example values, signature hand-computed with openssl
    # (test_official_examples: zmeet / 1529223702).
    from sigvec.reference import sign

    signed = sign(
        "iflytek",
        {
            "app_id": "zmeet",
            "ts": "1529223702",
            "app_secret": "ba9e07dc-1d79-4f7a-ab49-0205d3c0e073",
        },
    )
    request = Request("POST", "/v1/x", tuple(signed.output["headers"].items()))
    credentials = {"zmeet": "ba9e07dc-1d79-4f7a-ab49-0205d3c0e073"}
    assert verify("iflytek", request, credentials, 1529223702 + 300).valid
    assert verify("iflytek", request, credentials, 1529223702 + 301).reason == "clock-skew"


def test_a_catalogued_mistake_is_named_from_the_received_request() -> None:
    test = next(t for s, t in ALL_VERIFY if s == "aliyun-rpc" and t.get("mistakes"))
    verdict = run_vector("aliyun-rpc", test)
    assert [m.id for m in reproducing_mistakes(verdict)] == test["mistakes"]


def test_scheme_detection() -> None:
    assert detect_scheme(s3_doc_request()) == "aws-sigv4"
    assert detect_scheme(Request("GET", "/?appid=a&ts=1&signa=x")) == "iflytek"
    assert detect_scheme(Request("GET", "/", (("Authorization", "TC3-HMAC-SHA256 x"),))) == (
        "tencent-tc3"
    )
    assert detect_scheme(Request("GET", "/?Signature=x&SignatureNonce=1")) == "aliyun-rpc"
    assert detect_scheme(Request("GET", "/")) is None


def test_raw_request_parsing_accepts_curl_verbose_and_rejects_garbage() -> None:
    curl = b"> GET /a?b=c HTTP/1.1\r\n> Host: x\r\n> User-Agent: curl/8\r\n>\r\n"
    request = parse_raw(curl)
    assert (request.method, request.target, request.header("host")) == ("GET", "/a?b=c", "x")
    body = parse_raw(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcdef")
    assert body.body == b"abc"
    for garbage in (b"", b"\x00\x01", b"GET\r\n\r\n", b"GET / HTTP/1.1\r\nno colon\r\n\r\n"):
        with pytest.raises(RequestError):
            parse_raw(garbage)


@pytest.mark.parametrize(
    ("text", "layout", "fields"),
    [
        ("20150830T123600Z", "%Y%m%dT%H%M%SZ", (2015, 8, 30, 12, 36, 0)),
        ("2016-02-23T12:46:24Z", "%Y-%m-%dT%H:%M:%SZ", (2016, 2, 23, 12, 46, 24)),
        ("20150830T12360Z", "%Y%m%dT%H%M%SZ", None),  # a digit short
        ("20150830t123600z", "%Y%m%dT%H%M%SZ", None),  # lower-case literals
        ("2016-2-3T1:2:3Z", "%Y-%m-%dT%H:%M:%SZ", None),  # single-digit fields
        ("\u0662\u0660\u0661\u06650830T123600Z", "%Y%m%dT%H%M%SZ", None),  # Arabic-Indic digits
        ("20150230T123600Z", "%Y%m%dT%H%M%SZ", None),  # February 30
    ],
)
def test_times_are_read_only_in_their_exact_documented_layout(
    text: str, layout: str, fields: tuple[int, ...] | None
) -> None:
    """As the ports read them (fixed-width ASCII digits): strptime's leniency is not the spec."""
    import calendar

    from sigvec.reference.verify.core import parse_utc

    expected = None if fields is None else float(calendar.timegm((*fields, 0, 0, 0)))
    assert parse_utc(text, layout) == expected


@pytest.mark.parametrize("digits", ["15292237\u00b202", "\u0661\u0665\u0662\u0669223702"])
def test_timestamps_in_non_ascii_digits_are_malformed_not_a_crash(digits: str) -> None:
    """``str.isdigit`` takes a superscript two (which ``int`` refuses) and Arabic-Indic digits
    (which ``int`` reads); the schemes mean ASCII digits, as the ports read them."""
    iflytek = Request(
        "GET", "/", (("X-App-Key", "zmeet"), ("X-Timestamp", digits), ("X-App-Signature", "x"))
    )
    assert verify("iflytek", iflytek, {"zmeet": "s"}, 1529223702).reason == "malformed-auth"
    tc3 = Request(
        "POST",
        "/",
        (
            (
                "Authorization",
                "TC3-HMAC-SHA256 Credential=AKID/2018-06-17/cvm/tc3_request, "
                "SignedHeaders=content-type;host, Signature=ab",
            ),
            ("X-TC-Timestamp", digits),
        ),
    )
    assert verify("tencent-tc3", tc3, {"AKID": "s"}, 1529223702).reason == "malformed-auth"


def test_the_verifiers_are_the_registrys() -> None:
    """One list: a scheme is verifiable exactly when its registry entry names a verifier, whose
    plugin verifies that scheme and has its cases."""
    from sigvec import schemes
    from sigvec.reference.verify import VERIFIERS, SchemeVerifier
    from sigvec.reference.verify.cases import CASES_DIRECTORY

    named = [scheme.id for scheme in schemes.SCHEMES if scheme.verifier is not None]
    assert list(VERIFIERS) == named == list(schemes.verifiable())
    for scheme_id, plugin in VERIFIERS.items():
        assert isinstance(plugin, SchemeVerifier)
        assert plugin.scheme == scheme_id
        assert (CASES_DIRECTORY / f"{scheme_id}.yaml").is_file()
    unverifiable = [s.id for s in schemes.SCHEMES if s.verifier is None]
    for scheme_id in unverifiable:
        with pytest.raises(KeyError):
            schemes.get(scheme_id).verifier_plugin()


# The Amazon S3 documentation's chunked uploads (sigv4-streaming.html and
# sigv4-streaming-trailers.html): 66560 bytes of 'a' in 64 KiB chunks, PUT at 20130524T000000Z,
# with the seed, chunk and trailer signatures as published there.
S3_STREAMING_KEYS = S3_DOC_KEYS
S3_STREAMING_CREDENTIAL = "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"


def s3_streaming_request(trailer: bool) -> Request:
    """The documented request, written out by hand: headers and aws-chunked body."""
    if trailer:
        seed = "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e"
        chunk_signatures = (
            "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
            "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
            "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
        )
        signed = "content-encoding;host;x-amz-content-sha256;x-amz-date;"
        signed += "x-amz-decoded-content-length;x-amz-storage-class;x-amz-trailer"
        end = (
            b"x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:"
            b"d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n\r\n"
        )
    else:
        seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
        chunk_signatures = (
            "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
            "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
            "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
        )
        signed = "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
        signed += "x-amz-decoded-content-length;x-amz-storage-class"
        end = b"\r\n"
    body = b""
    for size, signature in zip((65536, 1024, 0), chunk_signatures, strict=True):
        body += f"{size:x};chunk-signature={signature}\r\n".encode() + b"a" * size
        body += b"\r\n" if size else b""
    body += end
    payload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" + ("-TRAILER" if trailer else "")
    headers = [
        ("Host", "s3.amazonaws.com"),
        ("x-amz-date", "20130524T000000Z"),
        ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
        (
            "Authorization",
            f"AWS4-HMAC-SHA256 Credential={S3_STREAMING_CREDENTIAL},"
            f"SignedHeaders={signed},Signature={seed}",
        ),
        ("x-amz-content-sha256", payload),
        ("Content-Encoding", "aws-chunked"),
        ("x-amz-decoded-content-length", "66560"),
        ("Content-Length", str(len(body))),
    ]
    if trailer:
        headers.append(("x-amz-trailer", "x-amz-checksum-crc32c"))
    return Request("PUT", "/examplebucket/chunkObject.txt", tuple(headers), body)


@pytest.mark.parametrize("trailer", [False, True])
def test_s3_documentation_chunked_uploads_verify(trailer: bool) -> None:
    request = s3_streaming_request(trailer)
    if not trailer:
        assert request.header("content-length") == "66824"  # as the documentation states
    now = "2013-05-24T00:00:00Z"
    assert detect_scheme(request) == "aws-sigv4-streaming"
    verdict = verify("aws-sigv4-streaming", request, S3_STREAMING_KEYS, now)
    assert verdict.valid, verdict.message


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (b"0;chunk-signature=b6c6ea8a", b"0;chunk-signature=b6c6ea8b", "signature-mismatch"),
        (b"400;chunk-signature=0055627c", b"400;chunk-signature=0055627d", "signature-mismatch"),
        (b"0;chunk-signature=b6c6ea8a", b"0;chunk-signaturE=b6c6ea8a", "malformed-auth"),
        (b"aaaa\r\n0;", b"aaab\r\n0;", "signature-mismatch"),
    ],
)
def test_s3_documentation_chunked_upload_tampered(old: bytes, new: bytes, reason: str) -> None:
    request = s3_streaming_request(False)
    assert old in request.body
    body = request.body.replace(old, new, 1)
    headers = tuple((n, str(len(body)) if n == "Content-Length" else v) for n, v in request.headers)
    tampered = Request(request.method, request.target, headers, body)
    verdict = verify("aws-sigv4-streaming", tampered, S3_STREAMING_KEYS, "2013-05-24T00:00:00Z")
    assert verdict.reason == reason


def test_s3_documentation_chunked_upload_is_not_plain_sigv4() -> None:
    """aws-sigv4 alone does not verify chunks: it refuses the payload, never accepts it."""
    verdict = verify("aws-sigv4", s3_streaming_request(False), S3_DOC_KEYS, "2013-05-24T00:00:00Z")
    assert verdict.reason == "unsupported-algorithm"


def test_acs3_documentation_example_verifies_once() -> None:
    """The V3 documentation's RunInstances request as published (its Authorization header
    included), at its own x-acs-date."""
    request = Request(
        "POST",
        "/?ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai",
        (
            ("host", "ecs.cn-shanghai.aliyuncs.com"),
            ("x-acs-action", "RunInstances"),
            ("x-acs-version", "2014-05-26"),
            ("x-acs-date", "2023-10-26T10:22:32Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            (
                "x-acs-content-sha256",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
            (
                "Authorization",
                "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
                "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
                "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0",
            ),
        ),
    )
    keys, now, nonces = (
        {"YourAccessKeyId": "YourAccessKeySecret"},
        "2023-10-26T10:22:32Z",
        NonceStore(),
    )
    assert detect_scheme(request) == "aliyun-acs3"
    assert verify("aliyun-acs3", request, keys, now, nonces=nonces).valid
    assert verify("aliyun-acs3", request, keys, now, nonces=nonces).reason == "replay"
    spaced = Request(
        request.method,
        request.target,
        tuple(
            (n, v.replace(",Signature=", ", Signature=")) if n == "Authorization" else (n, v)
            for n, v in request.headers
        ),
    )
    assert verify("aliyun-acs3", spaced, keys, now).reason == "malformed-auth"


# iFlytek's speech-dictation documentation (xfyun.cn/doc/asr/voicedictation/API.html, 接口鉴权):
# its example URL's query, for APIKey keyxxxxxxxx8ee279348519exxxxxxxx at 07:35:43 GMT.
IFLYTEK_WS_DOC_QUERY = (
    "authorization=YXBpX2tleT0ia2V5eHh4eHh4eHg4ZWUyNzkzNDg1MTlleHh4eHh4eHgiLCBhbGdv"
    "cml0aG09ImhtYWMtc2hhMjU2IiwgaGVhZGVycz0iaG9zdCBkYXRlIHJlcXVlc3QtbGluZSIsIHNpZ25h"
    "dHVyZT0iSHAzVHk0WmtTQm1MOGpLeU9McFFpdjlTcjVudm1lWUVIN1dzTC9aTzJKZz0i"
    "&date=Wed%2C%2010%20Jul%202019%2007%3A35%3A43%20GMT&host=iat-api.xfyun.cn"
)
IFLYTEK_WS_DOC_KEYS = {"keyxxxxxxxx8ee279348519exxxxxxxx": "secretxxxxxxxx2df7900c09xxxxxxxx"}


@pytest.mark.parametrize(
    ("path", "host", "now", "reason"),
    [
        ("/v2/iat", "iat-api.xfyun.cn", "2019-07-10T07:35:43Z", None),
        ("/v2/iat", "iat-api.xfyun.cn", "2019-07-10T07:40:43Z", None),  # 300 s later
        ("/v2/iat", "iat-api.xfyun.cn", "2019-07-10T07:40:44Z", "clock-skew"),
        ("/v2/tts", "iat-api.xfyun.cn", "2019-07-10T07:35:43Z", "signature-mismatch"),
        ("/v2/iat", "tts-api.xfyun.cn", "2019-07-10T07:35:43Z", "signature-mismatch"),
    ],
)
def test_iflytek_ws_documentation_url(path: str, host: str, now: str, reason: str | None) -> None:
    request = Request("GET", f"{path}?{IFLYTEK_WS_DOC_QUERY}", (("Host", host),))
    assert detect_scheme(request) == "iflytek-ws"
    verdict = verify("iflytek-ws", request, IFLYTEK_WS_DOC_KEYS, now)
    assert (verdict.valid, verdict.reason) == (reason is None, reason)
