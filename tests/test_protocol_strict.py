"""Strict protocol mode (``--strict-protocol``, ``SIGVEC_STRICT_PROTOCOL=1``): every message
the runner sends and every answer it receives is checked against runner/schema/protocol/;
a violation errors that vector, naming the schema and the rule, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from runner_helpers import run, run_argv, vectors_of

from sigvec.runner import protocol_check, session
from sigvec.runner.protocol_check import violation
from sigvec.schemacheck import compile_check, is_valid
from sigvec.vectors import iter_tests

FIRST = next(iter_tests("iflytek"))
LONG_SECRET = next(t for t in iter_tests("iflytek") if len(t["input"]["app_secret"]) >= 8)
# An implementation that signs with the reference but shapes one answer (the first vector's)
# as MODE says; every other answer is a correct result.
IMPLEMENTATION = """
import json, sys
from sigvec.reference import sign
MODE = sys.argv[1]
START = {"ready": True, "version": 1,
         "implementation": {"name": "strict-probe", "language": "python",
                            "schemes": {"iflytek": []}}}
if MODE == "start-without-implementation":
    del START["implementation"]
for line in sys.stdin:
    message = json.loads(line)
    if message["cmd"] == "start":
        print(json.dumps(START), flush=True)
        continue
    if message["cmd"] == "stop":
        break
    seq, signed = message["seq"], sign("iflytek", message["input"])
    answer = {"seq": seq, "output": signed.output}
    if seq == 1 and MODE == "output-and-skipped":
        answer["skipped"] = True
    if seq == 1 and MODE == "intermediates-not-object":
        answer["intermediates"] = ["base_string"]
    if seq == 1 and MODE == "errored-context-message-number":
        answer = {"seq": seq, "errored": True, "context": {"message": 5}}
    if seq == 1 and MODE == "secret-as-intermediates":
        answer["intermediates"] = message["input"]["app_secret"]
    print(json.dumps(answer), flush=True)
"""


def entry(tmp_path: Path, mode: str) -> dict[str, Any]:
    script = tmp_path / "strict_probe.py"
    script.write_text(IMPLEMENTATION, encoding="utf-8")
    return {
        "id": mode,
        "language": "python",
        "run": [sys.executable, str(script), mode],
        "schemes": ["iflytek"],
    }


@pytest.mark.parametrize(
    ("mode", "lenient_status", "expected"),
    [
        (
            "output-and-skipped",
            "skipped",
            "answer does not match run-response.schema.json (#/oneOf): expected exactly one of "
            "output, skipped, errored; has output and skipped",
        ),
        (
            "intermediates-not-object",
            "errored",
            "answer does not match run-response.schema.json "
            "(#/oneOf/0/properties/intermediates/type): intermediates an array is not of type "
            "'object'",
        ),
        (
            "errored-context-message-number",
            "errored",
            "answer does not match run-response.schema.json "
            "(#/oneOf/2/properties/context/properties/message/type): context.message 5 is not "
            "of type 'string'",
        ),
    ],
)
def test_an_answer_that_breaks_its_schema_errors_that_vector_only(
    tmp_path: Path, mode: str, lenient_status: str, expected: str
) -> None:
    implementation = entry(tmp_path, mode)
    code, report = run(tmp_path, [implementation])
    assert vectors_of(report)[FIRST["tcId"]]["status"] == lenient_status  # not strict: as before
    code, report = run(tmp_path, [implementation], "--strict-protocol")
    assert code == 1
    vectors = vectors_of(report)
    assert vectors[FIRST["tcId"]]["status"] == "errored"
    assert vectors[FIRST["tcId"]]["message"] == expected
    assert [v["status"] for v in vectors.values()].count("passed") == len(vectors) - 1


def test_a_start_answer_that_breaks_its_schema_errors_every_vector(tmp_path: Path) -> None:
    code, report = run(tmp_path, [entry(tmp_path, "start-without-implementation")])
    assert code == 0  # not strict: the runner copes without it
    code, report = run(
        tmp_path, [entry(tmp_path, "start-without-implementation")], "--strict-protocol"
    )
    assert code == 1
    implementation = report["implementations"][0]
    assert implementation["status"] == "crashed"
    assert implementation["message"] == (
        "start answer does not match start-response.schema.json (#/then/required): "
        "implementation is required"
    )
    assert {v["status"] for v in implementation["vectors"]} == {"errored"}


def test_the_environment_variable_turns_it_on_and_a_quoted_secret_is_masked(
    tmp_path: Path,
) -> None:
    only = f"tcId={LONG_SECRET['tcId']}"  # sent first: seq 1
    command = run_argv(tmp_path, [entry(tmp_path, "secret-as-intermediates")], "-k", only)
    strict = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=300,
        env={**_environment(), "SIGVEC_STRICT_PROTOCOL": "1"},
    )
    assert strict.returncode == 1, strict.stderr
    assert "Traceback" not in strict.stderr
    assert "run-response.schema.json (#/oneOf/0/properties/intermediates/type)" in strict.stdout
    assert "intermediates '<redacted:app_secret>' is not of type 'object'" in strict.stdout
    assert LONG_SECRET["input"]["app_secret"] not in strict.stdout + strict.stderr
    lenient = subprocess.run(
        command, capture_output=True, text=True, timeout=300, env=_environment()
    )
    assert "run-response.schema.json" not in lenient.stdout


def _environment() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != protocol_check.ENVIRONMENT_VARIABLE}


def test_what_the_runner_sends_is_checked_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A runner speaking a version its schema does not know never sends it: every vector
    errored, naming the rule, and the implementation never started talking."""
    monkeypatch.setattr(session, "PROTOCOL_VERSION", 2)
    code, report = run(tmp_path, [entry(tmp_path, "none")], "--strict-protocol")
    assert code == 1
    implementation = report["implementations"][0]
    assert implementation["message"] == (
        "the runner's start request does not match start-request.schema.json "
        "(#/properties/version/const): version 2 is not 1"
    )
    assert {v["status"] for v in implementation["vectors"]} == {"errored"}


