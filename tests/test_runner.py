"""`sigvec run` end to end with small deliberately broken implementations (tests/impls/)."""

from __future__ import annotations

import json
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from runner_helpers import (
    IFLYTEK_COUNT,
    IMPLS,
    NON_ASCII_APP_IDS,
    misbehaving,
    run,
    run_code,
    vectors_of,
    write_manifest,
)

from sigvec.cli import main
from sigvec.runner.toolchains import missing


def test_default_run_ships_the_reference_and_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["run", "-q", "--impl", "python-reference"])
    out = capsys.readouterr().out
    assert code == 0
    assert "python-reference" in out
    assert "0 failed, 0 errored" in out


def test_first_differing_step_is_named_and_later_steps_follow(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = run(tmp_path, [misbehaving("uppercase-md5")])
    assert code == 1
    vector = vectors_of(report)[1]
    assert vector["status"] == "failed"
    assert vector["step"] == "intermediates.md5_hex"
    assert vector["expected"] == "90522511834abbfd27225e90b78b48e5"
    assert vector["actual"] == "90522511834ABBFD27225E90B78B48E5"
    assert vector["laterSteps"] == ["output.signature"]
    assert vector["mistake"]["id"] == "iflytek/md5-uppercase-hex"
    out = capsys.readouterr().out
    assert "known mistake iflytek/md5-uppercase-hex" in out
    assert "first differing step: intermediates.md5_hex" in out
    assert "later steps follow from the first: output.signature" in out
    assert "^ first difference at column 3" in out


def test_hanging_implementation_is_killed_and_reported(tmp_path: Path) -> None:
    started = time.monotonic()
    code, report = run(tmp_path, [misbehaving("hang", timeout=2)])
    assert time.monotonic() - started < 30
    assert code == 1
    vectors = vectors_of(report)
    assert [vectors[t]["status"] for t in (1, 2)] == ["passed", "passed"]
    assert vectors[3]["status"] == "errored"
    assert "timed out after 2 s" in vectors[3]["message"]
    assert all(vectors[t]["status"] == "errored" for t in range(4, 16))
    assert report["implementations"][0]["status"] == "crashed"


def test_crash_keeps_earlier_results_and_reports_stderr_tail(tmp_path: Path) -> None:
    code, report = run(tmp_path, [misbehaving("crash")])
    assert code == 1
    vectors = vectors_of(report)
    assert vectors[1]["status"] == vectors[2]["status"] == "passed"
    assert vectors[3]["status"] == "errored"
    assert "exited (code 3)" in vectors[3]["message"]
    assert "boom: segmentation fault (simulated)" in vectors[3]["message"]
    assert vectors[4]["message"].startswith("not run: ")


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("noise", "stdout line that is not protocol JSON: 'DEBUG: signing...'"),
        ("wrong-seq", "expected seq 3, got 103"),
    ],
)
def test_protocol_violations_error_one_vector_and_the_run_goes_on(
    tmp_path: Path, mode: str, message: str
) -> None:
    code, report = run(tmp_path, [misbehaving(mode, timeout=3)])
    assert code == 1
    vectors = vectors_of(report)
    assert vectors[3]["status"] == "errored"
    assert message in vectors[3]["message"]
    if mode == "noise":  # the real answer still arrives: later vectors are unaffected
        assert all(vectors[t]["status"] == "passed" for t in range(4, 16))


def test_not_json_answer_errors_that_vector(tmp_path: Path) -> None:
    code, report = run(tmp_path, [misbehaving("not-json", timeout=2)])
    vectors = vectors_of(report)
    assert "not protocol JSON: 'this is not json'" in vectors[3]["message"]
    assert code == 1


def test_errored_and_skipped_answers(tmp_path: Path) -> None:
    code, report = run(tmp_path, [misbehaving("errored"), misbehaving("skipped")])
    assert code == 1
    assert vectors_of(report, 0)[3] | {} == vectors_of(report, 0)[3]
    assert vectors_of(report, 0)[3]["status"] == "errored"
    assert vectors_of(report, 0)[3]["message"] == "NullPointerException"
    assert vectors_of(report, 1)[3]["status"] == "skipped"
    assert report["implementations"][1]["counts"]["skipped"] == 1


def test_refused_protocol_version_errors_everything(tmp_path: Path) -> None:
    code, report = run(tmp_path, [misbehaving("refuse-start")])
    assert code == 1
    impl = report["implementations"][0]
    assert impl["status"] == "crashed"
    assert "refused protocol version 1" in impl["message"]


