"""Helpers shared by the language generators: naming, templates, light source scanning.

The scanning here is deliberately shallow (regular expressions over source with comments and
literals blanked out). It finds what plan-time checks need — a package clause, top-level type
names, a function's parameter list — and gives up (returns nothing) rather than guess; the
compiler or the driver then reports what it finds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path

from .base import SnippetSpec

FUNCTION_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*")

# Comments and string/char literals of the C family (incl. Go raw and Kotlin/Java text blocks).
_LITERAL = re.compile(
    r'//[^\n]*|/\*.*?\*/|"""(?:.|\n)*?"""|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|`[^`]*`',
    re.DOTALL,
)


def function_parts(spec: SnippetSpec) -> list[str]:
    """``spec.function`` split at dots; ``ValueError`` unless it is a dotted identifier."""
    if not FUNCTION_NAME.fullmatch(spec.function):
        raise ValueError(f"{spec.id}: function {spec.function!r} is not a (dotted) identifier")
    return spec.function.split(".")


def copy_names(spec: SnippetSpec, reserved: Iterable[str] = ()) -> dict[str, Path]:
    """Each source under its own file name; two sources with one name, or a name the driver
    needs for itself, is a manifest error."""
    names: dict[str, Path] = {}
    taken = set(reserved)
    for source in spec.sources:
        if source.name in names or source.name in taken:
            raise ValueError(
                f"{spec.id}: source file name {source.name!r} is used twice "
                "(or is reserved for the generated driver)"
            )
        names[source.name] = source
    if not names:
        raise ValueError(f"{spec.id}: no source files")
    return names


def read_source(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ValueError(f"{path}: cannot read snippet source ({exc.strerror})") from None


@cache
def template(name: str) -> str:
    """A driver template from ``templates/`` (package data)."""
    return (files(__package__) / "templates" / name).read_text(encoding="utf-8")


def fill(text: str, /, **values: str) -> str:
    """Replace ``@@name@@`` placeholders (braces and ``$`` are too common in target code)."""
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", value)
    if "@@" in text:
        raise AssertionError(f"unfilled template placeholder: {text[text.index('@@') :][:40]!r}")
    return text


def render(template_name: str, /, **values: str) -> str:
    return fill(template(template_name), **values)


def c_string(text: str) -> str:
    """A double-quoted literal valid in Java, C#, Go, C++ and JavaScript for the ASCII
    identifiers and file names put in drivers (Kotlin: also escape ``$``)."""
    if not text.isascii():
        raise ValueError(f"{text!r}: only ASCII names can be embedded in a driver")
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped + '"'


def blank_literals(code: str) -> str:
    """``code`` with comments and literals replaced by spaces (line breaks kept, so offsets
    and line numbers still match)."""
    return _LITERAL.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), code)


def top_level(code: str) -> str:
    """Blanked ``code`` with everything inside braces blanked too: the depth-0 text."""
    out: list[str] = []
    depth = 0
    for char in code:
        if char == "}":
            depth = max(depth - 1, 0)
        out.append(char if depth == 0 or char == "\n" else " ")
        if char == "{":
            depth += 1
    return "".join(out)


def split_params(params: str) -> list[str]:
    """Split a parameter list at the commas not nested in <>, (), [] or {}."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in params:
        if char in "<([{":
            depth += 1
        elif char in ">)]}":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    parts = [part.strip() for part in parts]
    return [] if parts == [""] else parts


def declared_params(code: str, pattern: str) -> list[list[str]]:
    """Parameter lists of every declaration matched by ``pattern`` (whose group 1 is the text
    between the parentheses), in ``code`` with literals blanked."""
    return [split_params(m.group(1)) for m in re.finditer(pattern, code)]


def check_string_params(
    spec: SnippetSpec,
    declarations: list[list[str]],
    param_type: Callable[[str], str],
    is_string: Callable[[str], bool],
    type_word: str = "String",
) -> None:
    """Plan-time check of a typed language: ``ValueError`` when the function is declared, but
    with no overload taking ``arg_count`` string arguments. Silent when no declaration was
    found (the scan is heuristic; the compiler or driver has the last word)."""
    if not declarations:
        return
    arity = [params for params in declarations if len(params) == spec.arg_count]
    if not arity:
        counts = sorted({len(params) for params in declarations})
        raise ValueError(
            f"{spec.id}: {spec.function} takes {' or '.join(map(str, counts))} argument(s); "
            f"the manifest passes {spec.arg_count}"
        )
    for params in arity:
        if all(is_string(param_type(p)) for p in params):
            return
    params = arity[0]
    index = next(i for i, p in enumerate(params) if not is_string(param_type(p)))
    raise ValueError(
        f"{spec.id}: argument {index + 1} of {spec.function} is {param_type(params[index])}; "
        f"only {type_word} and integer arguments are supported"
    )


# Declarations of functions and methods in the languages snippets come in (deliberately loose).
_DECLARED = re.compile(
    r"\b(?:func|function|def|fun)\s+(?:\([^)]*\)\s*)?(?:<[^>]*>\s*)?([A-Za-z_$][\w$]*)\s*[(<]"
    r"|(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s*)?(?:function\b|\([^)]*\)\s*=>)"
    r"|[\w>\]&*?]\s+([A-Za-z_$][\w$]*)\s*\([^;{}()]*\)\s*(?:const\s*)?(?:throws[^{;]*)?\{"
)
_NOT_FUNCTIONS = {"if", "for", "while", "switch", "catch", "return", "else", "new", "sizeof"}


def declared_functions(code: str) -> list[str]:
    """Names that look declared as functions or methods in ``code`` (literals blanked)."""
    names = (next(g for g in m.groups() if g) for m in _DECLARED.finditer(code))
    return list(dict.fromkeys(n for n in names if n not in _NOT_FUNCTIONS))


def check_function_exists(spec: SnippetSpec) -> None:
    """A misspelled function name is a manifest error naming the functions the sources hold,
    not a compiler's "undefined" after a build (checked only where the name occurs nowhere and
    the sources declare some function)."""
    name = function_parts(spec)[-1]
    codes = [blank_literals(read_source(path)) for path in spec.sources]
    if any(re.search(rf"(?<![\w$]){re.escape(name)}(?![\w$])", code) for code in codes):
        return
    found = [n for code in codes for n in declared_functions(code)]
    if not found:  # not code of the language at all: its compiler says so better
        return
    files = ", ".join(path.name for path in spec.sources)
    raise ValueError(
        f"{spec.id}: function {spec.function!r} is not in {files} "
        f"(functions found: {', '.join(dict.fromkeys(found)) or 'none'})"
    )


def typed_param_type(param: str) -> str:
    """Type of a C-family parameter (``final String s``, ``const std::string& s``,
    ``String s[]``, ``@NotNull String s``, ``string s = ""``): all but the name, modifiers
    and annotations dropped, whitespace removed."""
    param = re.sub(r"@[\w.]+(\s*\([^)]*\))?|\[[A-Z][^\]]*\]", " ", param)  # annotations
    param = param.split("=", 1)[0].strip()
    match = re.fullmatch(r"(.*?)\s*\b([A-Za-z_$][\w$]*)\s*((?:\[\s*\])*)", param, re.DOTALL)
    if not match or not match.group(1):
        return re.sub(r"\s+", "", param)
    words = [
        w
        for w in re.split(r"\s+", match.group(1).strip())
        if w not in ("final", "const", "this", "in", "ref", "params", "volatile")
    ]
    return re.sub(r"\s+", "", " ".join(words)) + re.sub(r"\s+", "", match.group(3))
