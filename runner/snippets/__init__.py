"""Snippet drivers: run an unmodified function from a doc snippet, one call per vector.

``plan(spec, work)`` returns the :class:`~sigvec.runner.snippets.base.DriverPlan` of the
snippet's language; it raises ``ValueError`` for a snippet that cannot be driven as declared
(unknown language, a function not found or taking arguments other than strings and integers),
which the runner reports as a manifest error.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from sigvec.schemes import LANGUAGE_IDS

from ._common import check_function_exists
from .base import DriverPlan, SnippetSpec


def plan(spec: SnippetSpec, work: Path) -> DriverPlan:
    """Each language of the registry (``sigvec.schemes``) has its driver module here, named
    after it, with a ``plan`` function."""
    if spec.language not in LANGUAGE_IDS:
        raise ValueError(
            f"{spec.id}: no snippet driver for language {spec.language!r} "
            f"(supported: {', '.join(sorted(LANGUAGE_IDS))})"
        )
    driver = importlib.import_module(f"{__name__}.{spec.language}")
    check_function_exists(spec)
    result: DriverPlan = driver.plan(spec, work)
    return result