def test_cloud_credentials_never_reach_the_implementation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "users-real-secret")
    monkeypatch.setenv("TENCENTCLOUD_SECRET_KEY", "users-real-secret")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "users-real-secret")
    monkeypatch.setenv("ALICLOUD_SECRET_KEY", "users-real-secret")
    code, report = run(tmp_path, [misbehaving("leak-env")], "-k", "tcId=1")
    vector = vectors_of(report)[1]
    # The implementation added an output "leaked": what it saw of those variables.
    assert vector["status"] == "passed", vector
    assert "users-real-secret" not in json.dumps(report)


def test_build_failure_is_reported_with_first_compiler_lines_and_run_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = {
        "id": "broken-build",
        "language": "python",
        "build": ["echo 'main.c:3:5: error: expected ; before }' >&2; exit 1"],
        "run": [sys.executable, "-c", "pass"],
    }
    code, report = run(tmp_path, [broken, misbehaving("skipped")], "--scheme", "iflytek")
    assert code == 1
    impl = report["implementations"][0]
    assert impl["status"] == "build_failed"
    assert "main.c:3:5: error: expected ; before }" in impl["message"]
    assert report["implementations"][1]["counts"]["passed"] == IFLYTEK_COUNT - 1
    assert "BUILD FAILED" in capsys.readouterr().out


def test_second_run_does_no_building(tmp_path: Path) -> None:
    counter = tmp_path / "builds.log"
    entry = misbehaving("ok") | {
        "id": "counted",
        "build": [f"echo built >> {counter}", "cp {src}/misbehaving.py {build}/impl.py"],
        "run": [sys.executable, "{build}/impl.py", "ok"],
        "cwd": str(IMPLS),
    }
    code1, report1 = run(tmp_path, [entry])
    code2, report2 = run(tmp_path, [entry])
    assert code1 == code2 == 0
    assert counter.read_text().count("built") == 1
    assert report1["implementations"][0]["build"]["cached"] is False
    assert report2["implementations"][0]["build"]["cached"] is True


def test_missing_toolchain_or_library_is_skipped_with_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no go, no javac: nothing but our python
    go = {"id": "go-impl", "language": "go", "run": ["{build}/x"], "build": ["go build"]}
    library = misbehaving("ok") | {
        "id": "needs-jar",
        "requires": [{"path": "/nonexistent/commons-codec.jar", "apt": "libcommons-codec-java"}],
    }
    code, report = run(tmp_path, [go, library], "--scheme", "iflytek")
    assert code == 0
    first, second = report["implementations"]
    assert first["status"] == second["status"] == "skipped"
    assert "install with: sudo apt-get install golang-go" in first["message"]
    assert "install with: sudo apt-get install libcommons-codec-java" in second["message"]
    assert first["counts"]["skipped"] == IFLYTEK_COUNT


def test_missing_python_module_or_package_folder_is_skipped_with_its_install_command(
    tmp_path: Path,
) -> None:
    module = misbehaving("ok") | {
        "id": "needs-module",
        "requires": [{"module": "sigvec_absent.sdk", "install": "pip install sigvec-absent"}],
    }
    relative = misbehaving("ok") | {
        "id": "needs-packages",
        "requires": [{"path": "node_modules/absent/package.json", "install": "npm ci"}],
    }
    present = misbehaving("ok") | {
        "id": "has-both",
        "requires": [{"module": "json", "install": "-"}, {"path": "impls.yaml", "install": "-"}],
    }
    code, report = run(tmp_path, [module, relative, present], "--scheme", "iflytek")
    assert code == 0
    first, second, third = report["implementations"]
    assert first["status"] == second["status"] == "skipped"
    assert first["message"] == (
        "Python module sigvec_absent.sdk not found; install with: pip install sigvec-absent"
    )
    # A relative path is the manifest's folder's, wherever sigvec runs from.
    expected = tmp_path / "node_modules" / "absent" / "package.json"
    assert second["message"] == f"{expected.resolve()} not found; install with: npm ci"
    assert third["status"] == "ran" and third["counts"]["passed"] == IFLYTEK_COUNT


