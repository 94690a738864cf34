"""The published protocol schemas accept what the runner really sends and what a conforming
implementation (the reference, served over the protocol) answers -- and reject the rest."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from runner_helpers import IMPLS, run_code

from sigvec.runner import cli as runner_cli
from sigvec.vectors import SCHEME_IDS, iter_tests

SCHEMAS = Path(runner_cli.__file__).parent / "schema" / "protocol"


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_a_conversation_with_the_reference_matches_every_schema() -> None:
    test = next(iter_tests("iflytek"))
    requests = [
        {"cmd": "start", "version": 1},
        {"cmd": "run", "seq": 1, "scheme": "iflytek", "tcId": test["tcId"], "input": test["input"]},
        {"cmd": "run", "seq": 2, "scheme": "nope", "tcId": 1, "input": {}},
        {"cmd": "run", "seq": 3, "scheme": "iflytek", "tcId": 1, "input": {"ts": "1"}},
        {"cmd": "stop"},
    ]
    lines = "".join(json.dumps(r) + "\n" for r in requests)
    result = subprocess.run(
        [sys.executable, "-m", "sigvec.runner.reference_impl"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    start, ok, skipped, errored = (json.loads(line) for line in result.stdout.splitlines())
    validator("start-request").validate(requests[0])
    validator("run-request").validate(requests[1])
    validator("stop-request").validate(requests[-1])
    validator("start-response").validate(start)
    for answer in (ok, skipped, errored):
        validator("run-response").validate(answer)
    assert ok["output"] == test["output"]
    assert skipped["skipped"] is True and errored["errored"] is True


REQUEST_SCHEMAS = {
    "start": "start-request",
    "run": "run-request",
    "verify": "verify-request",
    "stop": "stop-request",
}


def test_every_message_of_a_real_run_matches_its_schema(tmp_path: Path) -> None:
    """Recorded between the runner and the reference: every request the runner sent and every
    answer, over every vector of every scheme and every verifier vector, in strict mode."""
    log = tmp_path / "conversation.jsonl"
    entry = {
        "id": "recorded-reference",
        "language": "python",
        "run": [sys.executable, str(IMPLS / "recording_proxy.py"), str(log)],
    }
    assert run_code(tmp_path, [entry], "--verify", "--strict-protocol") == 0
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    sent = [json.loads(r["line"]) for r in records if r["from"] == "runner"]
    answered = [json.loads(r["line"]) for r in records if r["from"] == "impl"]
    assert [m["cmd"] for m in sent[:1]] == ["start"] and sent[-1]["cmd"] == "stop"
    vector_count = sum(1 for scheme in SCHEME_IDS for _ in iter_tests(scheme))
    assert sum(1 for m in sent if m["cmd"] == "run") == vector_count
    assert sum(1 for m in sent if m["cmd"] == "verify") > 0
    for message in sent:
        validator(REQUEST_SCHEMAS[message["cmd"]]).validate(message)
    validator("start-response").validate(answered[0])
    kinds = {message["seq"]: message["cmd"] for message in sent if "seq" in message}
    for answer in answered[1:]:
        validator(f"{kinds[answer['seq']]}-response").validate(answer)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("run-request", {"cmd": "run", "seq": 0, "scheme": "iflytek", "tcId": 1, "input": {}}),
        ("run-response", {"seq": 1}),
        ("start-response", {"ready": True, "version": 1}),
    ],
)
def test_schemas_reject_malformed_messages(name: str, message: dict) -> None:
    with pytest.raises(jsonschema.ValidationError):
        validator(name).validate(message)
