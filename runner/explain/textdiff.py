"""The first difference between two multi-line strings, by line and column, and its rendering.

``sigvec.runner.compare.render_diff`` shows one-line values; canonical requests are several
lines, so here the differing line is shown whole (escaped with ``compare.visible``), with its
number and a caret under the first differing column.
"""

from __future__ import annotations

from dataclasses import dataclass

from sigvec.runner.compare import first_difference, visible


@dataclass(frozen=True)
class TextDifference:
    offset: int  # index of the first differing character (0-based)
    line: int  # 1-based; the same in both texts, since everything before is equal
    column: int  # 1-based, counted in characters of that line
    expected_line: str  # the whole line, with its "\n" when one follows
    actual_line: str

    def to_json(self) -> dict[str, object]:
        return {
            "line": self.line,
            "column": self.column,
            "offset": self.offset,
            "expected_line": self.expected_line,
            "actual_line": self.actual_line,
        }


def first_text_difference(expected: str, actual: str) -> TextDifference | None:
    if expected == actual:
        return None
    offset = first_difference(expected, actual)
    line_start = expected.rfind("\n", 0, offset) + 1
    return TextDifference(
        offset=offset,
        line=expected.count("\n", 0, offset) + 1,
        column=offset - line_start + 1,
        expected_line=_line_from(expected, line_start),
        actual_line=_line_from(actual, line_start),
    )


def _line_from(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start : end + 1]


def render_text_difference(
    difference: TextDifference, expected_label: str, actual_label: str, width: int = 100
) -> list[str]:
    """Both lines, escaped, cut to ``width`` around the column, and a caret under it."""
    label_width = max(len(expected_label), len(actual_label)) + 1
    caret = len(visible(difference.expected_line[: difference.column - 1]))
    start = max(0, caret - width // 2)
    prefix = "..." if start else ""

    def cut(line: str) -> str:
        if not line:
            return "(end of text)"
        shown = visible(line)
        window = shown[start : start + width]
        return prefix + window + ("..." if start + width < len(shown) else "")

    indent = " " * (label_width + 1)
    return [
        f"{expected_label + ':':<{label_width}} {cut(difference.expected_line)}",
        f"{actual_label + ':':<{label_width}} {cut(difference.actual_line)}",
        indent + " " * (len(prefix) + caret - start) + "^",
    ]
