"""`sigvec report` (Markdown, HTML, JUnit, badges) and `sigvec diff`, from reports that
`sigvec run` saved for tiny manifests: the reference, one with upper-case MD5 hex, one that
errors once (tests/impls/misbehaving.py)."""

from __future__ import annotations

import copy
import json
import re
import shlex
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from sigvec.cli import build_parser, main
from sigvec.runner.formats.html import render_html
from sigvec.runner.formats.markdown import render_markdown

IMPLS = Path(__file__).resolve().parent / "impls"
VECTORS = Path(__file__).resolve().parents[1] / "vectors"
CHROMIUM = Path("/usr/bin/chromium")


def vector_file(scheme: str) -> list[dict[str, Any]]:
    """The tests of a scheme, read with json only (the expected values' source)."""
    document = json.loads((VECTORS / f"{scheme}.json").read_text(encoding="utf-8"))
    return [test for group in document["testGroups"] for test in group["tests"]]


IFLYTEK = vector_file("iflytek")
ALIYUN = vector_file("aliyun-rpc")
# uppercase-md5 breaks every iflytek vector whose MD5 hex has a letter in it
BROKEN_IFLYTEK = [
    t for t in IFLYTEK if t["intermediates"]["md5_hex"].upper() != t["intermediates"]["md5_hex"]
]
# misbehaving.py errors on its third run request: the third iflytek vector in file order
ERRORED_TCID = IFLYTEK[2]["tcId"]


def reference(impl_id: str, schemes: list[str]) -> dict[str, Any]:
    return {
        "id": impl_id,
        "language": "python",
        "run": [sys.executable, "-m", "sigvec.runner.reference_impl"],
        "schemes": schemes,
    }


def misbehaving(impl_id: str, mode: str, schemes: list[str]) -> dict[str, Any]:
    return {
        "id": impl_id,
        "language": "python",
        "run": [sys.executable, str(IMPLS / "misbehaving.py"), mode],
        "schemes": schemes,
    }


def saved_run(directory: Path, entries: list[dict[str, Any]]) -> tuple[int, Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    manifest = directory / "impls.yaml"
    manifest.write_text(json.dumps({"implementations": entries}), encoding="utf-8")
    report, junit = directory / "out.json", directory / "out.xml"
    code = main(
        ["run", "--manifest", str(manifest), "--report", str(report), "--junit", str(junit)]
        + ["--cache-dir", str(directory / "cache"), "-q"]
    )
    return code, report, junit


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("formats")
    code, new, junit = saved_run(
        base / "new",
        [
            reference("reference-py", ["iflytek", "aliyun-rpc"]),
            misbehaving("broken-md5", "uppercase-md5", ["iflytek", "aliyun-rpc"]),
            misbehaving("flaky", "errored", ["iflytek"]),
        ],
    )
    assert code == 1
    code, old, _ = saved_run(
        base / "old",
        [
            reference("reference-py", ["iflytek", "aliyun-rpc"]),
            reference("broken-md5", ["iflytek", "aliyun-rpc"]),  # not broken yet
            reference("retired", ["iflytek"]),
        ],
    )
    assert code == 0
    return {"report": new, "junit": junit, "old": old, "base": base}


def report_output(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- Markdown ---------------------------------------------------------------------------------


def split_row(line: str) -> list[str]:
    assert line.startswith("|") and line.endswith("|"), line
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line[1:-1])]


def markdown_tables(text: str) -> list[list[list[str]]]:
    """Every table (runs of lines starting with '|'), checked well formed: a header, a
    separator row, every row with the header's column count."""
    tables, current = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    parsed = []
    for lines in tables:
        rows = [split_row(line) for line in lines]
        assert len(rows) >= 2
        assert all(re.fullmatch(r":?-{3,}:?", cell) for cell in rows[1]), lines[1]
        assert {len(row) for row in rows} == {len(rows[0])}, lines
        parsed.append([rows[0], *rows[2:]])
    return parsed


