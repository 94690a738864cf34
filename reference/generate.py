"""Turn the case files (``reference/cases/*.yaml``: inputs, comments, flags) into vector files."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path
from typing import Any

from sigvec.fileio import load_yaml, write_atomically
from sigvec.vectors import SCHEME_IDS, file_name

from . import sign, steps
from .flags import DERIVED, derived_flags
from .mistakes import consequences, for_scheme

CASES_DIRECTORY = Path(__file__).resolve().parent / "cases"


class CaseError(ValueError):
    """A case file that cannot become vectors (unknown flag, duplicate tcId, bad input)."""


def generator_name() -> str:
    try:
        return f"sigvec {metadata.version('sigvec')}"
    except metadata.PackageNotFoundError:  # running from a source tree
        return "sigvec"


def load_cases(scheme: str) -> dict[str, Any]:
    with (CASES_DIRECTORY / f"{scheme}.yaml").open(encoding="utf-8") as handle:
        return load_yaml(handle)


def build_vector_file(scheme: str) -> dict[str, Any]:
    cases = load_cases(scheme)
    notes: dict[str, Any] = cases["notes"]
    seen: set[int] = set()
    used_flags: set[str] = set()
    groups = []
    for group in cases["groups"]:
        tests = []
        for case in group["tests"]:
            where = f"{scheme}.yaml tcId {case.get('tcId')}"
            if case["tcId"] in seen:
                raise CaseError(f"{where}: duplicate tcId")
            seen.add(case["tcId"])
            computed = [flag for flag in case["flags"] if flag in DERIVED.get(scheme, {})]
            if computed:
                raise CaseError(f"{where}: flag {computed[0]!r} is computed from the input")
            flags = case["flags"] + derived_flags(scheme, case["input"])
            unknown = [flag for flag in flags if flag not in notes]
            if unknown:
                raise CaseError(f"{where}: flag {unknown[0]!r} has no entry in notes")
            used_flags.update(flags)
            try:
                signed = sign(scheme, case["input"])
            except ValueError as exc:
                raise CaseError(f"{where}: input.{exc}") from None
            test = {"tcId": case["tcId"], "comment": case["comment"], "flags": flags}
            if "source" in case:
                test["source"] = case["source"]
            test |= {
                "input": case["input"],
                "intermediates": signed.intermediates,
                "output": signed.output,
                "result": "valid",
                "mistakes": consequences(scheme, case["input"], signed),
            }
            tests.append(test)
        groups.append({"type": group["type"], **_comment(group), "tests": tests})
    unused = sorted(set(notes) - used_flags)
    if unused:
        raise CaseError(f"{scheme}.yaml: note {unused[0]!r} is used by no test")
    return {
        "scheme": scheme,
        "schema": f"{scheme}.schema.json",
        "generator": generator_name(),
        "numberOfTests": len(seen),
        "header": cases["header"],
        "steps": list(steps(scheme)),
        "notes": notes,
        "mistakes": {
            mistake.id: {"description": mistake.description, "fix": mistake.fix}
            for mistake in for_scheme(scheme)
        },
        "testGroups": groups,
    }


def _comment(group: dict[str, Any]) -> dict[str, str]:
    return {"comment": group["comment"]} if "comment" in group else {}


def render(document: dict[str, Any]) -> bytes:
    """The one serialisation every vector file uses, so regenerating is byte-identical."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def generate(out_directory: Path, schemes: tuple[str, ...] = SCHEME_IDS) -> list[Path]:
    """Build every file in memory first, so a bad case leaves ``out_directory`` untouched."""
    from .verify.vectorfiles import render_verify_files, write_verify_files

    rendered = {scheme: render(build_vector_file(scheme)) for scheme in schemes}
    verify_files = render_verify_files(generator_name(), schemes)
    written = []
    for scheme, data in rendered.items():
        target = out_directory / file_name(scheme)
        write_atomically(target, data)
        written.append(target)
    return written + write_verify_files(out_directory, verify_files)
