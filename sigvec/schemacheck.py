"""A fast yes/no for "is this document valid against that JSON Schema?", for the hot path.

The schemas sigvec publishes use a small part of draft 2020-12. ``compile_check`` turns such a
schema into nested closures that answer in microseconds where ``jsonschema`` needs a hundred or
more. It only says *whether* a document is valid: callers ask ``jsonschema`` (imported only
then) for the one readable error when the answer is no, so messages stay exactly as before.

A check never guesses: where it cannot be exactly as ``jsonschema`` (an unusual number type,
unhashable items under ``uniqueItems``) it raises ``Unsure``, and the caller asks
``jsonschema``; a keyword it does not know makes ``compile_check`` return ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import Any

Check = Callable[[Any], bool]

# Keywords that never change validity (annotations) are accepted and skipped.
ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
    }
)


class Unsure(Exception):
    """This document needs the full validator to be judged exactly."""


class Unsupported(Exception):
    """The schema uses a keyword this module does not compile."""


def compile_check(schema: dict[str, Any], root: dict[str, Any] | None = None) -> Check | None:
    """An exact validity check for ``schema`` (``$ref``s resolve against ``root``, default
    ``schema`` itself), or ``None`` when the schema uses something not compiled here."""
    try:
        return _Compiler(root if root is not None else schema).compile(schema)
    except Unsupported:
        return None


def is_valid(check: Check, document: Any) -> bool:
    """True only when ``document`` is certainly valid; False means "ask jsonschema"."""
    try:
        return check(document)
    except Unsure:
        return False


@cache
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled with its JSON Schema (ECMA-262) meaning: an unescaped ``$`` outside
    a character class matches at the very end only (Python's also matches before a final line
    break); ``\\d``, ``\\w``, ``\\s`` are ASCII."""
    out: list[str] = []
    escaped = in_class = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            out.append(r"\Z")
            continue
        out.append(char)
    return re.compile("".join(out), re.ASCII)


def _is_number(value: Any) -> bool:
    kind = type(value)
    if kind is int or kind is float:
        return True
    if kind is bool or kind in _PLAIN_TYPES:
        return False
    raise Unsure  # Decimal, Fraction, int subclasses...: jsonschema's rules apply


def _is_integer(value: Any) -> bool:
    return _is_number(value) and (type(value) is int or value.is_integer())


_PLAIN_TYPES = (str, dict, list, type(None))
_TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "number": _is_number,
    "integer": _is_integer,
}


