"""Pipelined protocol: an implementation announcing ``pipeline: N`` gets up to N requests in
flight, and every misbehaviour is judged as in lock-step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from runner_helpers import misbehaving, run, vectors_of

LOCK_STEP, PIPELINED = "none", "64"


def run_with(tmp_path: Path, mode: str, depth: str, *args: str, **extra: Any) -> tuple[int, dict]:
    entry = misbehaving(mode, env={"SIGVEC_TEST_PIPELINE": depth}, **extra)
    directory = tmp_path / depth
    directory.mkdir(exist_ok=True)
    return run(directory, [entry], *args)


def verdicts(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (v["tcId"], v["status"], v.get("message", ""), v.get("step"))
        for v in report["implementations"][0]["vectors"]
    ]


@pytest.mark.parametrize(
    ("mode", "args"),
    [
        ("crash", ()),
        ("hang", ()),
        ("wrong-seq", ()),
        ("noise", ()),
        ("errored", ()),
        ("uppercase-md5", ("--max-fail", "2")),
    ],
)
def test_pipelined_verdicts_are_the_lock_step_verdicts(
    tmp_path: Path, mode: str, args: tuple[str, ...]
) -> None:
    code, lock_step = run_with(tmp_path, mode, LOCK_STEP, *args, timeout=2)
    pipelined_code, pipelined = run_with(tmp_path, mode, PIPELINED, *args, timeout=2)
    assert code == pipelined_code == 1
    assert verdicts(pipelined) == verdicts(lock_step)
    assert len(verdicts(lock_step)) > 10
    assert pipelined["implementations"][0]["status"] == lock_step["implementations"][0]["status"]


def test_the_budget_stops_judging_what_was_sent_ahead(tmp_path: Path) -> None:
    _, report = run_with(tmp_path, "uppercase-md5", PIPELINED, "--max-fail", "2")
    statuses = [v["status"] for v in report["implementations"][0]["vectors"]]
    assert statuses.count("failed") == 2
    assert set(statuses[statuses.index("failed") + 1 :]) <= {"failed", "skipped"}


def test_requests_are_really_in_flight(tmp_path: Path) -> None:
    """This implementation answers only once four requests are in: lock-step waits forever."""
    four = ("-k", "tcId=1,2,3,4")
    code, pipelined = run_with(tmp_path, "answer-in-fours", "4", *four, timeout=5)
    assert code == 0
    assert [v["status"] for v in pipelined["implementations"][0]["vectors"]] == ["passed"] * 4
    code, lock_step = run_with(tmp_path, "answer-in-fours", LOCK_STEP, *four, timeout=1)
    assert code == 1
    assert "timed out after 1 s" in vectors_of(lock_step)[1]["message"]


def test_an_answer_that_never_comes_is_overtaken(tmp_path: Path) -> None:
    """No answer to request 3 (a stray line instead): pipelined, the answer to 4 shows it at
    once, and the run goes on instead of timing out."""
    code, report = run_with(tmp_path, "not-json", PIPELINED, timeout=30)
    vectors = vectors_of(report)
    assert code == 1
    assert vectors[3]["status"] == "errored"
    assert "not protocol JSON: 'this is not json'" in vectors[3]["message"]
    assert "no answer (the answer to seq 4 came first)" in vectors[3]["message"]
    assert all(vectors[t]["status"] == "passed" for t in range(4, 16))
    assert report["implementations"][0]["status"] == "ran"


def test_the_user_can_cap_the_window(tmp_path: Path) -> None:
    """--pipeline 1 runs in lock-step whatever the implementation announces."""
    four = ("-k", "tcId=1,2,3,4")
    code, report = run_with(tmp_path, "answer-in-fours", "4", *four, "--pipeline", "1", timeout=1)
    assert code == 1
    assert "timed out after 1 s" in vectors_of(report)[1]["message"]
