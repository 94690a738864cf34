"""Shared fixtures for the test suite."""

from __future__ import annotations

from pathlib import Path

import pytest
from aws_suite import SHARED_ENV, shared_root, suite_root


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The external ``shared`` directory (``$SIGVEC_SHARED`` or ``<repo>/../shared``); tests that
    use it are skipped, with the reason, where it is absent."""
    root = shared_root()
    if not root.is_dir():
        pytest.skip(f"{root} is absent (set {SHARED_ENV} to the shared directory to run this)")
    return root


@pytest.fixture(scope="session")
def aws_suite_dir(shared_dir: Path) -> Path:
    """The AWS SigV4 signing test suite's ``v4`` directory, or a clean skip naming it."""
    root = suite_root(shared_dir)
    if not root.is_dir():
        pytest.skip(f"the AWS signing test suite is absent: {root} does not exist")
    return root
