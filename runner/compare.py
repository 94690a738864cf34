"""Compare an implementation's answer with a vector, step by step, in computation order."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from sigvec.equivalence import equivalent
from sigvec.text import escape_char

from .results import StepDiff


def ordered_steps(test: dict[str, Any], reported: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(step name, expected, actual) for every intermediate the implementation reported (in the
    vector's order), then every output. A missing output counts as ``None``."""
    rows: list[tuple[str, Any, Any]] = []
    intermediates = reported.get("intermediates") or {}
    for name, expected in test["intermediates"].items():
        if name in intermediates:
            rows.append((f"intermediates.{name}", expected, intermediates[name]))
    output = reported.get("output") or {}
    for name, expected in test["output"].items():
        rows.append((f"output.{name}", expected, output.get(name)))
    return rows


def compare(test: dict[str, Any], reported: dict[str, Any]) -> tuple[StepDiff | None, list[str]]:
    """The first differing step and the names of the later ones (which follow from it); values
    are compared by ``sigvec.equivalence`` (query strings order-free, header names any case)."""
    differing = [
        (name, expected, actual)
        for name, expected, actual in ordered_steps(test, reported)
        if not equivalent(name, expected, actual)
    ]
    if not differing:
        return None, []
    name, expected, actual = differing[0]
    return StepDiff(name, expected, actual), [row[0] for row in differing[1:]]


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Co", "Cn"})


def _show_char(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if char != " " and unicodedata.category(char) in _INVISIBLE:
        return escape_char(char)
    return char


def visible(value: Any) -> str:
    """One line, with line breaks and invisible characters (NBSP, ZWSP, ...) escaped."""
    if value is None:
        return "(missing)"
    if not isinstance(value, str):  # a list (chunk signatures) or an object (headers): as JSON,
        # whose escapes stay as they are; what JSON leaves raw (lone surrogates, bidi, NBSP) not
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        return "".join(char if char == "\\" else _show_char(char) for char in text)
    return "".join(_show_char(char) for char in value)


def first_difference(expected: str, actual: str) -> int:
    for index, (a, b) in enumerate(zip(expected, actual, strict=False)):
        if a != b:
            return index
    return min(len(expected), len(actual))


def render_diff(diff: StepDiff, width: int = 100) -> list[str]:
    """expected / actual lines around the first differing column, with a caret under it."""
    expected, actual = visible(diff.expected), visible(diff.actual)
    column = first_difference(expected, actual)
    start = max(0, column - width // 2)
    prefix = "..." if start else ""

    def cut(text: str) -> str:
        window = text[start : start + width]
        return prefix + window + ("..." if start + width < len(text) else "")

    caret = " " * (len(prefix) + column - start) + "^"
    return [
        f"expected: {cut(expected)}",
        f"actual:   {cut(actual)}",
        f"          {caret} first difference at column {column + 1}",
    ]
