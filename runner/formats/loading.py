"""Read a saved JSON report (``sigvec run --report``) and check it against its schema."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from sigvec.errors import UsageError
from sigvec.reference.cli import read_json_input
from sigvec.reference.validate import describe

REPORT_SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schema" / "report.schema.json"


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        json.loads(REPORT_SCHEMA_PATH.read_text(encoding="utf-8"))
    )


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
    """The report in ``path``; a ``UsageError`` naming the file and field when it is not one."""
    if _is_stream(path):
        name, document = str(path), _read_stream(path)
    else:
        name, document = read_json_input(str(path))
    if not isinstance(document, dict) or "implementations" not in document:
        raise UsageError(f"{name}: not a sigvec report (expected the JSON of sigvec run --report)")
    error = jsonschema.exceptions.best_match(_validator().iter_errors(document))
    if error is not None:
        field, message = describe(error)
        raise UsageError(f"{name}: {field or '(top level)'}: {message}")
    return document
