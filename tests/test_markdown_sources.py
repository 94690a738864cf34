"""Doc pages as snippet sources: fenced blocks found with their page lines, selected by number
or language, and messages that cite the page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from runner_helpers import IFLYTEK_COUNT

from sigvec.cli import main
from sigvec.runner.markdown import blocks

PAGE = """\
# Signing

Compute the signature:

```python
import base64, hashlib, hmac


def sign(ts, app_id, app_secret):
    md5 = hashlib.md5((app_id + ts).encode()).hexdigest()
    digest = hmac.new(app_secret.encode(), md5.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()
```

A shell example, not code sigvec runs:

~~~sh
curl https://example.com
~~~

An early draft, kept by mistake:

```py
def sign(ts, app_id, app_secret)
    return ""
```
"""


def test_blocks_are_found_with_their_page_lines() -> None:
    found = blocks(PAGE)
    assert [(b.number, b.info, b.language, b.first_line) for b in found] == [
        (1, "python", "python", 6),
        (2, "sh", None, 18),
        (3, "py", "python", 24),
    ]
    assert found[0].code.splitlines()[3] == "def sign(ts, app_id, app_secret):"
    assert found[0].code.splitlines()[4].startswith("    md5 = ")  # indentation kept


def _manifest(tmp_path: Path, **entry: object) -> Path:
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    base = {
        "id": "doc",
        "language": "python",
        "scheme": "iflytek",
        "source": "page.md",
        "function": "sign",
        "args": ["input.ts", "input.app_id", "input.app_secret"],
        "returns": "output.signature",
    }
    path = tmp_path / "m.yaml"
    path.write_text(json.dumps({"implementations": [base | entry]}), encoding="utf-8")
    return path


def _run(tmp_path: Path, manifest: Path) -> tuple[int, dict]:
    report = tmp_path / "r.json"
    code = main(
        [
            "run",
            "-q",
            "--manifest",
            str(manifest),
            "--cache-dir",
            str(tmp_path / "c"),
            "--report",
            str(report),
        ]
    )
    return code, json.loads(report.read_text(encoding="utf-8"))


def test_block_by_number_runs_and_a_broken_block_is_cited_by_page_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    code, report = _run(tmp_path, _manifest(tmp_path, block=1))
    assert code == 0 and report["summary"]["passed"] == IFLYTEK_COUNT
    code, report = _run(tmp_path, _manifest(tmp_path, block=3))
    assert code == 1
    impl = report["implementations"][0]
    assert impl["status"] == "build_failed"
    # The missing ':' is on the block's first line, line 24 of the page.
    assert "page.md:24: SyntaxError" in impl["message"]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"block": 9}, "page.md: block 9: the page has 3 code block(s)"),
        ({"language": "go", "source": "page.md", "function": "sign"}, "no go code block"),
    ],
)
def test_a_missing_block_is_a_one_line_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    entry: dict,
    expected: str,
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert main(["run", "-q", "--manifest", str(_manifest(tmp_path, **entry))]) == 2
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1
