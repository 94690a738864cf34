"""Naming the catalogued mistake from whatever value an implementation returns."""

from __future__ import annotations

import datetime as dt

from sigvec.reference import sign
from sigvec.reference.mistakes import consequences
from sigvec.runner.diagnose import RunEnvironment, explaining_mistakes, signature_in
from sigvec.vectors import iter_tests

# From AWS's SigV4 documentation ("Signature Version 4 signing process", GET example).
AWS_DOC_AUTHORIZATION = (
    "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
    "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
    "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
)
# Alibaba Cloud's RPC documentation example request (DescribeRegions, secret "testsecret").
ALIYUN_DOC_QUERY = (
    "http://ecs.aliyuncs.com/?SignatureVersion=1.0&Action=DescribeRegions&Format=XML"
    "&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&Version=2014-05-26"
    "&AccessKeyId=testid&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D"
    "&SignatureMethod=HMAC-SHA1&Timestamp=2016-02-23T12%3A46%3A24Z"
)


def test_signature_found_in_documented_header_and_query() -> None:
    assert signature_in(AWS_DOC_AUTHORIZATION) == (
        "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    )
    assert signature_in(ALIYUN_DOC_QUERY) == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    assert signature_in({"Authorization": AWS_DOC_AUTHORIZATION}) == signature_in(
        AWS_DOC_AUTHORIZATION
    )
    assert signature_in("appid=a&ts=1&signa=ab%2Bc%3D") == "ab+c="
    assert signature_in("no signature here") is None


def test_every_vector_output_gives_back_its_signature() -> None:
    for scheme, field in (
        ("aws-sigv4", "authorization"),
        ("tencent-tc3", "authorization"),
        ("aliyun-rpc", "signed_query"),
        ("iflytek", "query"),
    ):
        for test in iter_tests(scheme):
            value = test["output"].get(field)
            if value is not None:
                assert signature_in(value) == test["output"]["signature"], (scheme, test["tcId"])


def test_wrong_authorization_names_the_mistake_whose_signature_it_carries() -> None:
    test = next(t for t in iter_tests("tencent-tc3") if t["mistakes"])
    for consequence in test["mistakes"]:
        wrong = test["output"]["authorization"].replace(
            test["output"]["signature"], consequence["signature"]
        )
        ids = [m["id"] for m in explaining_mistakes(test, "output.authorization", wrong)]
        assert consequence["id"] in ids
    assert explaining_mistakes(test, "output.authorization", test["output"]["authorization"]) == []


def test_local_date_named_in_the_time_zone_the_implementation_ran_in() -> None:
    # At 12:00 UTC the local date is already tomorrow in Kiritimati (UTC+14), still today in
    # UTC+8, the catalogue's fixed zone (2023-11-14T12:00:00Z).
    inp = {**next(iter_tests("tencent-tc3"))["input"], "timestamp": 1699963200}
    signed = sign("tencent-tc3", inp)
    test = {
        "input": inp,
        "output": signed.output,
        "mistakes": consequences("tencent-tc3", inp, signed),
    }
    when = dt.datetime.fromtimestamp(test["input"]["timestamp"], dt.timezone.utc)
    kiritimati = (when + dt.timedelta(hours=14)).strftime("%Y-%m-%d")
    china = (when + dt.timedelta(hours=8)).strftime("%Y-%m-%d")
    # The catalogue's own consequence (UTC+8) cannot explain the Kiritimati date.
    assert (kiritimati, china) == ("2023-11-15", "2023-11-14")
    ran_in = RunEnvironment.of({"TZ": "Pacific/Kiritimati", "LANG": "C.UTF-8"})
    ids = [
        m["id"]
        for m in explaining_mistakes(test, "intermediates.date", kiritimati, "tencent-tc3", ran_in)
    ]
    assert ids == ["tencent-tc3/local-date"]
    assert explaining_mistakes(test, "intermediates.date", kiritimati) == []
