"""Property tests, one per entry point that reads what others wrote: ``sign``, manifest
loading, the protocol reader, ``explain``'s parsers, the ``report``/``diff`` loaders.

Inputs: arbitrary Unicode including lone surrogates and control characters, integers past
Python's 4300-digit limit, NaN and Infinity, deep nesting. What must hold: no traceback, no
hang, exit 0, 1 or 2 only, and every output encodable as UTF-8. Example counts stay modest
(CI time); each run draws new ones.
"""

from __future__ import annotations

import io
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigvec.cli import main
from sigvec.errors import UsageError
from sigvec.vectors import SCHEME_IDS, iter_tests

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Every code point, lone surrogates included, and the characters that break outputs.
hostile_text = st.text(st.characters(exclude_categories=()), max_size=40) | st.sampled_from(
    ["\ud83d", "\udcff", "\x1b]0;x\x07", "\x00", "\r", "\u202e", "\x9b", "a\nb", ""]
)
# Text of JSON a careless or hostile writer could produce (not all of it valid JSON).
json_tokens = st.sampled_from(
    [
        "NaN",
        "Infinity",
        "-Infinity",
        "1e400",
        "9" * 4400,
        "[" * 3000 + "]" * 3000,
        '"\\ud83d"',
        '"\\udc00x"',
        '"\\u0000\\u001b[2J"',
        "{}",
        "[]",
        "null",
        "true",
        "-0",
    ]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(hostile_text, children, max_size=5)
    ),
    max_leaves=15,
)


def json_text_of(value: Any) -> str:
    return json.dumps(value)  # ASCII: lone surrogates as \\u escapes, NaN as NaN


def run_main(args: list[str], stdin: bytes = b"") -> tuple[int, str, str]:
    """``sigvec ARGS`` with byte-level standard streams in an ASCII locale: the exit code and
    the outputs, which must be UTF-8 (strict)."""
    saved = sys.stdin, sys.stdout, sys.stderr
    out, err = io.BytesIO(), io.BytesIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="ascii")
    sys.stdout = io.TextIOWrapper(out, encoding="ascii", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="ascii", write_through=True)
    try:
        code = main(args)
        sys.stdout.flush()
        written = out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return code, *written


def assert_clean_exit(code: int, err: str, allowed: tuple[int, ...] = (0, 1, 2)) -> None:
    assert code in allowed, err
    assert "Traceback" not in err
    if code == 2:
        assert err.startswith("sigvec: error: ") and err.count("\n") == 1, err


# ----------------------------------------------------------------------------------- sign

sign_inputs = (
    json_values.map(json_text_of)
    | st.lists(json_tokens | st.sampled_from(["{", "}", ",", ":", '"k"']), max_size=6).map("".join)
    | st.binary(max_size=60)
    | st.sampled_from(SCHEME_IDS).flatmap(
        lambda scheme: st.fixed_dictionaries(
            {},
            optional={
                name: json_values | hostile_text for name in next(iter(iter_tests(scheme)))["input"]
            },
        ).map(lambda inp: json_text_of({**next(iter(iter_tests(scheme)))["input"], **inp}))
    )
)


@FUZZ
@given(scheme=st.sampled_from(SCHEME_IDS), document=sign_inputs)
def test_fuzz_sign(scheme: str, document: str | bytes) -> None:
    stdin = document if isinstance(document, bytes) else document.encode("utf-8")
    code, out, err = run_main(["sign", scheme], stdin)
    assert_clean_exit(code, err, (0, 2))
    if code == 0:
        assert json.loads(out)["scheme"] == scheme


# -------------------------------------------------------------------------- manifests

manifest_entries = st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "b"]) | hostile_text, "language": st.just("python")},
    optional={
        "run": st.lists(hostile_text, max_size=3) | json_values,
        "build": st.lists(hostile_text, max_size=2),
        "env": st.dictionaries(hostile_text, hostile_text | json_values, max_size=3),
        "timeout": st.floats() | st.integers() | hostile_text,
        "schemes": st.lists(st.sampled_from([*SCHEME_IDS, "x"]), max_size=3),
        "source": hostile_text,
        "function": hostile_text,
        "args": st.lists(hostile_text, max_size=2),
        "returns": hostile_text,
        "scheme": st.sampled_from([*SCHEME_IDS, "x"]),
    },
)
manifest_texts = (
    st.lists(manifest_entries | json_values, max_size=3).map(
        lambda entries: json_text_of({"implementations": entries})
    )
    | st.lists(json_tokens, max_size=3).map(lambda parts: "implementations: [" + ",".join(parts))
    | st.sampled_from(["a: &a [x, x]\nb: &b [*a, *a]\nimplementations: *b", "{", "- - -", ""])
)


