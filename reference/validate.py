"""Validate a scheme input against its published JSON Schema, with one readable error.

A compiled check (``sigvec.schemacheck``) passes valid input in microseconds; ``jsonschema``
is imported only to word the error when the input is not valid, so the messages are its own.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from sigvec.schemacheck import Check, compile_check, is_valid
from sigvec.vectors import schema

from .errors import InputError

if TYPE_CHECKING:
    import jsonschema


def _input_schema(scheme: str) -> dict[str, Any]:
    return {"$ref": "#/$defs/input", "$defs": schema(scheme)["$defs"]}


@cache
def _input_check(scheme: str) -> Check | None:
    return compile_check(_input_schema(scheme))


@cache
def _input_validator(scheme: str) -> jsonschema.Draft202012Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(
        _input_schema(scheme), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def describe(error: jsonschema.ValidationError) -> tuple[str, str]:
    """(dotted field path, what was expected) for the most relevant schema violation."""
    field = ".".join(str(part) for part in error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return (f"{field}.{missing}" if field else missing), "is required"
    if error.validator == "additionalProperties":
        return field, f"unexpected field ({error.message})"
    hint = error.schema.get("description") if isinstance(error.schema, dict) else None
    message = error.message if len(error.message) < 160 else error.message[:157] + "..."
    return field, f"{message}" + (f" (expected: {hint})" if hint else "")


def best_error(validator: jsonschema.Draft202012Validator, document: Any) -> tuple[str, str] | None:
    """``describe`` of the most relevant violation, or None when ``document`` is valid."""
    from jsonschema.exceptions import best_match

    error = best_match(validator.iter_errors(document))
    return None if error is None else describe(error)


def validate_input(scheme: str, inp: Any) -> None:
    check = _input_check(scheme)
    if check is not None and is_valid(check, inp):
        return
    problem = best_error(_input_validator(scheme), inp)
    if problem is not None:
        raise InputError(*problem)
