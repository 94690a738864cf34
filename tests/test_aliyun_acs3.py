"""The aliyun-acs3 reference against Alibaba Cloud's published V3 example and hand-worked rules.

Every expected value was typed from the documentation (cited) or worked out by hand from the
encoding rules; none comes from running sigvec. The documentation's values were recomputed with
coreutils/openssl while this file was written:

    printf 'POST\\n/\\nImageId=...' | sha256sum            -> 7ea06492...e259
    printf 'ACS3-HMAC-SHA256\\n7ea06492...e259' | openssl dgst -sha256 -hmac YourAccessKeySecret
                                                          -> 06563a9e...83c0
"""

from __future__ import annotations

from typing import Any

import pytest

from sigvec.reference import InputError, sign

# --------------------------------------------------------------------------------------------
# Alibaba Cloud SDK documentation, "V3 request structure and signature" (V3版本请求体&签名机制,
# https://www.alibabacloud.com/help/en/sdk/product-overview/v3-request-structure-and-signature),
# section "Signature examples", "Fixed parameter values" and steps 1-4.
# --------------------------------------------------------------------------------------------
DOC_INPUT: dict[str, Any] = {
    "method": "POST",
    "path": "/",
    "query": {
        "ImageId": "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
        "RegionId": "cn-shanghai",
    },
    "headers": [
        ["host", "ecs.cn-shanghai.aliyuncs.com"],
        ["x-acs-action", "RunInstances"],
        ["x-acs-version", "2014-05-26"],
        ["x-acs-date", "2023-10-26T10:22:32Z"],
        ["x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"],
    ],
    "access_key_id": "YourAccessKeyId",
    "access_key_secret": "YourAccessKeySecret",
}
DOC_USER_AGENT = "AlibabaCloud (Mac OS X; x86_64) Java/1.8.0_352-b08 tea-util/0.2.6 TeaDSL/1"
DOC_EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
DOC_SIGNED_HEADERS = (
    "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version"
)
# Step 1, "Construct a canonicalized request", verbatim.
DOC_CANONICAL_REQUEST = (
    "POST\n"
    "/\n"
    "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n"
    "host:ecs.cn-shanghai.aliyuncs.com\n"
    "x-acs-action:RunInstances\n"
    "x-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
    "x-acs-date:2023-10-26T10:22:32Z\n"
    "x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n"
    "x-acs-version:2014-05-26\n"
    "\n"
    "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n"
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)
# Step 2, "Construct a string-to-sign".
DOC_HASHED_CANONICAL_REQUEST = "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
# Step 3, "Calculate the signature string".
DOC_SIGNATURE = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
# Step 4, "Add the signature string to the request".
DOC_AUTHORIZATION = (
    "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
    "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
    "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
)


def test_documentation_example_step_by_step() -> None:
    signed = sign("aliyun-acs3", DOC_INPUT)
    steps = signed.intermediates
    assert steps["canonical_uri"] == "/"
    assert steps["hashed_request_payload"] == DOC_EMPTY_BODY_SHA256
    assert steps["signed_headers"] == DOC_SIGNED_HEADERS
    assert steps["canonical_request"] == DOC_CANONICAL_REQUEST
    assert steps["hashed_canonical_request"] == DOC_HASHED_CANONICAL_REQUEST
    assert steps["string_to_sign"] == "ACS3-HMAC-SHA256\n" + DOC_HASHED_CANONICAL_REQUEST
    assert signed.output["signature"] == DOC_SIGNATURE
    assert signed.output["authorization"] == DOC_AUTHORIZATION
    assert signed.output["headers"] == {
        "x-acs-content-sha256": DOC_EMPTY_BODY_SHA256,
        "Authorization": DOC_AUTHORIZATION,
    }


def test_documentation_example_as_sent_with_unsigned_headers() -> None:
    """The doc's step 4 request also carries user-agent and accept: unsigned, same signature."""
    headers = [
        *DOC_INPUT["headers"],
        ["user-agent", DOC_USER_AGENT],
        ["accept", "application/json"],
    ]
    signed = sign("aliyun-acs3", {**DOC_INPUT, "headers": headers})
    assert signed.output["authorization"] == DOC_AUTHORIZATION


