"""The JSON report (schema: ``runner/schema/report.schema.json``) and the JUnit XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

from sigvec import __version__
from sigvec.fileio import write_atomically
from sigvec.text import json_text, visible

from .compare import render_diff
from .results import STATUSES, ImplementationResult, VectorResult

REPORT_FORMAT = 1


def vector_json(vector: VectorResult) -> dict[str, Any]:
    entry: dict[str, Any] = {"scheme": vector.scheme, "tcId": vector.tc_id, "status": vector.status}
    if vector.status == "passed":
        return entry
    entry["comment"] = vector.comment
    if vector.first_diff is not None:
        entry |= {
            "step": vector.first_diff.step,
            "expected": vector.first_diff.expected,
            "actual": vector.first_diff.actual,
            "laterSteps": vector.later_steps,
        }
    if vector.status == "failed":
        entry["mistake"] = vector.mistakes[0] if vector.mistakes else None
        if len(vector.mistakes) > 1:
            entry["alsoConsistentWith"] = [m["id"] for m in vector.mistakes[1:]]
    if vector.message:
        entry["message"] = vector.message
    return entry


def counts_json(counter: Counter[str]) -> dict[str, int]:
    return {status: counter[status] for status in STATUSES}


def implementation_json(result: ImplementationResult) -> dict[str, Any]:
    """The report's entry for one implementation (``vectors``: the verdicts it kept)."""
    return {
        "id": result.id,
        "language": result.language,
        "kind": result.kind,
        "status": result.status,
        "message": result.message,
        "info": result.info,
        "build": {"cached": result.build_cached, "seconds": round(result.build_seconds, 3)},
        "runSeconds": round(result.run_seconds, 3),
        "counts": counts_json(result.counts()),
        "countsByScheme": {s: counts_json(result.counts(s)) for s in result.schemes},
        "vectors": [vector_json(v) for v in result.vectors],
    }


def build_report(results: list[ImplementationResult]) -> dict[str, Any]:
    total: Counter[str] = Counter()
    for result in results:
        total.update(result.counts())
    return {
        "format": REPORT_FORMAT,
        "generator": f"sigvec {__version__}",
        "summary": counts_json(total),
        "implementations": [implementation_json(result) for result in results],
    }


def write_json_report(path: Path, report: dict[str, Any]) -> None:
    data = json_text(report, indent=2) + "\n"
    write_atomically(path, data.encode("utf-8"))


def junit_xml(report: dict[str, Any]) -> bytes:
    """One testsuite per implementation, one testcase per (implementation, vector)."""
    root = ET.Element("testsuites", name="sigvec")
    for impl in report["implementations"]:
        counts = impl["counts"]
        suite = ET.SubElement(
            root,
            "testsuite",
            name=impl["id"],
            tests=str(sum(counts.values())),
            failures=str(counts["failed"]),
            errors=str(counts["errored"]),
            skipped=str(counts["skipped"]),
        )
        for vector in impl["vectors"]:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=impl["id"],
                name=f"{vector['scheme']}::tc{vector['tcId']}",
            )
            _junit_outcome(case, vector)
    for element in root.iter():  # well-formed XML whatever the implementations wrote
        element.text = visible(element.text) if element.text is not None else None
        for name, value in element.attrib.items():
            element.attrib[name] = visible(value)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _junit_outcome(case: ET.Element, vector: dict[str, Any]) -> None:
    status = vector["status"]
    if status == "failed":
        step = vector["step"]
        mistake = vector.get("mistake")
        named = f"; likely mistake {mistake['id']}" if mistake else ""
        element = ET.SubElement(case, "failure", message=f"first differing step: {step}{named}")
        element.text = "\n".join(failure_lines(vector))
    elif status == "errored":
        ET.SubElement(case, "error", message=vector.get("message", "errored")[:500])
    elif status == "skipped":
        ET.SubElement(case, "skipped", message=vector.get("message", ""))


def failure_lines(vector: dict[str, Any]) -> list[str]:
    from .results import StepDiff

    lines = render_diff(StepDiff(vector["step"], vector["expected"], vector["actual"]))
    if vector.get("laterSteps"):
        lines.append("later steps follow from the first: " + ", ".join(vector["laterSteps"]))
    mistake = vector.get("mistake")
    if mistake:
        lines.append(f"known mistake {mistake['id']}: {mistake['description']}")
        lines.append(f"  fix: {mistake['fix']}")
        if vector.get("alsoConsistentWith"):
            lines.append("  also consistent with: " + ", ".join(vector["alsoConsistentWith"]))
    elif "mistake" in vector:
        lines.append("no catalogued mistake reproduces this output")
    return lines


def write_junit(path: Path, report: dict[str, Any]) -> None:
    write_atomically(path, junit_xml(report))
