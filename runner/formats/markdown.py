"""The report as GitHub-flavoured Markdown: for a PR comment or ``$GITHUB_STEP_SUMMARY``."""

from __future__ import annotations

from typing import Any

from sigvec.text import visible

from .common import (
    BAD,
    PARTIAL_NOTE,
    cell_status,
    cell_text,
    first_line,
    implementation_verdict,
    report_schemes,
    summary_text,
)

# A PR comment holds at most 65536 characters; a few hundred rows stay well below.
MAX_FAILURE_ROWS = 200
ICONS = {"passed": "✅", "failed": "❌", "errored": "⚠️", "skipped": "⏭️", "none": ""}
_ESCAPED = set("\\`*_[]<>|~#")


def escape(text: Any) -> str:
    """Plain text for a table cell: Markdown and HTML syntax disarmed, one line."""
    out = []
    for char in visible(text):
        if char in _ESCAPED:
            out.append("\\" + char)
        elif char == "&":
            out.append("&amp;")
        elif char in "\r\n":
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def code(text: str) -> str:
    """A code span for a step name or mistake id (``|`` still needs escaping inside a table)."""
    return "`" + visible(text).replace("`", "'").replace("|", "\\|") + "`"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def render_markdown(report: dict[str, Any]) -> str:
    summary = report["summary"]
    verdict = "❌" if summary["failed"] or summary["errored"] else "✅"
    lines = [f"## sigvec {verdict} {summary_text(report)}", ""]
    if report.get("partial"):
        lines += [f"**{PARTIAL_NOTE}**", ""]
    lines += _matrix(report)
    lines += ["", "cells: passed/failed/errored/skipped"]
    problems = _implementation_problems(report)
    if problems:
        lines += ["", "### Implementations that did not run fully", "", *problems]
    failures = _failures(report)
    if failures:
        lines += ["", "### Failures", "", *failures]
    lines += ["", f"<sub>{escape(report['generator'])}</sub>"]
    return "\n".join(lines) + "\n"


def _matrix(report: dict[str, Any]) -> list[str]:
    schemes = report_schemes(report)
    rows = []
    for impl in report["implementations"]:
        cells = []
        for scheme in schemes:
            counts = impl["countsByScheme"].get(scheme)
            icon = ICONS[cell_status(counts)]
            cells.append(f"{icon} {cell_text(counts)}".strip())
        rows.append(
            [escape(impl["id"]), escape(impl["language"]), *cells, implementation_verdict(impl)]
        )
    return table(["implementation", "language", *map(escape, schemes), "status"], rows)


def _implementation_problems(report: dict[str, Any]) -> list[str]:
    lines = []
    for impl in report["implementations"]:
        if impl["status"] == "ran" or not impl["message"]:
            continue
        what, text = impl["status"].replace("_", " "), first_line(impl["message"])
        if not text.lower().startswith(what):
            text = f"{what}: {text}"
        not_run = len(_not_run(impl))
        if not_run:
            text += f" ({not_run} vectors not run)"
        lines.append(f"- **{escape(impl['id'])}**: {escape(text)}")
    return lines


def _not_run(impl: dict[str, Any]) -> list[dict[str, Any]]:
    """Vectors errored only because the implementation did not build, start or survive: the
    problem is said once, above, rather than once per vector."""
    if impl["status"] in ("build_failed", "skipped"):
        return [v for v in impl["vectors"] if v["status"] in BAD]
    if impl["status"] == "crashed":
        return [v for v in impl["vectors"] if v.get("message", "").startswith("not run: ")]
    return []


def _failures(report: dict[str, Any]) -> list[str]:
    rows = []
    for impl in report["implementations"]:
        said_above = {id(vector) for vector in _not_run(impl)}
        for vector in impl["vectors"]:
            if vector["status"] in BAD and id(vector) not in said_above:
                rows.append(_failure_row(impl, vector))
    if not rows:
        return []
    lines = table(
        ["implementation", "scheme", "tcId", "status", "first differing step", "mistake"],
        rows[:MAX_FAILURE_ROWS],
    )
    if len(rows) > MAX_FAILURE_ROWS:
        lines += ["", f"… and {len(rows) - MAX_FAILURE_ROWS} more (see the HTML or JSON report)"]
    return lines


def _failure_row(impl: dict[str, Any], vector: dict[str, Any]) -> list[str]:
    if vector["status"] == "failed":
        step = code(vector["step"])
        mistake = vector.get("mistake")
        named = code(mistake["id"]) if mistake else "none catalogued"
    else:
        step = escape(first_line(vector.get("message", ""), 120)) or "-"
        named = "-"
    return [
        escape(impl["id"]),
        escape(vector["scheme"]),
        str(vector["tcId"]),
        vector["status"],
        step,
        named,
    ]