def test_the_vector_file_holds_the_documentation_example() -> None:
    from sigvec.vectors import load

    tests = [t for g in load("aliyun-acs3")["testGroups"] for t in g["tests"]]
    doc = [t for t in tests if "DocExample" in t["flags"]]
    assert len(doc) == 2
    for test in doc:
        assert test["intermediates"]["canonical_request"] == DOC_CANONICAL_REQUEST
        assert test["output"]["authorization"] == DOC_AUTHORIZATION


# --------------------------------------------------------------------------------------------
# The encoding rules, worked by hand from RFC 3986 and the UTF-8 bytes (报 = E6 8A A5,
# 告 = E5 91 8A; space %20, * %2A, + %2B, : %3A, = %3D, [ %5B, ] %5D; ~ kept).
# --------------------------------------------------------------------------------------------
def _with(**fields: Any) -> dict[str, Any]:
    return {**DOC_INPUT, **fields}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "/"),
        ("/clusters", "/clusters"),
        ("/tags/v1+build*2~rc:1=x", "/tags/v1%2Bbuild%2A2~rc%3A1%3Dx"),
        ("/repos/my repo", "/repos/my%20repo"),
        ("/files/报告 2024.pdf", "/files/%E6%8A%A5%E5%91%8A%202024.pdf"),
        ("/a//b/", "/a//b/"),
    ],
)
def test_canonical_uri_encodes_each_byte_but_keeps_slashes(path: str, expected: str) -> None:
    assert sign("aliyun-acs3", _with(path=path)).intermediates["canonical_uri"] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"Filter": "a * b ~ c", "PageSize": "10"}, "Filter=a%20%2A%20b%20~%20c&PageSize=10"),
        ({"b": "2", "A": "1", "a": "3", "B": "4"}, "A=1&B=4&a=3&b=2"),
        ({"NextToken": "", "RegionId": "x"}, "NextToken=&RegionId=x"),
        ({"a[b]": "2", "a.b": "1"}, "a.b=1&a%5Bb%5D=2"),
        ({"Name": "报告"}, "Name=%E6%8A%A5%E5%91%8A"),
        ({}, ""),
    ],
)
def test_canonical_query_string(query: dict[str, str], expected: str) -> None:
    signed = sign("aliyun-acs3", _with(query=query))
    assert signed.intermediates["canonical_query_string"] == expected


def test_headers_trimmed_lowercased_and_only_acs_host_content_type_signed() -> None:
    headers = [
        ["User-Agent", "x"],
        ["X-Acs-Action", "\tRunInstances "],
        ["Host", " ecs.cn-shanghai.aliyuncs.com"],
        ["Content-Type", "application/json"],
        ["x-acs-note", "two  spaces"],
        ["Accept", "*/*"],
    ]
    signed = sign("aliyun-acs3", _with(headers=headers, body="{}"))
    # sha256('{}') = 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a (sha256sum)
    body_hash = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    assert signed.intermediates["canonical_headers"] == (
        "content-type:application/json\n"
        "host:ecs.cn-shanghai.aliyuncs.com\n"
        "x-acs-action:RunInstances\n"
        f"x-acs-content-sha256:{body_hash}\n"
        "x-acs-note:two  spaces\n"
    )
    assert signed.intermediates["signed_headers"] == (
        "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-note"
    )


def test_security_token_is_added_and_signed() -> None:
    signed = sign("aliyun-acs3", _with(security_token="tok/en+=="))
    assert "x-acs-security-token:tok/en+==\n" in signed.intermediates["canonical_headers"]
    assert signed.intermediates["signed_headers"] == (
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;"
        "x-acs-signature-nonce;x-acs-version"
    )
    assert signed.output["headers"]["x-acs-security-token"] == "tok/en+=="


@pytest.mark.parametrize(
    ("headers", "field_text"),
    [
        ([["host", "a"], ["Host", "b"]], "sent twice"),
        ([["host", "a"], ["X-Acs-Content-Sha256", "0"]], "set by the signer"),
        ([["host", "a"], ["x-acs-security-token", "t"]], "set by the signer"),
        ([["host", "a"], ["Authorization", "x"]], "set by the signer"),
    ],
)
def test_headers_the_signer_refuses(headers: list[list[str]], field_text: str) -> None:
    with pytest.raises(InputError, match=field_text):
        sign("aliyun-acs3", _with(headers=headers))
