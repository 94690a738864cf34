"""Shared by the runner tests: manifests of deliberately misbehaving implementations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema

from sigvec.cli import main
from sigvec.runner import cli as runner_cli
from sigvec.vectors import iter_tests

IMPLS = Path(__file__).resolve().parent / "impls"
# The iflytek file, which most runner tests run: how many vectors, which have a non-ASCII app id.
IFLYTEK_COUNT = sum(1 for _ in iter_tests("iflytek"))
NON_ASCII_APP_IDS = sorted(
    t["tcId"] for t in iter_tests("iflytek") if "NonAsciiAppId" in t["flags"]
)
REPORT_SCHEMA = json.loads(
    (Path(runner_cli.__file__).parent / "schema" / "report.schema.json").read_text("utf-8")
)


def write_manifest(directory: Path, entries: list[dict[str, Any]]) -> Path:
    path = directory / "impls.yaml"
    path.write_text(json.dumps({"implementations": entries}), encoding="utf-8")  # JSON is YAML
    return path


def misbehaving(mode: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": mode,
        "language": "python",
        "run": [sys.executable, str(IMPLS / "misbehaving.py"), mode],
        "schemes": ["iflytek"],
        **extra,
    }


def run_argv(tmp_path: Path, entries: list[dict[str, Any]], *args: str) -> list[str]:
    """The command line of ``sigvec run -q`` in a process of its own, on a manifest of
    ``entries``, with a build cache in ``tmp_path``."""
    manifest = write_manifest(tmp_path, entries)
    return [
        *SIGVEC,
        "run",
        "-q",
        "--manifest",
        str(manifest),
        "--cache-dir",
        str(tmp_path / "c"),
        *args,
    ]


SIGVEC = [sys.executable, "-m", "sigvec"]


def sigvec_process(
    *args: str, stdin: bytes | str = b"", env: dict[str, str] | None = None, **options: Any
) -> subprocess.CompletedProcess[Any]:
    """``sigvec ARGS`` in a process of its own (its exit, its real standard streams)."""
    options.setdefault("capture_output", "stdout" not in options)
    return subprocess.run(
        [*SIGVEC, *args],
        input=stdin,
        env={**os.environ, **(env or {})},
        timeout=120,
        text=isinstance(stdin, str),
        **options,
    )


def run_code(tmp_path: Path, entries: list[dict[str, Any]], *args: str) -> int:
    """``sigvec run -q`` on a manifest of ``entries``, with a build cache in ``tmp_path``."""
    manifest = write_manifest(tmp_path, entries)
    return main(
        ["run", "-q", "--manifest", str(manifest), "--cache-dir", str(tmp_path / "cache"), *args]
    )


def run(tmp_path: Path, entries: list[dict[str, Any]], *args: str) -> tuple[int, dict[str, Any]]:
    """``run_code`` with a JSON report, returned after validation against its schema."""
    report = tmp_path / "report.json"
    code = run_code(tmp_path, entries, "--report", str(report), *args)
    document = json.loads(report.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(REPORT_SCHEMA).validate(document)
    return code, document


def vectors_of(report: dict[str, Any], impl: int = 0) -> dict[int, dict[str, Any]]:
    return {v["tcId"]: v for v in report["implementations"][impl]["vectors"]}
