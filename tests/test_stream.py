"""The report streams as JSON lines while the run goes on: a run killed with SIGKILL leaves a
partial report that ``sigvec report`` renders; a finished run's reports are unchanged."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
from runner_helpers import IFLYTEK_COUNT, REPORT_SCHEMA, misbehaving, run, write_manifest

from sigvec.cli import main


def wait_for(condition, seconds: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def test_sigkill_leaves_a_partial_report_that_renders(tmp_path: Path) -> None:
    manifest = write_manifest(
        tmp_path,
        [misbehaving("skipped", id="first"), misbehaving("hang", id="second", timeout=600)],
    )
    report = tmp_path / "out" / "report.json"
    stream = tmp_path / "out" / "report.json.jsonl"
    argv = [sys.executable, "-m", "sigvec", "run", "-q", "-j", "1", "--manifest", str(manifest)]
    argv += ["--cache-dir", str(tmp_path / "cache"), "--report", str(report)]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # "second" hangs at its third vector: wait until its first two are in the stream.
        def second_answered_twice() -> bool:
            text = stream.read_text(encoding="utf-8") if stream.exists() else ""
            return text.count('{"implementation":"second","vector"') == 2

        wait_for(second_answered_twice)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        process.kill()
    assert not report.exists()  # no half-written JSON report

    assert main(["report", str(stream), "--format", "markdown", "--out", str(tmp_path)]) == 0
    markdown = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "Partial report" in markdown
    assert "INTERRUPTED" in markdown

    out = tmp_path / "partial.json"
    from sigvec.runner.formats.loading import load_report

    document = load_report(stream)
    out.write_text(json.dumps(document), encoding="utf-8")
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(document)
    assert document["partial"] is True
    first, second = document["implementations"]
    assert (first["id"], first["status"]) == ("first", "ran")
    assert first["counts"] == {
        "passed": IFLYTEK_COUNT - 1,
        "failed": 0,
        "errored": 0,
        "skipped": 1,
    }
    assert (second["id"], second["status"]) == ("second", "interrupted")
    assert [v["status"] for v in second["vectors"]] == ["passed", "passed"]
    assert document["summary"]["passed"] == IFLYTEK_COUNT + 1


def test_a_finished_run_removes_its_stream_and_its_report_is_complete(tmp_path: Path) -> None:
    code, report = run(tmp_path, [misbehaving("uppercase-md5"), misbehaving("errored")])
    assert code == 1
    assert "partial" not in report
    assert not list(tmp_path.glob("*.jsonl"))
    md5, errored = report["implementations"]
    assert len(md5["vectors"]) == sum(md5["counts"].values()) == IFLYTEK_COUNT
    assert [v["tcId"] for v in md5["vectors"]] == list(range(1, IFLYTEK_COUNT + 1))
    assert errored["vectors"][2]["message"] == "NullPointerException"
    assert errored["vectors"][0] == {"scheme": "iflytek", "tcId": 1, "status": "passed"}


def test_junit_alone_is_rendered_from_the_stream(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, [misbehaving("errored")])
    junit = tmp_path / "junit.xml"
    code = main(
        ["run", "-q", "--manifest", str(manifest), "--cache-dir", str(tmp_path / "c")]
        + ["--junit", str(junit)]
    )
    assert code == 1
    text = junit.read_text(encoding="utf-8")
    assert text.count("<testcase ") == IFLYTEK_COUNT
    assert 'message="NullPointerException"' in text
    assert not list(tmp_path.glob("*.jsonl"))
