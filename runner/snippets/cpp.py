"""C++: include the snippet in a driver translation unit with its ``main`` renamed.

The snippet is included first, so it compiles against its own ``#include``s only (bar
``<fcntl.h>``/``<unistd.h>``, which the stdout redirection needs before any static
initializer of the snippet runs). A ``g++ -fsyntax-only`` check on each untouched source comes
first all the same: that is the compile a reader of the doc would do, and its errors are the
ones to report. Linked with ``-lcrypto`` (doc signers use OpenSSL) and any ``classpath`` entry.
"""

from __future__ import annotations

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

DRIVER = "sigvec_driver.cpp"
BINARY = "sigvec_driver"
COMPILED = (".cpp", ".cc", ".cxx", ".c++", ".C")
CXXFLAGS = ["-std=gnu++17", "-Wno-deprecated-declarations"]  # OpenSSL 3 deprecates MD5()
STRING_TYPES = {
    "std::string",
    "string",
    "std::string&",
    "string&",
    "std::string_view",
    "string_view",
}

# Parameter types with whitespace removed (typed_param_type), "const" dropped.
INTEGER_TYPES = {
    *("int", "long", "longlong", "longint", "unsigned", "unsignedint", "unsignedlong"),
    *("unsignedlonglong", "time_t", "std::time_t", "size_t", "std::size_t"),
    *(f"{ns}{u}int{bits}_t" for ns in ("", "std::") for u in ("", "u") for bits in (32, 64)),
}


def param_type(param: str) -> str:
    return typed_param_type(param).replace("const", "")


# A name that can stand between the quotes of #include "…" and as a g++ argument.
PLAIN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.+-]*", re.ASCII)


def _includable(copies: dict[str, Path]) -> dict[str, Path]:
    """The sources under names the driver can ``#include``: a compiled source whose name holds
    a quote, a line break or anything else the preprocessor could misread (code injected into
    the driver) is copied in under a plain name with the same extension."""
    renamed: dict[str, Path] = {}
    for index, (name, path) in enumerate(copies.items()):
        extension = next((e for e in COMPILED if name.endswith(e)), None)
        if extension is None or PLAIN_NAME.fullmatch(name):
            renamed[name] = path
        else:
            renamed[f"sigvec_source_{index}{extension}"] = path
    return renamed


def plan(spec: SnippetSpec, work: Path) -> DriverPlan:
    parts = function_parts(spec)
    copies = _includable(copy_names(spec, reserved=(DRIVER,)))
    compiled = [name for name in copies if name.endswith(COMPILED)]
    if not compiled:
        raise ValueError(f"{spec.id}: no C++ source file ({', '.join(COMPILED)}) among the sources")
    pattern = rf"[\w>&*:]\s*\b{re.escape(parts[-1])}\s*\(([^()]*)\)\s*(?:const\s*)?\{{"
    declarations = [
        d
        for name in compiled
        for d in declared_params(blank_literals(read_source(copies[name])), pattern)
    ]
    check_string_params(
        spec,
        declarations,
        param_type,
        lambda t: t in STRING_TYPES or t in INTEGER_TYPES,
        type_word="std::string",
    )
    driver = render(
        "cpp_driver.cpp.tmpl",
        includes="\n".join(f'#include "{name}"' for name in compiled),
        name=c_string(spec.function),
        arg_count=str(spec.arg_count),
        function="::" + "::".join(parts),  # global: the driver's own names cannot shadow it
        args=", ".join(f"args[{i}]" for i in range(spec.arg_count)),
    )
    libraries = [str(path) for path in spec.classpath]
    return DriverPlan(
        files={DRIVER: driver},
        copies=dict(copies),
        checks=[["g++", *CXXFLAGS, "-fsyntax-only", f"./{name}"] for name in compiled],
        build=[["g++", *CXXFLAGS, "-O1", "-o", BINARY, DRIVER, *libraries, "-lcrypto"]],
        run=[str(work / BINARY)],
    )
