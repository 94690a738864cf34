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


def build_vector_file(scheme: str, cases: dict[str, Any] | None = None) -> dict[str, Any]:
    """The vector file of ``scheme`` from its shipped cases, or from ``cases`` of the user's
    (see :func:`user_cases`)."""
    shipped = cases is None
    cases = load_cases(scheme) if cases is None else cases
    notes: dict[str, Any] = dict(cases["notes"])
    seen: set[int] = set()
    used_flags: set[str] = set()
    groups = []
    for group in cases["groups"]:
        tests = []
        for case in group["tests"]:
            where = f"{cases.get('file', scheme + '.yaml')} tcId {case.get('tcId')}"
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
    if unused and shipped:
        raise CaseError(f"{scheme}.yaml: note {unused[0]!r} is used by no test")
    notes = {flag: note for flag, note in notes.items() if flag in used_flags}
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


USER_NOTE = {"bugType": "BASIC", "description": "A flag of the user's own cases."}


def user_cases(path: Path) -> tuple[str, dict[str, Any]]:
    """A user's cases file: ``scheme``, ``tests`` (each ``input``, optional ``comment``,
    ``flags``, ``tcId``), optional ``header`` and ``notes`` -> (scheme, cases) in the shipped
    cases' shape. The derived flags' notes come from the shipped cases."""
    where = path.name
    try:
        document = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CaseError(f"{path}: cannot read ({exc.strerror})") from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise CaseError(f"{path}: not a YAML cases file ({exc})") from None
    if not isinstance(document, dict) or document.get("scheme") not in SCHEME_IDS:
        raise CaseError(f"{where}: scheme: expected one of {', '.join(SCHEME_IDS)}")
    tests = document.get("tests")
    if not isinstance(tests, list) or not tests:
        raise CaseError(f"{where}: tests: expected a non-empty list of {{input: ...}}")
    scheme: str = document["scheme"]
    cases_tests = []
    for index, test in enumerate(tests):
        if not isinstance(test, dict) or not isinstance(test.get("input"), dict):
            raise CaseError(f"{where}: tests.{index}.input: expected a mapping")
        flags = test.get("flags", [])
        tc_id = test.get("tcId", index + 1)
        if not isinstance(flags, list) or not all(isinstance(f, str) for f in flags):
            raise CaseError(f"{where}: tests.{index}.flags: expected a list of names")
        if not isinstance(tc_id, int) or isinstance(tc_id, bool) or tc_id < 1:
            raise CaseError(f"{where}: tests.{index}.tcId: expected a whole number from 1")
        cases_tests.append(
            {
                "tcId": tc_id,
                "comment": str(test.get("comment", f"case {index + 1}")),
                "flags": flags,
                "input": test["input"],
            }
        )
    notes = dict(load_cases(scheme)["notes"])
    notes |= document.get("notes") or {}
    for test in cases_tests:
        for flag in test["flags"]:
            notes.setdefault(flag, USER_NOTE)
    header = document.get("header") or [f"{scheme} vectors generated by sigvec from {where}."]
    return scheme, {
        "file": where,
        "header": [header] if isinstance(header, str) else list(header),
        "notes": notes,
        "groups": [{"type": "UserCases", "tests": cases_tests}],
    }


def generate_user(out_directory: Path, case_files: list[Path]) -> list[Path]:
    """Vector files from the user's own cases, one per scheme (all built before any write)."""
    by_scheme: dict[str, dict[str, Any]] = {}
    for path in case_files:
        scheme, cases = user_cases(path)
        if scheme in by_scheme:
            raise CaseError(f"{path.name}: a second cases file for {scheme}")
        by_scheme[scheme] = cases
    rendered = {s: render(build_vector_file(s, cases)) for s, cases in by_scheme.items()}
    written = []
    for scheme, data in rendered.items():
        target = out_directory / file_name(scheme)
        write_atomically(target, data)
        written.append(target)
    return written


def _comment(group: dict[str, Any]) -> dict[str, str]:
    return {"comment": group["comment"]} if "comment" in group else {}


def render(document: dict[str, Any]) -> bytes:
    """The one serialisation every vector file uses, so regenerating is byte-identical."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def generate(out_directory: Path, schemes: tuple[str, ...] = SCHEME_IDS) -> list[Path]:
    """Build every file in memory first, so a bad case leaves ``out_directory`` untouched."""
    from .verify.vectorfiles import render_verify_files, verifying_schemes, write_verify_files

    rendered = {scheme: render(build_vector_file(scheme)) for scheme in schemes}
    verifying = tuple(scheme for scheme in schemes if scheme in verifying_schemes())
    verify_files = render_verify_files(generator_name(), verifying)
    written = []
    for scheme, data in rendered.items():
        target = out_directory / file_name(scheme)
        write_atomically(target, data)
        written.append(target)
    return written + write_verify_files(out_directory, verify_files)
