"""Careless and hostile manifests, options and snippet files: refused when loaded, with the
field named, or run correctly; never a hang, a traceback, or a run lost at its end."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from runner_helpers import run, run_code

from sigvec.cli import main
from sigvec.runner.toolchains import missing
from sigvec.vectors import iter_tests

IFLYTEK_VECTORS = sum(1 for _ in iter_tests("iflytek"))
REFERENCE = {
    "id": "ref",
    "language": "python",
    "run": [sys.executable, "-m", "sigvec.runner.reference_impl"],
    "schemes": ["iflytek"],
}


def echo_snippet(source: Path, language: str = "python", arg: str = "intermediates.md5_hex"):
    """A snippet entry whose function returns its argument, judged against the MD5 step."""
    return {
        "id": "echo",
        "language": language,
        "scheme": "iflytek",
        "source": str(source),
        "function": "f",
        "args": [arg],
        "returns": "intermediates.md5_hex",
    }


@pytest.mark.parametrize("value", ["nan", "inf", "1e10", "-1", "0", "soon"])
def test_timeout_option_must_be_a_usable_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as raised:  # argparse: exit 2 with the usage line
        run_code(tmp_path, [REFERENCE], "--timeout", value)
    assert raised.value.code == 2
    assert "--timeout" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"timeout": float("nan")}, "implementations.0.timeout: nan is not a number of seconds"),
        ({"timeout": float("inf")}, "implementations.0.timeout"),
        ({"env": {"A=B": "1"}}, "implementations.0.env: 'A=B' is not an environment variable"),
        ({"env": {"": "1"}}, "is not an environment variable name"),
        ({"env": {"X": "a\x00b"}}, "implementations.0.env.X: holds a NUL byte"),
        ({"run": [sys.executable, "-c", "pass\x00"]}, "implementations.0.run.2: holds a NUL"),
        ({"build": ["true\x00"]}, "implementations.0.build.0: holds a NUL byte"),
        ({"id": "ref\n"}, "implementations.0.id"),
    ],
    ids=["nan", "inf", "env-equals", "env-empty", "env-nul", "run-nul", "build-nul", "id-newline"],
)
def test_manifest_problems_are_found_when_it_is_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, Any], expected: str
) -> None:
    manifest = tmp_path / "impls.yaml"
    # A healthy implementation first: nothing may run before the manifest is refused.
    entries = [REFERENCE | {"id": "first"}, REFERENCE | change]
    manifest.write_text(json.dumps({"implementations": entries}), encoding="utf-8")
    manifest.write_text(manifest.read_text().replace("NaN", ".nan").replace("Infinity", ".inf"))
    started = time.monotonic()
    code = main(["run", "-q", "--manifest", str(manifest), "--cache-dir", str(tmp_path / "c")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert expected.replace("implementations.0", "implementations.1") in err
    assert time.monotonic() - started < 30


def test_snippet_args_match_whole_patterns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    snippet = tmp_path / "s.py"
    snippet.write_text("def f(a):\n    return a\n", encoding="utf-8")
    assert run_code(tmp_path, [echo_snippet(snippet, arg="intermediates.md5_hex\n")]) == 2
    assert "implementations.0.args.0" in capsys.readouterr().err


def test_yaml_alias_amplification_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["a0: &a0 [xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    lines.append("implementations: [{id: x, language: python, run: [x], timeout: *a9}]")
    manifest = tmp_path / "bomb.yaml"
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert len(manifest.read_bytes()) < 1024
    started = time.monotonic()
    code = main(["run", "--manifest", str(manifest)])
    err = capsys.readouterr().err
    assert code == 2 and "expands to more than" in err
    assert len(err) < 500
    assert time.monotonic() - started < 30


def test_unwritable_report_or_twice_the_same_file_is_refused_before_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    started_marker = tmp_path / "started"
    entry = REFERENCE | {"run": ["touch", str(started_marker)]}
    for args, expected in (
        (["--report", str(a_file / "r.json")], "--report"),
        (["--junit", str(tmp_path)], "--junit"),
        (["--report", str(tmp_path / "x"), "--junit", str(tmp_path / "x")], "the same file"),
    ):
        assert run_code(tmp_path, [entry], *args) == 2
        assert expected in capsys.readouterr().err
    assert not started_marker.exists()


def test_python_snippet_with_a_non_bmp_file_name_runs(tmp_path: Path) -> None:
    snippet = tmp_path / "签名𝒳.py"
    snippet.write_text("def f(a):\n    return a\n", encoding="utf-8")
    code, report = run(tmp_path, [echo_snippet(snippet)])
    assert report["implementations"][0]["counts"]["passed"] == IFLYTEK_VECTORS, report
    assert code == 0


@pytest.mark.skipif(bool(missing("cpp")), reason=str(missing("cpp")))
def test_cpp_snippet_file_name_cannot_inject_code(tmp_path: Path) -> None:
    snippet = tmp_path / 'x"\n#error injected through a file name\n".cpp'
    snippet.write_text(
        "#include <string>\nstd::string f(std::string a) { return a; }\n", encoding="utf-8"
    )
    code, report = run(tmp_path, [echo_snippet(snippet, "cpp")])
    implementation = report["implementations"][0]
    assert implementation["counts"]["passed"] == IFLYTEK_VECTORS, implementation["message"]
    assert code == 0


def test_explain_shows_terminal_escapes_from_a_server_escaped(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    message = tmp_path / "err.txt"
    message.write_text(
        "server string to sign is: GET&%2F&A%3D1 \x1b]0;owned\x07\x1b[2J", encoding="utf-8"
    )
    mine = tmp_path / "mine.txt"
    mine.write_text("GET&%2F&A%3D2\x1b[31m", encoding="utf-8")
    main(["explain", "aliyun-rpc", "--server-message", str(message), "--string-to-sign", str(mine)])
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert "\x1b" not in out and "\\x1b" in out


def test_explain_parsers_take_linear_time_on_adversarial_pastes() -> None:
    """Pastes that made the former regular expressions quadratic (a marker repeated with no
    closing quote; a long run of spaces after Alibaba's marker). 300 KB each: they finish;
    the growth check is loose (a doubling may cost up to 6x), no absolute time is asserted."""
    from sigvec.runner.explain.parsers import UnparseableMessage, parse_server_message

    def adversarial(scheme: str, size: int) -> str:
        if scheme == "aws-sigv4":
            marker = "The Canonical String for this request should have been '"
            return marker * (size // len(marker)) + "x"
        return "server string to sign is" + " " * size

    def seconds(scheme: str, size: int) -> float:
        started = time.perf_counter()
        with contextlib.suppress(UnparseableMessage):
            parse_server_message(scheme, adversarial(scheme, size))
        return time.perf_counter() - started

    for scheme in ("aws-sigv4", "aliyun-rpc"):
        seconds(scheme, 300_000)
        small, large = (min(seconds(scheme, n) for _ in range(3)) for n in (100_000, 200_000))
        assert large < 6 * small + 0.05, (scheme, small, large)
