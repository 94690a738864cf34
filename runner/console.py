"""The console summary: a matrix of implementations x schemes, then each failure's first step."""

from __future__ import annotations

from typing import Any

from sigvec.vectors import SCHEME_IDS

from .report import failure_lines

MAX_DETAILS_PER_IMPLEMENTATION = 10


def _cell(counts: dict[str, int] | None) -> str:
    if not counts or not any(counts.values()):
        return "-"
    return "{passed}/{failed}/{errored}/{skipped}".format(**counts)


def matrix_lines(report: dict[str, Any]) -> list[str]:
    schemes = [
        s for s in SCHEME_IDS if any(s in i["countsByScheme"] for i in report["implementations"])
    ]
    header = ["implementation", "language", *schemes, "status"]
    rows = [header]
    for impl in report["implementations"]:
        cells = [_cell(impl["countsByScheme"].get(s)) for s in schemes]
        rows.append([impl["id"], impl["language"], *cells, _status_word(impl)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    lines.append("cells: passed/failed/errored/skipped")
    return lines


def _status_word(impl: dict[str, Any]) -> str:
    counts = impl["counts"]
    if impl["status"] == "build_failed":
        return "BUILD FAILED"
    if impl["status"] == "skipped":
        return "skipped"
    if counts["failed"] or counts["errored"]:
        return "FAIL" + (" (crashed)" if impl["status"] == "crashed" else "")
    return "ok"


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
