"""``sigvec sign`` and ``sigvec vectors``: the reference and its vectors on the command line."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

from sigvec.errors import EXIT_OK, EXIT_USAGE, UsageError
from sigvec.text import cap, json_text, read_stdin, write_err, write_out
from sigvec.vectors import DIRECTORY as VECTORS_DIRECTORY
from sigvec.vectors import SCHEME_IDS
from sigvec.vectors.export import register_export
from sigvec.vectors.packages import register_package


def _not_json_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"number {cap(text, 40)} is out of range")
    return value


def parse_json(name: str, text: str) -> Any:
    """Strict JSON (no NaN or Infinity, no number too large to hold); ``UsageError`` naming
    ``name`` and what is wrong otherwise."""
    try:
        return json.loads(text, parse_constant=_not_json_constant, parse_float=_finite_float)
    except RecursionError:
        raise UsageError(f"{name}: JSON nested too deeply") from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise UsageError(f"{name}: not JSON ({exc.msg} at {where})") from None
    except ValueError as exc:  # NaN, 1e999, an integer of more than 4300 digits
        reason = str(exc).split(":")[0].split(" for integer")[0]
        raise UsageError(f"{name}: not usable JSON ({cap(reason, 120)})") from None


def read_json_input(source: str | None) -> tuple[str, Any]:
    """(name to show in errors, parsed JSON) from a file path, or stdin when ``source`` is None.
    Always UTF-8, whatever the locale."""
    name = source or "<stdin>"
    try:
        text = Path(source).read_text(encoding="utf-8") if source else read_stdin()
    except OSError as exc:
        raise UsageError(f"{name}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{name}: not UTF-8 text (invalid byte at offset {exc.start})") from None
    return name, parse_json(name, text)


def dotted(*parts: str) -> str:
    return ".".join(part for part in parts if part)


def parse_assignment(option: str, text: str) -> tuple[str, str]:
    field, sep, source = text.partition("=")
    if not sep or not field or not source:
        raise UsageError(f"{option} {text!r}: expected FIELD=SOURCE, e.g. app_secret=MY_VAR")
    return field, source


def fill_secrets(document: Any, args: argparse.Namespace) -> None:
    """Secrets from the environment or a file, so they need not be on the command line or in
    the input file."""
    assignments = [("--secret-env", t) for t in args.secret_env]
    assignments += [("--secret-file", t) for t in args.secret_file]
    if assignments and not isinstance(document, dict):
        return  # schema validation reports the real problem
    for option, text in assignments:
        field, source = parse_assignment(option, text)
        if option == "--secret-env":
            value = os.environb.get(os.fsencode(source)) if "\0" not in source else None
            if value is None:
                raise UsageError(f"{option} {text!r}: environment variable {source} is not set")
        else:
            try:
                value = Path(source).expanduser().read_bytes()
            except OSError as exc:
                raise UsageError(
                    f"{option} {text!r}: cannot read {source} ({exc.strerror})"
                ) from None
            value = value.split(b"\n", 1)[0].removesuffix(b"\r")  # the first line
        try:
            document[field] = value.decode("utf-8")
        except UnicodeDecodeError:
            raise UsageError(f"{option} {text!r}: {source} is not UTF-8 text") from None


def cmd_sign(args: argparse.Namespace) -> int:
    from sigvec.reference import InputError, sign

    name, document = read_json_input(args.input)
    fill_secrets(document, args)
    try:
        signed = sign(args.scheme, document)
    except InputError as exc:
        raise UsageError(f"{name}: {dotted('input', exc.field)}: {exc.message}") from None
    if args.step:  # raw, as asked: real line breaks (lone surrogates still made safe)
        write_out(step_text(args.scheme, signed.to_json(), args.step) + "\n", escape=False)
        return EXIT_OK
    write_out(json_text(signed.to_json(), indent=2) + "\n", escape=False)
    return EXIT_OK


def step_text(scheme: str, document: dict[str, Any], step: str) -> str:
    """One intermediate or output as it is (a canonical request with real line breaks);
    ``step`` is ``name``, ``intermediates.name`` or ``output.name``."""
    part, _, name = step.rpartition(".")
    parts = [part] if part else ["intermediates", "output"]
    for where in parts:
        if name in document.get(where, {}):
            value = document[where][name]
            return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    known = [f"{where}.{n}" for where in ("intermediates", "output") for n in document[where]]
    raise UsageError(f"--step {step!r}: {scheme} has no such step (steps: {', '.join(known)})")


def cmd_vectors_generate(args: argparse.Namespace) -> int:
    from sigvec.reference.generate import CaseError, generate, generate_user

    if args.cases and args.out is None:
        raise UsageError("--cases: also pass --out DIR (the folder for your vector files)")
    try:
        if args.cases:
            written = generate_user(Path(args.out), [Path(p) for p in args.cases])
        else:
            written = generate(Path(args.out or VECTORS_DIRECTORY))
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
    shipped = directory.resolve() == Path(VECTORS_DIRECTORY).resolve()
    problems = check_directory(directory, drift=not args.no_drift, partial=not shipped)
    for problem in problems:
        write_err(f"sigvec: error: {directory / problem.file}: {problem.where}: {problem.message}")
    if problems:
        return EXIT_USAGE
    write_out(f"{directory}: every vector file is valid{' and up to date' if shipped else ''}\n")
    return EXIT_OK


def register(verbs: argparse._SubParsersAction) -> None:
    p_sign = verbs.add_parser("sign", help="sign one input; print every intermediate as JSON")
    p_sign.add_argument(
        "scheme",
        choices=sorted(SCHEME_IDS),
        metavar="SCHEME",
        help="one of: " + ", ".join(sorted(SCHEME_IDS)),
    )
    p_sign.add_argument("--input", metavar="FILE", help="JSON input file (default: stdin)")
    p_sign.add_argument(
        "--secret-env",
        action="append",
        default=[],
        metavar="FIELD=VAR",
        help="take input FIELD from environment variable VAR (repeatable)",
    )
    p_sign.add_argument(
        "--secret-file",
        action="append",
        default=[],
        metavar="FIELD=FILE",
        help="take input FIELD from the first line of FILE (repeatable)",
    )
    p_sign.add_argument(
        "--step",
        metavar="NAME",
        help="print only this intermediate or output, raw (e.g. canonical_request)",
    )
    p_sign.set_defaults(handler=cmd_sign)

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
    p_check.add_argument("--dir", default=str(VECTORS_DIRECTORY), metavar="DIR")
    p_check.add_argument(
        "--no-drift", action="store_true", help="skip the comparison with freshly generated files"
    )
    p_check.set_defaults(handler=cmd_vectors_check)
    register_export(vector_verbs)
    register_package(vector_verbs)
