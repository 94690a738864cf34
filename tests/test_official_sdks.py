"""The official SDK signers through `sigvec run` (examples/official-sdks.yaml), and the README's
matrix of them (scripts/sdk_matrix.py) checked against a fresh run.

Each SDK is skipped, saying what to install, where its packages or toolchain are absent
(`bash scripts/setup.sh --sdks` installs them all)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sigvec.cli import main
from sigvec.runner.manifest import load_manifest

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "examples" / "official-sdks.yaml"
SDK_IDS = [impl.id for impl in load_manifest(MANIFEST)]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("official-sdks")
    path = folder / "report.json"
    args = ["--manifest", str(MANIFEST), "--report", str(path), "--cache-dir", str(folder / "c")]
    code = main(["run", "-q", *args])
    assert code in (0, 1), f"sigvec run exited {code}"
    return json.loads(path.read_text(encoding="utf-8"))


def sdk_result(report: dict[str, Any], sdk: str) -> dict[str, Any]:
    result = next(impl for impl in report["implementations"] if impl["id"] == sdk)
    if result["status"] == "skipped":
        pytest.skip(f"{sdk}: {result['message']}")
    return result


@pytest.mark.parametrize("sdk", SDK_IDS)
def test_sdk_runs_every_vector_or_says_why_not(report: dict[str, Any], sdk: str) -> None:
    result = sdk_result(report, sdk)
    assert result["status"] == "ran", result["message"]
    errored = [(v["tcId"], v.get("message")) for v in result["vectors"] if v["status"] == "errored"]
    assert errored == [], "an adapter must sign or skip, never error"
    unexplained = [
        v["tcId"] for v in result["vectors"] if v["status"] == "skipped" and not v.get("message")
    ]
    assert unexplained == []
    assert sum(v["status"] == "passed" for v in result["vectors"]) > 0


def test_readme_matrix_is_what_the_command_writes(report: dict[str, Any], tmp_path: Path) -> None:
    for sdk in SDK_IDS:
        sdk_result(report, sdk)  # skips the drift check unless every SDK ran
    saved = tmp_path / "report.json"
    saved.write_text(json.dumps(report), encoding="utf-8")
    check = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "sdk_matrix.py"),
            "--check",
            "--report",
            str(saved),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, (
        "README.md's SDK matrix is stale; run `python scripts/sdk_matrix.py`:\n" + check.stdout
    )
