"""The report as one self-contained HTML page: the matrix coloured by status, each cell opening
its failures with the same step diffs the console prints. No network, every value escaped."""

from __future__ import annotations

import html
from collections import defaultdict
from typing import Any

from sigvec import text as hostile_text

from ..compare import visible
from ..report import failure_lines
from .common import (
    BAD,
    PARTIAL_NOTE,
    cell_status,
    cell_text,
    implementation_verdict,
    report_schemes,
    summary_text,
)

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px;
       color: #1f2328; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.meta { color: #59636e; margin: 0 0 16px; }
table.matrix { border-collapse: collapse; }
.matrix th, .matrix td { border: 1px solid #d1d9e0; padding: 6px 12px; text-align: left; }
.matrix thead th { background: #f6f8fa; }
.matrix td.cell { text-align: center; font-family: ui-monospace, monospace; min-width: 90px; }
.cell a { color: inherit; display: block; text-decoration: underline dotted; }
.passed { background: #dafbe1; color: #116329; } .failed { background: #ffebe9; color: #a40e26; }
.errored { background: #fff1e5; color: #953800; } .skipped { background: #eaeef2; color: #59636e; }
.none { background: #fff; color: #8c959f; }
.verdict-ok { color: #116329; font-weight: 600; } .verdict-bad { color: #a40e26; font-weight: 600; }
.legend { color: #59636e; font-size: 12px; }
details.group { border: 1px solid #d1d9e0; border-radius: 6px; margin: 8px 0; }
details.group > summary { padding: 8px 12px; cursor: pointer; font-weight: 600; }
details.group[open] > summary { border-bottom: 1px solid #d1d9e0; }
.vector { padding: 8px 12px; border-top: 1px solid #eaeef2; }
.vector:first-of-type { border-top: 0; }
.vector h3 { font-size: 14px; margin: 0 0 4px; } .vector h3 .comment { font-weight: 400; }
pre { background: #f6f8fa; padding: 8px; overflow-x: auto; margin: 4px 0; font-size: 12.5px; }
.expected { color: #116329; } .actual { color: #a40e26; } .caret { color: #953800; }
.mistake { color: #0550ae; }
details.whole > summary { cursor: pointer; color: #59636e; font-size: 12px; }
"""

# Opens the failure group a cell links to (without it the link still scrolls there).
SCRIPT = """
function openTarget() {
  var target = document.getElementById(location.hash.slice(1));
  if (target && target.tagName === "DETAILS") { target.open = true; }
}
window.addEventListener("hashchange", openTarget);
openTarget();
"""


def render_html(report: dict[str, Any]) -> str:
    schemes = report_schemes(report)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>sigvec report</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<h1>sigvec report</h1>",
        f'<p class="meta">{escape(summary_text(report))} &middot; '
        f"{escape(report['generator'])}</p>",
        *(
            [f'<p class="partial"><strong>{escape(PARTIAL_NOTE)}</strong></p>']
            * bool(report.get("partial"))
        ),
        *_matrix(report, schemes),
        *_implementation_problems(report),
        *_failure_groups(report, schemes),
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def escape(text: Any) -> str:
    """Text for HTML, with hostile characters shown escaped (see ``sigvec.text``)."""
    return html.escape(hostile_text.visible(text))


def group_id(impl_index: int, scheme_index: int) -> str:
    return f"f-{impl_index}-{scheme_index}"


def _matrix(report: dict[str, Any], schemes: list[str]) -> list[str]:
    header = "".join(f"<th>{escape(s)}</th>" for s in schemes)
    lines = [
        '<table class="matrix">',
        f"<thead><tr><th>implementation</th><th>language</th>{header}<th>status</th></tr></thead>",
        "<tbody>",
    ]
    for i, impl in enumerate(report["implementations"]):
        cells = []
        for j, scheme in enumerate(schemes):
            counts = impl["countsByScheme"].get(scheme)
            status = cell_status(counts)
            text = escape(cell_text(counts))
            if counts and (counts["failed"] or counts["errored"]):
                text = f'<a href="#{group_id(i, j)}">{text}</a>'
            title = ", ".join(f"{n} {s}" for s, n in counts.items()) if counts else "not run"
            cells.append(f'<td class="cell {status}" title="{escape(title)}">{text}</td>')
        verdict = implementation_verdict(impl)
        verdict_class = "verdict-ok" if verdict in ("ok", "skipped") else "verdict-bad"
        lines.append(
            f'<tr><th scope="row">{escape(impl["id"])}</th><td>{escape(impl["language"])}</td>'
            f'{"".join(cells)}<td class="{verdict_class}">{escape(verdict)}</td></tr>'
        )
    lines += [
        "</tbody>",
        "</table>",
        '<p class="legend">cells: passed/failed/errored/skipped &middot; '
        "a red or orange cell links to its failures</p>",
    ]
    return lines


def _implementation_problems(report: dict[str, Any]) -> list[str]:
    lines = []
    for impl in report["implementations"]:
        if impl["status"] != "ran" and impl["message"]:
            what = impl["status"].replace("_", " ")
            lines.append(
                f"<h3>{escape(impl['id'])}: {escape(what)}</h3><pre>{escape(impl['message'])}</pre>"
            )
    if not lines:
        return []
    return ["<h2>Implementations that did not run fully</h2>", *lines]


def _failure_groups(report: dict[str, Any], schemes: list[str]) -> list[str]:
    lines: list[str] = []
    first = True
    for i, impl in enumerate(report["implementations"]):
        by_scheme: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for vector in impl["vectors"]:
            if vector["status"] in BAD:
                by_scheme[vector["scheme"]].append(vector)
        for j, scheme in enumerate(schemes):
            vectors = by_scheme.get(scheme)
            if not vectors:
                continue
            counts = impl["countsByScheme"][scheme]
            title = (
                f"{impl['id']} · {scheme}: {counts['failed']} failed, {counts['errored']} errored"
            )
            lines.append(
                f'<details class="group" id="{group_id(i, j)}"{" open" if first else ""}>'
                f"<summary>{escape(title)}</summary>"
            )
            lines += [_failed_vector(v) for v in vectors if v["status"] == "failed"]
            lines += _errored_vectors([v for v in vectors if v["status"] == "errored"])
            lines.append("</details>")
            first = False
    if not lines:
        return []
    return ["<h2>Failures</h2>", *lines]


def _diff_line(line: str) -> str:
    text = escape(line)
    if line.startswith("expected:"):
        return f'<span class="expected">{text}</span>'
    if line.startswith("actual:"):
        return f'<span class="actual">{text}</span>'
    if line.strip().startswith("^"):
        return f'<span class="caret">{text}</span>'
    if line.startswith("known mistake") or line.startswith("  fix:"):
        return f'<span class="mistake">{text}</span>'
    return text


def whole_value(value: Any) -> str:
    """The full value, invisible characters escaped as in the diff, line breaks kept (each
    marked ``\\n``)."""
    if not isinstance(value, str):
        return visible(value)
    lines = value.split("\n")
    marked = [visible(line) + "\\n" for line in lines[:-1]]
    return "\n".join([*marked, visible(lines[-1])])


def _failed_vector(vector: dict[str, Any]) -> str:
    diff = "\n".join(_diff_line(line) for line in failure_lines(vector))
    return (
        '<div class="vector">'
        f"<h3>tcId {vector['tcId']} "
        f'<span class="comment">{escape(vector.get("comment", ""))}</span></h3>'
        f"<div>first differing step: <code>{escape(vector['step'])}</code></div>"
        f"<pre>{diff}</pre>"
        '<details class="whole"><summary>whole values</summary>'
        f'<pre><span class="expected">expected:</span>\n{escape(whole_value(vector["expected"]))}'
        f'\n<span class="actual">actual:</span>\n{escape(whole_value(vector["actual"]))}</pre>'
        "</details>"
        "</div>"
    )


def _errored_vectors(vectors: list[dict[str, Any]]) -> list[str]:
    """One block per distinct message (a crash errors every vector after it the same way)."""
    by_message: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for vector in vectors:
        by_message[vector.get("message", "")].append(vector)
    blocks = []
    for message, group in by_message.items():
        ids = ", ".join(str(v["tcId"]) for v in group)
        label = "tcId" if len(group) == 1 else f"{len(group)} vectors, tcIds"
        comment = f' <span class="comment">{escape(group[0].get("comment", ""))}</span>'
        blocks.append(
            '<div class="vector">'
            f"<h3>errored: {label} {ids}{comment if len(group) == 1 else ''}</h3>"
            f"<pre>{escape(message or '(no message)')}</pre>"
            "</div>"
        )
    return blocks