def test_markdown_matrix_and_failures(runs: dict[str, Path], capsys) -> None:
    code, out, _ = report_output(capsys, str(runs["report"]), "--format", "markdown")
    assert code == 0
    matrix, failures = markdown_tables(out)
    assert matrix[0] == ["implementation", "language", "aliyun-rpc", "iflytek", "status"]
    rows = {row[0]: row for row in matrix[1:]}
    assert rows["reference-py"][2:] == [f"✅ {len(ALIYUN)}/0/0/0", f"✅ {len(IFLYTEK)}/0/0/0", "ok"]
    broken_cell = f"❌ {len(IFLYTEK) - len(BROKEN_IFLYTEK)}/{len(BROKEN_IFLYTEK)}/0/0"
    assert rows["broken-md5"][2:] == [f"✅ {len(ALIYUN)}/0/0/0", broken_cell, "FAIL"]
    assert rows["flaky"][2:] == ["-", f"⚠️ {len(IFLYTEK) - 1}/0/1/0", "FAIL"]

    header, *body = failures
    assert header == [
        "implementation",
        "scheme",
        "tcId",
        "status",
        "first differing step",
        "mistake",
    ]
    failed = [row for row in body if row[0] == "broken-md5"]
    assert [int(row[2]) for row in failed] == [t["tcId"] for t in BROKEN_IFLYTEK]
    for row in failed:
        assert row[3:] == ["failed", "`intermediates.md5_hex`", "`iflytek/md5-uppercase-hex`"]
    errored = [row for row in body if row[0] == "flaky"]
    assert [(row[2], row[3]) for row in errored] == [(str(ERRORED_TCID), "errored")]
    assert "NullPointerException" in errored[0][4]
    assert out.startswith("## sigvec ❌ ")


def test_markdown_cells_cannot_break_the_table(runs: dict[str, Path]) -> None:
    report = json.loads(runs["report"].read_text(encoding="utf-8"))
    flaky = next(i for i in report["implementations"] if i["id"] == "flaky")
    bad = next(v for v in flaky["vectors"] if v["status"] == "errored")
    bad["message"] = "a | b <img src=x> `tick` & *star*\nsecond line"
    text = render_markdown(report)
    failures = markdown_tables(text)[1]
    row = next(r for r in failures if r[0] == "flaky")
    assert row[4] == r"a \| b \<img src=x\> \`tick\` &amp; \*star\*"
    assert re.search(r"(?<!\\)<img", text) is None  # only ever escaped


def test_markdown_says_a_crash_once(runs: dict[str, Path]) -> None:
    report = json.loads(runs["report"].read_text(encoding="utf-8"))
    flaky = next(i for i in report["implementations"] if i["id"] == "flaky")
    flaky.update(status="crashed", message="implementation exited (code 3)")
    later = flaky["vectors"][3:]  # after the errored third one
    for vector in later:
        vector.update(status="errored", message="not run: implementation exited (code 3)")
    text = render_markdown(report)
    assert (
        f"- **flaky**: crashed: implementation exited (code 3) ({len(later)} vectors not run)"
        in text
    )
    failures = markdown_tables(text)[1]
    assert [row[2] for row in failures if row[0] == "flaky"] == [str(ERRORED_TCID)]


# --- HTML -------------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source"}


