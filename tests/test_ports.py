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


def run_default(cache_dir: Path, tmp_path: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    """``sigvec run`` over the default manifest, every message checked against the protocol's
    schemas: (exit code, JSON report)."""
    report = tmp_path / "report.json"
    argv = ["run", "-q", "--strict-protocol", "--cache-dir", str(cache_dir), "--report"]
    code = main([*argv, str(report), *extra])
    return code, json.loads(report.read_text(encoding="utf-8"))


def test_default_manifest_ships_a_port_per_language() -> None:
    languages = {impl.language for impl in load_manifest(DEFAULT_MANIFEST)}
    assert set(PORT_LANGUAGES) | {"python"} <= languages


ENVIRONMENTS = {
    "utf8": (),
    "LANG=C-Asia/Shanghai": ("--env", "LANG=C", "--env", "TZ=Asia/Shanghai"),
}


@pytest.fixture(scope="module")
def default_runs(
    cache_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[int, dict[str, Any]]]:
    """One run of the whole default matrix per environment, shared by the per-port tests."""
    return {
        name: run_default(cache_dir, tmp_path_factory.mktemp(f"run-{index}"), *env)
        for index, (name, env) in enumerate(ENVIRONMENTS.items())
    }


@pytest.mark.parametrize("env", ENVIRONMENTS)
@pytest.mark.parametrize("language", ("python", *PORT_LANGUAGES))
def test_every_port_passes_every_vector(
    default_runs: dict[str, tuple[int, dict[str, Any]]], env: str, language: str
) -> None:
    code, report = default_runs[env]
    impls = [impl for impl in report["implementations"] if impl["language"] == language]
    assert impls, f"the default manifest has no {language} implementation"
    reason = missing(language)
    if reason:
        pytest.skip(f"{language}: {reason}")  # CI installs every toolchain
    for impl in impls:
        failures = [v for v in impl["vectors"] if v["status"] != "passed"]
        assert impl["status"] == "ran", impl["message"]
        assert failures == [], f"{impl['id']}: {failures[:3]}"
        assert impl["counts"]["passed"] == VECTOR_COUNT


@pytest.mark.parametrize("env", ENVIRONMENTS)
def test_the_default_run_exits_zero_when_every_toolchain_is_there(
    default_runs: dict[str, tuple[int, dict[str, Any]]], env: str
) -> None:
    code, report = default_runs[env]
    absent = sorted({i["language"] for i in report["implementations"] if missing(i["language"])})
    if absent:
        pytest.skip(f"toolchains absent: {', '.join(absent)}")
    assert code == 0


def test_warm_cache_does_no_compiling(cache_dir: Path, tmp_path: Path) -> None:
    run_default(cache_dir, tmp_path)
    _, report = run_default(cache_dir, tmp_path)
    built = [impl for impl in report["implementations"] if impl["build"]["cached"] is not None]
    assert built, "some port has a build step"
    assert all(impl["build"]["cached"] is True for impl in built)
