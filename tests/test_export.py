"""`sigvec vectors export`: flat files that, read back with the standard library, give every
vector's values exactly."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from sigvec.cli import main
from sigvec.schemes import SCHEME_IDS

VECTORS = Path(__file__).resolve().parents[1] / "vectors"
SCHEMES = SCHEME_IDS


def envelope(scheme: str, directory: Path = VECTORS) -> dict[str, Any]:
    return json.loads((directory / f"{scheme}.json").read_text(encoding="utf-8"))


def all_tests(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [test for group in document["testGroups"] for test in group["tests"]]


def export(fmt: str, out: Path, *extra: str) -> None:
    assert main(["vectors", "export", "--format", fmt, "--out", str(out), *extra]) == 0


def tree(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes() for p in directory.rglob("*") if p.is_file()
    }


def test_jsonl_gives_back_every_test(tmp_path: Path) -> None:
    export("jsonl", tmp_path)
    assert sorted(tree(tmp_path)) == ["README.txt", *sorted(f"{s}.jsonl" for s in SCHEMES)]
    for scheme in SCHEMES:
        with (tmp_path / f"{scheme}.jsonl").open(encoding="utf-8") as handle:
            lines = [json.loads(line) for line in handle]
        tests = all_tests(envelope(scheme))
        assert len(lines) == len(tests)
        for line, test in zip(lines, tests, strict=True):
            assert list(line) == ["scheme", "tcId", "flags", "input", "intermediates", "output"]
            assert line["scheme"] == scheme
            for key in ("tcId", "flags", "input", "intermediates", "output"):
                assert line[key] == test[key], (scheme, test["tcId"], key)
            assert list(line["intermediates"]) == list(test["intermediates"])  # step order


def expected_files(scheme: str) -> list[str]:
    """Every step file the export should hold, derived from the vector file itself."""
    document = envelope(scheme)
    outputs: list[str] = []
    for test in all_tests(document):
        outputs += [name for name in test["output"] if name not in outputs]
    steps = [f"intermediates.{s}" for s in document["steps"]] + [f"output.{o}" for o in outputs]
    return [f"{scheme}/{step}.csv" for step in steps]


def test_csv_per_step_gives_back_every_value(tmp_path: Path) -> None:
    export("csv-per-step", tmp_path)
    every = ["README.txt"] + [f for s in SCHEMES for f in expected_files(s)]
    assert sorted(tree(tmp_path)) == sorted(every)
    values_checked = 0
    for scheme in SCHEMES:
        tests = all_tests(envelope(scheme))
        for relative in expected_files(scheme):
            section, name = relative.split("/")[1].removesuffix(".csv").split(".", 1)
            with (tmp_path / relative).open(encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                assert next(reader) == ["tcId", "input_json", "expected"]
                rows = list(reader)
            having = [t for t in tests if name in t[section]]
            assert [int(row[0]) for row in rows] == [t["tcId"] for t in having], relative
            for (_, input_json, expected), test in zip(rows, having, strict=True):
                assert json.loads(input_json) == test["input"]
                value = test[section][name]
                assert (expected if isinstance(value, str) else json.loads(expected)) == value
                values_checked += 1
    assert values_checked > 1000


def test_csv_keeps_line_breaks_and_quotes_inside_values(tmp_path: Path) -> None:
    export("csv-per-step", tmp_path)
    canonical = all_tests(envelope("aws-sigv4"))[0]["intermediates"]["canonical_request"]
    assert "\n" in canonical
    with (tmp_path / "aws-sigv4" / "intermediates.canonical_request.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["expected"] == canonical
    assert (
        (tmp_path / "aws-sigv4" / "intermediates.canonical_request.csv")
        .read_bytes()
        .startswith(b"tcId,input_json,expected\r\n")
    )


def test_readmes_document_the_files(tmp_path: Path) -> None:
    export("csv-per-step", tmp_path / "csv")
    export("jsonl", tmp_path / "jsonl")
    csv_readme = (tmp_path / "csv" / "README.txt").read_text(encoding="utf-8")
    for column in ("tcId", "input_json", "expected"):
        assert f"  {column} " in csv_readme
    assert "output.headers.csv  (expected: JSON)" in csv_readme
    assert "intermediates.canonical_request.csv  (expected: string)" in csv_readme
    jsonl_readme = (tmp_path / "jsonl" / "README.txt").read_text(encoding="utf-8")
    for field in ("scheme", "tcId", "flags", "input", "intermediates", "output"):
        assert f"  {field} " in jsonl_readme


@pytest.mark.parametrize("fmt", ["jsonl", "csv-per-step"])
def test_export_is_deterministic_and_leaves_no_temporary_files(tmp_path: Path, fmt: str) -> None:
    export(fmt, tmp_path / "a")
    export(fmt, tmp_path / "b")
    export(fmt, tmp_path / "b")  # over an earlier export
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert not [p for p in (tmp_path / "b").rglob("*") if p.name.endswith(".tmp")]


def test_line_separators_in_values_stay_on_one_line(tmp_path: Path) -> None:
    source = tmp_path / "vectors"
    source.mkdir()
    for scheme in SCHEMES:
        shutil.copy(VECTORS / f"{scheme}.json", source)
    document = envelope("iflytek")
    odd = "app\u2028id\x85\u2029"
    all_tests(document)[0]["input"]["app_id"] = odd
    (source / "iflytek.json").write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    export("jsonl", tmp_path / "out", "--dir", str(source))
    text = (tmp_path / "out" / "iflytek.jsonl").read_text(encoding="utf-8")
    assert len(text.splitlines()) == len(all_tests(document))  # splitlines breaks on all three
    assert json.loads(text.splitlines()[0])["input"]["app_id"] == odd


def test_bad_directories_are_one_line_errors(tmp_path: Path, capsys) -> None:
    code = main(["vectors", "export", "--format", "jsonl", "--out", str(tmp_path / "o")]
                + ["--dir", str(tmp_path / "nowhere")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and err == f"sigvec: error: --dir {tmp_path / 'nowhere'}: not a directory\n"

    a_file = tmp_path / "file"
    a_file.write_text("x", encoding="utf-8")
    code = main(["vectors", "export", "--format", "jsonl", "--out", str(a_file)])
    err = capsys.readouterr().err
    assert code == 2 and err == f"sigvec: error: --out {a_file}: not a directory\n"

    empty = tmp_path / "empty"
    empty.mkdir()
    code = main(["vectors", "export", "--format", "jsonl", "--out", str(tmp_path / "o")]
                + ["--dir", str(empty)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "aws-sigv4.json: vector file not found" in err and err.count("\n") == 1