class StrictParser(HTMLParser):
    """Balanced tags, the text, and the matrix cells' classes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.cells: dict[str, list[str]] = {}  # row header -> td classes
        self.row: list[str] | None = None
        self.in_row_header = False
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)
        if tag == "tr":
            self.row = []
        if tag == "td" and self.row is not None:
            self.row.append(dict(attrs).get("class") or "")
        self.in_row_header = tag == "th" and dict(attrs).get("scope") == "row"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in VOID, f"self-closing <{tag}/>"
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert tag not in VOID, f"</{tag}>"
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()
        self.in_row_header = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.in_row_header and self.row is not None:
            self.cells[data] = self.row

    def close(self) -> None:
        super().close()
        assert not self.stack, f"unclosed: {self.stack}"


def parse_html(text: str) -> StrictParser:
    assert text.startswith("<!DOCTYPE html>")
    parser = StrictParser()
    parser.feed(text)
    parser.close()
    return parser


def test_html_is_one_balanced_self_contained_page(runs: dict[str, Path], capsys) -> None:
    out_file = runs["base"] / "page" / "report.html"
    code, out, _ = report_output(
        capsys, str(runs["report"]), "--format", "html", "--out", str(out_file)
    )
    assert code == 0 and out.strip() == f"wrote {out_file}"
    page = out_file.read_text(encoding="utf-8")
    parser = parse_html(page)
    for tag, attrs in parser.tags:  # nothing fetched from anywhere
        assert tag not in ("link", "img", "iframe"), tag
        assert "src" not in attrs, (tag, attrs)
        assert not (attrs.get("href") or "#").lstrip().startswith(("http", "//")), attrs
    cells = {
        name: [c.split()[-1] for c in row if "cell" in c] for name, row in parser.cells.items()
    }
    assert cells == {
        "reference-py": ["passed", "passed"],
        "broken-md5": ["passed", "failed"],
        "flaky": ["none", "errored"],
    }
    text = "".join(parser.text)
    first = BROKEN_IFLYTEK[0]["intermediates"]["md5_hex"]
    assert f"expected: {first}" in text
    assert f"actual:   {first.upper()}" in text
    if BROKEN_IFLYTEK[0]["tcId"] == 1:  # 90522511834abbfd...: the first letter is character 12
        assert "^ first difference at column 12" in text
    assert "known mistake iflytek/md5-uppercase-hex" in text
    assert text.count("first differing step: intermediates.md5_hex") == len(BROKEN_IFLYTEK)
    assert "NullPointerException" in text


def test_html_escapes_every_value(runs: dict[str, Path]) -> None:
    report = json.loads(runs["report"].read_text(encoding="utf-8"))
    broken = next(i for i in report["implementations"] if i["id"] == "broken-md5")
    vector = next(v for v in broken["vectors"] if v["status"] == "failed")
    hostile = "<script>alert(\"x\")</script> & 'q' </pre>"
    vector["expected"] = hostile
    vector["actual"] = hostile + "!"
    vector["comment"] = '<b>bold</b> & "quoted"'
    broken["id"] = 'id"><i>'
    page = render_html(report)
    parser = parse_html(page)
    assert "<script>alert" not in page and "<b>bold" not in page and "<i>" not in page
    text = "".join(parser.text)
    assert f"expected: {hostile}" in text
    assert '<b>bold</b> & "quoted"' in text
    assert 'id"><i>' in text


def png_rows(path: Path, limit: int) -> list[bytes]:
    """The first ``limit`` rows of an 8-bit RGB or RGBA PNG, unfiltered (stdlib only)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(min(limit, height)):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                corner = previous[i - bpp] if i >= bpp else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + best) & 0xFF
        rows.append(
            bytes(line if bpp == 3 else b"".join(line[i : i + 3] for i in range(0, stride, 4)))
        )
        previous = line
    return rows


def colours(rows: list[bytes]) -> set[bytes]:
    return {row[i : i + 3] for row in rows for i in range(0, len(row), 3)}


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)")
def test_html_renders_in_headless_chromium(runs: dict[str, Path], tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    assert main(["report", str(runs["report"]), "--format", "html", "--out", str(page)]) == 0
    shot = tmp_path / "shot.png"
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={shot}", "--window-size=1200,900", page.as_uri(),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert shot.exists(), result.stderr[-2000:]
    assert shot.stat().st_size > 10_000  # a blank 1200x900 page compresses to far less
    seen = colours(png_rows(shot, 260))  # the heading and the matrix
    assert len(seen) > 20
    # the matrix cells' backgrounds, as the stylesheet gives them
    assert bytes.fromhex("dafbe1") in seen  # passed
    assert bytes.fromhex("ffebe9") in seen  # failed
    assert bytes.fromhex("fff1e5") in seen  # errored


# --- JUnit, badges ----------------------------------------------------------------------------


def test_junit_matches_the_run_and_parses(runs: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "junit.xml"
    assert main(["report", str(runs["report"]), "--format", "junit", "--out", str(target)]) == 0
    assert target.read_bytes() == runs["junit"].read_bytes()  # same as sigvec run --junit
    root = ET.parse(target).getroot()
    suites = {suite.get("name"): suite for suite in root}
    assert list(suites) == ["reference-py", "broken-md5", "flaky"]
    broken = suites["broken-md5"]
    assert broken.get("tests") == str(len(IFLYTEK) + len(ALIYUN))
    assert broken.get("failures") == str(len(BROKEN_IFLYTEK))
    failures = broken.findall("testcase/failure")
    assert {f.get("message") for f in failures} == {
        "first differing step: intermediates.md5_hex; likely mistake iflytek/md5-uppercase-hex"
    }
    assert suites["flaky"].get("errors") == "1"
    errored = [c for c in suites["flaky"] if c.find("error") is not None]
    assert [c.get("name") for c in errored] == [f"iflytek::tc{ERRORED_TCID}"]


def test_badges_one_file_per_implementation(runs: dict[str, Path], tmp_path: Path, capsys) -> None:
    out = tmp_path / "badges"
    code, stdout, _ = report_output(
        capsys, str(runs["report"]), "--format", "badge", "--out", str(out)
    )
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "broken-md5.json",
        "flaky.json",
        "reference-py.json",
    ]
    badges = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in out.iterdir()}
    total = len(IFLYTEK) + len(ALIYUN)
    assert badges["reference-py"] == {
        "schemaVersion": 1,
        "label": "reference-py",
        "message": f"{total}/{total} passing",
        "color": "brightgreen",
    }
    assert badges["broken-md5"]["message"] == f"{total - len(BROKEN_IFLYTEK)}/{total} passing"
    assert badges["broken-md5"]["color"] == "red"
    assert badges["flaky"]["message"] == f"{len(IFLYTEK) - 1}/{len(IFLYTEK)} passing"
    assert stdout.count("wrote ") == 3


