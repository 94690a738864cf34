"""``sigvec vectors``: every verb on the vector files (generate, check, export, package)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sigvec.errors import EXIT_OK, EXIT_USAGE, UsageError
from sigvec.text import write_err, write_out

from . import DIRECTORY
from .export import FORMATS as EXPORT_FORMATS


def cmd_vectors_generate(args: argparse.Namespace) -> int:
    from sigvec.reference.generate import CaseError, generate, generate_user

    if args.cases and args.out is None:
        raise UsageError("--cases: also pass --out DIR (the folder for your vector files)")
    try:
        if args.cases:
            written = generate_user(Path(args.out), [Path(p) for p in args.cases])
        else:
            written = generate(Path(args.out or DIRECTORY))
    except CaseError as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        write_out(f"wrote {path}\n")
    return EXIT_OK


def cmd_vectors_check(args: argparse.Namespace) -> int:
    from sigvec.reference.check import check_directory

    directory = Path(args.dir)
    if not directory.is_dir():
        raise UsageError(f"{directory}: not a directory")
    shipped = directory.resolve() == Path(DIRECTORY).resolve()
    problems = check_directory(directory, drift=not args.no_drift, partial=not shipped)
    for problem in problems:
        write_err(f"sigvec: error: {directory / problem.file}: {problem.where}: {problem.message}")
    if problems:
        return EXIT_USAGE
    write_out(f"{directory}: every vector file is valid{' and up to date' if shipped else ''}\n")
    return EXIT_OK


def cmd_vectors_export(args: argparse.Namespace) -> int:
    from .export import cmd_vectors_export as export

    return export(args)


def cmd_vectors_package(args: argparse.Namespace) -> int:
    from .packages import cmd_package

    return cmd_package(args)


def register(verbs: argparse._SubParsersAction) -> None:
    p_vectors = verbs.add_parser("vectors", help="generate or check the test vectors")
    vector_verbs = p_vectors.add_subparsers(dest="vectors_verb", required=True, metavar="VERB")
    p_gen = vector_verbs.add_parser("generate", help="write the vector files")
    p_gen.add_argument("--out", default=None, metavar="DIR", help="default: sigvec's vectors/")
    p_gen.add_argument(
        "--cases",
        action="append",
        default=[],
        metavar="FILE",
        help="your own cases (YAML: scheme, tests: [{input, comment, flags}]); repeatable",
    )
    p_gen.set_defaults(handler=cmd_vectors_generate)
    p_check = vector_verbs.add_parser("check", help="schema-validate, recompute, detect drift")
    p_check.add_argument("--dir", default=str(DIRECTORY), metavar="DIR")
    p_check.add_argument(
        "--no-drift", action="store_true", help="skip the comparison with freshly generated files"
    )
    p_check.set_defaults(handler=cmd_vectors_check)
    p_export = vector_verbs.add_parser(
        "export", help="write the vectors as JSON Lines or one CSV per step"
    )
    p_export.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        required=True,
        help="jsonl: one test per line, per scheme; csv-per-step: per scheme, one CSV per step",
    )
    p_export.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder to write into"
    )
    p_export.add_argument("--dir", default=str(DIRECTORY), metavar="DIR", help="vectors to read")
    p_export.set_defaults(handler=cmd_vectors_export)
    p_package = vector_verbs.add_parser(
        "package", help="build the vectors as a Python wheel and an npm package (offline)"
    )
    p_package.add_argument(
        "--out", required=True, metavar="DIR", help="folder to write the two files"
    )
    p_package.add_argument(
        "--dir", default=str(DIRECTORY), metavar="DIR", help="vectors to package"
    )
    p_package.set_defaults(handler=cmd_vectors_package)
