"""aws-sigv4-streaming input the signer refuses: one line naming the field, exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sigvec.cli import main
from sigvec.reference import InputError, sign

SCHEME = "aws-sigv4-streaming"
VALID: dict[str, Any] = {
    "method": "PUT",
    "path": "/bucket/key",
    "headers": [["Host", "s3.amazonaws.com"]],
    "body": "hello",
    "access_key_id": "AKIDEXAMPLE",
    "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "region": "us-east-1",
    "timestamp": "20130524T000000Z",
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"headers": [["Host", "s3.amazonaws.com"], ["content-length", "5"]]}, "headers"),
        ({"headers": [["Host", "h"], ["X-Amz-Decoded-Content-Length", "5"]]}, "headers"),
        ({"headers": [["Host", "h"], ["x-amz-trailer", "x-amz-checksum-crc32"]]}, "headers"),
        ({"method": "GET"}, "method"),
        ({"chunk_size": 0}, "chunk_size"),
        ({"trailer": []}, "trailer"),
        ({"trailer": [["bad name", "v"]]}, "trailer"),
        ({"trailer": [["x-amz-checksum-crc32", "a\r\nb"]]}, "trailer"),
        ({"timestamp": "20130231T000000Z"}, "timestamp"),
        ({"body_base64": "aGk="}, "body_base64"),  # with body: one of the two only
    ],
)
def test_refused_input_names_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(InputError) as error:
        sign(SCHEME, {**VALID, **change})
    assert field in str(error.value)


def test_the_cli_says_it_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    request = tmp_path / "request.json"
    request.write_text(json.dumps({**VALID, "headers": [["Host", "h"], ["Authorization", "x"]]}))
    assert main(["sign", SCHEME, "--input", str(request)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "headers" in err and "Authorization" in err
    assert VALID["secret_access_key"] not in err
