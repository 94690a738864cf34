"""The official SDK signers through `sigvec run` (examples/official-sdks.yaml), and the README's
matrix of them (scripts/sdk_matrix.py) checked against a fresh run.

Each SDK is skipped, saying what to install, where its packages or toolchain are absent
(`bash scripts/setup.sh --sdks` installs them all)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sigvec.cli import main
from sigvec.fileio import load_yaml
from sigvec.runner.manifest import load_manifest

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "examples" / "official-sdks.yaml"
KNOWN_ISSUES = ROOT / "examples" / "official-sdks" / "known-issues.yaml"
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


@pytest.mark.parametrize("sdk", SDK_IDS)
def test_every_disagreement_is_a_classified_catalogued_mistake(
    report: dict[str, Any], sdk: str
) -> None:
    """Zero failures on what an SDK signs correctly: each vector it fails is named by a
    catalogued mistake (the runner reproduces the SDK's wrong value with it), and that mistake
    is classified for this SDK in known-issues.yaml."""
    known = load_yaml(KNOWN_ISSUES.read_text(encoding="utf-8"))
    unexplained = []
    for vector in sdk_result(report, sdk)["vectors"]:
        if vector["status"] != "failed":
            continue
        mistake = (vector.get("mistake") or {}).get("id")
        if mistake is None or sdk not in known.get(mistake, {}):
            unexplained.append((vector["scheme"], vector["tcId"], vector.get("step"), mistake))
    assert unexplained == []


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


def _matrix_script() -> Any:
    spec = importlib.util.spec_from_file_location("sdk_matrix", ROOT / "scripts" / "sdk_matrix.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_matrix_groups_disagreements_by_mistake_and_skips_by_reason() -> None:
    """On a hand-made report (no SDK needed): counts per scheme, one row per (SDK, mistake) with
    its class and issue, skip reasons with their tcIds, table text escaped."""
    vector = {"scheme": "aws-sigv4", "comment": ""}
    report = {
        "implementations": [
            {
                "id": "some|sdk",
                "language": "node",
                "status": "ran",
                "info": {"version": "1.2.3"},
                "countsByScheme": {"aws-sigv4": {"passed": 1, "failed": 2, "skipped": 2}},
                "vectors": [
                    {**vector, "tcId": 1, "status": "passed"},
                    {**vector, "tcId": 9, "status": "failed", "step": "intermediates.x",
                     "mistake": {"id": "aws-sigv4/m"}},
                    {**vector, "tcId": 4, "status": "failed", "step": "intermediates.x",
                     "mistake": {"id": "aws-sigv4/m"}},
                    {**vector, "tcId": 7, "status": "skipped", "message": "cannot say <b>"},
                    {**vector, "tcId": 3, "status": "skipped", "message": "cannot say <b>"},
                ],
            }
        ]
    }  # fmt: skip
    known = {"aws-sigv4/m": {"some|sdk": {"class": "bug", "issue": "https://example.org/1"}}}
    section = _matrix_script().render(report, known)
    assert "| some\\|sdk | 1.2.3 | node | aws-sigv4 | 1 | 2 | 2 |" in section
    row = "| some\\|sdk | SDK bug | `aws-sigv4/m` | 4, 9 | `intermediates.x` | <https://example.org/1>"
    assert row in section
    assert "  - cannot say \\<b\\> (2: 3, 7)" in section
