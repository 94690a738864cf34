"""Read a saved JSON report (``sigvec run --report``) and check it against its schema."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from sigvec.errors import UsageError
from sigvec.jsoninput import read_json_input
from sigvec.reference.validate import describe, validator_class
from sigvec.text import cap

from ..results import STATUSES

REPORT_SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schema" / "report.schema.json"


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return validator_class()(json.loads(REPORT_SCHEMA_PATH.read_text(encoding="utf-8")))


def _is_stream(path: Path) -> bool:
    from ..stream import is_stream

    try:
        with path.open(encoding="utf-8") as handle:
            return is_stream(handle.readline())
    except (OSError, UnicodeDecodeError):
        return False  # read_json_input says what is wrong


def _read_stream(path: Path) -> dict[str, Any]:
    """The report a result stream holds (``sigvec run --report`` writes it while it runs)."""
    from ..stream import read_stream

    try:
        return read_stream(path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"{path}: not a sigvec result stream ({exc!r:.200})") from None


def load_report(path: Path) -> dict[str, Any]:
    """The report in ``path``; a ``UsageError`` naming the file and field when it is not one.

    Its counts are recomputed from its vectors: a summary edited by hand (or by a bug) must
    not say "all passed" above failing rows."""
    if _is_stream(path):
        name, document = str(path), _read_stream(path)
    else:
        name, document = read_json_input(str(path))
    if not isinstance(document, dict) or "implementations" not in document:
        raise UsageError(f"{name}: not a sigvec report (expected the JSON of sigvec run --report)")
    try:
        error = jsonschema.exceptions.best_match(_validator().iter_errors(document))
    except RecursionError:
        raise UsageError(f"{name}: nested too deeply to be a sigvec report") from None
    if error is not None:
        field, message = describe(error)
        raise UsageError(f"{name}: {field or '(top level)'}: {message}")
    _check_unique(name, document)
    _recount(document)
    return document


def _check_unique(name: str, report: dict[str, Any]) -> None:
    """One entry per implementation id, one per (scheme, tcId) in each: else a diff would
    silently keep one of two."""
    ids: set[str] = set()
    for index, impl in enumerate(report["implementations"]):
        if impl["id"] in ids:
            raise UsageError(
                f"{name}: implementations.{index}.id: {cap(repr(impl['id']), 80)} appears twice"
            )
        ids.add(impl["id"])
        keys: set[tuple[str, int]] = set()
        for number, vector in enumerate(impl["vectors"]):
            key = (vector["scheme"], vector["tcId"])
            if key in keys:
                raise UsageError(
                    f"{name}: implementations.{index}.vectors.{number}: "
                    f"{cap(repr(key[0]), 80)} tcId {key[1]} appears twice"
                )
            keys.add(key)


def _counts(vectors: list[dict[str, Any]]) -> dict[str, int]:
    found = Counter(vector["status"] for vector in vectors)
    return {status: found[status] for status in STATUSES}


def _recount(report: dict[str, Any]) -> None:
    every: list[dict[str, Any]] = []
    for impl in report["implementations"]:
        vectors = impl["vectors"]
        every += vectors
        impl["counts"] = _counts(vectors)
        schemes = sorted({vector["scheme"] for vector in vectors})
        impl["countsByScheme"] = {
            scheme: _counts([v for v in vectors if v["scheme"] == scheme]) for scheme in schemes
        }
    report["summary"] = _counts(every)
