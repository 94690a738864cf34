"""Validate a scheme input against its published JSON Schema, with one readable error."""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonschema

from sigvec.vectors import schema

from .errors import InputError


@cache
def _input_validator(scheme: str) -> jsonschema.Draft202012Validator:
    test_schema = schema(scheme)
    return jsonschema.Draft202012Validator(
        {"$ref": "#/$defs/input", "$defs": test_schema["$defs"]},
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
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


def validate_input(scheme: str, inp: Any) -> None:
    error = jsonschema.exceptions.best_match(_input_validator(scheme).iter_errors(inp))
    if error is not None:
        field, message = describe(error)
        raise InputError(field, message)
