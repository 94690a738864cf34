"""Kotlin: compile the snippet with a driver file that calls the function directly.

The driver is launched by class name (``SigvecDriverKt``): with the snippet's own ``main`` there
are two, and ``kotlinc`` then names no Main-Class. A ``private`` top-level function cannot be
called from another file, so it is called by reflection on its file's facade class instead.
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
    top_level,
)
from .base import DriverPlan, SnippetSpec

DRIVER = "SigvecDriver.kt"
DRIVER_CLASS = "SigvecDriverKt"
JAR = "sigvec_driver.jar"
STRING_TYPES = {
    "String",
    "kotlin.String",
    "CharSequence",
    "kotlin.CharSequence",
    "Any",
    "kotlin.Any",
}

# Integer parameters: the argument's text converted with this (Kotlin does not widen).
INTEGER_CONVERSIONS = {
    "Long": "toLong",
    "kotlin.Long": "toLong",
    "Int": "toInt",
    "kotlin.Int": "toInt",
}
JVM_CLASSES = {"toLong": "java.lang.Long.TYPE", "toInt": "java.lang.Integer.TYPE"}
_PACKAGE = re.compile(r"^\s*package\s+([\w.]+)", re.MULTILINE)
_JVM_NAME = re.compile(r'@file\s*:\s*JvmName\s*\(\s*"([^"]+)"\s*\)')


def kotlin_string(text: str) -> str:
    return c_string(text).replace("$", "\\$")


def facade_class(name: str, text: str, package: str) -> str:
    """The JVM class holding a file's top-level functions (``flytek.kt`` -> ``FlytekKt``)."""
    jvm_name = _JVM_NAME.search(text)
    if jvm_name:
        simple = jvm_name.group(1)
    else:
        stem = re.sub(r"[^\w$]", "_", name.removesuffix(".kt"))
        simple = stem[:1].upper() + stem[1:] + "Kt"
    return f"{package}.{simple}" if package else simple


def _private_facade(name: str, sources: dict[str, str], codes: dict[str, str]) -> str | None:
    """Facade class of the file declaring ``private fun name`` at top level, if any."""
    pattern = re.compile(rf"\bprivate\s+(?:\w+\s+)*fun\s+{re.escape(name)}\s*\(")
    for file_name, code in codes.items():
        if pattern.search(top_level(code)):
            package = _PACKAGE.search(code)
            return facade_class(file_name, sources[file_name], package.group(1) if package else "")
    return None


def call_expression(
    spec: SnippetSpec,
    sources: dict[str, str],
    codes: dict[str, str],
    conversions: list[str | None] | None = None,
) -> str:
    """The call; ``conversions``: per argument, the method turning its text into the integer
    parameter (``toLong``), or None for a string."""
    parts = function_parts(spec)
    conversions = conversions or [None] * spec.arg_count
    args = [
        f"sigvecArgs[{i}]" + (f".{conversions[i]}()" if conversions[i] else "")
        for i in range(spec.arg_count)
    ]
    facade = _private_facade(parts[0], sources, codes) if len(parts) == 1 else None
    if facade is None:
        return f"{spec.function}({', '.join(args)})"
    classes = ", ".join(JVM_CLASSES[c] if c else "String::class.java" for c in conversions)
    return (
        f"Class.forName({kotlin_string(facade)})"
        f".getDeclaredMethod({kotlin_string(parts[0])}"
        f"{', ' if classes else ''}{classes})"
        f".apply {{ isAccessible = true }}.invoke(null{''.join(', ' + a for a in args)})"
    )


def param_type(param: str) -> str:
    """``name: Type = default`` -> ``Type`` (nullability dropped); ``vararg`` kept visible."""
    param = re.sub(r"@[\w.:]+(\s*\([^)]*\))?", " ", param).split("=", 1)[0]
    name, _, type_ = param.partition(":")
    prefix = "vararg " if "vararg" in name.split() else ""
    return prefix + re.sub(r"\s+", "", type_).removesuffix("?")


def plan(spec: SnippetSpec, work: Path) -> DriverPlan:
    copies = copy_names(spec, reserved=(DRIVER,))
    sources = {name: read_source(path) for name, path in copies.items()}
    codes = {name: blank_literals(text) for name, text in sources.items()}
    method = re.escape(function_parts(spec)[-1])
    pattern = rf"\bfun\s+(?:<[^>]*>\s*)?(?:[\w.]+\.)?{method}\s*\(([^()]*)\)"
    declarations = [d for c in codes.values() for d in declared_params(c, pattern)]
    check_string_params(
        spec,
        declarations,
        param_type,
        lambda t: t in STRING_TYPES or t in INTEGER_CONVERSIONS,
    )
    chosen = next((d for d in declarations if len(d) == spec.arg_count), [])
    conversions = [INTEGER_CONVERSIONS.get(param_type(p)) for p in chosen] or None
    packages = sorted({m.group(1) for c in codes.values() if (m := _PACKAGE.search(c))})
    driver = render(
        "kotlin_driver.kt.tmpl",
        imports="\n".join(f"import {p}.*" for p in packages),
        name=kotlin_string(spec.function),
        arg_count=str(spec.arg_count),
        call=call_expression(spec, sources, codes, conversions),
    )
    classpath = [str(p) for p in spec.classpath]
    kotlinc = ["kotlinc", "-nowarn", "-include-runtime", "-d", JAR]
    if classpath:
        kotlinc += ["-cp", os.pathsep.join(classpath)]
    return DriverPlan(
        files={DRIVER: driver},
        copies=dict(copies),
        build=[kotlinc + [*copies, DRIVER]],
        run=["java", "-cp", os.pathsep.join([str(work / JAR), *classpath]), DRIVER_CLASS],
    )
