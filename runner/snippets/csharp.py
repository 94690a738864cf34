"""C#: compile the snippet with a reflective driver class (``mcs -main:SigvecDriver``).

Doc methods are often ``static`` and private to their class, so the method is found by
reflection over the assembly's types, public or not; an instance method gets an instance made
with the parameterless constructor.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ._common import (
    blank_literals,
    c_string,
    check_string_params,
    copy_names,
    declared_params,
    function_parts,
    read_source,
    render,
    typed_param_type,
)
from .base import DriverPlan, SnippetSpec

DRIVER = "SigvecDriver.cs"
ASSEMBLY = "sigvec_driver.exe"
STRING_TYPES = {
    "string",
    "String",
    "System.String",
    "object",
    "Object",
    "System.Object",
    "string?",
    "object?",
}

INTEGER_TYPES = {"long", "int", "ulong", "uint", "Int64", "Int32", "System.Int64", "System.Int32"}


def declarations(code: str, method: str) -> list[list[str]]:
    pattern = rf"[\w>\]?]\s+{re.escape(method)}\s*\(([^()]*)\)\s*(?:\{{|=>)"
    return declared_params(code, pattern)


def plan(spec: SnippetSpec, work: Path) -> DriverPlan:
    parts = function_parts(spec)
    copies = copy_names(spec, reserved=(DRIVER,))
    codes = [blank_literals(read_source(path)) for path in copies.values()]
    check_string_params(
        spec,
        [d for c in codes for d in declarations(c, parts[-1])],
        typed_param_type,
        lambda t: t in STRING_TYPES or t in INTEGER_TYPES,
        type_word="string",
    )
    driver = render(
        "csharp_driver.cs.tmpl",
        type_name=c_string(".".join(parts[:-1])),
        method=c_string(parts[-1]),
        display=c_string(spec.function),
        arg_count=str(spec.arg_count),
    )
    references = [f"-r:{path}" for path in spec.classpath]
    env = {}
    if spec.classpath:  # where mono finds the referenced assemblies at run time
        env["MONO_PATH"] = os.pathsep.join(sorted({str(p.parent) for p in spec.classpath}))
    return DriverPlan(
        files={DRIVER: driver},
        copies=dict(copies),
        build=[
            [
                "mcs",
                "-nologo",
                "-warn:0",
                "-main:SigvecDriver",
                f"-out:{ASSEMBLY}",
                *references,
                *copies,
                DRIVER,
            ]
        ],
        run=["mono", str(work / ASSEMBLY)],
        env=env,
    )
