"""The pytest plugin (``runner/pytest_plugin.py``), driven in throwaway projects by pytester.

The implementations under test are tiny protocol scripts written here from the iFlytek spec
(vectors/README.md), so every expected verdict follows from the spec and the vector files, not
from the plugin's own output.
"""

from __future__ import annotations

import importlib.metadata
import re
import xml.etree.ElementTree as ET

import pytest

from sigvec.vectors import SCHEME_IDS, iter_tests

pytest_plugins = ["pytester"]

IFLYTEK = [test["tcId"] for test in iter_tests("iflytek")]
ALIYUN = [test["tcId"] for test in iter_tests("aliyun-rpc")]
ALL_VECTORS = sum(len(list(iter_tests(scheme))) for scheme in SCHEME_IDS)
# The upper-case mistake changes md5_hex wherever the hex has a letter (in practice: all).
UPPERCASE_CHANGES = [
    test["tcId"]
    for test in iter_tests("iflytek")
    if test["intermediates"]["md5_hex"] != test["intermediates"]["md5_hex"].upper()
]

# A whole iFlytek implementation from the spec, over the line protocol; UPPERCASE is the bug.
# It logs each start and each vector it is asked for to signer.log beside itself.
SIGNER = """
import base64, hashlib, hmac, json, os, sys
from urllib.parse import quote

UPPERCASE = {uppercase}
LOG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "signer.log")

def log(text):
    with open(LOG, "a") as handle:
        handle.write(text + "\\n")

def sign(app_id, ts, app_secret):
    base_string = app_id + ts
    md5_hex = hashlib.md5(base_string.encode()).hexdigest()
    if UPPERCASE:
        md5_hex = md5_hex.upper()
    digest = hmac.new(app_secret.encode(), md5_hex.encode(), hashlib.sha1).digest()
    signature = base64.b64encode(digest).decode()
    fields = (("appid", app_id), ("ts", ts), ("signa", signature))
    query = "&".join(f"{{k}}={{quote(v, safe='-_.~')}}" for k, v in fields)
    headers = {{"X-App-Key": app_id, "X-Timestamp": ts, "X-App-Signature": signature}}
    intermediates = {{"base_string": base_string, "md5_hex": md5_hex,
                     "hmac_sha1_hex": digest.hex()}}
    return intermediates, {{"signature": signature, "query": query, "headers": headers}}

for line in sys.stdin:
    message = json.loads(line)
    if message["cmd"] == "stop":
        break
    log(message["cmd"] + (f" tc{{message['tcId']}}" if message["cmd"] == "run" else ""))
    if message["cmd"] == "start":
        steps = ["base_string", "md5_hex", "hmac_sha1_hex"]
        answer = {{"ready": True, "version": 1,
                  "implementation": {{"name": "spec-signer", "schemes": {{"iflytek": steps}}}}}}
    else:
        intermediates, output = sign(**message["input"])
        answer = {{"seq": message["seq"], "intermediates": intermediates, "output": output}}
    print(json.dumps(answer), flush=True)
"""

MANIFEST = """\
implementations:
  - id: reference
    language: python
    run: ["{python}", "-m", "sigvec.runner.reference_impl"]
    schemes: [iflytek, aliyun-rpc]
  - id: broken
    language: python
    run: ["{python}", "{src}/signer.py"]
    schemes: [iflytek]
"""


# Inner runs load only this plugin: the environment's other plugins (hypothesis, ...) would cost
# seconds per run. The entry point itself is tested by test_inert_without_the_option.
PLUGIN = ("-p", "sigvec.runner.pytest_plugin", "-p", "no:cacheprovider")


