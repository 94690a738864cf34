"""The vendor's real doc snippets, unmodified, through a manifest: seven pass, C++ fails to
build with the compiler's message, and Java's platform-charset MD5 is caught under LANG=C."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from runner_helpers import IFLYTEK_COUNT, NON_ASCII_APP_IDS

from sigvec.cli import main

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SIGVEC_SHARED", ROOT.parent / "shared"))
SNIPPETS = SHARED / "external" / "doc-snippets"
EXAMPLE = ROOT / "examples" / "doc-snippets.yaml"


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not SNIPPETS.is_dir():
        pytest.skip(f"{SNIPPETS} is absent: the vendor doc snippets are not beside this checkout")
    document = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    for entry in document["implementations"]:
        sources = entry["source"] if isinstance(entry["source"], list) else [entry["source"]]
        entry["source"] = [str(SNIPPETS / Path(s).name) for s in sources]
    path = tmp_path_factory.mktemp("doc") / "doc-snippets.yaml"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


def run(manifest: Path, cache_dir: Path, tmp_path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    report = tmp_path / "report.json"
    code = main(
        [
            "run",
            "-q",
            "--manifest",
            str(manifest),
            "--cache-dir",
            str(cache_dir),
            "--report",
            str(report),
            *extra,
        ]
    )
    return code, json.loads(report.read_text(encoding="utf-8"))


def test_doc_snippets_pass_and_cpp_build_failure_is_reported(
    manifest: Path, cache_dir: Path, tmp_path: Path
) -> None:
    code, report = run(manifest, cache_dir, tmp_path)
    assert code == 1  # the C++ snippet does not compile
    impls = {impl["id"]: impl for impl in report["implementations"]}
    for impl_id in (
        "doc-python",
        "doc-go",
        "doc-php",
        "doc-node",
        "doc-csharp",
        "doc-kotlin",
        "doc-java",
        "doc-java-md5",
    ):
        impl = impls[impl_id]
        if impl["status"] == "skipped":
            continue  # a toolchain is missing here; the message says which (CI has them all)
        assert impl["status"] == "ran", impl["message"]
        passed = {"passed": IFLYTEK_COUNT, "failed": 0, "errored": 0, "skipped": 0}
        assert impl["counts"] == passed, impl_id
    cpp = impls["doc-cpp"]
    if cpp["status"] != "skipped":
        assert cpp["status"] == "build_failed"
        assert "flytek.cpp:29" in cpp["message"]  # BIO_new(&bio): wrong argument type
        assert "'std::chrono' has not been declared" in cpp["message"].replace("‘", "'").replace(
            "’", "'"
        )


def test_java_md5_platform_charset_bug_found_under_lang_c(
    manifest: Path, cache_dir: Path, tmp_path: Path
) -> None:
    code, report = run(manifest, cache_dir, tmp_path, "--impl", "doc-java-md5", "--env-matrix")
    if report["implementations"][0]["status"] == "skipped":
        pytest.skip(report["implementations"][0]["message"])
    assert code == 1
    findings = report["environmentDependent"]
    # The vectors with a non-ASCII app id, and only those.
    assert {(f["environment"], f["tcId"]) for f in findings} == {
        ("LANG=C", tc_id) for tc_id in NON_ASCII_APP_IDS
    }
    assert {f["mistake"]["id"] for f in findings} == {"iflytek/md5-platform-charset"}