def test_filters_select_vectors(tmp_path: Path) -> None:
    code, report = run(tmp_path, [misbehaving("ok")], "-k", "tcId=4,5")
    assert code == 0
    assert sorted(vectors_of(report)) == [4, 5]
    code, report = run(tmp_path, [misbehaving("ok")], "-k", "flag=NonAsciiAppId")
    assert sorted(vectors_of(report)) == NON_ASCII_APP_IDS
    code, report = run(tmp_path, [misbehaving("ok")], "-k", "not flag=NonAsciiAppId")
    assert code == 0
    assert 4 not in vectors_of(report) and 5 not in vectors_of(report)
    assert len(vectors_of(report)) == IFLYTEK_COUNT - len(NON_ASCII_APP_IDS)
    code, report = run(tmp_path, [misbehaving("ok")], "-k", "not tcId=4,5", "-k", "tcId=3,4")
    assert sorted(vectors_of(report)) == [3]


# Paths that normalise to '/', signed with normalize_path false: both a signer that normalises
# and one that always signs '/' give '/' there (AWS signing test suite cases).
NORMALISE_TO_ROOT = {13, 14, 15, 16, 19, 20, 27, 28}


def test_a_signer_that_normalises_is_named_path_normalized_not_canonical_uri_root(
    tmp_path: Path,
) -> None:
    code, report = run(tmp_path, [misbehaving("always-normalize", schemes=["aws-sigv4"])])
    assert code == 1
    failed = {n: v for n, v in vectors_of(report).items() if v["status"] == "failed"}
    assert set(failed) >= NORMALISE_TO_ROOT
    assert {v["mistake"]["id"] for v in failed.values()} == {"aws-sigv4/path-normalized"}
    for tc_id in NORMALISE_TO_ROOT:  # '/' there: a signer that always signs '/' would agree
        assert failed[tc_id]["alsoConsistentWith"] == ["aws-sigv4/canonical-uri-root"]


def test_a_signer_that_always_signs_root_is_named_canonical_uri_root(tmp_path: Path) -> None:
    code, report = run(tmp_path, [misbehaving("root-uri", schemes=["aws-sigv4"])])
    assert code == 1
    failed = {n: v for n, v in vectors_of(report).items() if v["status"] == "failed"}
    for tc_id, vector in failed.items():
        named = [vector["mistake"]["id"], *vector.get("alsoConsistentWith", [])]
        if tc_id in NORMALISE_TO_ROOT:  # no vector alone tells the two apart
            assert named == ["aws-sigv4/path-normalized", "aws-sigv4/canonical-uri-root"]
        else:
            assert named == ["aws-sigv4/canonical-uri-root"], tc_id


