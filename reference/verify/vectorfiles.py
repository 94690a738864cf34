"""Write and check the verifier vector files (``vectors/verify/<scheme>.json``)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from sigvec.fileio import write_atomically
from sigvec.reference.generate import render
from sigvec.schemes import verifiable
from sigvec.vectors import schema, verify_path

from .cases import build_verify_file


def verifying_schemes() -> tuple[str, ...]:
    """The registry's schemes that have a reference verifier (a new scheme may not, yet)."""
    return verifiable()


def render_verify_files(generator: str, schemes: tuple[str, ...] | None = None) -> dict[str, bytes]:
    return {
        scheme: render(build_verify_file(scheme, generator))
        for scheme in (verifying_schemes() if schemes is None else schemes)
    }


def write_verify_files(out_directory: Path, rendered: dict[str, bytes]) -> list[Path]:
    written = []
    for scheme, data in rendered.items():
        target = verify_path(scheme, out_directory)
        write_atomically(target, data)
        written.append(target)
    return written


def check_verify_files(directory: Path, generator: str, drift: bool) -> list[tuple[str, str, str]]:
    """(file, where, problem) for every verifier vector file under ``directory``."""
    problems: list[tuple[str, str, str]] = []
    envelope = jsonschema.Draft202012Validator(schema("verify-envelope"))
    test_validator = jsonschema.Draft202012Validator(schema("verify"))
    fresh = render_verify_files(generator) if drift else {}
    for scheme in verifying_schemes():
        path = verify_path(scheme, directory)
        name = f"verify/{path.name}"
        try:
            data = path.read_bytes()
            document = json.loads(data.decode("utf-8"))
        except FileNotFoundError:
            problems.append((name, "file", "missing (run: sigvec vectors generate)"))
            continue
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append((name, "file", f"not UTF-8 JSON ({exc})"))
            continue
        error = jsonschema.exceptions.best_match(envelope.iter_errors(document))
        if error is not None:
            problems.append(
                (name, "/".join(map(str, error.absolute_path)) or "envelope", error.message)
            )
            continue
        count = 0
        for g, group in enumerate(document["testGroups"]):
            for t, test in enumerate(group["tests"]):
                count += 1
                error = jsonschema.exceptions.best_match(test_validator.iter_errors(test))
                if error is not None:
                    field = ".".join(map(str, error.absolute_path)) or "test"
                    problems.append((name, f"testGroups.{g}.tests.{t}: {field}", error.message))
        if count != document["numberOfTests"]:
            problems.append(
                (name, "numberOfTests", f"says {document['numberOfTests']}, file has {count}")
            )
        if drift and data != fresh[scheme]:
            problems.append(
                (
                    name,
                    "file",
                    "differs from freshly generated vectors (drift: run `sigvec vectors "
                    "generate` and commit the result)",
                )
            )
    return problems
