"""Hostile and careless input to ``sign``, ``report``, ``diff``: one clear line and exit 2, or a
right answer; never a traceback, never the input's secret echoed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from runner_helpers import sigvec_process

from sigvec.cli import main

IFLYTEK = {"app_id": "xxx", "ts": "1674496098", "app_secret": "xxx"}
IFLYTEK_SIGNATURE = "06xprL749yJv+obr31CRCBZ44N8="  # the documentation's demo values
AWS = {
    "method": "GET",
    "path": "/",
    "headers": [["Host", "example.amazonaws.com"]],
    "access_key_id": "AKIDEXAMPLE",
    "secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "region": "us-east-1",
    "service": "service",
    "timestamp": "20150830T123600Z",
}


def one_error_line(result: subprocess.CompletedProcess[bytes]) -> str:
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2, err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith("sigvec: error: ")
    return err


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ('{"app_id": "\\ud83d", "ts": "1674496098", "app_secret": "xxx"}', "input.app_id"),
        ('{"app_id": "x", "ts": "1674496098", "app_secret": "\\udc00xx"}', "input.app_secret"),
        ('{"app_id": "x", "ts": NaN, "app_secret": "x"}', "NaN is not a JSON number"),
        ('{"app_id": "x", "ts": 1e400, "app_secret": "x"}', "out of range"),
        ('{"app_id": "x", "ts": ' + "9" * 5000 + ', "app_secret": "x"}', "4300"),
        ('{"app_id": "x", "ts": "1674496098\\n", "app_secret": "x"}', "input.ts"),
    ],
    ids=["surrogate", "surrogate-secret", "nan", "inf", "huge-int", "trailing-newline"],
)
def test_unusable_sign_input_is_one_line(document: str, expected: str) -> None:
    err = one_error_line(sigvec_process("sign", "iflytek", stdin=document.encode()))
    assert expected in err


def test_invalid_utf8_on_stdin_is_one_line() -> None:
    err = one_error_line(sigvec_process("sign", "iflytek", stdin=b'{"app_id": "\xff"}'))
    assert "<stdin>: not UTF-8 text" in err


def test_stdin_is_utf8_whatever_the_locale() -> None:
    document = json.dumps({**IFLYTEK, "app_id": "应用"}, ensure_ascii=False).encode("utf-8")
    result = sigvec_process(
        "sign", "iflytek", stdin=document, env={"PYTHONUTF8": "0", "LC_ALL": "C"}
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.decode("utf-8"))["input"]["app_id"] == "应用"


@pytest.mark.parametrize(
    ("scheme", "field", "value"),
    [
        ("aws-sigv4", "method", "GET\n"),
        ("aws-sigv4", "timestamp", "20150830T123600Z\n"),
        ("aws-sigv4", "timestamp", "٢٠١٥٠٨٣٠T123600Z"),  # Arabic-Indic digits: no \\d in JSON
        ("tencent-tc3", "service", "cvm\n"),
        ("iflytek", "ts", "1674496098\n"),
    ],
)
def test_patterns_match_the_whole_value(scheme: str, field: str, value: str) -> None:
    from sigvec.reference import InputError, sign
    from sigvec.vectors import iter_tests

    base = next(iter(iter_tests(scheme)))["input"]
    with pytest.raises(InputError) as raised:
        sign(scheme, {**base, field: value})
    assert raised.value.field == field


def test_body_and_body_base64_together_name_the_fields_not_the_secret() -> None:
    document = json.dumps({**AWS, "body": "a", "body_base64": "YQ=="}).encode()
    err = one_error_line(sigvec_process("sign", "aws-sigv4", stdin=document))
    assert "body and body_base64" in err
    assert AWS["secret_access_key"] not in err and "AKIDEXAMPLE" not in err


def test_secret_file_first_line_only(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_bytes(b"xxx\r\nsecond line\n")
    document = json.dumps({k: v for k, v in IFLYTEK.items() if k != "app_secret"}).encode()
    result = sigvec_process(
        "sign", "iflytek", "--secret-file", f"app_secret={secret}", stdin=document
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["output"]["signature"] == IFLYTEK_SIGNATURE


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_on_stdout_is_one_line() -> None:
    with open("/dev/full", "wb") as full:
        result = sigvec_process(
            "sign",
            "iflytek",
            stdin=json.dumps(IFLYTEK).encode(),
            stdout=full,
            stderr=subprocess.PIPE,
        )
    err = result.stderr.decode()
    assert result.returncode == 2 and "Traceback" not in err
    assert "cannot write to standard output" in err


# ------------------------------------------------------------------------- report, diff


def report_with(vectors: list[dict[str, Any]], **impl: Any) -> dict[str, Any]:
    base = {
        "id": "impl",
        "language": "go",
        "kind": "command",
        "status": "ran",
        "message": "",
        "info": {},
        "build": {"cached": True, "seconds": 0},
        "runSeconds": 0,
        "counts": {"passed": len(vectors), "failed": 0, "errored": 0, "skipped": 0},
        "countsByScheme": {},
        "vectors": vectors,
    }
    return {
        "format": 1,
        "generator": "sigvec test",
        "summary": {"passed": len(vectors), "failed": 0, "errored": 0, "skipped": 0},
        "implementations": [base | impl],
    }


FAILING = {
    "scheme": "iflytek",
    "tcId": 3,
    "status": "errored",
    "comment": "c",
    "message": "boom",
}


def test_report_recounts_from_the_vectors_and_never_says_all_passed_above_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report_with([FAILING])), encoding="utf-8")
    assert main(["report", str(path), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert "0 passed" in markdown and "1 errored" in markdown and "✅" not in markdown
    assert main(["report", str(path), "--format", "html", "--out", str(tmp_path / "r.html")]) == 0
    assert "1 errored" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_diff_refuses_duplicate_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    twice = report_with([FAILING, FAILING | {"status": "passed"}])
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(twice), encoding="utf-8")
    assert main(["diff", str(path), str(path)]) == 2
    assert "tcId 3 appears twice" in capsys.readouterr().err
    both = report_with([])
    both["implementations"] *= 2
    path.write_text(json.dumps(both), encoding="utf-8")
    assert main(["diff", str(path), str(path)]) == 2
    assert "'impl' appears twice" in capsys.readouterr().err


def test_badge_names_of_different_ids_never_collide(tmp_path: Path) -> None:
    report = report_with([])
    report["implementations"] = [
        report["implementations"][0] | {"id": name} for name in ("a/b", "a_b", "a:b", "../x")
    ]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    assert main(["report", str(path), "--format", "badge", "--out", str(tmp_path / "b")]) == 0
    labels = sorted(
        json.loads(p.read_text(encoding="utf-8"))["label"] for p in (tmp_path / "b").iterdir()
    )
    assert labels == sorted(["a/b", "a_b", "a:b", "../x"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b", "r.json"]


def test_huge_integer_in_a_report_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(
        json.dumps(report_with([])).replace('"runSeconds": 0', '"runSeconds": ' + "7" * 5000)
    )
    for args in (["report", str(path)], ["diff", str(path), str(path)]):
        err = one_error_line(sigvec_process(*args))
        assert "4300" in err
