"""``sigvec vectors check``: schema-validate vector files, recompute them, detect drift."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from sigvec.vectors import SCHEME_IDS, file_name, schema

from . import sign
from .generate import build_vector_file, render
from .validate import describe, validator_class


@dataclass(frozen=True)
class Problem:
    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.message}"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    return validator_class()(schema(name))


def check_file(path: Path, scheme: str) -> list[Problem]:
    name = path.name
    try:
        document = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return [Problem(name, "file", "missing (run: sigvec vectors generate)")]
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [Problem(name, "file", f"not UTF-8 JSON ({exc})")]
    error = jsonschema.exceptions.best_match(_validator("envelope").iter_errors(document))
    if error is not None:
        field, message = describe(error)
        return [Problem(name, field or "envelope", message)]
    if document["scheme"] != scheme:
        return [Problem(name, "scheme", f"expected {scheme!r}, found {document['scheme']!r}")]
    problems: list[Problem] = []
    test_validator = _validator(scheme)
    count = 0
    for g, group in enumerate(document["testGroups"]):
        for t, test in enumerate(group["tests"]):
            count += 1
            where = f"testGroups.{g}.tests.{t} (tcId {test.get('tcId', '?')})"
            error = jsonschema.exceptions.best_match(test_validator.iter_errors(test))
            if error is not None:
                field, message = describe(error)
                problems.append(Problem(name, f"{where}: {field or 'test'}", message))
                continue
            problems += _recompute(name, where, scheme, test)
    if count != document["numberOfTests"]:
        problems.append(
            Problem(name, "numberOfTests", f"says {document['numberOfTests']}, file has {count}")
        )
    return problems


def _recompute(name: str, where: str, scheme: str, test: dict[str, Any]) -> list[Problem]:
    try:
        signed = sign(scheme, test["input"])
    except ValueError as exc:
        return [Problem(name, f"{where}: input", str(exc))]
    for part in ("intermediates", "output"):
        fresh = getattr(signed, part)
        for key, value in test[part].items():
            if fresh.get(key) != value:
                return [Problem(name, f"{where}: {part}.{key}", "does not recompute from input")]
    return []


def _is_shipped(path: Path, scheme: str) -> bool:
    """Whether a vector file is sigvec's own (its header), not one from a user's cases."""
    from .generate import load_cases

    try:
        return json.loads(path.read_bytes())["header"] == load_cases(scheme)["header"]
    except (ValueError, KeyError, OSError):
        return False


def check_directory(directory: Path, drift: bool = True, partial: bool = False) -> list[Problem]:
    """``partial``: a folder of the user's, holding some schemes' files (at least one), maybe
    generated from their own cases: only sigvec's own files there are checked for drift."""
    problems: list[Problem] = []
    schemes = SCHEME_IDS
    if partial:
        schemes = tuple(s for s in SCHEME_IDS if (directory / file_name(s)).exists())
        if not schemes:
            names = ", ".join(file_name(s) for s in SCHEME_IDS)
            return [Problem(".", "folder", f"holds no vector file (expected one of {names})")]
    for scheme in schemes:
        path = directory / file_name(scheme)
        file_problems = check_file(path, scheme)
        problems += file_problems
        own = not partial or _is_shipped(path, scheme)
        if (
            drift
            and own
            and not file_problems
            and path.read_bytes() != render(build_vector_file(scheme))
        ):
            problems.append(
                Problem(
                    path.name,
                    "file",
                    "differs from freshly generated vectors "
                    "(drift: run `sigvec vectors generate` and commit the result)",
                )
            )
    from .generate import generator_name
    from .verify.vectorfiles import check_verify_files

    if partial and not (directory / "verify").is_dir():
        return problems

    problems += [
        Problem(*found) for found in check_verify_files(directory, generator_name(), drift)
    ]
    return problems
