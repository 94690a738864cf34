"""What every rendering of a report shares: the schemes shown, a cell's status and text."""

from __future__ import annotations

from typing import Any

from sigvec.vectors import SCHEME_IDS

from ..results import STATUSES

BAD = ("failed", "errored")


def report_schemes(report: dict[str, Any]) -> list[str]:
    """The schemes any implementation ran, known ones in the usual order, then any others."""
    present = {s for impl in report["implementations"] for s in impl["countsByScheme"]}
    return [s for s in SCHEME_IDS if s in present] + sorted(present - set(SCHEME_IDS))


def cell_status(counts: dict[str, int] | None) -> str:
    """One word for a matrix cell: failed, errored, passed, skipped, or none (nothing ran)."""
    if not counts or not any(counts.values()):
        return "none"
    for status in ("failed", "errored", "passed"):
        if counts[status]:
            return status
    return "skipped"


def cell_text(counts: dict[str, int] | None) -> str:
    if not counts or not any(counts.values()):
        return "-"
    return "/".join(str(counts[status]) for status in STATUSES)


def implementation_verdict(impl: dict[str, Any]) -> str:
    """As the console says it: ok, FAIL, FAIL (crashed), BUILD FAILED or skipped."""
    counts = impl["counts"]
    if impl["status"] == "interrupted":
        return "INTERRUPTED"
    if impl["status"] == "build_failed":
        return "BUILD FAILED"
    if impl["status"] == "skipped":
        return "skipped"
    if counts["failed"] or counts["errored"]:
        return "FAIL" + (" (crashed)" if impl["status"] == "crashed" else "")
    return "ok"


def summary_text(report: dict[str, Any]) -> str:
    return ", ".join(f"{report['summary'][status]} {status}" for status in STATUSES)


PARTIAL_NOTE = (
    "Partial report: the run stopped before it finished; an implementation it did not "
    "finish is marked interrupted."
)


def first_line(text: str, limit: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 3] + "..."