@FUZZ
@given(text=manifest_texts)
def test_fuzz_manifest_loading(tmp_path: Path, text: str) -> None:
    from sigvec.runner.manifest import load_manifest

    path = tmp_path / "impls.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        implementations = load_manifest(path)
    except UsageError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
        str(exc).encode("utf-8", "surrogateescape")
        return
    assert all(
        impl.timeout == impl.timeout and 0 < impl.timeout <= 3600 for impl in implementations
    )


# --------------------------------------------------------------------- protocol reader


class ScriptedProcess:
    """A LineProcess stand-in that writes ``lines``, then ``stderr`` and exits."""

    def __init__(self, lines: list[str], stderr: str) -> None:
        self._lines, self._stderr = iter(lines), stderr

    def send(self, line: str) -> bool:
        return True

    def receive(self, timeout: float) -> str | None:
        return next(self._lines, None)

    def close(self, grace: float = 2.0) -> int:
        return 3

    def kill(self) -> None:
        pass

    def stderr_tail(self, limit: int = 2000) -> str:
        return self._stderr[-limit:]


def answer_lines(seq: int) -> st.SearchStrategy[str]:
    test = next(iter(iter_tests("iflytek")))
    good = {"seq": seq, "intermediates": test["intermediates"], "output": test["output"]}
    return (
        json_values.map(json_text_of)
        | json_values.map(lambda value: json_text_of({"seq": seq, "output": {"signature": value}}))
        | json_values.map(lambda value: json_text_of({**good, "intermediates": value}))
        | json_values.map(lambda value: json_text_of({"seq": value, "errored": True}))
        | json_tokens
        | hostile_text
        | st.just(json_text_of(good))
    )


@FUZZ
@given(
    answers=st.lists(answer_lines(1) | answer_lines(2), max_size=5),
    stderr=hostile_text,
    start=st.sampled_from(['{"ready": true, "version": 1}', "NaN", '{"ready": true}']),
)
def test_fuzz_protocol_reader(answers: list[str], stderr: str, start: str) -> None:
    from sigvec.runner.console import detail_lines, matrix_lines
    from sigvec.runner.report import build_report, junit_xml
    from sigvec.runner.results import ImplementationResult
    from sigvec.runner.session import RunOptions, _drive_protocol
    from sigvec.text import json_text, visible

    tests = list(iter_tests("iflytek"))[:2]
    result = ImplementationResult("fuzzed", "python", "command")
    process = ScriptedProcess([start, *answers], stderr)
    options = RunOptions(cache_dir=Path("/nonexistent"))
    _drive_protocol(process, iter([("iflytek", t) for t in tests]), result, 1.0, options)
    assert len(result.vectors) == 2 or result.status == "crashed"
    report = build_report([result])
    json.loads(json_text(report))
    ET.fromstring(junit_xml(report))
    visible("\n".join(matrix_lines(report) + detail_lines(report))).encode("utf-8")


# ------------------------------------------------------------------------------ explain

paste_fragments = st.sampled_from(
    [
        "The Canonical String for this request should have been '",
        "The String-to-Sign should have been '",
        "'",
        "\\n",
        "\\ud83d",
        "<CanonicalRequest>",
        "</CanonicalRequest>",
        "<StringToSignBytes>",
        "server string to sign is:",
        "GET&%2F&",
        "AuthFailure.SignatureFailure",
        '{"Response": {"Error": {"Code": "',
        "\x1b]0;x\x07",
        " " * 50,
    ]
)