@pytest.fixture(autouse=True)
def _only_this_plugin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A repo with a manifest: the reference (correct) and the spec signer with its bug."""
    write_signer(pytester, uppercase=True)
    pytester.makefile(".yaml", impls=MANIFEST)
    return pytester


def write_signer(pytester: pytest.Pytester, uppercase: bool) -> None:
    pytester.makepyfile(signer=SIGNER.format(uppercase=uppercase))


OPTIONS = (*PLUGIN, "--sigvec-manifest=impls.yaml", "--sigvec-cache-dir=cache")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest(*OPTIONS, *args)


def signer_log(pytester: pytest.Pytester) -> list[str]:
    """What the broken signer was asked, then a fresh log for the next run."""
    log = pytester.path / "signer.log"
    lines = log.read_text().splitlines() if log.exists() else []
    log.unlink(missing_ok=True)
    return lines


def failed_ids(result: pytest.RunResult) -> set[str]:
    return set(re.findall(r"^FAILED impls\.yaml::(\S+)", result.stdout.str(), re.MULTILINE))


def test_the_entry_point_registers_the_plugin() -> None:
    points = importlib.metadata.entry_points(group="pytest11")
    assert [p.value for p in points if p.name == "sigvec"] == ["sigvec.runner.pytest_plugin"], (
        "the pytest11 entry point is missing: pip install -e ."
    )


def test_red_run_names_the_step_and_the_mistake_then_green_after_the_fix(
    project: pytest.Pytester,
) -> None:
    result = run(project, "-rf")
    result.assert_outcomes(passed=len(IFLYTEK) + len(ALIYUN), failed=len(UPPERCASE_CHANGES))
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert failed_ids(result) == {f"broken::iflytek::tc{n}" for n in UPPERCASE_CHANGES}
    out = result.stdout.str()
    # tc1 is the documentation's demo (app_id xxx, ts 1674496098): MD5("xxx1674496098").
    result.stdout.fnmatch_lines(
        [
            "*_ broken::iflytek::tc1 _*",
            "first differing step: intermediates.md5_hex; likely mistake iflytek/md5-uppercase-hex",
            "vector broken::iflytek::tc1: *",
            "expected: 90522511834abbfd27225e90b78b48e5",
            "actual:   90522511834ABBFD27225E90B78B48E5",
            "*^ first difference at column 12",
            "later steps follow from the first: intermediates.hmac_sha1_hex, output.signature*",
            "known mistake iflytek/md5-uppercase-hex: *",
            "  fix: *",
        ]
    )
    assert "Traceback" not in out
    # Started once for all its vectors (one JVM, one Mono), each vector asked once.
    assert signer_log(project) == ["start"] + [f"run tc{n}" for n in IFLYTEK]

    write_signer(project, uppercase=False)
    fixed = run(project)
    fixed.assert_outcomes(passed=2 * len(IFLYTEK) + len(ALIYUN))
    assert fixed.ret == pytest.ExitCode.OK


def test_collects_one_item_per_implementation_and_vector(project: pytest.Pytester) -> None:
    result = run(project, "--collect-only", "-q")
    expected = [f"impls.yaml::reference::iflytek::tc{n}" for n in IFLYTEK]
    expected += [f"impls.yaml::reference::aliyun-rpc::tc{n}" for n in ALIYUN]
    expected += [f"impls.yaml::broken::iflytek::tc{n}" for n in IFLYTEK]
    assert result.stdout.lines[: len(expected)] == expected
    assert f"{len(expected)} tests collected" in result.stdout.str()


def test_dash_k_selects_and_dash_x_stops_at_the_first_failure(project: pytest.Pytester) -> None:
    selected = run(project, "-k", "broken and tc2", "-rf")
    selected.assert_outcomes(failed=1, deselected=2 * len(IFLYTEK) + len(ALIYUN) - 1)
    assert failed_ids(selected) == {"broken::iflytek::tc2"}
    assert signer_log(project) == ["start", "run tc2"]  # only what -k kept

    scheme = run(project, "--sigvec-scheme=aliyun-rpc")
    scheme.assert_outcomes(passed=len(ALIYUN))

    stopped = run(project, "-x", "-rf")
    # The reference comes first in the manifest; the broken signer's first vector stops the run.
    stopped.assert_outcomes(passed=len(IFLYTEK) + len(ALIYUN), failed=1)
    assert failed_ids(stopped) == {f"broken::iflytek::tc{UPPERCASE_CHANGES[0]}"}


def test_a_node_id_runs_one_vector(project: pytest.Pytester) -> None:
    result = run(project, "impls.yaml::reference::aliyun-rpc::tc3")
    result.assert_outcomes(passed=1)


def test_junit_xml_carries_the_ids_and_the_mistake(project: pytest.Pytester) -> None:
    run(project, "--junitxml=out.xml")
    cases = ET.parse(project.path / "out.xml").getroot().iter("testcase")
    by_id = {}
    for case in cases:
        properties = {p.get("name"): p.get("value") for p in case.iter("property")}
        by_id[properties["sigvec_id"]] = (case, properties)
    assert set(by_id) == (
        {f"reference::iflytek::tc{n}" for n in IFLYTEK}
        | {f"reference::aliyun-rpc::tc{n}" for n in ALIYUN}
        | {f"broken::iflytek::tc{n}" for n in IFLYTEK}
    )
    case, properties = by_id["broken::iflytek::tc1"]
    assert (case.get("classname"), case.get("name")) == ("impls.yaml.broken.iflytek", "tc1")
    assert properties["sigvec_mistake"] == "iflytek/md5-uppercase-hex"
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == (
        "first differing step: intermediates.md5_hex; likely mistake iflytek/md5-uppercase-hex"
    )
    assert "expected: 90522511834abbfd27225e90b78b48e5" in (failure.text or "")
    assert by_id["reference::iflytek::tc1"][0].find("failure") is None


def test_xdist_gives_the_same_verdicts(project: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    result = project.runpytest_subprocess(*OPTIONS, "-p", "xdist.plugin", "-n", "2", "-rf")
    assert "2 workers" in result.stdout.str()
    result.assert_outcomes(passed=len(IFLYTEK) + len(ALIYUN), failed=len(UPPERCASE_CHANGES))
    assert failed_ids(result) == {f"broken::iflytek::tc{n}" for n in UPPERCASE_CHANGES}
    assert 1 <= signer_log(project).count("start") <= 2  # at most once per worker


def test_missing_toolchain_or_file_skips_with_the_install_line(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makefile(
        ".yaml",
        impls="""\
        implementations:
          - id: needs-go
            language: go
            run: ["signer"]
            schemes: [iflytek]
          - id: needs-jar
            language: python
            run: ["{python}", "-m", "sigvec.runner.reference_impl"]
            schemes: [iflytek]
            requires: [{path: /nonexistent/sigvec-test/codec.jar, apt: libcommons-codec-java}]
        """,
    )
    empty = pytester.mkdir("empty-path")
    monkeypatch.setenv("PATH", str(empty))  # no `go` on it
    result = run(pytester, "-rs")
    result.assert_outcomes(skipped=2 * len(IFLYTEK))
    assert result.ret == pytest.ExitCode.OK
    # One summary line per implementation, located at its manifest entry (1-based line).
    result.stdout.fnmatch_lines_random(
        [
            f"SKIPPED [[]{len(IFLYTEK)}[]] impls.yaml:2: needs-go: go not found; install with: "
            "sudo apt-get install golang-go",
            f"SKIPPED [[]{len(IFLYTEK)}[]] impls.yaml:6: needs-jar: "
            "/nonexistent/sigvec-test/codec.jar not found; install with: "
            "sudo apt-get install libcommons-codec-java",
        ]
    )


def test_an_implementation_that_cannot_start_fails_every_vector_with_the_reason(
    pytester: pytest.Pytester,
) -> None:
    pytester.makefile(
        ".yaml",
        impls="""\
        implementations:
          - id: crashes
            language: python
            run: ["{python}", "-c", "import sys; sys.exit('no such luck')"]
            schemes: [iflytek]
        """,
    )
    result = run(pytester, "-rf")
    result.assert_outcomes(failed=len(IFLYTEK))
    result.stdout.fnmatch_lines(
        [
            "errored: no answer to start: implementation exited (code 1)*no such luck*",
            "vector crashes::iflytek::tc1: *",
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_a_bad_manifest_is_one_usage_error_line(pytester: pytest.Pytester) -> None:
    pytester.makefile(".yaml", impls="implementations:\n  - id: x\n    language: cobol\n")
    result = run(pytester)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: --sigvec-manifest: *impls.yaml: implementations.0*"])
    assert "Traceback" not in result.stderr.str()

    missing = pytester.runpytest(*PLUGIN, "--sigvec-manifest=absent.yaml")
    assert missing.ret == pytest.ExitCode.USAGE_ERROR
    missing.stderr.fnmatch_lines(["ERROR: --sigvec-manifest: *absent.yaml: cannot read manifest*"])


def test_inert_without_the_option(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Loaded through its entry point in every pytest run (sigvec's own too): no items, no
    runner imported."""
    monkeypatch.delenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    pytester.makefile(".yaml", impls=MANIFEST)  # on the collected path, but not asked for
    pytester.makepyfile(
        test_plain="""
        import sys

        def test_plain(pytestconfig):
            assert pytestconfig.pluginmanager.hasplugin("sigvec")
            heavy = [m for m in ("sigvec.runner.session", "sigvec.runner.manifest", "jsonschema",
                                 "yaml", "sigvec.reference") if m in sys.modules]
            assert heavy == []
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert "impls.yaml" not in result.stdout.str()
    helped = pytester.runpytest("--help")  # the entry point, as above
    helped.stdout.fnmatch_lines(["*--sigvec-manifest=FILE*", "*--sigvec-scheme=SCHEME*"])


PORT_TESTS = """
import base64, hashlib, hmac
import pytest

def iflytek_signature(app_id, ts, app_secret, uppercase=False):
    md5_hex = hashlib.md5((app_id + ts).encode()).hexdigest()
    md5_hex = md5_hex.upper() if uppercase else md5_hex
    digest = hmac.new(app_secret.encode(), md5_hex.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()

@pytest.mark.sigvec(scheme="iflytek")
def test_good_port(sigvec_vectors):
    assert sigvec_vectors["scheme"] == "iflytek"
    assert iflytek_signature(**sigvec_vectors["input"]) == sigvec_vectors["output"]["signature"]

@pytest.mark.sigvec(scheme="iflytek")
def test_bad_port(sigvec_vectors):
    signature = iflytek_signature(**sigvec_vectors["input"], uppercase=True)
    assert signature == sigvec_vectors["output"]["signature"]

@pytest.mark.sigvec(scheme=["aliyun-rpc", "iflytek"])
def test_mutates(sigvec_vectors):
    sigvec_vectors["input"].clear()

def test_every_scheme(sigvec_vectors):
    assert sigvec_vectors["input"], "a fresh copy, whatever earlier tests did to theirs"
"""


def test_sigvec_vectors_fixture_runs_a_python_port_per_vector(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_port=PORT_TESTS)
    result = pytester.runpytest(*PLUGIN, "-rf")
    mutated = len(ALIYUN) + len(IFLYTEK)
    result.assert_outcomes(
        passed=len(IFLYTEK) + mutated + ALL_VECTORS, failed=len(UPPERCASE_CHANGES)
    )
    result.stdout.fnmatch_lines(["FAILED test_port.py::test_bad_port[[]iflytek::tc1[]] - *"])

    listed = pytester.runpytest(*PLUGIN, "--co", "-q", "-k", "good_port")
    assert listed.stdout.lines[: len(IFLYTEK)] == [
        f"test_port.py::test_good_port[iflytek::tc{n}]" for n in IFLYTEK
    ]

    one = pytester.runpytest(*PLUGIN, "test_port.py::test_good_port[iflytek::tc4]")
    one.assert_outcomes(passed=1)

    restricted = pytester.runpytest(*PLUGIN, "--sigvec-scheme=aliyun-rpc")
    # test_good_port and test_bad_port ask for iflytek only: an empty parameter set, skipped.
    restricted.assert_outcomes(passed=2 * len(ALIYUN), skipped=2)


def test_sigvec_marker_rejects_an_unknown_scheme(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_port="""
        import pytest

        @pytest.mark.sigvec(scheme="iflytec")
        def test_port(sigvec_vectors):
            pass
        """
    )
    result = pytester.runpytest(*PLUGIN)
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["*@pytest.mark.sigvec: unknown scheme 'iflytec'*"])
