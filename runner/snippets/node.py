"""Node.js: evaluate the snippet in a ``vm`` context and call the named function from it.

A doc script is not a module (it exports nothing and prints a demo at load), so it is run as a
script in a context that has Node's globals, ``require``, ``module`` and a silent ``console``;
its top-level declarations, ``const`` included, are then reachable by name. A function that
returns a promise is awaited.
"""

from __future__ import annotations

import json
from pathlib import Path

from ._common import copy_names, function_parts, render
from .base import DriverPlan, SnippetSpec

DRIVER = "sigvec_driver.js"


def plan(spec: SnippetSpec, work: Path) -> DriverPlan:
    function_parts(spec)
    copies = copy_names(spec, reserved=(DRIVER,))
    driver = render(
        "node_driver.js.tmpl",
        sources=json.dumps(list(copies)),
        function=json.dumps(spec.function),
        arg_count=str(spec.arg_count),
    )
    return DriverPlan(
        files={DRIVER: driver},
        copies=dict(copies),
        checks=[["node", "--check", name] for name in copies],
        run=["node", str(work / DRIVER)],
    )
