"""Validate a scheme input against its published JSON Schema, with one readable error.

A compiled check (``sigvec.schemacheck``) passes valid input in microseconds; ``jsonschema``
is imported only to find the error when the input is not valid. Both read patterns as JSON
Schema (ECMA-262) does: ``$`` is the very end ("GET\\n" is no method), ``\\d`` an ASCII
digit. Messages never echo a whole value (it may be huge, or hold a secret): ``describe``
words them from the rule broken.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from sigvec.schemacheck import Check, compile_check, ecma_pattern, is_valid
from sigvec.text import cap, unicode_safe
from sigvec.vectors import schema

from .errors import InputError

if TYPE_CHECKING:
    import jsonschema


def _input_schema(scheme: str) -> dict[str, Any]:
    return {"$ref": "#/$defs/input", "$defs": schema(scheme)["$defs"]}


@cache
def _input_check(scheme: str) -> Check | None:
    return compile_check(_input_schema(scheme))


def _pattern(validator: Any, pattern: str, instance: Any, schema_: Any) -> Iterator[Any]:
    import jsonschema

    if validator.is_type(instance, "string") and not ecma_pattern(pattern).search(instance):
        yield jsonschema.ValidationError(f"does not match {pattern}")


@cache
def validator_class() -> type[jsonschema.Draft202012Validator]:
    """Draft 2020-12 with ECMA-262 patterns: the validator for every sigvec schema."""
    import jsonschema

    return jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})


def _no_lone_surrogate(text: str) -> bool:
    return text.isascii() or unicode_safe(text) == text  # isascii: the common case, in O(1)


def lone_surrogate_path(value: Any, path: tuple[str, ...] = ()) -> str | None:
    """The dotted path of the first string (or key) holding a lone surrogate, else None."""
    if isinstance(value, str):
        return None if _no_lone_surrogate(value) else ".".join(path)
    if isinstance(value, dict):
        for key, item in value.items():
            where = (*path, str(key))
            if isinstance(key, str) and not _no_lone_surrogate(key):
                return ".".join(where)
            found = lone_surrogate_path(item, where)
            if found is not None:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = lone_surrogate_path(item, (*path, str(index)))
            if found is not None:
                return found
    return None


@cache
def _input_validator(scheme: str) -> jsonschema.Draft202012Validator:
    import jsonschema

    return validator_class()(
        _input_schema(scheme), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def shown(value: Any) -> str:
    """A short, safe rendering of a value for a message (never a whole object)."""
    if isinstance(value, str):
        return cap(repr(value), 60)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value) if value.bit_length() < 128 else "a very large integer"
    if isinstance(value, float):
        return repr(value)
    return "an object" if isinstance(value, dict) else "an array"


def _rule(error: jsonschema.ValidationError) -> str:
    """What the value breaks, in words, without echoing it whole."""
    rule, instance, value = error.validator, error.instance, error.validator_value
    if rule == "type":
        expected = " or ".join(map(repr, value)) if isinstance(value, list) else repr(value)
        return f"{shown(instance)} is not of type {expected}"
    if rule == "pattern":
        return f"{shown(instance)} does not match {value}"
    if rule == "enum":
        return f"{shown(instance)} is not one of " + ", ".join(json.dumps(v) for v in value)
    if rule == "const":
        return f"{shown(instance)} is not {json.dumps(value)}"
    if rule in ("minLength", "maxLength"):
        bound = "at least" if rule == "minLength" else "at most"
        return f"expected {bound} {value} characters"
    if rule in ("minItems", "maxItems", "minProperties", "maxProperties"):
        bound = "at least" if rule.startswith("min") else "at most"
        what = "items" if rule.endswith("Items") else "fields"
        return f"expected {bound} {value} {what}"
    if rule in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }
        return f"{shown(instance)}: expected a number {words[rule]} {value}"
    if rule == "not" and isinstance(value, dict) and "required" in value:
        return "give only one of " + " and ".join(value["required"])
    if rule == "not" and isinstance(value, dict) and "const" in value:
        return f"must not be {json.dumps(value['const'])}"
    if rule == "uniqueItems":
        return "expected no repeated items"
    if rule == "format":
        return f"{shown(instance)} is not a valid {value}"
    return cap(f"breaks the schema's {rule} rule: {json.dumps(value, default=str)}", 160)


def describe(error: jsonschema.ValidationError) -> tuple[str, str]:
    """(dotted field path, what was expected) for the most relevant schema violation."""
    field = ".".join(str(part) for part in error.absolute_path)
    if error.validator == "required":
        missing = next((name for name in error.validator_value if name not in error.instance), "")
        return (f"{field}.{missing}" if field else missing), "is required"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(str(key) for key in error.instance if key not in allowed)
        return field, cap(f"unexpected field ({', '.join(map(repr, extra))})", 160)
    hint = error.schema.get("description") if isinstance(error.schema, dict) else None
    return field, _rule(error) + (f" (expected: {hint})" if hint else "")


def best_error(validator: jsonschema.Draft202012Validator, document: Any) -> tuple[str, str] | None:
    """``describe`` of the most relevant violation, or None when ``document`` is valid."""
    from jsonschema.exceptions import best_match

    error = best_match(validator.iter_errors(document))
    return None if error is None else describe(error)


def validate_input(scheme: str, inp: Any) -> None:
    try:
        where = lone_surrogate_path(inp)
        if where is not None:
            raise InputError(where, "holds a lone surrogate: not Unicode text")
        check = _input_check(scheme)
        if check is not None and is_valid(check, inp):
            return
        problem = best_error(_input_validator(scheme), inp)
    except RecursionError:
        raise InputError("", "nested too deeply") from None
    if problem is not None:
        raise InputError(*problem)
