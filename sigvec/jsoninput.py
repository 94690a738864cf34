"""JSON from the command line: strict parsing with one-line errors, files or stdin, field paths.

Used by every verb that reads a JSON document (``sign``, ``explain``, ``report``, ...).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sigvec.errors import UsageError
from sigvec.text import cap, read_stdin


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
