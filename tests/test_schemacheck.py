"""The compiled validity check agrees with jsonschema on every vector input and on variants
of them that break each field in many ways (jsonschema is the independent judge)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from sigvec.schemacheck import Unsure, compile_check
from sigvec.vectors import SCHEME_IDS, iter_tests, schema

REPOSITORY = Path(__file__).resolve().parents[1]
ODD_VALUES: tuple[Any, ...] = (
    None, True, False, 0, 1, -1, 1.0, 1.5, 86401, "", "x", "GET", "get", "a b", "é",
    [], ["x"], [["a", "b"]], [["a"]], [["a", "b", "c"]], [["a", 1]], [1, 1.0], ["a", "a"],
    {}, {"a": "b"}, {"a": 1}, {"": "x"},
)  # fmt: skip


def variants(document: dict[str, Any], seen: dict[str, Any] | None = None) -> Iterator[Any]:
    """The document, then one change at a time: a field removed, replaced, added (an unknown
    one, or one ``seen`` in another document: e.g. both of two exclusive fields)."""
    yield document
    yield {**document, "unexpected_field": "x"}
    for name, value in (seen or {}).items():
        if name not in document:
            yield {**document, name: value}
    for name in document:
        yield {key: value for key, value in document.items() if key != name}
        for odd in ODD_VALUES:
            yield {**document, name: odd}
        if isinstance(document[name], dict):
            for inner in document[name]:
                for odd in ODD_VALUES[:12]:
                    changed = copy.deepcopy(document)
                    changed[name][inner] = odd
                    yield changed


def assert_agrees(schema_document: dict[str, Any], documents: Iterator[Any]) -> int:
    check = compile_check(schema_document)
    assert check is not None, "the published schemas use only compiled keywords"
    judge = jsonschema.Draft202012Validator(schema_document)
    judged = 0
    for document in documents:
        try:
            verdict = check(document)
        except Unsure:
            continue
        assert verdict == judge.is_valid(document), json.dumps(document)[:300]
        judged += 1
    return judged


@pytest.mark.parametrize("scheme", SCHEME_IDS)
def test_inputs_agree_with_jsonschema(scheme: str) -> None:
    input_schema = {"$ref": "#/$defs/input", "$defs": schema(scheme)["$defs"]}
    inputs = [test["input"] for test in iter_tests(scheme)]
    seen = {name: value for inp in inputs for name, value in inp.items()}
    documents = [document for inp in inputs[::6] for document in variants(inp, seen)]
    judged = assert_agrees(input_schema, iter(documents))
    assert judged >= 0.95 * len(documents) > 0  # the compiled check rarely gives up (Unsure)


def test_manifest_agrees_with_jsonschema() -> None:
    import yaml

    manifest_schema = json.loads(
        (REPOSITORY / "runner" / "schema" / "manifest.schema.json").read_text(encoding="utf-8")
    )
    manifest = yaml.safe_load((REPOSITORY / "ports" / "manifest.yaml").read_text("utf-8"))
    entries = manifest["implementations"]
    documents = [{"implementations": [entry]} for entry in entries]
    documents += [{"implementations": [variant]} for e in entries for variant in variants(e)]
    documents += [manifest, {}, {"implementations": []}, {"implementations": [{}]}, []]
    assert assert_agrees(manifest_schema, iter(documents)) > 500


def test_unknown_keywords_are_not_guessed() -> None:
    assert compile_check({"type": "string", "format": "date-time"}) is None
    assert compile_check({"$ref": "https://example.com/other.json"}) is None
    assert compile_check({"additionalProperties": False, "patternProperties": {}}) is None


def test_unusual_values_are_left_to_jsonschema() -> None:
    from decimal import Decimal

    check = compile_check({"type": "array", "uniqueItems": True})
    assert check is not None
    with pytest.raises(Unsure):
        check([1, True])  # equal in Python, distinct for JSON Schema
    number = compile_check({"type": "number", "maximum": 3})
    assert number is not None
    with pytest.raises(Unsure):
        number(Decimal("2.5"))
