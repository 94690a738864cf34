"""``sigvec run``: parse options, load the manifest and vectors, run, report, exit code."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sigvec.errors import EXIT_FAILED, EXIT_OK, UsageError
from sigvec.text import write_err, write_out
from sigvec.vectors import SCHEME_IDS

from .environment import DEFAULT_TIME_ZONE_NOTE
from .manifest import (
    ALL_SCHEMES,
    DEFAULT_TIMEOUT,
    LANGUAGES,
    Implementation,
    load_manifest,
    max_timeout,
)

if TYPE_CHECKING:
    from .selection import Filter, SchemeTests
    from .stream import ResultStream

REPOSITORY = Path(__file__).resolve().parents[1]
DEFAULT_MANIFEST = REPOSITORY / "ports" / "manifest.yaml"
REFERENCE_IMPLEMENTATION = Implementation(
    id="python-reference",
    kind="command",
    language="python",
    schemes=ALL_SCHEMES,
    src=Path(__file__).resolve().parent,
    sources=(),
    timeout=DEFAULT_TIMEOUT,
    run=("{python}", "-m", "sigvec.runner.reference_impl"),
)


def register(verbs: argparse._SubParsersAction) -> None:
    p = verbs.add_parser(
        "run",
        help="run implementations against the vectors",
        description="Build implementations, feed them every vector, compare every step.",
    )
    p.add_argument(
        "--manifest",
        metavar="FILE",
        type=Path,
        help="implementations to run (default: the ones sigvec ships)",
    )
    p.add_argument(
        "--scheme",
        action="append",
        choices=SCHEME_IDS,
        metavar="SCHEME",
        help="only this scheme (repeatable)",
    )
    p.add_argument(
        "--language",
        action="append",
        choices=sorted(LANGUAGES),
        metavar="LANG",
        help="only implementations in this language (repeatable)",
    )
    p.add_argument("--impl", action="append", metavar="ID", help="only this implementation id")
    p.add_argument(
        "-k",
        "--filter",
        action="append",
        default=[],
        metavar="EXPR",
        help="tcId=N[,M], flag=NAME, or text in IMPL::SCHEME::tcN; 'not EXPR' excludes "
        "(repeatable: and)",
    )
    p.add_argument("--report", metavar="FILE", type=Path, help="write the JSON report")
    p.add_argument("--junit", metavar="FILE", type=Path, help="write JUnit XML")
    p.add_argument(
        "--cache-dir",
        metavar="DIR",
        type=Path,
        default=None,
        help="build cache (default: $XDG_CACHE_HOME/sigvec or ~/.cache/sigvec)",
    )
    p.add_argument(
        "--vectors-dir",
        metavar="DIR",
        type=Path,
        default=None,
        help="read vectors from here instead of the packaged ones",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=2,
        metavar="N",
        help="implementations built and run in parallel (default 2)",
    )
    p.add_argument(
        "--timeout",
        type=seconds,
        default=None,
        metavar="SECONDS",
        help="per answer, overriding each implementation's own",
    )
    p.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set in every implementation's environment, e.g. LANG=C or "
        "TZ=Asia/Shanghai (LANG also sets LC_ALL unless given)",
    )
    p.add_argument(
        "--env-matrix",
        action="store_true",
        help="run under several time zones and LANG=C; report what depends on them",
    )
    p.add_argument(
        "--show-secrets",
        action="store_true",
        help="show secret input values in diffs and reports (masked by default)",
    )
    p.add_argument(
        "-x", "--fail-fast", action="store_true", help="stop at the first failing vector"
    )
    p.add_argument(
        "--max-fail",
        type=int,
        default=None,
        metavar="N",
        help="stop after N failing or erroring vectors",
    )
    p.add_argument(
        "--verify",
        action="store_true",
        help="also run the verifier vectors (vectors/verify/) on implementations that "
        "announce verify",
    )
    p.add_argument(
        "--pipeline",
        type=int,
        default=None,
        metavar="N",
        help="at most N requests in flight per implementation (1: lock-step; default: as "
        "many as each implementation announces)",
    )
    p.add_argument(
        "--strict-protocol",
        action="store_true",
        help="check every message sent and every answer against the protocol's JSON Schemas "
        "(runner/schema/protocol/); a violation errors that vector, naming the schema rule "
        "(also SIGVEC_STRICT_PROTOCOL=1)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    p.set_defaults(handler=run_command)


def run_command(args: argparse.Namespace) -> int:
    from .build import default_cache_dir
    from .console import detail_lines, matrix_lines, summary_line
    from .protocol_check import strict_by_default
    from .report import build_report, write_json_report, write_junit
    from .selection import Filter, load_vectors
    from .session import FailureBudget, RunOptions, run_all

    manifest = args.manifest or DEFAULT_MANIFEST
    if args.jobs < 1:
        raise UsageError("-j/--jobs: expected a whole number of at least 1")
    check_outputs(args.report, args.junit)
    implementations = _shipped_or(manifest) if args.manifest is None else load_manifest(manifest)
    if args.language:
        implementations = [i for i in implementations if i.language in args.language]
    if args.impl:
        unknown = set(args.impl) - {i.id for i in implementations}
        if unknown:
            raise UsageError(f"--impl: no implementation {sorted(unknown)[0]!r} in {manifest}")
        implementations = [i for i in implementations if i.id in args.impl]
    if not implementations:
        raise UsageError(f"{manifest}: no implementation matches the selection")
    if args.pipeline is not None and args.pipeline < 1:
        raise UsageError("--pipeline: expected a whole number of at least 1")
    if args.max_fail is not None and args.max_fail < 1:
        raise UsageError("--max-fail: expected a whole number of at least 1")
    filters = [Filter.parse(text) for text in args.filter]
    env_overrides = parse_env(args.env)
    vectors = load_vectors(directory=args.vectors_dir, verify=args.verify)
    schemes = tuple(args.scheme) if args.scheme else None
    check_selection(manifest, implementations, vectors, filters, schemes)
    options = RunOptions(
        cache_dir=args.cache_dir or default_cache_dir(),
        filters=filters,
        schemes=schemes,
        timeout=args.timeout,
        jobs=args.jobs,
        env_overrides=env_overrides,
        show_secrets=args.show_secrets,
        budget=FailureBudget(1 if args.fail_fast else args.max_fail),
        progress=_progress_printer(args.quiet),
        max_pipeline=args.pipeline,
        strict_protocol=args.strict_protocol or strict_by_default(),
    )
    # Verdicts go to a JSON-lines stream as they are judged (the --env-matrix runs, several per
    # implementation, keep theirs in memory): a stopped run leaves a partial report.
    stream = None if args.env_matrix else _open_stream(args.report or args.junit)
    options.stream, options.keep_passed = stream, args.env_matrix
    extra_lines: list[str] = []
    try:
        if args.env_matrix:
            from .envmatrix import finding_lines, findings_json, run_matrix, summary_note

            matrix = run_matrix(implementations, vectors, options)
            results = matrix.baseline
            extra_lines = finding_lines(matrix)
        else:
            results = run_all(implementations, vectors, options)
    except ValueError as exc:  # a snippet the driver generator cannot handle
        _discard(stream)
        raise UsageError(f"{manifest}: {exc}") from None
    except BaseException:  # Ctrl-C, SIGTERM: what was judged stays readable
        if stream is not None:
            stream.close()
            write_err(
                f"sigvec: partial results in {stream.path} (render: sigvec report {stream.path})"
            )
        raise
    report = build_report(results)
    if args.env_matrix:
        report["environmentDependent"] = findings_json(matrix.findings)
    if stream is not None:
        _write_from_stream(stream, report, args.report, args.junit)
    else:
        if args.report:
            write_json_report(args.report, report)
        if args.junit:
            write_junit(args.junit, report)
    lines = matrix_lines(report) + detail_lines(report) + extra_lines + [""]
    if "TZ" not in options.env_overrides and not args.env_matrix:
        lines.append(DEFAULT_TIME_ZONE_NOTE)
    note = summary_note(report["environmentDependent"]) if args.env_matrix else ""
    write_out("\n".join([*lines, summary_line(report) + note]) + "\n")
    summary = report["summary"]
    failed = summary["failed"] or summary["errored"] or report.get("environmentDependent")
    return EXIT_FAILED if failed else EXIT_OK


def check_selection(
    manifest: Path,
    implementations: list[Implementation],
    vectors: dict[str, SchemeTests],
    filters: list[Filter],
    schemes: tuple[str, ...] | None,
) -> None:
    """A flag no vector has, or a selection that leaves nothing to run, is a usage error: never
    a green "0 passed"."""
    from .selection import check_flags, select

    for f in filters:
        if f.key == "flag":
            text = ("not " if f.negated else "") + "flag=" + ",".join(f.values)
            check_flags(f.values, vectors, f"-k {text!r}")
    total = False
    for impl in implementations:
        if impl.vectors is not None:
            where = f"{manifest}: {impl.id}: vectors"
            check_flags(impl.vectors.flags, vectors, where)
            own = [s for s in impl.schemes if s in vectors]
            if not any(next(select(vectors, s, [], impl.id, impl.vectors), None) for s in own):
                raise UsageError(f"{where}: selects no vector of {', '.join(impl.schemes)}")
        wanted = [s for s in impl.schemes if schemes is None or s in schemes]
        total = total or any(
            next(select(vectors, s, filters, impl.id, impl.vectors), None) is not None
            for s in wanted
        )
    if not total:
        raise UsageError(
            "no vector selected: the implementations' schemes, --scheme and -k leave nothing to run"
        )


def _open_stream(beside: Path | None) -> ResultStream | None:
    from .stream import ResultStream, stream_path

    if beside is None:
        return None
    try:
        return ResultStream(stream_path(beside))
    except OSError as exc:
        raise UsageError(f"{beside}: cannot write beside it ({exc.strerror})") from None


def _discard(stream: ResultStream | None) -> None:
    if stream is not None:
        stream.close()
        stream.path.unlink(missing_ok=True)


def _write_from_stream(
    stream: ResultStream, report: dict[str, Any], json_path: Path | None, junit_path: Path | None
) -> None:
    """The finished run's reports, rendered from its stream; the stream is then removed."""
    from .report import write_junit
    from .stream import read_vectors_into, write_report

    stream.end()
    stream.close()
    if json_path:
        write_report(stream.path, report, json_path)
    if junit_path:
        write_junit(junit_path, read_vectors_into(stream.path, report))
    stream.path.unlink(missing_ok=True)


