"""The shipped ports, built with the real toolchains, pass every vector -- also under a
non-UTF-8 locale and a non-UTC time zone."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sigvec.cli import main
from sigvec.runner.cli import DEFAULT_MANIFEST
from sigvec.runner.manifest import load_manifest
from sigvec.runner.toolchains import missing
from sigvec.vectors import SCHEME_IDS, iter_tests

PORT_LANGUAGES = ("java", "kotlin", "go", "php", "node", "csharp", "cpp")
VECTOR_COUNT = sum(1 for scheme in SCHEME_IDS for _ in iter_tests(scheme))


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("build-cache")


def run_default(cache_dir: Path, tmp_path: Path, *extra: str) -> dict[str, Any]:
    report = tmp_path / "report.json"
    main(["run", "-q", "--cache-dir", str(cache_dir), "--report", str(report), *extra])
    return json.loads(report.read_text(encoding="utf-8"))


def test_default_manifest_ships_a_port_per_language() -> None:
    languages = {impl.language for impl in load_manifest(DEFAULT_MANIFEST)}
    assert set(PORT_LANGUAGES) | {"python"} <= languages


@pytest.mark.parametrize(
    "env",
    [(), ("--env", "LANG=C", "--env", "TZ=Asia/Shanghai")],
    ids=["utf8-utc", "LANG=C-Asia/Shanghai"],
)
def test_every_port_passes_every_vector(
    cache_dir: Path, tmp_path: Path, env: tuple[str, ...]
) -> None:
    report = run_default(cache_dir, tmp_path, *env)
    for impl in report["implementations"]:
        reason = missing(impl["language"])
        if reason:
            pytest.skip(f"{impl['id']}: {reason}")  # CI installs every toolchain
        failures = [v for v in impl["vectors"] if v["status"] != "passed"]
        assert impl["status"] == "ran", impl["message"]
        assert failures == [], f"{impl['id']}: {failures[:3]}"
        assert impl["counts"]["passed"] == VECTOR_COUNT


def test_warm_cache_does_no_compiling(cache_dir: Path, tmp_path: Path) -> None:
    run_default(cache_dir, tmp_path)
    report = run_default(cache_dir, tmp_path)
    built = [impl for impl in report["implementations"] if impl["build"]["cached"] is not None]
    assert built, "some port has a build step"
    assert all(impl["build"]["cached"] is True for impl in built)
