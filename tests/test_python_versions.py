"""The Python-only tests pass on every CPython the package supports (3.10 up) that the machine has.

``scripts/setup.sh --test`` makes one virtualenv per other interpreter it finds under
``.venvs/pyX.Y`` (sigvec editable, test extras); each runs the tests that need no other
language's toolchain. The interpreter running this suite is covered by the suite itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SUPPORTED = ("3.10", "3.11", "3.12", "3.13")
# Reference, vectors, CLI, explain, export and the runner driving Python implementations.
PYTHON_ONLY_TESTS = (
    "tests/test_vectors.py",
    "tests/test_official_examples.py",
    "tests/test_aws_suite.py",
    "tests/test_cli.py",
    "tests/test_explain.py",
    "tests/test_export.py",
    "tests/test_runner.py",
    "tests/test_hardening.py",
)


@pytest.mark.parametrize("version", SUPPORTED)
def test_python_only_suite_passes_on(version: str) -> None:
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    if version == running:
        pytest.skip(f"Python {version} runs this whole suite")
    python = ROOT / ".venvs" / f"py{version}" / "bin" / "python"
    if not python.exists():
        pytest.skip(
            f"no Python {version} environment at {python.parent.parent} "
            "(scripts/setup.sh --test makes one where pyenv or PATH has python{version})"
        )
    result = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *PYTHON_ONLY_TESTS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
