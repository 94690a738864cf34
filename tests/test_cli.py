"""The `sigvec sign` and `sigvec vectors` command lines: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from runner_helpers import sigvec_process
from test_official_examples import S3_PRESIGNED_INPUT, S3_PRESIGNED_SIGNATURE

from sigvec.cli import main


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return sigvec_process(*args, stdin=stdin)


def test_sign_reads_stdin_and_prints_every_step() -> None:
    result = run_cli(
        "sign", "iflytek", stdin='{"app_id":"xxx","ts":"1674496098","app_secret":"xxx"}'
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["scheme", "input", "intermediates", "output"]
    assert list(document["intermediates"]) == ["base_string", "md5_hex", "hmac_sha1_hex"]
    # Hand computation: printf xxx1674496098 | md5sum ; printf <md5 hex> |
    #   openssl dgst -sha1 -hmac xxx -binary | base64
    assert document["intermediates"]["md5_hex"] == "90522511834abbfd27225e90b78b48e5"
    assert document["output"]["signature"] == "06xprL749yJv+obr31CRCBZ44N8="


def test_sign_reads_input_file(tmp_path: Path) -> None:
    request = tmp_path / "request.json"
    request.write_text('{"app_id":"xxx","ts":"1674496098","app_secret":"xxx"}', encoding="utf-8")
    result = run_cli("sign", "iflytek", "--input", str(request))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["output"]["signature"] == "06xprL749yJv+obr31CRCBZ44N8="


@pytest.mark.parametrize(
    ("scheme", "stdin", "expected"),
    [
        ("iflytek", "not json", "<stdin>: not JSON (Expecting value at line 1 column 1)"),
        ("iflytek", "[1]", "<stdin>: input: an array is not of type 'object'"),
        ("iflytek", '{"app_id":"a","ts":"1"}', "<stdin>: input.app_secret: is required"),
        ("iflytek", '{"app_id":"a","ts":"12ab","app_secret":"s"}', "input.ts: '12ab' does not"),
        (
            "iflytek",
            '{"app_id":"a","ts":1,"app_secret":"s"}',
            "input.ts: 1 is not of type 'string'",
        ),
        ("tencent-tc3", '{"timestamp": "x"}', "<stdin>: input."),
        (
            "aliyun-rpc",
            '{"method":"GET","access_key_secret":"s","params":{"Signature":"x"}}',
            "input.params",
        ),
        ("aws-sigv4", '{"method":"GET"}', "<stdin>: input.path: is required"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(scheme: str, stdin: str, expected: str) -> None:
    result = run_cli("sign", scheme, stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("sigvec: error: ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


def test_semantic_input_errors_name_the_field() -> None:
    aws = {
        "method": "GET",
        "path": "/",
        "headers": [["Host", "h"]],
        "access_key_id": "a",
        "secret_access_key": "s",
        "region": "r",
        "service": "s",
        "timestamp": "20150230T000000Z",
    }
    result = run_cli("sign", "aws-sigv4", stdin=json.dumps(aws))
    assert result.returncode == 2
    assert "input.timestamp: '20150230T000000Z' is not a real" in result.stderr
    tencent = {
        "secret_id": "i",
        "secret_key": "k",
        "service": "cvm",
        "host": "h",
        "action": "A",
        "version": "v",
        "timestamp": 1,
        "method": "POST",
        "payload": "",
        "query": "",
        "signed_headers": ["content-type", "host", "x-tc-region"],
    }
    result = run_cli("sign", "tencent-tc3", stdin=json.dumps(tencent))
    assert result.returncode == 2
    assert "input.signed_headers: names 'x-tc-region', but the input has no value" in result.stderr


def test_unknown_scheme_and_missing_file_exit_2(tmp_path: Path) -> None:
    assert run_cli("sign", "nope").returncode == 2
    result = run_cli("sign", "iflytek", "--input", str(tmp_path / "absent.json"))
    assert result.returncode == 2
    assert "absent.json: cannot read" in result.stderr


def test_vectors_check_passes_on_committed_vectors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vectors", "check"]) == 0


def test_vectors_check_fails_with_exit_2_on_bad_file(tmp_path: Path) -> None:
    assert main(["vectors", "generate", "--out", str(tmp_path)]) == 0
    (tmp_path / "aliyun-rpc.json").write_text("{", encoding="utf-8")
    result = run_cli("vectors", "check", "--dir", str(tmp_path))
    assert result.returncode == 2
    assert "aliyun-rpc.json: file: not UTF-8 JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_vectors_check_on_missing_directory_exit_2(tmp_path: Path) -> None:
    result = run_cli("vectors", "check", "--dir", str(tmp_path / "none"))
    assert result.returncode == 2
    assert "not a directory" in result.stderr


def official_examples() -> list[tuple[str, dict]]:
    from sigvec.vectors import SCHEME_IDS, iter_tests

    return [
        (scheme, test)
        for scheme in SCHEME_IDS
        for test in iter_tests(scheme)
        if "DocExample" in test["flags"]
    ]


@pytest.mark.parametrize(
    ("scheme", "test"), official_examples(), ids=lambda v: v if isinstance(v, str) else v["tcId"]
)
def test_sign_command_reproduces_each_official_example(scheme: str, test: dict) -> None:
    # The values of these vectors are checked against the published ones in
    # test_official_examples.py; here the command line must give the same.
    result = run_cli("sign", scheme, stdin=json.dumps(test["input"]))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["intermediates"] == test["intermediates"]
    assert document["output"] == test["output"]


def test_sign_gives_the_s3_documentation_presigned_signature() -> None:
    # Amazon S3 API Reference, "Authenticating Requests: Using Query Parameters": the example
    # presigned URL's published signature, signed with UNSIGNED-PAYLOAD.
    result = run_cli("sign", "aws-sigv4", stdin=json.dumps(S3_PRESIGNED_INPUT))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["intermediates"]["hashed_payload"] == "UNSIGNED-PAYLOAD"
    assert document["output"]["signature"] == S3_PRESIGNED_SIGNATURE
