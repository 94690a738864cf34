"""``sigvec report`` (another view of a saved JSON report) and ``sigvec diff`` (two reports)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sigvec.errors import EXIT_FAILED, EXIT_OK, UsageError
from sigvec.fileio import write_atomically
from sigvec.text import json_text, unicode_safe, write_out


# Renderers are imported when used: `sigvec --help` and the other verbs do not pay for them.
def _markdown(report: dict[str, Any]) -> bytes:
    from .markdown import render_markdown

    return unicode_safe(render_markdown(report)).encode("utf-8")


def _html(report: dict[str, Any]) -> bytes:
    from .html import render_html

    return unicode_safe(render_html(report)).encode("utf-8")


def _junit(report: dict[str, Any]) -> bytes:
    from ..report import junit_xml

    return junit_xml(report)


# format -> (renderer to bytes, file name used when --out is a directory)
SINGLE_FILE_FORMATS: dict[str, tuple[Callable[[dict[str, Any]], bytes], str]] = {
    "markdown": (_markdown, "report.md"),
    "html": (_html, "report.html"),
    "junit": (_junit, "junit.xml"),
}
FORMATS = (*SINGLE_FILE_FORMATS, "badge")


def register(verbs: argparse._SubParsersAction) -> None:
    p_report = verbs.add_parser(
        "report",
        help="render a saved JSON report as Markdown, HTML, JUnit or badges",
        description="Render the JSON report of `sigvec run --report FILE` in another format.",
    )
    p_report.add_argument("report", type=Path, metavar="REPORT", help="a JSON report")
    p_report.add_argument(
        "--format",
        choices=FORMATS,
        default="markdown",
        help="markdown (PR comment, $GITHUB_STEP_SUMMARY), html (one self-contained page), "
        "junit, or badge (a shields.io endpoint JSON per implementation; needs --out DIR). "
        "Default: markdown",
    )
    p_report.add_argument(
        "--out",
        type=Path,
        metavar="FILE|DIR",
        help="write here (an existing directory gets report.md, report.html or junit.xml) "
        "instead of standard output",
    )
    p_report.set_defaults(handler=report_command)

    p_diff = verbs.add_parser(
        "diff",
        help="vectors whose status changed between two JSON reports",
        description="Compare two JSON reports vector by vector (implementation, scheme, tcId). "
        "Exit 1 when a vector newly fails or errors in an implementation both reports have.",
    )
    p_diff.add_argument("old", type=Path, metavar="OLD", help="the earlier JSON report")
    p_diff.add_argument("new", type=Path, metavar="NEW", help="the later JSON report")
    p_diff.add_argument("--json", action="store_true", help="print the differences as JSON")
    p_diff.set_defaults(handler=diff_command)


def report_command(args: argparse.Namespace) -> int:
    from .loading import load_report

    report = load_report(args.report)
    if args.format == "badge":
        from .badge import write_badges

        if args.out is None:
            raise UsageError("--format badge writes one file per implementation: give --out DIR")
        if args.out.exists() and not args.out.is_dir():
            raise UsageError(f"--out {args.out}: expected a directory for --format badge")
        try:
            written = write_badges(report, args.out)
        except OSError as exc:
            raise UsageError(f"--out {args.out}: cannot write ({exc.strerror})") from None
        write_out("".join(f"wrote {path}\n" for path in written))
        return EXIT_OK
    render, default_name = SINGLE_FILE_FORMATS[args.format]
    data = render(report)
    if args.out is None:
        write_out(data.decode("utf-8"), escape=False)
        return EXIT_OK
    target = args.out / default_name if args.out.is_dir() else args.out
    try:
        write_atomically(target, data)
    except OSError as exc:
        raise UsageError(f"--out {target}: cannot write ({exc.strerror})") from None
    write_out(f"wrote {target}\n")
    return EXIT_OK


def diff_command(args: argparse.Namespace) -> int:
    from .diff import diff_lines, diff_reports
    from .loading import load_report

    diff = diff_reports(load_report(args.old), load_report(args.new))
    if args.json:
        write_out(json_text(diff.to_json(), indent=2) + "\n", escape=False)
    else:
        write_out("\n".join(diff_lines(diff)) + "\n")
    return EXIT_FAILED if diff.regression else EXIT_OK
