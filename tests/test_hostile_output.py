"""Text sigvec did not write — lone surrogates, control characters, terminal escapes,
secrets — at every output: nothing lost, nothing raw, nothing leaked."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from runner_helpers import misbehaving, run_argv

from sigvec.cli import main
from sigvec.vectors import SCHEME_IDS, iter_tests

REFERENCE = {
    "id": "healthy",
    "language": "python",
    "run": [sys.executable, "-m", "sigvec.runner.reference_impl"],
    "schemes": ["iflytek"],
}
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202e]")


def run_everything(tmp_path: Path, entries: list[dict[str, Any]], *args: str) -> tuple[int, str]:
    """``sigvec run`` with every output, then ``sigvec report`` in every format; the exit code
    and all the text they wrote (console, files), read back as strict UTF-8."""
    out = tmp_path / "out"
    out.mkdir()
    command = run_argv(
        tmp_path, entries, "--report", str(out / "r.json"), "--junit", str(out / "r.xml"), *args
    )
    result = subprocess.run(command, capture_output=True, timeout=600)
    assert b"Traceback" not in result.stderr, result.stderr.decode("utf-8", "replace")
    texts = [result.stdout.decode("utf-8"), result.stderr.decode("utf-8")]
    for fmt, name in (("markdown", "r.md"), ("html", "r.html"), ("junit", "rr.xml")):
        assert main(["report", str(out / "r.json"), "--format", fmt, "--out", str(out / name)]) == 0
    assert main(["report", str(out / "r.json"), "--format", "badge", "--out", str(out / "b")]) == 0
    for path in sorted(out.rglob("*.*")):
        texts.append(path.read_bytes().decode("utf-8"))  # strict: valid UTF-8 or it raises
        if path.suffix == ".xml":
            ET.fromstring(path.read_bytes())  # well-formed or it raises
        if path.suffix == ".json":
            json.loads(path.read_text(encoding="utf-8"))
    return result.returncode, "\n".join(texts)


def test_lone_surrogate_and_terminal_escapes_from_an_implementation_lose_nothing(
    tmp_path: Path,
) -> None:
    entries = [REFERENCE, misbehaving("surrogate"), misbehaving("terminal-escapes")]
    code, text = run_everything(tmp_path, entries)
    assert code == 1
    assert RAW_CONTROLS.findall(text) == []
    assert "\\ud83d" in text  # the answer, shown escaped
    assert "\\x1b]0;owned\\x07" in text
    report = json.loads((tmp_path / "out" / "r.json").read_text(encoding="utf-8"))
    counts = {impl["id"]: impl["counts"] for impl in report["implementations"]}
    every = sum(1 for _ in iter_tests("iflytek"))
    assert counts["healthy"]["passed"] == every
    assert counts["surrogate"]["failed"] == 1 and counts["surrogate"]["passed"] == every - 1
    assert counts["terminal-escapes"]["errored"] == 1


def long_secrets() -> set[str]:
    """Every secret of every vector; shorter test ones ("secret", "b") are ordinary words."""
    from sigvec.schemes import secret_fields

    return {
        test["input"][field]
        for scheme in SCHEME_IDS
        for test in iter_tests(scheme)
        for field in secret_fields()
        if isinstance(test["input"].get(field), str) and len(test["input"][field]) >= 8
    }


def leaked(text: str) -> list[str]:
    text = re.sub(r"<redacted:[a-z_]+>", "", text)
    forms = {
        form
        for secret in long_secrets()
        for form in (secret, secret.lower(), json.dumps(secret)[1:-1], repr(secret)[1:-1])
    }
    return sorted(form for form in forms if form in text)


def test_secrets_echoed_on_every_channel_reach_no_output(tmp_path: Path) -> None:
    every_scheme = {"schemes": list(SCHEME_IDS)}
    entries = [
        misbehaving(mode) | every_scheme
        for mode in ("echo-errored", "echo-stray", "echo-seq", "echo-crash")
    ]
    entries.append(misbehaving("echo-hang", timeout=2) | every_scheme)
    snippet = tmp_path / "leaky.py"
    snippet.write_text(
        "import os, sys\n"
        "calls = []\n"
        "def sign(app_id, ts, secret):\n"
        "    calls.append(1)\n"
        "    print('signing with', repr(secret), secret, file=sys.stderr, flush=True)\n"
        "    if len(calls) == 5:\n"
        "        os._exit(7)\n"
        "    raise ValueError('bad secret ' + secret)\n",
        encoding="utf-8",
    )
    entries.append(
        {
            "id": "leaky-snippet",
            "language": "python",
            "scheme": "iflytek",
            "source": str(snippet),
            "function": "sign",
            "args": ["input.app_id", "input.ts", "input.app_secret"],
            "returns": "output.signature",
        }
    )
    code, text = run_everything(tmp_path, entries)
    assert code == 1
    assert "<redacted:app_secret>" in text and "<redacted:secret_access_key>" in text
    assert "exited (code 7)" in text  # the snippet's crash, with its stderr, was reported
    assert "timed out after 2 s" in text
    assert leaked(text) == []


def test_a_list_or_object_step_is_shown_on_one_line_with_nothing_invisible_left_raw() -> None:
    """A list-valued step (the chunk signatures) or an object (the headers) is shown as JSON:
    JSON escapes controls itself but leaves lone surrogates, bidi overrides and NBSP raw."""
    from sigvec.runner.compare import visible

    shown = visible(["\udc80x", "\x1b[31mred", "a\nb", "\u202eevil", "nb\xa0sp"])
    assert shown == '["\\udc80x", "\\u001b[31mred", "a\\nb", "\\u202eevil", "nb\\xa0sp"]'
    assert visible({"X-Hdr": "\u202e"}) == '{"X-Hdr": "\\u202e"}'