def _all(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda value: True
        if schema is False:
            return lambda value: False
        if not isinstance(schema, dict):
            raise Unsupported(schema)
        checks: list[Check] = []
        for keyword, argument in schema.items():
            if keyword in ANNOTATIONS:
                continue
            build = getattr(self, "k_" + keyword.lstrip("$"), None)
            if build is None:
                raise Unsupported(keyword)
            checks.append(build(argument, schema))
        return _all(checks) if checks else (lambda value: True)

    # -- references ---------------------------------------------------------------------------

    def k_ref(self, pointer: str, schema: dict[str, Any]) -> Check:
        if not pointer.startswith("#/"):
            raise Unsupported(pointer)
        if pointer not in self.refs:
            target: Any = self.root
            for part in pointer[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, dict) or part not in target:
                    raise Unsupported(pointer)
                target = target[part]
            self.refs[pointer] = lambda value: resolved(value)  # a cycle finds it late-bound
            resolved = self.compile(target)
            self.refs[pointer] = resolved
        return self.refs[pointer]

    def k_defs(self, definitions: Any, schema: dict[str, Any]) -> Check:
        return lambda value: True  # compiled where referenced

    # -- any type -----------------------------------------------------------------------------

    def k_type(self, names: str | list[str], schema: dict[str, Any]) -> Check:
        tests = [_TYPE_TESTS[name] for name in ([names] if isinstance(names, str) else names)]
        return lambda value: any(test(value) for test in tests)

    def k_enum(self, options: list[Any], schema: dict[str, Any]) -> Check:
        if not all(isinstance(option, str) for option in options):
            raise Unsupported("enum of non-strings")  # jsonschema's 1 != True rules
        allowed = frozenset(options)
        return lambda value: isinstance(value, str) and value in allowed

    def k_const(self, constant: Any, schema: dict[str, Any]) -> Check:
        if isinstance(constant, bool) or constant is None:
            return lambda value: value is constant
        if type(constant) is int:  # 1 == 1.0 but not True, as in jsonschema
            return lambda value: _is_number(value) and value == constant
        return self.k_enum([constant], schema)

    def k_if(self, subschema: Any, schema: dict[str, Any]) -> Check:
        condition = self.compile(subschema)
        then = self.compile(schema.get("then", True))
        otherwise = self.compile(schema.get("else", True))
        return lambda value: then(value) if condition(value) else otherwise(value)

    def k_then(self, subschema: Any, schema: dict[str, Any]) -> Check:
        return lambda value: True  # applied by k_if (alone, it is ignored)

    def k_else(self, subschema: Any, schema: dict[str, Any]) -> Check:
        return lambda value: True  # applied by k_if (alone, it is ignored)

    def k_not(self, subschema: Any, schema: dict[str, Any]) -> Check:
        check = self.compile(subschema)
        return lambda value: not check(value)

    def k_oneOf(self, subschemas: list[Any], schema: dict[str, Any]) -> Check:
        checks = [self.compile(sub) for sub in subschemas]
        return lambda value: sum(1 for check in checks if check(value)) == 1

    def k_anyOf(self, subschemas: list[Any], schema: dict[str, Any]) -> Check:
        checks = [self.compile(sub) for sub in subschemas]
        return lambda value: any(check(value) for check in checks)

    def k_allOf(self, subschemas: list[Any], schema: dict[str, Any]) -> Check:
        return _all([self.compile(sub) for sub in subschemas])

    # -- numbers ------------------------------------------------------------------------------

    def _bound(self, holds: Callable[[Any], bool]) -> Check:
        return lambda value: not _is_number(value) or holds(value)

    def k_minimum(self, limit: float, schema: dict[str, Any]) -> Check:
        return self._bound(lambda value: value >= limit)

    def k_maximum(self, limit: float, schema: dict[str, Any]) -> Check:
        return self._bound(lambda value: value <= limit)

    def k_exclusiveMinimum(self, limit: float, schema: dict[str, Any]) -> Check:
        return self._bound(lambda value: value > limit)

    def k_exclusiveMaximum(self, limit: float, schema: dict[str, Any]) -> Check:
        return self._bound(lambda value: value < limit)

    # -- strings ------------------------------------------------------------------------------

    def k_minLength(self, limit: int, schema: dict[str, Any]) -> Check:
        return lambda value: not isinstance(value, str) or len(value) >= limit

    def k_maxLength(self, limit: int, schema: dict[str, Any]) -> Check:
        return lambda value: not isinstance(value, str) or len(value) <= limit

    def k_pattern(self, pattern: str, schema: dict[str, Any]) -> Check:
        search = ecma_pattern(pattern).search  # unanchored, as in JSON Schema
        return lambda value: not isinstance(value, str) or search(value) is not None

    # -- arrays -------------------------------------------------------------------------------

    def k_minItems(self, limit: int, schema: dict[str, Any]) -> Check:
        return lambda value: not isinstance(value, list) or len(value) >= limit

    def k_maxItems(self, limit: int, schema: dict[str, Any]) -> Check:
        return lambda value: not isinstance(value, list) or len(value) <= limit

    def k_prefixItems(self, subschemas: list[Any], schema: dict[str, Any]) -> Check:
        checks = [self.compile(sub) for sub in subschemas]
        return lambda value: (
            not isinstance(value, list)
            or all(check(item) for check, item in zip(checks, value, strict=False))
        )

    def k_items(self, subschema: Any, schema: dict[str, Any]) -> Check:
        check = self.compile(subschema)
        skip = len(schema.get("prefixItems", ()))  # 2020-12: items are the ones after those
        return lambda value: (
            not isinstance(value, list) or all(check(item) for item in value[skip:])
        )

    def k_uniqueItems(self, unique: bool, schema: dict[str, Any]) -> Check:
        def check(value: Any) -> bool:
            if not unique or not isinstance(value, list):
                return True
            if not all(isinstance(item, str) for item in value):
                raise Unsure  # jsonschema's equality of 1, 1.0 and True differs from Python's
            return len(set(value)) == len(value)

        return check

    # -- objects ------------------------------------------------------------------------------

    def k_required(self, names: list[str], schema: dict[str, Any]) -> Check:
        return lambda value: not isinstance(value, dict) or all(name in value for name in names)

    def k_minProperties(self, limit: int, schema: dict[str, Any]) -> Check:
        return lambda value: not isinstance(value, dict) or len(value) >= limit

    def k_properties(self, properties: dict[str, Any], schema: dict[str, Any]) -> Check:
        checks = {name: self.compile(sub) for name, sub in properties.items()}
        return lambda value: (
            not isinstance(value, dict)
            or all(check(value[name]) for name, check in checks.items() if name in value)
        )

    def k_additionalProperties(self, subschema: Any, schema: dict[str, Any]) -> Check:
        if "patternProperties" in schema:
            raise Unsupported("additionalProperties beside patternProperties")
        declared = frozenset(schema.get("properties", ()))
        check = self.compile(subschema)
        return lambda value: (
            not isinstance(value, dict)
            or all(check(item) for name, item in value.items() if name not in declared)
        )

    def k_propertyNames(self, subschema: Any, schema: dict[str, Any]) -> Check:
        check = self.compile(subschema)
        return lambda value: not isinstance(value, dict) or all(check(name) for name in value)
