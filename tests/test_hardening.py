"""Hostile implementations and inputs: no hang, no traceback, no leaked secret, no lost report."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runner_helpers import IFLYTEK_COUNT, misbehaving, run_argv, run_code, write_manifest

from sigvec.cli import main
from sigvec.runner import process as runner_process
from sigvec.vectors import SCHEME_IDS, iter_tests


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) is dead for our purpose.
    with open(f"/proc/{pid}/stat") as handle:
        return handle.read().split(") ")[1][0] != "Z"


def wait_for(path: Path, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            time.sleep(0.2)
            return path.read_text()
        time.sleep(0.1)
    raise AssertionError(f"{path} never written")


def test_timeout_kills_the_implementation_and_all_its_children(tmp_path: Path) -> None:
    pidfile = tmp_path / "pids"
    entry = misbehaving("spawn-and-hang", timeout=3, env={"SIGVEC_TEST_PIDFILE": str(pidfile)})
    code = run_code(tmp_path, [entry])
    assert code == 1
    pids = [int(p) for p in pidfile.read_text().split()]
    time.sleep(0.5)
    assert [pid for pid in pids if alive(pid)] == []


@pytest.mark.parametrize("sent", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_interrupted_run_stops_children_and_keeps_previous_report(
    tmp_path: Path, sent: signal.Signals
) -> None:
    pidfile = tmp_path / "pids"
    entry = misbehaving("spawn-and-hang", timeout=600, env={"SIGVEC_TEST_PIDFILE": str(pidfile)})
    report = tmp_path / "report.json"
    report.write_text("previous report", encoding="utf-8")
    command = run_argv(tmp_path, [entry], "--report", str(report))
    runner = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pids = [int(p) for p in wait_for(pidfile).split()]
    runner.send_signal(sent)
    _, err = runner.communicate(timeout=30)
    assert runner.returncode == 130
    assert "interrupted" in err
    assert "Traceback" not in err
    time.sleep(0.5)
    assert [pid for pid in pids if alive(pid)] == []
    assert report.read_text(encoding="utf-8") == "previous report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_stdout_flood_is_cut_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner_process, "MAX_OUTPUT_BYTES", 4 * 1024 * 1024)
    report = tmp_path / "r.json"
    code = run_code(tmp_path, [misbehaving("flood")], "--report", str(report))
    assert code == 1
    impl = json.loads(report.read_text())["implementations"][0]
    assert impl["status"] == "crashed"
    assert f"more than {4 * 1024 * 1024} bytes on stdout" in impl["message"]
    assert impl["counts"]["passed"] == 2


def all_secret_values() -> set[str]:
    fields = (
        "secret_key",
        "secret_access_key",
        "access_key_secret",
        "app_secret",
        "session_token",
        "token",
    )
    return {
        test["input"][field]
        for scheme in SCHEME_IDS
        for test in iter_tests(scheme)
        for field in fields
        if test["input"].get(field)
    }


def test_reports_and_console_never_show_secrets_unless_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = misbehaving("corrupt-canonical-headers") | {"schemes": list(SCHEME_IDS)}
    manifest = write_manifest(tmp_path, [entry])
    outputs = [tmp_path / "r.json", tmp_path / "r.xml"]
    code = main(
        [
            "run",
            "--manifest",
            str(manifest),
            "--report",
            str(outputs[0]),
            "--junit",
            str(outputs[1]),
            "--cache-dir",
            str(tmp_path / "c"),
        ]
    )
    assert code == 1
    text = capsys.readouterr().out + "".join(p.read_text(encoding="utf-8") for p in outputs)
    assert "<redacted:session_token>" in text  # a token-bearing canonical header failed
    assert "<redacted:token>" in text  # Tencent's, lower-cased in its canonical header
    text = re.sub(r"<redacted:[a-z_]+>", "", text)
    # Shorter test secrets ("secret", "b") occur as ordinary words in any report.
    secrets = {s for s in all_secret_values() if len(s) >= 8}
    leaked = sorted(s for s in secrets if s in text or s.lower() in text)
    assert leaked == []
    main(
        [
            "run",
            "-q",
            "--manifest",
            str(manifest),
            "--report",
            str(outputs[0]),
            "--cache-dir",
            str(tmp_path / "c"),
            "--show-secrets",
        ]
    )
    assert "<redacted:" not in outputs[0].read_text(encoding="utf-8")


def test_sources_that_would_hash_the_whole_disk_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = {
        "id": "greedy",
        "language": "python",
        "build": ["true"],
        "sources": "/usr",
        "run": [sys.executable, "-c", "pass"],
    }
    code = run_code(tmp_path, [entry])
    assert code == 2
    assert "sources: more than 20000 files under /usr" in capsys.readouterr().err


def test_huge_body_signs_and_runs_through_the_protocol(tmp_path: Path) -> None:
    from sigvec.reference import sign
    from sigvec.reference.generate import render

    body = "a" * (10 * 1024 * 1024)
    inp = {
        "method": "PUT",
        "path": "/big",
        "headers": [["Host", "example.amazonaws.com"]],
        "body": body,
        "access_key_id": "AKID",
        "secret_access_key": "secret",
        "region": "us-east-1",
        "service": "s3",
        "timestamp": "20150830T123600Z",
        "sign_body": True,
    }
    signed = sign("aws-sigv4", inp)
    # Hand check: sha256 of 10 MiB of 'a' (printf 'a%.0s' {1..10485760} | sha256sum).
    import hashlib

    assert signed.intermediates["hashed_payload"] == hashlib.sha256(body.encode()).hexdigest()
    vectors = tmp_path / "vectors"
    vectors.mkdir()
    document = {
        "scheme": "aws-sigv4",
        "testGroups": [
            {
                "type": "t",
                "tests": [
                    {
                        "tcId": 1,
                        "comment": "10 MiB body",
                        "flags": [],
                        "input": inp,
                        "intermediates": signed.intermediates,
                        "output": signed.output,
                        "mistakes": [],
                    }
                ],
            }
        ],
    }
    (vectors / "aws-sigv4.json").write_bytes(render(document))
    entry = {
        "id": "ref",
        "language": "python",
        "run": [sys.executable, "-m", "sigvec.runner.reference_impl"],
    }
    code = run_code(tmp_path, [entry], "--vectors-dir", str(vectors))
    assert code == 0


def test_deeply_nested_json_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("[" * 100_000 + "]" * 100_000))
    assert main(["sign", "iflytek"]) == 2
    assert "JSON nested too deeply" in capsys.readouterr().err


def test_sign_takes_secrets_from_environment_or_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MY_SECRET", "xxx")
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"app_id":"xxx","ts":"1674496098"}'))
    assert main(["sign", "iflytek", "--secret-env", "app_secret=MY_SECRET"]) == 0
    # Hand computation, as in test_cli: the documentation demo values.
    assert json.loads(capsys.readouterr().out)["output"]["signature"] == (
        "06xprL749yJv+obr31CRCBZ44N8="
    )
    secret_file = tmp_path / "secret"
    secret_file.write_text("xxx\n", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"app_id":"xxx","ts":"1674496098"}'))
    assert main(["sign", "iflytek", "--secret-file", f"app_secret={secret_file}"]) == 0
    assert "06xprL749yJv+obr31CRCBZ44N8=" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"app_id":"xxx","ts":"1674496098"}'))
    assert main(["sign", "iflytek", "--secret-env", "app_secret=NOT_SET_ANYWHERE"]) == 2
    assert "environment variable NOT_SET_ANYWHERE is not set" in capsys.readouterr().err


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=6)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scheme=st.sampled_from(SCHEME_IDS), document=json_values | st.text(max_size=200))
def test_fuzz_sign_input_never_tracebacks(scheme: str, document: object) -> None:
    text = document if isinstance(document, str) else json.dumps(document)
    stdin, stdout, stderr = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(text), io.StringIO(), io.StringIO()
    try:
        code = main(["sign", scheme])
    finally:
        captured_err = sys.stderr.getvalue()
        sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    assert code in (0, 2)
    if code == 2:
        assert captured_err.startswith("sigvec: error: ") and captured_err.count("\n") == 1


@settings(max_examples=150, deadline=None)
@given(
    base=st.sampled_from([t["input"] for t in iter_tests("aws-sigv4")][:20]),
    path=st.text(max_size=40),
    query=st.text(max_size=40),
    header=st.tuples(st.text(max_size=10), st.text(max_size=30)),
)
def test_fuzz_aws_fields_sign_or_reject_cleanly(
    base: dict[str, Any], path: str, query: str, header: tuple[str, str]
) -> None:
    from sigvec.reference import InputError, sign

    inp = {**base, "path": path, "query": query, "headers": [*base["headers"], list(header)]}
    try:
        signed = sign("aws-sigv4", inp)
    except InputError:
        return
    except UnicodeEncodeError:
        pytest.fail("lone surrogates must be an InputError")  # see validate
    assert len(signed.output["signature"]) == 64


fragments = st.sampled_from(
    [
        "The Canonical String for this request should have been",
        "The String-to-Sign should have been",
        "'",
        "\\n",
        "\n",
        "<Error>",
        "</Error>",
        "<CanonicalRequest>",
        "</CanonicalRequest>",
        "<StringToSign>",
        '{"message": "',
        '"}',
        "server string to sign is:",
        "POST&%2F&",
        "SignatureDoesNotMatch",
        "AuthFailure.SignatureFailure",
        '{"Response": {"Error": {',
        "&amp;",
        "%26",
        "GET\n/\n",
        "AWS4-HMAC-SHA256\n",
        "{'Message': '",
        "\x00",
        "\r\n",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from(["aws-sigv4", "aliyun-rpc", "tencent-tc3"]),
    parts=st.lists(fragments | st.text(max_size=30), max_size=12),
)
def test_fuzz_explain_server_message_parsing_never_tracebacks(
    scheme: str, parts: list[str]
) -> None:
    from sigvec.runner.explain.parsers import UnparseableMessage, parse_server_message

    try:
        parse_server_message(scheme, "".join(parts))
    except UnparseableMessage as exc:
        assert str(exc).strip() and "\n" not in str(exc).strip()


def test_manifest_paths_outside_its_folder_and_symlinks_work_or_fail_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "m").mkdir()
    manifest = tmp_path / "m" / "impls.yaml"
    snippet = tmp_path / "snippet.py"
    snippet.write_text("def f(a):\n    return a\n", encoding="utf-8")
    (tmp_path / "m" / "link.py").symlink_to(snippet)
    entries = [
        {
            "id": "escaping",
            "language": "python",
            "scheme": "iflytek",
            "source": "../../../../../../etc/passwd",
            "function": "f",
            "args": ["input.app_id"],
            "returns": "output.signature",
        },
        {
            "id": "outside",
            "language": "python",
            "scheme": "iflytek",
            "source": "../snippet.py",
            "function": "f",
            "args": ["intermediates.md5_hex"],
            "returns": "intermediates.md5_hex",
        },
        {
            "id": "symlink",
            "language": "python",
            "scheme": "iflytek",
            "source": "link.py",
            "function": "f",
            "args": ["intermediates.md5_hex"],
            "returns": "intermediates.md5_hex",
        },
    ]
    manifest.write_text(json.dumps({"implementations": entries}), encoding="utf-8")
    report = tmp_path / "r.json"
    code = main(
        [
            "run",
            "-q",
            "--manifest",
            str(manifest),
            "--report",
            str(report),
            "--cache-dir",
            str(tmp_path / "c"),
        ]
    )
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    impls = {i["id"]: i for i in json.loads(report.read_text())["implementations"]}
    # /etc/passwd is no Python: a build (syntax check) failure, reported as such.
    assert impls["escaping"]["status"] == "build_failed"
    assert impls["outside"]["counts"]["passed"] == IFLYTEK_COUNT
    assert impls["symlink"]["counts"]["passed"] == IFLYTEK_COUNT
    assert code == 1


def test_control_characters_and_long_header_lists_sign() -> None:
    from sigvec.reference import sign

    headers = [["Host", "example.amazonaws.com"]] + [
        [f"X-H{i}", f"v\x00\x01{i}"] for i in range(5000)
    ]
    inp = {
        "method": "GET",
        "path": "/\x00",
        "headers": headers,
        "access_key_id": "A",
        "secret_access_key": "S",
        "region": "r",
        "service": "s",
        "timestamp": "20150830T123600Z",
        "body_base64": "/w==",
    }  # the byte 0xFF, not UTF-8
    signed = sign("aws-sigv4", inp)
    assert signed.intermediates["canonical_uri"] == "/%00"
    assert signed.intermediates["canonical_headers"].count("\n") == 5002
    # Hand check: sha256 of the single byte 0xff (printf '\xff' | sha256sum).
    assert signed.intermediates["hashed_payload"] == (
        "a8100ae6aa1940d0b663bb31cd466142ebbdbd5187131b92d93818987832eb89"
    )


def test_implementation_runs_in_a_scratch_folder_that_is_removed(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    manifest = write_manifest(tmp_path, [misbehaving("report-cwd")])
    code = main(
        [
            "run",
            "-q",
            "--manifest",
            str(manifest),
            "-k",
            "tcId=1",
            "--report",
            str(report),
            "--cache-dir",
            str(tmp_path / "c"),
            "--show-secrets",
        ]
    )
    assert code == 1  # the "signature" answered is the working directory
    vector = json.loads(report.read_text())["implementations"][0]["vectors"][0]
    assert vector["step"] == "output.signature"
    cwd = Path(vector["actual"])
    assert cwd.name.startswith("sigvec-report-cwd-")
    assert cwd.parent != tmp_path and not cwd.exists()
    assert not (tmp_path / "scratch.txt").exists()
    assert not (Path.cwd() / "scratch.txt").exists()
