"""Python: import the snippet file by path (stdout swallowed) and call the named function."""

from __future__ import annotations

import sys
from pathlib import Path

from ._common import copy_names, function_parts, render
from .base import DriverPlan, SnippetSpec

DRIVER = "sigvec_driver.py"
SOURCE_DIR = "snippet"  # appended to sys.path, so a snippet named hmac.py cannot shadow hmac

_SYNTAX_CHECK = """
import sys
for path in sys.argv[1:]:
    try:
        compile(open(path, "rb").read(), path, "exec", dont_inherit=True)
    except SyntaxError as exc:
        sys.exit(f"{path}:{exc.lineno}: SyntaxError: {exc.msg}")
"""


def plan(spec: SnippetSpec, work: Path) -> DriverPlan:
    function_parts(spec)
    copies = copy_names(spec)
    names = list(copies)
    driver = render(
        "python_driver.py.tmpl",
        # Python literals, not JSON: "\\ud835\\udcb3" is two lone surrogates in Python, not one
        # character; ascii() writes any name (non-BMP, undecodable bytes) so it round-trips.
        sources=ascii(names),
        function=ascii(spec.function),
        source_dir=ascii(SOURCE_DIR),
    )
    return DriverPlan(
        files={DRIVER: driver},
        copies={f"{SOURCE_DIR}/{name}": path for name, path in copies.items()},
        checks=[[sys.executable, "-c", _SYNTAX_CHECK, *(f"{SOURCE_DIR}/{n}" for n in names)]],
        run=[sys.executable, str(work / DRIVER)],
    )
