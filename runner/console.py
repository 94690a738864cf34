"""The console summary: a matrix of implementations x schemes, then each failure's first step."""

from __future__ import annotations

from typing import Any

from .formats.common import cell_text, implementation_verdict, report_schemes
from .report import failure_lines

MAX_DETAILS_PER_IMPLEMENTATION = 10


def matrix_lines(report: dict[str, Any]) -> list[str]:
    schemes = report_schemes(report)
    header = ["implementation", "language", *schemes, "status"]
    rows = [header]
    environment_only = {f["implementation"] for f in report.get("environmentDependent", [])}
    for impl in report["implementations"]:
        cells = [cell_text(impl["countsByScheme"].get(s)) for s in schemes]
        verdict = implementation_verdict(impl)
        if verdict == "ok" and impl["id"] in environment_only:
            verdict = "FAIL (environment)"
        rows.append([impl["id"], impl["language"], *cells, verdict])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    lines.append("cells: passed/failed/errored/skipped")
    return lines


def detail_lines(report: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for impl in report["implementations"]:
        if impl["status"] in ("build_failed", "skipped") and impl["message"]:
            lines += ["", f"{impl['id']}: {impl['status'].replace('_', ' ')}:"]
            lines += ["  " + line for line in impl["message"].splitlines()]
            continue
        bad = [v for v in impl["vectors"] if v["status"] in ("failed", "errored")]
        if impl["status"] == "crashed":
            lines += ["", f"{impl['id']}: crashed: {impl['message']}"]
            not_run = [
                v
                for v in bad
                if v.get("message", "").startswith("not run: ")
                or v.get("message") == impl["message"]
            ]
            bad = [v for v in bad if v not in not_run]
            if not_run:
                lines.append(f"  {len(not_run)} vectors not run after the crash")
        for vector in bad[:MAX_DETAILS_PER_IMPLEMENTATION]:
            lines.append("")
            title = f"{impl['id']} {vector['scheme']} tcId {vector['tcId']} ({vector['comment']})"
            if vector["status"] == "failed":
                lines.append(f"FAILED {title}")
                lines.append(f"  first differing step: {vector['step']}")
                lines += ["  " + line for line in failure_lines(vector)]
            else:
                lines.append(f"ERRORED {title}")
                lines.append(f"  {vector.get('message', '')[:1000]}")
        if len(bad) > MAX_DETAILS_PER_IMPLEMENTATION:
            lines.append(
                f"... and {len(bad) - MAX_DETAILS_PER_IMPLEMENTATION} more for "
                f"{impl['id']} (write them all with --report FILE)"
            )
    return lines


def summary_line(report: dict[str, Any]) -> str:
    s = report["summary"]
    return "{passed} passed, {failed} failed, {errored} errored, {skipped} skipped".format(**s)
