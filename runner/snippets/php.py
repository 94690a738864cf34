"""PHP: ``require`` the snippet inside an output buffer that discards, then call by reflection.

Replies go through ``fwrite(STDOUT)``, which output buffering does not touch, so the buffer can
stay open for the whole run and swallow the snippet's ``echo``s at load and per call. PHP
strings are bytes: a result that is valid UTF-8 is replied as a string (S), anything else as
bytes (B), e.g. ``hash_hmac(..., true)``.
"""

from __future__ import annotations

from pathlib import Path

from ._common import copy_names, function_parts, render
from .base import DriverPlan, SnippetSpec

DRIVER = "sigvec_driver.php"


def plan(spec: SnippetSpec, work: Path) -> DriverPlan:
    function_parts(spec)
    copies = copy_names(spec, reserved=(DRIVER,))
    driver = render(
        "php_driver.php.tmpl",
        sources=_php_array(list(copies)),
        function=_php_string(spec.function),
        arg_count=str(spec.arg_count),
    )
    return DriverPlan(
        files={DRIVER: driver},
        copies=dict(copies),
        checks=[["php", "-l", name] for name in copies],
        run=["php", "-d", "display_errors=stderr", str(work / DRIVER)],
    )


def _php_string(text: str) -> str:
    """A single-quoted PHP literal (no interpolation)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _php_array(items: list[str]) -> str:
    return "[" + ", ".join(_php_string(item) for item in items) + "]"
