"""Strict protocol mode: every message the runner sends and every answer it receives is checked
against its published schema (``schema/protocol/NAME.schema.json``).

On with ``sigvec run --strict-protocol`` or ``SIGVEC_STRICT_PROTOCOL=1``. A valid message
costs one compiled check (``sigvec.schemacheck``, microseconds); ``jsonschema`` is imported
only to word a violation: the schema file, the rule's path in it, the field and what it
expects, never the whole value.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sigvec.schemacheck import Check, compile_check, is_valid

if TYPE_CHECKING:
    import jsonschema

SCHEMAS = Path(__file__).resolve().parent / "schema" / "protocol"
ENVIRONMENT_VARIABLE = "SIGVEC_STRICT_PROTOCOL"


def strict_by_default() -> bool:
    """``SIGVEC_STRICT_PROTOCOL`` set to anything but empty or ``0``."""
    return os.environ.get(ENVIRONMENT_VARIABLE, "") not in ("", "0")


@cache
def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _check(name: str) -> Check | None:
    return compile_check(_schema(name))


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator:
    from sigvec.reference.validate import validator_class

    return validator_class()(_schema(name))


def violation(
    name: str, message: Any, shown: Callable[[Any], Any] = lambda value: value
) -> str | None:
    """None when ``message`` matches ``NAME.schema.json``; else one line naming the schema,
    the rule broken (its JSON pointer in the schema), the field and what it expects.
    ``shown``: the message as the description may quote it (e.g. with secrets masked)."""
    check = _check(name)
    if check is not None and is_valid(check, message):
        return None
    from jsonschema.exceptions import best_match

    validator = _validator(name)
    error = best_match(validator.iter_errors(shown(message)))
    if error is None:  # valid once masked: name the rule only, quote nothing
        error = best_match(validator.iter_errors(message))
        if error is None:
            return None
        return f"does not match {name}.schema.json (#/{_pointer(error)})"
    error, (field, expected) = _explained(error)
    where = f"{field} " if field else ""
    return f"does not match {name}.schema.json (#/{_pointer(error)}): {where}{expected}"


def _explained(
    error: jsonschema.ValidationError,
) -> tuple[jsonschema.ValidationError, tuple[str, str]]:
    """The error to show and what it expects. A ``oneOf`` of alternatives (an answer is a
    result, skipped or errored; a verdict valid or invalid) is worded by them: the message
    meant the alternative whose discriminating constant it has and most of whose required
    fields it has, and that alternative's own error is shown."""
    from jsonschema.exceptions import best_match

    from sigvec.reference.validate import describe

    if error.validator not in ("oneOf", "anyOf"):
        return error, describe(error)
    branches, instance = error.validator_value, error.instance
    names = [" + ".join(branch.get("required", ())) or f"#{i}" for i, branch in enumerate(branches)]
    if not error.context:  # a oneOf that more than one alternative matches
        present = [name for name, b in zip(names, branches, strict=True) if _has(instance, b)]
        has = " and ".join(present)
        return error, (_field(error), f"expected exactly one of {', '.join(names)}; has {has}")
    by_branch: dict[int, list[jsonschema.ValidationError]] = {}
    for sub in error.context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    meant = [
        (_present(instance, branch), index)
        for index, branch in enumerate(branches)
        if not any(
            sub.validator == "const" and len(sub.relative_path) == 1
            for sub in by_branch.get(index, ())
        )
        and _present(instance, branch)
    ]
    if meant:
        chosen = best_match(by_branch.get(max(meant)[1], ()))
        if chosen is not None:
            return _explained(chosen)
    return error, (_field(error), f"expected one of {', '.join(names)}")


def _present(instance: Any, branch: Any) -> int:
    """How many of the alternative's required fields ``instance`` has."""
    if not isinstance(instance, dict) or not isinstance(branch, dict):
        return 0
    return sum(1 for key in branch.get("required", ()) if key in instance)


def _has(instance: Any, branch: Any) -> bool:
    return isinstance(branch, dict) and _present(instance, branch) == len(
        branch.get("required", ())
    )


def _field(error: jsonschema.ValidationError) -> str:
    return ".".join(str(part) for part in error.absolute_path)


def _pointer(error: jsonschema.ValidationError) -> str:
    return "/".join(str(part) for part in error.absolute_schema_path)