SCHEMAS = sorted(
    path.name.removesuffix(".schema.json") for path in protocol_check.SCHEMAS.iterdir()
)
VARIANTS: list[Any] = [
    {"seq": 1, "output": {}},
    {"seq": 1.0, "output": {}},
    {"seq": True, "output": {}},
    {"seq": 1, "skipped": True},
    {"seq": 1, "skipped": 1},
    {"seq": 1, "errored": True, "context": {"message": "x"}},
    {"seq": 1, "output": {}, "errored": True},
    {"seq": 1, "verdict": "valid"},
    {"seq": 1, "verdict": "invalid", "reason": "replay"},
    {"seq": 1, "verdict": "invalid"},
    {"ready": True, "version": 1},
    {"ready": False, "version": 2},
    {"ready": True, "version": 1.0, "pipeline": 64, "implementation": {}},
    {"ready": True, "version": 1, "implementation": {"name": "n", "language": "l", "schemes": {}}},
    {"cmd": "start", "version": 1},
    {"cmd": "start", "version": 1.0},
    {"cmd": "start", "version": True},
    {"cmd": "stop"},
    {"cmd": "stop", "x": 1},
    {"cmd": "run", "seq": 1, "scheme": "iflytek", "tcId": 1, "input": FIRST["input"]},
    {"cmd": "run", "seq": 0, "scheme": "iflytek", "tcId": 1, "input": {}},
    {"cmd": "run", "seq": 1, "scheme": "Iflytek", "tcId": 1, "input": {}},
    [],
    None,
]


@pytest.mark.parametrize("name", SCHEMAS)
def test_the_compiled_check_agrees_with_jsonschema(name: str) -> None:
    schema = json.loads((protocol_check.SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    check = compile_check(schema)
    assert check is not None, f"{name}: a keyword schemacheck does not compile"
    reference = jsonschema.Draft202012Validator(schema)
    for message in VARIANTS:
        assert is_valid(check, message) == reference.is_valid(message), (name, message)
        assert (violation(name, message) is None) == reference.is_valid(message), (name, message)
