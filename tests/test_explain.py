"""`sigvec explain`: the server's rejection and the user's text -> the first difference and the
catalogued mistakes the evidence supports (and no others).

Expected values come from the two real threads in ``../shared/external/seeds`` (the user's
texts reconstructed by hand from the scripts posted there), from the vendors' documentation,
or from hand computation noted beside them; never from the output of the code under test.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from sigvec.cli import main
from sigvec.runner.explain import UnparseableMessage, parse_server_message

# ------------------------------------------------------------------------------ helpers


def explain_cli(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, scheme: str, message: str, **given: object
) -> tuple[int, str, str]:
    """Run `sigvec explain` with the message and each given text/input written to a file."""
    argv = ["explain", scheme, "--server-message", _write(tmp_path, "message.txt", message)]
    for option, value in given.items():
        if option == "json":
            argv.append("--json")
            continue
        content = json.dumps(value) if option == "input" else str(value)
        argv += [f"--{option.replace('_', '-')}", _write(tmp_path, f"{option}.txt", content)]
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def explain_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, scheme: str, message: str, **given: object
) -> dict:
    code, out, err = explain_cli(capsys, tmp_path, scheme, message, json=True, **given)
    document = json.loads(out)
    # Exit 1 when a difference or a mistake was found (documented in the README), else 0.
    found = document["verdict"] == "differs" or document["mistakes"]
    assert code == (1 if found else 0), err
    return document


def _write(directory: Path, name: str, content: str) -> str:
    path = directory / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def mistake_ids(document: dict) -> list[str]:
    return [mistake["id"] for mistake in document["mistakes"]]


EMPTY_SHA256 = (
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"  # sha256sum </dev/null
)

# ------------------------------------------------------------------ the Polly thread (AWS)

# The thread's script: canonical_uri = '/' (it kept the EC2 example's value), the query string
# as given, canonical_headers = 'host:' + host + '\n' + 'x-amz-date:' + amzdate + '\n',
# signed_headers = 'host;x-amz-date', payload_hash = sha256('') and
# canonical_request = method + '\n' + canonical_uri + '\n' + canonical_querystring + '\n' +
# canonical_headers + '\n' + signed_headers + '\n' + payload_hash; amzdate from the 403 body.
POLLY_USER_CANONICAL_REQUEST = (
    "GET\n"
    "/\n"
    "LanguageCode=en-US\n"
    "host:polly.eu-west-1.amazonaws.com\n"
    "x-amz-date:20170122T160127Z\n"
    "\n"
    "host;x-amz-date\n" + EMPTY_SHA256
)
POLLY_INPUT = {
    "method": "GET",
    "path": "/v1/voices",
    "query": "LanguageCode=en-US",
    "headers": [["Host", "polly.eu-west-1.amazonaws.com"]],
    "access_key_id": "AKIDEXAMPLE",
    "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "region": "eu-west-1",
    "service": "polly",
    "timestamp": "20170122T160127Z",
}
# The last line of the String-to-Sign the server printed in the thread.
POLLY_SERVER_HASH = "6e1004fbcc11a73baa0c7fe9ff8d5629bada5061fdc8b03fbf307696ea41728d"


def seed_thread(shared_dir: Path, name: str) -> str:
    """The text of a seed thread; the test is skipped, saying why, where it is absent."""
    thread = shared_dir / "external" / "seeds" / name
    if not thread.is_file():
        pytest.skip(f"{thread} is absent")
    return thread.read_text(encoding="utf-8")


POLLY_THREAD = "aws-sigv4-polly-mismatch-thread.txt"
ALIYUN_THREAD = "aliyun-rpc-signature-mismatch-thread.txt"


@pytest.fixture(scope="module")
def polly_message(shared_dir: Path) -> str:
    text = seed_thread(shared_dir, POLLY_THREAD)
    return next(line for line in text.splitlines() if line.startswith('{"message"'))


def test_polly_thread_server_canonical_request_is_parsed_exactly(polly_message: str) -> None:
    server = parse_server_message("aws-sigv4", polly_message)
    canonical = server.expected["canonical_request"]
    # The server's own string to sign carries the hash of its canonical request.
    assert hashlib.sha256(canonical.encode()).hexdigest() == POLLY_SERVER_HASH
    assert server.expected["string_to_sign"].split("\n") == [
        "AWS4-HMAC-SHA256",
        "20170122T160127Z",
        "20170122/eu-west-1/polly/aws4_request",
        POLLY_SERVER_HASH,
    ]


def test_polly_thread_names_canonical_uri_root_at_line_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, polly_message: str
) -> None:
    document = explain_json(
        capsys,
        tmp_path,
        "aws-sigv4",
        polly_message,
        canonical_request=POLLY_USER_CANONICAL_REQUEST,
        input=POLLY_INPUT,
    )
    assert document["verdict"] == "differs"
    first = document["first_difference"]
    assert (first["step"], first["line"], first["column"]) == ("canonical_request", 2, 2)
    assert (first["expected_line"], first["actual_line"]) == ("/v1/voices\n", "/\n")
    assert mistake_ids(document) == ["aws-sigv4/canonical-uri-root"]
    assert document["mistakes"][0]["reproduces"] is True
    # The input describes what was sent: sigvec's recomputation equals the server's texts.
    assert any("describes the request the server received" in n for n in document["notes"])


def test_polly_thread_text_output_shows_line_column_and_caret(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, polly_message: str
) -> None:
    code, out, _ = explain_cli(
        capsys, tmp_path, "aws-sigv4", polly_message, canonical_request=POLLY_USER_CANONICAL_REQUEST
    )
    assert code == 1  # a difference found
    lines = out.splitlines()
    assert "line 2" in lines[0] and "column 2" in lines[0]
    server_line = next(line for line in lines if line.strip().startswith("server:"))
    yours_line = lines[lines.index(server_line) + 1]
    caret_line = lines[lines.index(server_line) + 2]
    assert server_line.strip() == "server: /v1/voices\\n"
    assert yours_line.strip() == "yours:  /\\n"
    # The caret sits under the 'v' of /v1/voices: the second character of the line.
    assert caret_line.index("^") == server_line.index("/v1") + 1
    assert "aws-sigv4/canonical-uri-root (consistent with it)" in out


def test_polly_thread_whole_page_pasted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, shared_dir: Path, polly_message: str
) -> None:
    document = explain_json(
        capsys,
        tmp_path,
        "aws-sigv4",
        seed_thread(shared_dir, POLLY_THREAD),
        canonical_request=POLLY_USER_CANONICAL_REQUEST,
    )
    assert document["first_difference"]["line"] == 2
    assert mistake_ids(document) == ["aws-sigv4/canonical-uri-root"]


def test_polly_input_alone_says_the_canonical_request_is_right(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, polly_message: str
) -> None:
    document = explain_json(capsys, tmp_path, "aws-sigv4", polly_message, input=POLLY_INPUT)
    assert document["verdict"] == "matches"
    assert document["mistakes"] == []
    note = document["notes"][-1]
    assert "canonical request" in note and "right" in note and "secret key" in note


def test_polly_input_that_is_not_what_was_sent_is_flagged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, polly_message: str
) -> None:
    wrong_input = {**POLLY_INPUT, "path": "/v1/voice"}
    document = explain_json(
        capsys,
        tmp_path,
        "aws-sigv4",
        polly_message,
        canonical_request=POLLY_USER_CANONICAL_REQUEST,
        input=wrong_input,
    )
    assert document["first_difference"]["line"] == 2  # still the user's own text first
    assert any("does not describe the request" in note for note in document["notes"])
    alone = explain_json(capsys, tmp_path, "aws-sigv4", polly_message, input=wrong_input)
    assert alone["verdict"] == "differs"
    # /v1/voices vs /v1/voice: the first difference is the 's', column 10 of line 2.
    assert (alone["first_difference"]["line"], alone["first_difference"]["column"]) == (2, 10)
    assert alone["mistakes"] == []


# ---------------------------------------------------------- the aigen thread (Alibaba Cloud)

ACCESS_KEY_ID = "LTAI5tNthhnd4x1fmYV6VNyW"
# The thread's script, verbatim: an f-string with '&' and '=' left raw between parameters and
# the values not encoded at all (only the first '=' was written as %3D by hand).
THREAD_VALUES = {
    "access_key_id": ACCESS_KEY_ID,
    "action": "InteractiveFullSegmentation",
    "format": "JSON",
    "image_url": "http://viapi-test.oss-cn-shanghai.aliyuncs.com/viapi-3.0domepic/aigen/"
    "InteractiveFullSegmentation/InteractiveFullSegmentation1.png",
    "region_id": "cn-shanghai",
    "signature_method": "HMAC-SHA1",
    "signature_nonce": "b26294f0-e68e-11ee-a607-50ebf63d8db6",
    "signature_version": "1.0",
    "timestamp": "2024-03-20T07:51:44Z",
    "version": "2024-01-11",
}
ALIYUN_USER_STRING_TO_SIGN = (
    "POST&%2F&AccessKeyId%3D{access_key_id}&Action={action}&Format={format}&ImageUrl={image_url}"
    "&RegionId={region_id}&SignatureMethod={signature_method}&SignatureNonce={signature_nonce}"
    "&SignatureVersion={signature_version}&Timestamp={timestamp}&Version={version}"
).format(**THREAD_VALUES)
ALIYUN_PARAMS = {
    "AccessKeyId": ACCESS_KEY_ID,
    "Action": THREAD_VALUES["action"],
    "Format": "JSON",
    "ImageUrl": THREAD_VALUES["image_url"],
    "RegionId": "cn-shanghai",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": THREAD_VALUES["signature_nonce"],
    "SignatureVersion": "1.0",
    "Timestamp": "2024-03-20T07:51:44Z",
    "Version": "2024-01-11",
}


@pytest.fixture(scope="module")
def aliyun_message(shared_dir: Path) -> str:
    text = seed_thread(shared_dir, ALIYUN_THREAD)
    return next(line for line in text.splitlines() if line.startswith("{'RequestId'"))


def test_aigen_thread_server_string_is_parsed(aliyun_message: str) -> None:
    server = parse_server_message("aliyun-rpc", aliyun_message)
    assert server.code == "SignatureDoesNotMatch"
    text = server.expected["string_to_sign"]
    assert text.startswith(f"POST&%2F&AccessKeyId%3D{ACCESS_KEY_ID}%26Action%3D")
    assert text.endswith("%26Version%3D2024-01-11")  # the string ends where the Message does


def test_aigen_thread_first_unencoded_separator_and_not_double_encoded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, aliyun_message: str
) -> None:
    document = explain_json(
        capsys, tmp_path, "aliyun-rpc", aliyun_message, string_to_sign=ALIYUN_USER_STRING_TO_SIGN
    )
    first = document["first_difference"]
    # Everything up to the access key id is the same; then the server has %26, the user '&'.
    column = len("POST&%2F&AccessKeyId%3D" + ACCESS_KEY_ID) + 1
    assert (first["line"], first["column"]) == (1, column)
    assert ALIYUN_USER_STRING_TO_SIGN[column - 1] == "&"
    assert mistake_ids(document) == ["aliyun-rpc/not-double-encoded"]
    assert document["mistakes"][0]["reproduces"] is False  # the values are not even encoded once
    notes = " ".join(document["notes"])
    assert "not percent-encoded at all" in notes
    # The script also signs with the AccessKeyId, but no string shows that: it is not claimed.
    assert "signed-with-access-key-id" not in json.dumps(document)


def test_aigen_thread_text_output_claims_nothing_about_the_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, aliyun_message: str
) -> None:
    code, out, _ = explain_cli(
        capsys, tmp_path, "aliyun-rpc", aliyun_message, string_to_sign=ALIYUN_USER_STRING_TO_SIGN
    )
    assert code == 1
    assert "line 1, column 48" in out.splitlines()[0]
    assert "aliyun-rpc/not-double-encoded" in out
    assert "signed-with-access-key-id" not in out and "key-missing-ampersand" not in out


def test_aigen_thread_python_quote_reproduced_from_the_servers_own_parameters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, aliyun_message: str
) -> None:
    # A user who encodes with urllib's quote() (safe='/' by default) for the values.
    canonical = "&".join(f"{quote(k)}={quote(v)}" for k, v in sorted(ALIYUN_PARAMS.items()))
    yours = "POST&%2F&" + quote(canonical, safe="~")
    document = explain_json(capsys, tmp_path, "aliyun-rpc", aliyun_message, string_to_sign=yours)
    assert mistake_ids(document) == ["aliyun-rpc/quote-keeps-slash"]
    assert document["mistakes"][0]["reproduces"] is True


def test_aigen_thread_correct_string_points_at_the_key(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, aliyun_message: str
) -> None:
    canonical = "&".join(
        f"{quote(k, safe='~')}={quote(v, safe='~')}" for k, v in sorted(ALIYUN_PARAMS.items())
    )
    yours = "POST&%2F&" + quote(canonical, safe="~")
    document = explain_json(capsys, tmp_path, "aliyun-rpc", aliyun_message, string_to_sign=yours)
    assert document["verdict"] == "matches"
    assert document["mistakes"] == []
    note = document["notes"][-1]
    assert "signing key" in note
    assert "aliyun-rpc/key-missing-ampersand" in note


# ------------------------------------------------------------------------ parsers: AWS

SMALL_CANONICAL = (
    "POST\n/\nAction=ListUsers&Version=2010-05-08\ncontent-type:application/x-www-form-"
    "urlencoded\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
    "content-type;host;x-amz-date\n" + EMPTY_SHA256
)
SMALL_STRING_TO_SIGN = (
    "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/iam/aws4_request\n" + "ab" * 32
)
PREAMBLE = (
    "The request signature we calculated does not match the signature you provided. Check "
    "your AWS Secret Access Key and signing method."
)
AWS_MESSAGE_TEXT = (
    f"{PREAMBLE}\n\nThe Canonical String for this request should have been\n"
    f"'{SMALL_CANONICAL}'\n\nThe String-to-Sign should have been\n'{SMALL_STRING_TO_SIGN}'\n"
)


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.mark.parametrize(
    "message",
    [
        pytest.param(json.dumps({"message": AWS_MESSAGE_TEXT}), id="json"),
        pytest.param(
            json.dumps({"__type": "InvalidSignatureException", "message": AWS_MESSAGE_TEXT}),
            id="json-1.1",
        ),
        pytest.param(
            "<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>"
            f"<Message>{_xml_escape(AWS_MESSAGE_TEXT)}</Message></Error>"
            "<RequestId>1</RequestId></ErrorResponse>",
            id="xml-query-api",
        ),
        pytest.param(
            "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we "
            "calculated does not match the signature you provided.</Message>"
            f"<StringToSign>{SMALL_STRING_TO_SIGN}</StringToSign>"
            f"<CanonicalRequest>{_xml_escape(SMALL_CANONICAL)}</CanonicalRequest></Error>",
            id="xml-s3",
        ),
        pytest.param(
            "<Error><Code>SignatureDoesNotMatch</Code>"
            "<CanonicalRequest>(mangled by a proxy)</CanonicalRequest>"
            "<CanonicalRequestBytes>"
            + " ".join(f"{b:02x}" for b in SMALL_CANONICAL.encode())
            + "</CanonicalRequestBytes>"
            f"<StringToSign>{SMALL_STRING_TO_SIGN}</StringToSign></Error>",
            id="xml-s3-bytes",
        ),
        pytest.param(
            # The JSON body's message pasted without its braces: the \n are still escapes.
            json.dumps(AWS_MESSAGE_TEXT)[1:-1],
            id="escaped-newlines",
        ),
        pytest.param(
            "botocore.exceptions.ClientError: An error occurred (SignatureDoesNotMatch) when "
            f"calling the ListUsers operation: {AWS_MESSAGE_TEXT}",
            id="sdk-exception",
        ),
        pytest.param(
            repr({"Code": "SignatureDoesNotMatch", "Message": AWS_MESSAGE_TEXT}), id="repr"
        ),
    ],
)
def test_aws_parser_reads_every_shape(message: str) -> None:
    server = parse_server_message("aws-sigv4", message)
    assert server.expected == {
        "canonical_request": SMALL_CANONICAL,
        "string_to_sign": SMALL_STRING_TO_SIGN,
    }
    assert server.code in ("SignatureDoesNotMatch", "InvalidSignatureException")


def test_aws_parser_restores_a_message_flattened_onto_one_line() -> None:
    flat = re.sub(r"\s+", " ", AWS_MESSAGE_TEXT)  # every line break (and blank line) a space
    server = parse_server_message("aws-sigv4", flat)
    assert server.expected["canonical_request"] == SMALL_CANONICAL
    assert server.expected["string_to_sign"] == SMALL_STRING_TO_SIGN
    assert any("lost its line breaks" in note for note in server.notes)


def test_aws_parser_restores_a_flattened_request_with_an_empty_query() -> None:
    canonical = (
        "GET\n/\n\nhost:example.amazonaws.com\nuser-agent:my client/1.0 (linux)\n"
        "x-amz-date:20150830T123600Z\n\nhost;user-agent;x-amz-date\n" + EMPTY_SHA256
    )
    flat = "The Canonical String for this request should have been '" + canonical.replace("\n", " ")
    server = parse_server_message("aws-sigv4", flat + "'")
    assert server.expected["canonical_request"] == canonical


def test_aws_parser_keeps_quotes_inside_the_canonical_request() -> None:
    canonical = (
        "GET\n/\n\nhost:example.amazonaws.com\nx-note:it's here\n\nhost;x-note\n" + EMPTY_SHA256
    )
    message = f"The Canonical String for this request should have been\n'{canonical}'\n"
    assert parse_server_message("aws-sigv4", message).expected["canonical_request"] == canonical


# -------------------------------------------------------------------- parsers: Alibaba Cloud

ALIYUN_SERVER_STRING = (
    "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
    "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
    "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
)
ALIYUN_MESSAGE = (
    "Specified signature is not matched with our calculation. server string to sign is:"
    + ALIYUN_SERVER_STRING
)


@pytest.mark.parametrize(
    "message",
    [
        pytest.param(
            repr({"RequestId": "X", "Message": ALIYUN_MESSAGE, "Code": "SignatureDoesNotMatch"}),
            id="python-dict",
        ),
        pytest.param(
            json.dumps(
                {"RequestId": "X", "Message": ALIYUN_MESSAGE, "Code": "SignatureDoesNotMatch"}
            ),
            id="json",
        ),
        pytest.param(
            "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>X</RequestId>"
            f"<Code>SignatureDoesNotMatch</Code><Message>{_xml_escape(ALIYUN_MESSAGE)}</Message>"
            "</Error>",
            id="xml",
        ),
        pytest.param(
            "aliyunsdkcore.acs_exception.exceptions.ServerException: HTTP Status: 400 "
            f"Error:SignatureDoesNotMatch {ALIYUN_MESSAGE} RequestID: X",
            id="sdk-exception",
        ),
    ],
)
def test_aliyun_parser_reads_every_shape(message: str) -> None:
    server = parse_server_message("aliyun-rpc", message)
    assert server.expected == {"string_to_sign": ALIYUN_SERVER_STRING}
    assert server.code == "SignatureDoesNotMatch"


# -------------------------------------------------------------------------- parsers: Tencent

TENCENT_ERROR = {
    "Response": {
        "Error": {
            "Code": "AuthFailure.SignatureFailure",
            "Message": "The provided credentials could not be validated. Please check your "
            "signature is correct.",
        },
        "RequestId": "ed93f3cb-f35e-473f-b9f3-0d451b8b79c6",
    }
}


@pytest.mark.parametrize(
    "message",
    [
        pytest.param(json.dumps(TENCENT_ERROR), id="json"),
        pytest.param(repr(TENCENT_ERROR), id="python-dict"),
        pytest.param(
            "[TencentCloudSDKException] code:AuthFailure.SignatureFailure message:The provided "
            "credentials could not be validated. requestId:ed93f3cb",
            id="sdk-exception",
        ),
    ],
)
def test_tencent_parser_reads_the_code_and_says_nothing_is_revealed(message: str) -> None:
    server = parse_server_message("tencent-tc3", message)
    assert server.code == "AuthFailure.SignatureFailure"
    assert server.expected == {}
    assert any("does not reveal" in note for note in server.notes)


def test_tencent_parser_explains_an_expired_signature() -> None:
    message = json.dumps({"Response": {"Error": {"Code": "AuthFailure.SignatureExpire"}}})
    server = parse_server_message("tencent-tc3", message)
    assert server.code == "AuthFailure.SignatureExpire"
    assert "seconds" in server.notes[0]


@pytest.mark.parametrize("scheme", ["aws-sigv4", "aliyun-rpc", "tencent-tc3"])
def test_parsers_reject_an_unrelated_text(scheme: str) -> None:
    with pytest.raises(UnparseableMessage):
        parse_server_message(scheme, '{"error": "Forbidden"}')


# --------------------------------------------------------------- unparseable input: exit 2


@pytest.mark.parametrize(
    ("scheme", "option", "expected"),
    [
        (
            "aws-sigv4",
            "canonical_request",
            "no 'The Canonical String for this request should have been' or <CanonicalRequest> "
            "found; paste the whole 403 response body",
        ),
        ("aliyun-rpc", "string_to_sign", "no 'server string to sign is:' found"),
        ("tencent-tc3", "canonical_request", "no Tencent Cloud error code"),
    ],
)
def test_unparseable_message_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, scheme: str, option: str, expected: str
) -> None:
    code, out, err = explain_cli(
        capsys, tmp_path, scheme, "<html>403 Forbidden</html>", **{option: "GET\n/"}
    )
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"sigvec: error: {tmp_path / 'message.txt'}: ")
    assert expected in err


@pytest.mark.parametrize(
    ("scheme", "given", "expected"),
    [
        ("aws-sigv4", {}, "nothing to compare: pass what you sent with --input or"),
        ("aliyun-rpc", {"canonical_request": "x"}, "--canonical-request: aliyun-rpc has no"),
        ("aws-sigv4", {"canonical_request": "\n"}, "canonical_request.txt: empty; expected"),
        ("aws-sigv4", {"input": {"method": "GET"}}, "input.txt: input.path: is required"),
        (
            "aws-sigv4-s3",
            {"canonical_request": SMALL_CANONICAL},
            "message.txt: the server's message has only its string to sign: pass yours with "
            "--string-to-sign, or --input",
        ),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, scheme: str, given: dict, expected: str
) -> None:
    messages = {
        "aws-sigv4": json.dumps({"message": AWS_MESSAGE_TEXT}),
        "aws-sigv4-s3": f"<Error><StringToSign>{SMALL_STRING_TO_SIGN}</StringToSign></Error>",
        "aliyun-rpc": ALIYUN_MESSAGE,
    }
    code, out, err = explain_cli(
        capsys, tmp_path, scheme.removesuffix("-s3"), messages[scheme], **given
    )
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("sigvec: error: ")
    assert expected in err


def test_unreadable_message_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    code = main(["explain", "aws-sigv4", "--server-message", missing, "--input", missing])
    err = capsys.readouterr().err
    assert (
        code == 2 and err == f"sigvec: error: {missing}: cannot read (No such file or directory)\n"
    )


# -------------------------------------------------------------- AWS: the text heuristics


def _aws_message(canonical: str) -> str:
    return json.dumps(
        {"message": f"The Canonical String for this request should have been\n'{canonical}'\n"}
    )


@pytest.mark.parametrize(
    ("yours", "mistake"),
    [
        (
            SMALL_CANONICAL.replace(
                "x-amz-date:20150830T123600Z\n\n", "x-amz-date:20150830T123600Z\n"
            ),
            "aws-sigv4/missing-trailing-newline",
        ),
        (
            SMALL_CANONICAL.replace(
                "Action=ListUsers&Version=2010-05-08", "Version=2010-05-08&Action=ListUsers"
            ),
            "aws-sigv4/unsorted-query",
        ),
        (
            SMALL_CANONICAL.replace("host:iam", "Host:iam").replace(";host;", ";Host;"),
            "aws-sigv4/header-names-not-lowercased",
        ),
        (
            SMALL_CANONICAL.replace("host:iam.amazonaws.com", "host:  iam.amazonaws.com "),
            "aws-sigv4/headers-not-trimmed",
        ),
        (SMALL_CANONICAL.replace("20150830T123600Z", "20150830T203600Z"), "aws-sigv4/local-time"),
    ],
)
def test_aws_text_checks_name_the_mistake(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, yours: str, mistake: str
) -> None:
    document = explain_json(
        capsys, tmp_path, "aws-sigv4", _aws_message(SMALL_CANONICAL), canonical_request=yours
    )
    assert mistake_ids(document) == [mistake]


def test_aws_payload_hash_of_an_empty_body(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # sha256 of "Action=ListUsers" computed with: printf Action=ListUsers | sha256sum
    body_hash = hashlib.sha256(b"Action=ListUsers").hexdigest()
    server = SMALL_CANONICAL.replace(EMPTY_SHA256, body_hash)
    document = explain_json(
        capsys, tmp_path, "aws-sigv4", _aws_message(server), canonical_request=SMALL_CANONICAL
    )
    assert mistake_ids(document) == ["aws-sigv4/payload-hash-of-wrong-body"]


def test_aws_s3_encoding_once_where_twice(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    server = SMALL_CANONICAL.replace("POST\n/\n", "POST\n/my%2520file\n")
    yours = SMALL_CANONICAL.replace("POST\n/\n", "POST\n/my%20file\n")
    document = explain_json(
        capsys, tmp_path, "aws-sigv4", _aws_message(server), canonical_request=yours
    )
    assert mistake_ids(document) == ["aws-sigv4/s3-double-encoding"]


def test_aws_uncatalogued_difference_claims_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    yours = SMALL_CANONICAL.replace("host:iam.amazonaws.com", "host:iam.us-east-1.amazonaws.com")
    document = explain_json(
        capsys, tmp_path, "aws-sigv4", _aws_message(SMALL_CANONICAL), canonical_request=yours
    )
    assert document["verdict"] == "differs"
    assert document["first_difference"]["line"] == 5
    assert document["mistakes"] == []
    code, out, _ = explain_cli(
        capsys, tmp_path, "aws-sigv4", _aws_message(SMALL_CANONICAL), canonical_request=yours
    )
    assert code == 1 and "no catalogued mistake reproduces this" in out


def test_aws_string_to_sign_only_differs_in_the_hash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    yours = SMALL_STRING_TO_SIGN.replace("ab" * 32, "cd" * 32)
    document = explain_json(
        capsys,
        tmp_path,
        "aws-sigv4",
        json.dumps({"message": AWS_MESSAGE_TEXT}),
        string_to_sign=yours,
    )
    assert document["first_difference"]["step"] == "string_to_sign"
    assert document["first_difference"]["line"] == 4
    assert any("--canonical-request" in note for note in document["notes"])


def test_aws_user_text_matching_the_server(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = explain_json(
        capsys,
        tmp_path,
        "aws-sigv4",
        json.dumps({"message": AWS_MESSAGE_TEXT}),
        canonical_request=SMALL_CANONICAL + "\n",  # the editor's final newline is not the bug
        string_to_sign=SMALL_STRING_TO_SIGN,
    )
    assert document["verdict"] == "matches"
    assert document["first_difference"] is None
    assert "secret key" in document["notes"][-1]


def test_aws_crlf_shows_as_an_escaped_carriage_return(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = explain_cli(
        capsys,
        tmp_path,
        "aws-sigv4",
        json.dumps({"message": AWS_MESSAGE_TEXT}),
        canonical_request=SMALL_CANONICAL.replace("\n", "\r\n"),
    )
    assert code == 1
    assert "line 1, column 5" in out.splitlines()[0]  # right after "POST"
    assert "yours:  POST\\r\\n" in out
    assert "Windows line breaks" in out


# ------------------------------------------------------- Alibaba Cloud: the text heuristics


ALIYUN_PARAMS_SMALL = {
    "AccessKeyId": "testid",
    "Action": "DescribeRegions",
    "Format": "XML",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    "SignatureVersion": "1.0",
    "Timestamp": "2016-02-23T12:46:24Z",
    "Version": "2014-05-26",
}


def _aliyun_user_string(
    encode_value: Callable[[str], str], encode_again: Callable[[str], str], **changed: str
) -> str:
    params = {**ALIYUN_PARAMS_SMALL, **changed}
    canonical = "&".join(f"{k}={encode_value(v)}" for k, v in sorted(params.items()))
    return "GET&%2F&" + encode_again(canonical)


def test_aliyun_values_encoded_once_only_is_not_a_catalogued_mistake(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Values left raw in the canonical query string, the whole encoded once: ':' -> %3A.
    yours = _aliyun_user_string(lambda v: v, lambda c: quote(c, safe="~"))
    document = explain_json(capsys, tmp_path, "aliyun-rpc", ALIYUN_MESSAGE, string_to_sign=yours)
    assert document["mistakes"] == []
    assert any("in the canonicalized query string" in note for note in document["notes"])


def test_aliyun_space_as_plus(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # The server's string for Format="X ML", by hand: X%20ML, encoded again X%2520ML.
    server = ALIYUN_MESSAGE.replace("Format%3DXML", "Format%3DX%2520ML")
    yours = _aliyun_user_string(
        lambda v: quote_plus(v, safe="~"), lambda c: quote(c, safe="~"), Format="X ML"
    )
    document = explain_json(capsys, tmp_path, "aliyun-rpc", server, string_to_sign=yours)
    assert mistake_ids(document) == ["aliyun-rpc/space-as-plus"]


def test_aliyun_unsorted_parameters(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    yours = ALIYUN_SERVER_STRING.replace(
        "AccessKeyId%3Dtestid%26Action%3DDescribeRegions",
        "Action%3DDescribeRegions%26AccessKeyId%3Dtestid",
    )
    document = explain_json(capsys, tmp_path, "aliyun-rpc", ALIYUN_MESSAGE, string_to_sign=yours)
    assert mistake_ids(document) == ["aliyun-rpc/unsorted-params"]


def test_aliyun_with_input_reproduces_not_double_encoded(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    yours = _aliyun_user_string(lambda v: quote(v, safe="~"), lambda c: c)
    document = explain_json(
        capsys,
        tmp_path,
        "aliyun-rpc",
        ALIYUN_MESSAGE,
        string_to_sign=yours,
        input={"method": "GET", "access_key_secret": "s", "params": ALIYUN_PARAMS_SMALL},
    )
    assert mistake_ids(document) == ["aliyun-rpc/not-double-encoded"]
    assert document["mistakes"][0]["reproduces"] is True
    assert any("describes the request the server received" in n for n in document["notes"])


# ----------------------------------------------------------------------------- Tencent

# The worked example of Tencent Cloud's "Signature v3" documentation (current revision):
# CVM DescribeInstances, timestamp 1551113065 = 2019-02-25T16:44:25Z (2019-02-26 in UTC+8).
TENCENT_INPUT = {
    "secret_id": "AKID********************************",
    "secret_key": "********************************",
    "service": "cvm",
    "host": "cvm.tencentcloudapi.com",
    "action": "DescribeInstances",
    "version": "2017-03-12",
    "region": "ap-guangzhou",
    "timestamp": 1551113065,
    "method": "POST",
    "payload": '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": '
    '"instance-name"}]}',
    "query": "",
    "content_type": "application/json; charset=utf-8",
    "signed_headers": ["content-type", "host", "x-tc-action"],
}
TENCENT_DOC_CANONICAL = (
    "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n"
    "x-tc-action:describeinstances\n\ncontent-type;host;x-tc-action\n"
    "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
)
TENCENT_MESSAGE = json.dumps(TENCENT_ERROR)


def test_tencent_missing_blank_line_reproduced_with_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    yours = TENCENT_DOC_CANONICAL.replace("POST\n/\n\n", "POST\n/\n")  # the PHP blog's slip
    document = explain_json(
        capsys,
        tmp_path,
        "tencent-tc3",
        TENCENT_MESSAGE,
        canonical_request=yours,
        input=TENCENT_INPUT,
    )
    first = document["first_difference"]
    assert (first["line"], first["column"]) == (3, 1)
    assert document["comparisons"][0]["expected_label"] == "sigvec"
    assert mistake_ids(document) == ["tencent-tc3/missing-blank-line"]
    assert document["mistakes"][0]["reproduces"] is True


def test_tencent_text_alone_shows_two_mistakes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    yours = TENCENT_DOC_CANONICAL.replace("POST\n/\n\n", "POST\n/\n").replace(
        "x-tc-action:describeinstances", "x-tc-action:DescribeInstances"
    )
    document = explain_json(
        capsys, tmp_path, "tencent-tc3", TENCENT_MESSAGE, canonical_request=yours
    )
    assert document["verdict"] == "not-compared"
    assert sorted(mistake_ids(document)) == [
        "tencent-tc3/action-not-lowercased",
        "tencent-tc3/missing-blank-line",
    ]
    assert all(not mistake["reproduces"] for mistake in document["mistakes"])


def test_tencent_local_date_in_the_string_to_sign(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    yours = (
        "TC3-HMAC-SHA256\n1551113065\n2019-02-26/cvm/tc3_request\n"
        + hashlib.sha256(TENCENT_DOC_CANONICAL.encode()).hexdigest()
    )
    document = explain_json(capsys, tmp_path, "tencent-tc3", TENCENT_MESSAGE, string_to_sign=yours)
    assert mistake_ids(document) == ["tencent-tc3/local-date"]
    with_input = explain_json(
        capsys, tmp_path, "tencent-tc3", TENCENT_MESSAGE, string_to_sign=yours, input=TENCENT_INPUT
    )
    assert mistake_ids(with_input) == ["tencent-tc3/local-date"]
    assert with_input["mistakes"][0]["reproduces"] is True
    assert (with_input["first_difference"]["line"], with_input["first_difference"]["column"]) == (
        3,
        10,
    )


def test_tencent_correct_text_claims_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = explain_json(
        capsys,
        tmp_path,
        "tencent-tc3",
        TENCENT_MESSAGE,
        canonical_request=TENCENT_DOC_CANONICAL,
        input=TENCENT_INPUT,
    )
    assert document["verdict"] == "matches"
    assert document["mistakes"] == []
    assert "tencent-tc3/hmac-args-swapped" in document["notes"][-1]  # acts after the text


def test_tencent_input_alone_shows_sigvecs_texts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = explain_cli(
        capsys, tmp_path, "tencent-tc3", TENCENT_MESSAGE, input=TENCENT_INPUT
    )
    assert code == 0
    assert "does not say what it expected" in out.splitlines()[0]
    assert "  x-tc-action:describeinstances" in out.splitlines()


def test_server_message_from_stdin_through_the_installed_command(tmp_path: Path) -> None:
    yours = tmp_path / "mine.txt"
    yours.write_text(SMALL_CANONICAL.replace("POST\n/\n", "POST\n/x\n"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "sigvec", "explain", "aws-sigv4", "--server-message", "-"]
        + ["--canonical-request", str(yours)],
        input=json.dumps({"message": AWS_MESSAGE_TEXT}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "line 2, column 2" in result.stdout.splitlines()[0]


# --------------------------------------------------------------------------------- --json


def test_json_output_shape_and_no_secret(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = explain_json(
        capsys,
        tmp_path,
        "tencent-tc3",
        TENCENT_MESSAGE,
        canonical_request=TENCENT_DOC_CANONICAL.replace("POST\n/\n\n", "POST\n/\n"),
        input={**TENCENT_INPUT, "secret_key": "VERY-SECRET-KEY"},
    )
    assert set(document) == {
        "scheme",
        "server",
        "verdict",
        "first_difference",
        "comparisons",
        "mistakes",
        "notes",
        "reference",
    }
    assert document["server"]["code"] == "AuthFailure.SignatureFailure"
    assert set(document["mistakes"][0]) == {"id", "description", "fix", "reproduces", "evidence"}
    assert "VERY-SECRET-KEY" not in json.dumps(document)