def seconds(text: str) -> float:
    """``--timeout``: a finite number of seconds, more than 0 and at most a manifest's
    maximum (NaN would never fire; inf and 1e10 overflow the clock)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= max_timeout():  # False for NaN too
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected a number of seconds more than 0 and at most {max_timeout():g}"
        )
    return value


def check_outputs(report: Path | None, junit: Path | None) -> None:
    """Before anything runs: each output can be written, and they are two files (a report
    lost after an hour's run, or overwritten by the JUnit XML, is a usage error now)."""
    given = [(option, path) for option, path in (("--report", report), ("--junit", junit)) if path]
    if len(given) == 2 and given[0][1].resolve() == given[1][1].resolve():
        raise UsageError(f"--report and --junit name the same file: {report}")
    for option, path in given:
        if path.is_dir():
            raise UsageError(f"{option} {path}: is a directory; expected a file name")
        folder = path.resolve().parent
        while not folder.exists():  # created when the report is written
            folder = folder.parent
        if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
            raise UsageError(f"{option} {path}: cannot write in {folder}")


def _shipped_or(manifest: Path) -> list[Implementation]:
    """The shipped ports; an installed (not checked-out) sigvec has only the reference."""
    if manifest.exists():
        return load_manifest(manifest)
    write_err(
        f"sigvec: {manifest} not found (sigvec installed without its ports/): running the "
        "Python reference only"
    )
    return [REFERENCE_IMPLEMENTATION]


def parse_env(assignments: list[str]) -> dict[str, str]:
    env: dict[str, str] = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep or not name.replace("_", "").isalnum():
            raise UsageError(f"--env {assignment!r}: expected NAME=VALUE")
        env[name] = value
    if "LANG" in env:
        env.setdefault("LC_ALL", env["LANG"])
    return env


def _progress_printer(quiet: bool) -> Callable[[str], None]:
    """One line per implementation as it builds, starts and finishes, on a terminal and in CI
    logs alike (a 30 s build is otherwise silence); ``-q`` silences them."""
    if quiet:
        return lambda message: None
    return lambda message: write_err(f"sigvec: {message}")