@FUZZ
@given(
    scheme=st.sampled_from(["aws-sigv4", "aliyun-rpc", "tencent-tc3"]),
    paste=st.lists(paste_fragments | hostile_text, max_size=10).map("".join),
    mine=hostile_text,
)
def test_fuzz_explain(tmp_path: Path, scheme: str, paste: str, mine: str) -> None:
    message, yours = tmp_path / "message.txt", tmp_path / "mine.txt"
    message.write_bytes(paste.encode("utf-8", "surrogatepass"))  # invalid UTF-8 too
    yours.write_bytes((mine or "x").encode("utf-8", "surrogatepass"))
    option = "--string-to-sign" if scheme != "tencent-tc3" else "--canonical-request"
    for extra in ([], ["--json"]):
        code, _, err = run_main(
            ["explain", scheme, "--server-message", str(message), option, str(yours), *extra]
        )
        assert_clean_exit(code, err)


# ------------------------------------------------------------------------- report, diff


def a_report() -> dict[str, Any]:
    vector = {"scheme": "iflytek", "tcId": 1, "status": "errored", "comment": "", "message": "m"}
    implementation = {
        "id": "impl",
        "language": "go",
        "kind": "command",
        "status": "ran",
        "message": "",
        "info": {},
        "build": {"cached": True, "seconds": 0},
        "runSeconds": 0,
        "counts": {"passed": 0, "failed": 0, "errored": 1, "skipped": 0},
        "countsByScheme": {},
        "vectors": [vector],
    }
    return {
        "format": 1,
        "generator": "g",
        "summary": {"passed": 0, "failed": 0, "errored": 1, "skipped": 0},
        "implementations": [implementation],
    }


PLACES = [
    ("generator",),
    ("implementations", 0, "id"),
    ("implementations", 0, "message"),
    ("implementations", 0, "runSeconds"),
    ("implementations", 0, "info"),
    ("implementations", 0, "countsByScheme"),
    ("implementations", 0, "vectors", 0, "message"),
    ("implementations", 0, "vectors", 0, "scheme"),
    ("implementations", 0, "vectors", 0, "tcId"),
    ("summary", "passed"),
]


def mutated(place: tuple[Any, ...], value: Any) -> dict[str, Any]:
    report = a_report()
    target = report
    for key in place[:-1]:
        target = target[key]
    target[place[-1]] = value
    return report


report_texts = (
    st.builds(mutated, st.sampled_from(PLACES), json_values | hostile_text).map(json_text_of)
    | st.builds(mutated, st.sampled_from(PLACES), st.just("HUGE")).map(
        lambda report: json_text_of(report).replace('"HUGE"', "9" * 4400)
    )
    | json_values.map(json_text_of)
    | json_tokens
)


@FUZZ
@given(old=report_texts, new=report_texts, fmt=st.sampled_from(["markdown", "html", "junit"]))
def test_fuzz_report_and_diff(tmp_path: Path, old: str, new: str, fmt: str) -> None:
    old_path, new_path = tmp_path / "old.json", tmp_path / "new.json"
    old_path.write_text(old, encoding="utf-8")
    new_path.write_text(new, encoding="utf-8")
    code, out, err = run_main(["report", str(new_path), "--format", fmt])
    assert_clean_exit(code, err, (0, 2))
    if code == 0 and fmt == "junit":
        ET.fromstring(out.encode("utf-8"))
    code, _, err = run_main(
        ["report", str(new_path), "--format", "badge", "--out", str(tmp_path / "b")]
    )
    assert_clean_exit(code, err, (0, 2))
    for extra in ([], ["--json"]):
        code, _, err = run_main(["diff", str(old_path), str(new_path), *extra])
        assert_clean_exit(code, err)


@pytest.mark.parametrize("key", ["a\nb", "\x1b[31m", "\u202eevil"])
def test_a_manifest_key_that_cannot_be_printed_is_named_escaped(tmp_path: Path, key: str) -> None:
    """A NUL byte under a key holding a line break, a terminal escape or a bidi override: the
    error names the key escaped, on one line (found by the manifest fuzz test)."""
    from sigvec.runner.manifest import load_manifest

    path = tmp_path / "impls.yaml"
    key_text = json.dumps(key)
    entry = f'{{id: x, language: go, command: ["x"], env: {{{key_text}: "a\\0b"}}}}'
    path.write_text(f"implementations: [{entry}]\n", encoding="utf-8", errors="surrogatepass")
    with pytest.raises(UsageError) as raised:
        load_manifest(path)
    message = str(raised.value)
    assert "\n" not in message and "\x1b" not in message, message
    message.encode("utf-8")  # no lone surrogate left
    assert repr(key) in message or "environment variable name" in message
