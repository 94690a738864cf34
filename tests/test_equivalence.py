"""Outputs that mean the same pass: query parameters in any order, header names in any case.

The examples are written by hand from what an HTTP server reads (RFC 3986 query components,
``application/x-www-form-urlencoded`` decoding of ``+``, RFC 9110 case-insensitive field names),
not taken from sigvec's own output.
"""

from __future__ import annotations

import pytest
from runner_helpers import misbehaving, run, vectors_of

from sigvec.equivalence import equivalent

# The Alibaba Cloud documentation's DescribeRegions example, signed query as its doc prints it
# (sorted), and as @alicloud/pop-core sends it (Signature appended after the sorted parameters).
DOC_SORTED = (
    "AccessKeyId=testid&Action=DescribeRegions&Format=XML"
    "&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D&SignatureMethod=HMAC-SHA1"
    "&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0"
    "&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26"
)
SIGNATURE_LAST = (
    "AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1"
    "&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0"
    "&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26"
    "&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D"
)


@pytest.mark.parametrize("step", ["output.signed_query", "output.query"])
@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        (DOC_SORTED, SIGNATURE_LAST),
        ("a=1&b=2", "b=2&a=1"),
        ("k=%E4%B8%AD", "k=%e4%b8%ad"),  # hex case of an escape
        ("k=a%7Eb", "k=a~b"),  # an unreserved character, escaped or not
        ("k=a%20b", "k=a+b"),  # a server reads + as a space
        ("acl=", "acl"),  # a valueless key, with or without '='
        ("a=1&&b=2", "b=2&a=1"),  # an empty piece is nothing
    ],
)
def test_query_strings_with_the_same_parameters_are_equivalent(
    step: str, expected: str, actual: str
) -> None:
    assert equivalent(step, expected, actual)


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        ("signa=06xprL749yJv%2Bobr31CRCBZ44N8%3D", "signa=06xprL749yJv+obr31CRCBZ44N8="),
        ("a=1&b=2", "a=1"),  # a parameter missing
        ("a=1&a=1", "a=1"),  # a repeated parameter counts twice
        ("a=1&b=2", "a=2&b=1"),  # values swapped between names
        ("A=1", "a=1"),  # names are case-sensitive
        ("k=%2F", "k=%252F"),  # encoded twice
        ("a=1", ""),
    ],
)
def test_query_strings_with_other_parameters_differ(expected: str, actual: str) -> None:
    assert not equivalent("output.signed_query", expected, actual)


def test_order_matters_outside_query_outputs() -> None:
    # The canonical query string is what gets signed: its order is part of the signature.
    assert not equivalent("intermediates.canonical_query_string", "a=1&b=2", "b=2&a=1")
    assert not equivalent("intermediates.canonicalized_query_string", "a=1&b=2", "b=2&a=1")
    assert not equivalent("output.signature", "a=1&b=2", "b=2&a=1")


def test_header_names_compare_in_any_case_values_exactly() -> None:
    expected = {"X-Amz-Date": "20150830T123600Z", "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD"}
    assert equivalent(
        "output.headers",
        expected,
        {"x-amz-content-sha256": "UNSIGNED-PAYLOAD", "X-AMZ-DATE": "20150830T123600Z"},
    )
    assert not equivalent(
        "output.headers",
        expected,
        {"X-Amz-Date": "20150830t123600z", "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD"},
    )
    assert not equivalent("output.headers", expected, {"X-Amz-Date": "20150830T123600Z"})
    # One name spelt twice is two headers, not the one expected.
    assert not equivalent(
        "output.headers", {"X-App-Key": "k"}, {"X-App-Key": "k", "x-app-key": "k"}
    )
    assert not equivalent("output.headers", expected, None)


def test_equivalent_outputs_pass_every_vector(tmp_path) -> None:
    entry = misbehaving("equivalent-forms", schemes=["aws-sigv4", "aliyun-rpc", "iflytek"])
    code, report = run(tmp_path, [entry])
    counts = report["implementations"][0]["counts"]
    assert code == 0, counts
    assert counts["failed"] == 0 and counts["passed"] > 100


def test_an_unencoded_plus_still_fails_and_is_named(tmp_path) -> None:
    code, report = run(tmp_path, [misbehaving("raw-plus-in-query")])
    vector = vectors_of(report)[1]  # its signature holds a '+'
    assert code == 1
    assert vector["status"] == "failed" and vector["step"] == "output.query"
    assert vector["mistake"]["id"] == "iflytek/signa-not-urlencoded"
