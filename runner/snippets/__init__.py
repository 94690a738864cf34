"""Snippet drivers: run an unmodified function from a doc snippet, one call per vector.

``plan(spec, work)`` returns the :class:`~sigvec.runner.snippets.base.DriverPlan` of the
snippet's language; it raises ``ValueError`` for a snippet that cannot be driven as declared
(unknown language, a function not found or taking arguments other than strings and integers),
which the runner reports as a manifest error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import cpp, csharp, go, java, kotlin, node, php, python
from ._common import check_function_exists
from .base import DriverPlan, SnippetSpec

PlanFunction = Callable[[SnippetSpec, Path], DriverPlan]

LANGUAGES: dict[str, PlanFunction] = {
    "python": python.plan,
    "go": go.plan,
    "java": java.plan,
    "kotlin": kotlin.plan,
    "php": php.plan,
    "node": node.plan,
    "csharp": csharp.plan,
    "cpp": cpp.plan,
}


def plan(spec: SnippetSpec, work: Path) -> DriverPlan:
    try:
        language = LANGUAGES[spec.language]
    except KeyError:
        raise ValueError(
            f"{spec.id}: no snippet driver for language {spec.language!r} "
            f"(supported: {', '.join(sorted(LANGUAGES))})"
        ) from None
    check_function_exists(spec)
    return language(spec, work)
