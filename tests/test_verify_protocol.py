"""The ``verify`` command of the line protocol: schemas, the reference, the runner's judging."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from runner_helpers import IMPLS, run, vectors_of
from test_protocol_schemas import validator

from sigvec.vectors import iter_verify_tests


def test_a_verify_conversation_with_the_reference_matches_the_schemas() -> None:
    tests = list(iter_verify_tests("iflytek"))
    valid = next(t for t in tests if t["result"] == "valid")
    invalid = next(t for t in tests if t["result"] == "invalid")
    requests = [{"cmd": "start", "version": 1}]
    for seq, test in enumerate((valid, invalid), start=1):
        requests.append(
            {
                "cmd": "verify",
                "seq": seq,
                "scheme": "iflytek",
                "tcId": test["tcId"],
                "request": test["request"],
                "credentials": test["credentials"],
                "server": test["server"],
            }
        )
    requests.append(
        {
            "cmd": "verify",
            "seq": 3,
            "scheme": "iflytek",
            "tcId": 1,
            "request": {},
            "credentials": {},
            "server": {"now": "2020-01-01T00:00:00Z"},
        }
    )
    lines = (
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in requests) + '{"cmd": "stop"}\n'
    )
    result = subprocess.run(
        [sys.executable, "-m", "sigvec.runner.reference_impl"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    start, ok, rejected, errored = (json.loads(line) for line in result.stdout.splitlines())
    validator("start-response").validate(start)
    assert "iflytek" in start["implementation"]["verify"]
    for request in requests[1:]:
        validator("verify-request").validate(request)
    for answer in (ok, rejected, errored):
        validator("verify-response").validate(answer)
    assert ok == {"seq": 1, "verdict": "valid"}
    assert (rejected["verdict"], rejected["reason"]) == ("invalid", invalid["reason"])
    assert errored["errored"] is True


def lax(mode: str) -> dict:
    return {
        "id": mode,
        "language": "python",
        "run": [sys.executable, str(IMPLS / "lax_verifier.py"), mode],
        "schemes": ["iflytek"],
    }


def test_a_verifier_accepting_everything_fails_every_invalid_vector(tmp_path: Path) -> None:
    code, report = run(tmp_path, [lax("accept-all")], "--verify")
    assert code == 1
    results = vectors_of(report)
    for test in iter_verify_tests("iflytek"):
        result = results[test["tcId"]]
        if test["result"] == "valid":
            assert result["status"] == "passed"
        else:
            assert result["status"] == "failed"
            assert result["step"] == "verdict"
            assert result["expected"] == f"invalid {test['reason']}"
            assert result["actual"] == "valid"


def test_the_reason_code_is_compared_too(tmp_path: Path) -> None:
    code, report = run(tmp_path, [lax("reason-blind")], "--verify")
    assert code == 1
    results = vectors_of(report)
    for test in iter_verify_tests("iflytek"):
        wrong = test.get("reason") not in (None, "signature-mismatch")
        assert results[test["tcId"]]["status"] == ("failed" if wrong else "passed")


def test_implementations_without_verify_get_no_verifier_vectors(tmp_path: Path) -> None:
    _, report = run(tmp_path, [lax("no-verify")], "--scheme", "iflytek", "--verify")
    verify_ids = {test["tcId"] for test in iter_verify_tests("iflytek")}
    assert not verify_ids & set(vectors_of(report))


def test_the_reference_passes_every_verifier_vector(tmp_path: Path) -> None:
    reference = {
        "id": "reference",
        "language": "python",
        "run": [sys.executable, "-m", "sigvec.runner.reference_impl"],
    }
    code, report = run(tmp_path, [reference], "--verify")
    assert code == 0
    results = vectors_of(report)
    verify_ids = {test["tcId"] for test in iter_verify_tests("aws-sigv4")}
    assert verify_ids <= set(results)