def test_junit_has_one_testcase_per_vector(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path, [misbehaving("uppercase-md5")])
    junit = tmp_path / "out.xml"
    code = main(
        [
            "run",
            "--manifest",
            str(manifest),
            "--junit",
            str(junit),
            "-q",
            "--cache-dir",
            str(tmp_path / "c"),
        ]
    )
    assert code == 1
    root = ET.parse(junit).getroot()
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == IFLYTEK_COUNT
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("message") == (
        "first differing step: intermediates.md5_hex; likely mistake iflytek/md5-uppercase-hex"
    )
    assert cases[0].get("name") == "iflytek::tc1"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("implementations: [", "not valid YAML at line "),
        ("{}", "expected a mapping with an `implementations` list"),
        ("implementations:\n  - id: x\n    language: go\n", "needs either `run`"),
        (
            "implementations:\n  - id: x\n    language: cobol\n    run: [a]\n",
            "implementations.0.language: 'cobol' is not one of",
        ),
        (
            "implementations:\n  - {id: a, language: go, run: [x]}\n  - {id: a, language: go, "
            "run: [x]}\n",
            "id 'a' is used twice",
        ),
        (
            "implementations:\n  - {id: s, language: go, scheme: iflytek, source: a.go, "
            "function: f, args: [input.nope], returns: output.signature}\n",
            "implementations.0.args.0: input.nope is not a field of iflytek",
        ),
    ],
)
def test_manifest_errors_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, expected: str
) -> None:
    manifest = tmp_path / "m.yaml"
    manifest.write_text(content, encoding="utf-8")
    code = main(["run", "--manifest", str(manifest), "-q", "--cache-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_failed_run_leaves_previous_report_intact(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text("previous", encoding="utf-8")
    manifest = tmp_path / "m.yaml"
    manifest.write_text("implementations: [", encoding="utf-8")
    assert main(["run", "--manifest", str(manifest), "--report", str(report), "-q"]) == 2
    assert report.read_text(encoding="utf-8") == "previous"


def test_env_matrix_names_local_date_bug_and_time_zone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = misbehaving("local-date") | {"schemes": ["tencent-tc3"]}
    code, report = run(tmp_path, [entry], "--env-matrix")
    assert code == 1
    assert report["summary"]["failed"] == 0  # at the baseline (TZ=UTC) it passes
    findings = report["environmentDependent"]
    by_zone = {(f["environment"], f["tcId"]) for f in findings}
    # tcId 16 is 2023-11-15T00:00:00Z: in Los Angeles it is still the 14th.
    assert ("TZ=America/Los_Angeles", 16) in by_zone
    # tcId 15 is 23:59:59Z: in Shanghai and Kiritimati it is already the next day.
    assert ("TZ=Asia/Shanghai", 15) in by_zone
    assert ("TZ=Pacific/Kiritimati", 15) in by_zone
    assert all(f["step"] == "intermediates.date" for f in findings)
    assert {f["mistake"]["id"] for f in findings} == {"tencent-tc3/local-date"}
    out = capsys.readouterr().out
    # Shown once, with what goes wrong and the fix, not once per vector and zone.
    assert out.count("mistake tencent-tc3/local-date") == 1
    assert "fix: format the date from the timestamp in UTC" in out
    assert "fails under TZ=Asia/Shanghai: tencent-tc3 tcId " in out
    # The summary agrees with the exit code: no "ok" row, no bare "0 failed" verdict.
    assert "FAIL (environment)" in out
    assert "fail only under another environment" in out.splitlines()[-1]


def test_env_matrix_names_platform_charset_bug_under_lang_c(tmp_path: Path) -> None:
    # Python would otherwise coerce LANG=C to UTF-8 (PEP 538/540); Java and C# don't.
    entry = misbehaving("platform-charset") | {
        "env": {"PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}
    }
    code, report = run(tmp_path, [entry], "--env-matrix")
    assert code == 1
    findings = report["environmentDependent"]
    expected = {("LANG=C", tc_id) for tc_id in NON_ASCII_APP_IDS}
    assert {(f["environment"], f["tcId"]) for f in findings} == expected
    assert {f["mistake"]["id"] for f in findings} == {"iflytek/md5-platform-charset"}


@pytest.mark.parametrize(("flag", "failures"), [(["-x"], 1), (["--max-fail", "3"], 3)])
def test_fail_fast_and_max_fail_stop_the_run(
    tmp_path: Path, flag: list[str], failures: int
) -> None:
    entries = [misbehaving("uppercase-md5"), misbehaving("uppercase-md5") | {"id": "second"}]
    code, report = run(tmp_path, entries, "-j", "1", *flag)
    assert code == 1
    assert report["summary"]["failed"] == failures
    first, second = report["implementations"]
    assert first["counts"]["skipped"] == IFLYTEK_COUNT - failures
    assert second["status"] == "skipped"
    assert "stopped after" in second["message"]


def test_timeout_option_overrides_the_manifest(tmp_path: Path) -> None:
    started = time.monotonic()
    code, report = run(tmp_path, [misbehaving("hang", timeout=600)], "--timeout", "1")
    assert time.monotonic() - started < 60
    assert code == 1
    assert "timed out after 1 s" in vectors_of(report)[3]["message"]


def test_unsupported_snippet_argument_type_is_a_manifest_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if missing("java"):
        pytest.skip(missing("java"))
    source = tmp_path / "Sig.java"
    source.write_text(
        "public class Sig { public static String sign(String a, byte[] b) { return a; } }\n",
        encoding="utf-8",
    )
    entry = {
        "id": "bytes-arg",
        "language": "java",
        "scheme": "iflytek",
        "source": str(source),
        "function": "Sig.sign",
        "args": ["input.app_id", "input.app_secret"],
        "returns": "output.signature",
    }
    manifest = write_manifest(tmp_path, [entry])
    code = main(["run", "-q", "--manifest", str(manifest), "--cache-dir", str(tmp_path / "c")])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "byte[]" in err and "only String and integer arguments are supported" in err


def test_installed_without_ports_runs_the_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sigvec.runner import cli as runner_cli

    monkeypatch.setattr(runner_cli, "DEFAULT_MANIFEST", tmp_path / "absent" / "manifest.yaml")
    assert main(["run", "-q", "--cache-dir", str(tmp_path / "c"), "--scheme", "iflytek"]) == 0
    captured = capsys.readouterr()
    assert "running the Python reference only" in captured.err
    assert f"{IFLYTEK_COUNT} passed, 0 failed" in captured.out


def test_default_time_zone_is_far_from_utc_and_said_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = misbehaving("local-date") | {"schemes": ["tencent-tc3"]}
    code, report = run(tmp_path, [entry])
    out = capsys.readouterr().out
    assert code == 1
    # tcIds 16 and 17 are just after 00:00 UTC, the same day in UTC+14; all 21 others are
    # later than 10:00 UTC, the next day in Kiritimati.
    assert report["summary"]["failed"] == 21
    failed = [v for v in report["implementations"][0]["vectors"] if v["status"] == "failed"]
    assert failed and {v["mistake"]["id"] for v in failed} == {"tencent-tc3/local-date"}
    assert "TZ=Pacific/Kiritimati" in out and "--env TZ=UTC" in out
    code, report = run(tmp_path, [entry], "--env", "TZ=UTC")
    assert code == 0
    assert report["summary"]["failed"] == 0


def test_relative_run_path_resolves_against_cwd_and_error_says_what_was_tried(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "signer"
    folder.mkdir()
    (folder / "signer.py").write_text(
        "from sigvec.runner.reference_impl import main\nraise SystemExit(main())\n",
        encoding="utf-8",
    )
    found = {"id": "found", "language": "python", "cwd": "signer", "schemes": ["iflytek"]}
    found["run"] = [sys.executable, "signer.py"]
    missing = found | {"id": "missing", "run": [sys.executable, "sign.py"]}
    code, report = run(tmp_path, [found, missing])
    assert code == 1
    ok, bad = report["implementations"]
    assert ok["counts"]["passed"] == IFLYTEK_COUNT
    assert bad["status"] == "crashed"
    assert f"sign.py is not in {folder}" in bad["message"]
    assert "sign.py" in capsys.readouterr().out


def test_progress_lines_on_a_non_terminal_unless_quiet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = write_manifest(tmp_path, [misbehaving("none")])
    args = ["run", "--manifest", str(manifest), "--cache-dir", str(tmp_path / "c")]
    assert main(args) == 0
    err = capsys.readouterr().err.splitlines()
    assert "sigvec: none: running" in err
    assert any(line.startswith(f"sigvec: none: {IFLYTEK_COUNT} passed, 0 failed") for line in err)
    assert main([*args, "-q"]) == 0
    assert capsys.readouterr().err == ""


def test_partial_implementation_selects_its_vectors_and_k_accepts_not(tmp_path: Path) -> None:
    # The iflytek vectors (tcIds 1 to IFLYTEK_COUNT) but those that carry NonAsciiAppId.
    ascii_only = set(range(1, IFLYTEK_COUNT + 1)) - set(NON_ASCII_APP_IDS)
    entry = misbehaving("none") | {"vectors": {"exclude_flags": ["NonAsciiAppId"]}}
    code, report = run(tmp_path, [entry])
    assert code == 0
    assert {v["tcId"] for v in report["implementations"][0]["vectors"]} == ascii_only
    code, report = run(tmp_path, [misbehaving("none")], "-k", "not flag=NonAsciiAppId")
    assert {v["tcId"] for v in report["implementations"][0]["vectors"]} == ascii_only
    entry = misbehaving("none") | {"vectors": {"tcIds": [2, 3]}}
    code, report = run(tmp_path, [entry], "-k", "not tcId=3")
    assert [v["tcId"] for v in report["implementations"][0]["vectors"]] == [2]


@pytest.mark.parametrize(
    ("extra", "vector_file", "args", "expected"),
    [
        ({}, None, ["-k", "flag=NonAsciiAppID"], "no vector has the flag 'NonAsciiAppID'"),
        ({}, None, ["-k", "not flag=Nope"], "-k 'not flag=Nope': no vector has the flag"),
        ({"vectors": {"exclude_flags": ["Nope"]}}, None, [], "none: vectors: no vector has"),
        ({"vectors": {"methods": ["DELETE"]}}, None, [], "none: vectors: selects no vector"),
        ({}, None, ["-k", "tcId=999"], "no vector selected"),
        ({}, "", [], "iflytek.json: no test in it"),
        ({}, "garbage", [], "iflytek.json: no test in it"),
        ({}, '{"testGroups": [{"tests": [1', [], "iflytek.json: a test lacks"),
    ],
)
def test_a_selection_of_nothing_is_an_error_not_a_green_run(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: dict[str, Any],
    vector_file: str | None,
    args: list[str],
    expected: str,
) -> None:
    if vector_file is not None:
        (tmp_path / "v").mkdir()
        (tmp_path / "v" / "iflytek.json").write_text(vector_file, encoding="utf-8")
        args = [*args, "--vectors-dir", str(tmp_path / "v")]
    assert run_code(tmp_path, [misbehaving("none") | extra], *args) == 2
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1
