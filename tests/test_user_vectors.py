"""Vectors from a user's own cases, checked, run and used by the pytest plugin; one step raw.

Expected values are computed here from the scheme's definition with hashlib (iFlytek) or copied
from the AWS SigV4 test suite (get-vanilla), never from sigvec's output.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import sys
from pathlib import Path

import pytest

from sigvec.cli import main

CASES = """\
scheme: iflytek
tests:
  - comment: our production app
    flags: [Production]
    input: {app_id: "595f23df", ts: "1512041814", app_secret: "d9f4aa7ea6d94faca62cd88a28fd5234"}
  - comment: a Chinese app id
    input: {app_id: "应用", ts: "1512041814", app_secret: "s3cret"}
"""


def iflytek_signature(app_id: str, ts: str, secret: str) -> str:
    md5 = hashlib.md5((app_id + ts).encode()).hexdigest()
    return base64.b64encode(hmac.new(secret.encode(), md5.encode(), hashlib.sha1).digest()).decode()


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    (tmp_path / "my-cases.yaml").write_text(CASES, encoding="utf-8")
    out = tmp_path / "out"
    args = ["vectors", "generate", "--cases", str(tmp_path / "my-cases.yaml"), "--out", str(out)]
    assert main(args) == 0
    return out


def test_own_cases_become_vector_files_in_the_same_format(
    generated: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sorted(p.name for p in generated.iterdir()) == ["iflytek.json"]
    document = json.loads((generated / "iflytek.json").read_text(encoding="utf-8"))
    tests = document["testGroups"][0]["tests"]
    assert [t["tcId"] for t in tests] == [1, 2]
    assert tests[0]["flags"] == ["Production"] and "Production" in document["notes"]
    assert tests[0]["output"]["signature"] == iflytek_signature(
        "595f23df", "1512041814", "d9f4aa7ea6d94faca62cd88a28fd5234"
    )
    assert (
        tests[1]["intermediates"]["md5_hex"] == hashlib.md5("应用1512041814".encode()).hexdigest()
    )
    assert {m["id"] for m in tests[1]["mistakes"]} >= {"iflytek/md5-platform-charset"}
    # Schema-valid and recomputable, in a folder holding only this scheme.
    assert main(["vectors", "check", "--dir", str(generated)]) == 0
    # Deterministic: twice gives byte-identical files.
    again = tmp_path / "again"
    main(["vectors", "generate", "--cases", str(tmp_path / "my-cases.yaml"), "--out", str(again)])
    assert (again / "iflytek.json").read_bytes() == (generated / "iflytek.json").read_bytes()
    capsys.readouterr()


def test_run_and_the_pytest_plugin_accept_them(generated: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    code = main(
        [
            "run",
            "-q",
            "--language",
            "python",
            "--vectors-dir",
            str(generated),
            "--report",
            str(report),
        ]
    )
    assert code == 0
    ran = {
        (v["scheme"], v["tcId"])
        for i in json.loads(report.read_text())["implementations"]
        for v in i["vectors"]
    }
    assert ran == {("iflytek", 1), ("iflytek", 2)}
    (tmp_path / "test_mine.py").write_text(
        "import base64, hashlib, hmac\n\n"
        "def test_sign(sigvec_vectors):\n"
        "    i = sigvec_vectors['input']\n"
        "    md5 = hashlib.md5((i['app_id'] + i['ts']).encode()).hexdigest().encode()\n"
        "    digest = hmac.new(i['app_secret'].encode(), md5, hashlib.sha1).digest()\n"
        "    assert base64.b64encode(digest).decode() == sigvec_vectors['output']['signature']\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "--sigvec-vectors-dir",
            str(generated),
            "test_mine.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("scheme: nope\ntests: []\n", "scheme: expected one of"),
        ("scheme: iflytek\ntests: []\n", "tests: expected a non-empty list"),
        ("scheme: iflytek\ntests: [{input: {app_id: a}}]\n", "tcId 1: input."),
    ],
)
def test_bad_cases_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    (tmp_path / "c.yaml").write_text(content, encoding="utf-8")
    code = main(
        ["vectors", "generate", "--cases", str(tmp_path / "c.yaml"), "--out", str(tmp_path / "o")]
    )
    err = capsys.readouterr().err
    assert code == 2 and expected in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists()


# The AWS SigV4 test suite's get-vanilla canonical request.
GET_VANILLA_CANONICAL_REQUEST = """\
GET
/

host:example.amazonaws.com
x-amz-date:20150830T123600Z

host;x-amz-date
e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
"""


def test_sign_step_prints_one_intermediate_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = {
        "method": "GET",
        "path": "/",
        "query": "",
        "headers": [["Host", "example.amazonaws.com"]],
        "access_key_id": "AKIDEXAMPLE",
        "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        "region": "us-east-1",
        "service": "service",
        "timestamp": "20150830T123600Z",
    }
    (tmp_path / "req.json").write_text(json.dumps(request), encoding="utf-8")
    argv = ["sign", "aws-sigv4", "--input", str(tmp_path / "req.json"), "--step"]
    assert main([*argv, "canonical_request"]) == 0
    assert capsys.readouterr().out == GET_VANILLA_CANONICAL_REQUEST
    assert main([*argv, "output.signature"]) == 0
    # get-vanilla's published signature.
    assert capsys.readouterr().out.strip() == (
        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
    )
    assert main([*argv, "nope"]) == 2
    assert "has no such step" in capsys.readouterr().err