def test_badge_needs_a_directory(runs: dict[str, Path], capsys) -> None:
    code, _, err = report_output(capsys, str(runs["report"]), "--format", "badge")
    assert code == 2
    assert (
        err.strip()
        == "sigvec: error: --format badge writes one file per implementation: give --out DIR"
    )


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "cannot read"),
        ("{not json", "not JSON"),
        ('{"tests": []}', "not a sigvec report"),
    ],
)
def test_bad_report_is_one_line(tmp_path: Path, capsys, content: str | None, expected: str) -> None:
    path = tmp_path / "out.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = report_output(capsys, str(path))
    assert code == 2 and out == ""
    assert err.startswith(f"sigvec: error: {path}: ") and expected in err
    assert err.count("\n") == 1


def test_report_breaking_the_schema_names_the_field(
    runs: dict[str, Path], tmp_path: Path, capsys
) -> None:
    report = json.loads(runs["report"].read_text(encoding="utf-8"))
    del report["implementations"][1]["counts"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    code, _, err = report_output(capsys, str(path), "--format", "html")
    assert code == 2
    assert err == f"sigvec: error: {path}: implementations.1.counts: is required\n"


def test_report_under_a_c_locale_writes_utf8(runs: dict[str, Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sigvec", "report", str(runs["report"])],
        capture_output=True,
        env={"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "✅".encode() in result.stdout


# --- diff -------------------------------------------------------------------------------------


def test_diff_finds_the_regression(runs: dict[str, Path], capsys) -> None:
    code = main(["diff", str(runs["old"]), str(runs["report"]), "--json"])
    diff = json.loads(capsys.readouterr().out)
    assert code == 1 and diff["regression"] is True
    assert [(c["implementation"], c["scheme"], c["tcId"]) for c in diff["newlyFailing"]] == [
        ("broken-md5", "iflytek", t["tcId"])
        for t in sorted(BROKEN_IFLYTEK, key=lambda t: t["tcId"])
    ]
    assert {(c["old"], c["new"], c["step"]) for c in diff["newlyFailing"]} == {
        ("passed", "failed", "intermediates.md5_hex")
    }
    assert diff["newlyPassing"] == [] and diff["otherChanges"] == []
    assert [i["id"] for i in diff["implementationsAdded"]] == ["flaky"]
    assert [i["id"] for i in diff["implementationsRemoved"]] == ["retired"]

    code = main(["diff", str(runs["old"]), str(runs["report"])])
    text = capsys.readouterr().out
    assert code == 1
    assert f"newly failing ({len(BROKEN_IFLYTEK)}):" in text
    first = BROKEN_IFLYTEK[0]["tcId"]
    assert f"  broken-md5  iflytek  tcId {first}: passed -> failed (intermediates.md5_hex)" in text
    assert "implementations removed (1):\n  retired (python, ran)" in text


def test_diff_the_other_way_is_a_fix(runs: dict[str, Path], capsys) -> None:
    code = main(["diff", str(runs["report"]), str(runs["old"]), "--json"])
    diff = json.loads(capsys.readouterr().out)
    assert code == 0 and diff["regression"] is False
    assert len(diff["newlyPassing"]) == len(BROKEN_IFLYTEK) and diff["newlyFailing"] == []
    assert [i["id"] for i in diff["implementationsAdded"]] == ["retired"]


def test_diff_other_changes(runs: dict[str, Path], tmp_path: Path, capsys) -> None:
    before = json.loads(runs["report"].read_text(encoding="utf-8"))
    after = copy.deepcopy(before)
    broken = next(i for i in after["implementations"] if i["id"] == "broken-md5")
    failed = next(v for v in broken["vectors"] if v["status"] == "failed")
    failed.update(status="errored", message="timed out after 60 s")
    for key in ("step", "expected", "actual", "laterSteps", "mistake"):
        failed.pop(key)
    dropped = next(v for v in broken["vectors"] if v["scheme"] == "aliyun-rpc")
    broken["vectors"].remove(dropped)
    old, new = tmp_path / "before.json", tmp_path / "after.json"
    old.write_text(json.dumps(before), encoding="utf-8")
    new.write_text(json.dumps(after), encoding="utf-8")
    code = main(["diff", str(old), str(new), "--json"])
    diff = json.loads(capsys.readouterr().out)
    assert code == 0  # failed -> errored and a vector no longer run are not regressions
    assert diff["otherChanges"] == sorted(
        [
            {"implementation": "broken-md5", "scheme": "iflytek", "tcId": failed["tcId"],
             "old": "failed", "new": "errored"},
            {"implementation": "broken-md5", "scheme": "aliyun-rpc", "tcId": dropped["tcId"],
             "old": "passed", "new": None},
        ],
        key=lambda c: (c["scheme"], c["tcId"]),
    )  # fmt: skip
    assert diff["newlyFailing"] == diff["newlyPassing"] == []


def test_diff_newly_errored_is_a_regression(runs: dict[str, Path], tmp_path: Path, capsys) -> None:
    before = json.loads(runs["report"].read_text(encoding="utf-8"))
    after = copy.deepcopy(before)
    good = next(i for i in after["implementations"] if i["id"] == "reference-py")
    vector = good["vectors"][0]
    vector.update(status="errored", message="crashed", comment="")
    old, new = tmp_path / "before.json", tmp_path / "after.json"
    old.write_text(json.dumps(before), encoding="utf-8")
    new.write_text(json.dumps(after), encoding="utf-8")
    code = main(["diff", str(old), str(new), "--json"])
    diff = json.loads(capsys.readouterr().out)
    assert code == 1
    assert diff["newlyFailing"] == [
        {"implementation": "reference-py", "scheme": vector["scheme"], "tcId": vector["tcId"],
         "old": "passed", "new": "errored"}
    ]  # fmt: skip


def test_diff_needs_two_reports(runs: dict[str, Path], tmp_path: Path, capsys) -> None:
    code = main(["diff", str(runs["report"]), str(tmp_path / "missing.json")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith(f"sigvec: error: {tmp_path / 'missing.json'}: cannot read")


# --- the CI recipe ----------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[1] / "docs"


def sigvec_commands(text: str) -> list[list[str]]:
    """Every `sigvec ...` command line in a shell text, without redirections and pipes."""
    commands = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("sigvec ") or "--help" in line:
            continue
        line = re.split(r">>|\||>|&&", line)[0]
        commands.append(shlex.split(line, comments=True)[1:])
    return commands


def apt_packages(text: str) -> set[str]:
    """The packages after `--no-install-recommends`, over backslash-continued lines."""
    block = text.split("--no-install-recommends", 1)[1]
    lines = []
    for line in block.splitlines():
        lines.append(line)
        if not line.rstrip().endswith("\\"):
            break
    return set(" ".join(lines).replace("\\", " ").split())


def test_ci_docs_use_real_commands_and_setup_sh_packages() -> None:
    workflow_text = (DOCS / "github-workflow-example.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(workflow_text)
    runs = [
        step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step
    ]
    recipe = (DOCS / "ci.md").read_text(encoding="utf-8")
    commands = sigvec_commands("\n".join(runs)) + sigvec_commands(recipe)
    verbs = {command[0] for command in commands}
    assert {"run", "report", "diff", "vectors"} <= verbs
    parser = build_parser()
    for command in commands:
        parser.parse_args(command)  # argparse exits (failing the test) on an unknown option

    setup = (Path(__file__).resolve().parents[1] / "scripts" / "setup.sh").read_text("utf-8")
    listed = re.search(r"APT_PACKAGES=\((.*?)\)", setup, re.S)
    assert listed is not None
    packages = set(listed.group(1).split())
    assert apt_packages("\n".join(runs)) == packages
    assert apt_packages(recipe) == packages
