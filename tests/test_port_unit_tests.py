"""The ports' own unit tests (Go's and Node's), run with the real toolchains."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from sigvec.runner.build import go_env

PORTS = Path(__file__).resolve().parents[1] / "ports"


def run_in(folder: Path, argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=folder, env=env, capture_output=True, text=True, timeout=600)


def test_go_port_unit_tests(tmp_path: Path) -> None:
    if shutil.which("go") is None:
        pytest.skip("go not found; install with: sudo apt-get install golang-go")
    env = {**os.environ, **go_env(tmp_path)}
    result = run_in(PORTS / "go", ["go", "test", "./..."], env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_node_port_unit_tests() -> None:
    if shutil.which("node") is None:
        pytest.skip("node not found; install with: sudo apt-get install nodejs")
    result = run_in(PORTS / "node", ["node", "--test", "test/"], dict(os.environ))
    assert result.returncode == 0, result.stdout + result.stderr
