"""Every vector file validates, recomputes from its input, and equals a fresh generation."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from sigvec.reference import sign, steps
from sigvec.reference.check import check_directory
from sigvec.reference.generate import generate
from sigvec.schemes import get
from sigvec.vectors import DIRECTORY, SCHEME_IDS, iter_tests, load, schema


@pytest.mark.parametrize("scheme", SCHEME_IDS)
def test_file_matches_schemas(scheme: str) -> None:
    document = load(scheme)
    jsonschema.Draft202012Validator(schema("envelope")).validate(document)
    validator = jsonschema.Draft202012Validator(schema(scheme))
    for test in iter_tests(scheme):
        validator.validate(test)
    assert document["numberOfTests"] == sum(1 for _ in iter_tests(scheme))


@pytest.mark.parametrize("scheme", SCHEME_IDS)
def test_every_vector_recomputes_from_its_input(scheme: str) -> None:
    for test in iter_tests(scheme):
        signed = sign(scheme, test["input"])
        assert signed.intermediates == test["intermediates"], test["tcId"]
        assert signed.output == test["output"], test["tcId"]


@pytest.mark.parametrize("scheme", SCHEME_IDS)
def test_intermediates_are_in_step_order(scheme: str) -> None:
    # Every step but those of one variant only (the streaming trailer's), in registry order.
    required = get(scheme).required_steps
    for test in iter_tests(scheme):
        present = tuple(test["intermediates"])
        assert present == tuple(s for s in steps(scheme) if s in present), test["tcId"]
        assert set(required) <= set(present), test["tcId"]


@pytest.mark.parametrize("scheme", SCHEME_IDS)
def test_tc_ids_are_unique_and_flags_documented(scheme: str) -> None:
    document = load(scheme)
    ids = [test["tcId"] for test in iter_tests(scheme)]
    assert len(ids) == len(set(ids))
    for test in iter_tests(scheme):
        assert set(test["flags"]) <= set(document["notes"]), test["tcId"]


def test_generation_is_deterministic_and_committed_files_do_not_drift(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    generate(first)
    generate(second)
    for scheme in SCHEME_IDS:
        name = f"{scheme}.json"
        assert (first / name).read_bytes() == (second / name).read_bytes()
        assert (first / name).read_bytes() == (DIRECTORY / name).read_bytes(), (
            f"vectors/{name} drifted: run `sigvec vectors generate` and commit"
        )
    assert check_directory(DIRECTORY) == []


def test_check_names_file_and_test_of_a_tampered_vector(tmp_path: Path) -> None:
    generate(tmp_path)
    path = tmp_path / "iflytek.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["testGroups"][0]["tests"][2]["output"]["signature"] = "AAAA"
    path.write_text(json.dumps(document), encoding="utf-8")
    problems = [str(problem) for problem in check_directory(tmp_path, drift=False)]
    assert problems == [
        "iflytek.json: testGroups.0.tests.2 (tcId 3): output.signature: "
        "does not recompute from input"
    ]


def test_check_reports_schema_violation_with_field(tmp_path: Path) -> None:
    generate(tmp_path)
    path = tmp_path / "tencent-tc3.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    document["testGroups"][0]["tests"][0]["input"]["timestamp"] = "soon"
    path.write_text(json.dumps(document), encoding="utf-8")
    (problem,) = check_directory(tmp_path, drift=False)
    assert problem.file == "tencent-tc3.json"
    assert "input.timestamp" in problem.where
    assert "'soon' is not of type 'integer'" in problem.message


def test_vector_files_need_no_python_to_read() -> None:
    # The files are plain UTF-8 JSON with their schemas beside them.
    for scheme in SCHEME_IDS:
        raw = (DIRECTORY / f"{scheme}.json").read_bytes()
        assert raw.endswith(b"\n")
        assert json.loads(raw.decode("utf-8"))["schema"] == f"{scheme}.schema.json"
        assert (DIRECTORY / "schema" / f"{scheme}.schema.json").is_file()


def test_every_catalogued_mistake_is_documented_and_carried_by_some_vector() -> None:
    from sigvec.reference.mistakes import CATALOGUE

    readme = (DIRECTORY / "README.md").read_text(encoding="utf-8")
    carried = {m["id"] for s in SCHEME_IDS for t in iter_tests(s) for m in t["mistakes"]}
    for mistake in CATALOGUE:
        assert f"`{mistake.id}`" in readme
        assert mistake.id in carried, f"no vector shows {mistake.id}"
        assert mistake.description and mistake.fix


def test_mistake_consequences_are_what_the_variant_computes() -> None:
    # Independent of the generator: recompute a few by hand-built variants.
    import hashlib

    test = next(t for t in iter_tests("iflytek") if t["tcId"] == 1)
    upper = next(m for m in test["mistakes"] if m["id"] == "iflytek/md5-uppercase-hex")
    assert upper["step"] == "intermediates.md5_hex"
    assert upper["value"] == hashlib.md5(b"xxx1674496098").hexdigest().upper()
    millis = next(m for m in test["mistakes"] if m["id"] == "iflytek/ts-milliseconds")
    assert millis["step"] == "intermediates.base_string"
    assert millis["value"] == "xxx1674496098000"


def test_no_s3_presigned_vector_hashes_its_body() -> None:
    # S3 presigned URLs are signed with the literal UNSIGNED-PAYLOAD (the S3 documentation's
    # example, botocore's and the Go SDK's presigners): never with a body hash, empty or not.
    presigned = [
        test
        for test in iter_tests("aws-sigv4")
        if test["input"]["service"] == "s3" and test["input"].get("signature_location") == "query"
    ]
    assert len(presigned) >= 3
    for test in presigned:
        assert test["input"].get("unsigned_payload") is True, test["tcId"]
        assert test["intermediates"]["hashed_payload"] == "UNSIGNED-PAYLOAD", test["tcId"]
        assert "UnsignedPayload" in test["flags"], test["tcId"]


MIN_VECTORS_PER_MISTAKE = 3


def test_every_catalogued_mistake_is_exposed_by_at_least_three_vectors() -> None:
    # A mistake shown by one vector is named by luck; three make its diagnosis robust.
    from collections import Counter

    from sigvec.reference.mistakes import CATALOGUE

    exposed = Counter(m["id"] for s in SCHEME_IDS for t in iter_tests(s) for m in t["mistakes"])
    thin = {m.id: exposed[m.id] for m in CATALOGUE if exposed[m.id] < MIN_VECTORS_PER_MISTAKE}
    assert thin == {}


# Inputs SDK APIs commonly cannot express, by tcId, read off the case inputs by hand.
EXPECTED_CAPABILITY_FLAGS = {
    "UnsignedPayload": {82, 94, 95, 96},
    "PresignedWithBody": {74, 76},
    "ValuelessQueryKey": {87, 97, 98},
    "PathUnnormalized": {13, 14, 15, 16, 19, 20, 25, 26, 27, 28, 31, 32, 81},
}


@pytest.mark.parametrize("flag", sorted(EXPECTED_CAPABILITY_FLAGS))
def test_capability_flags_mark_exactly_the_inputs_that_need_them(flag: str) -> None:
    flagged = {t["tcId"] for t in iter_tests("aws-sigv4") if flag in t["flags"]}
    assert flagged == EXPECTED_CAPABILITY_FLAGS[flag]
    assert flag in load("aws-sigv4")["notes"]
    assert f"`{flag}`" in (DIRECTORY / "README.md").read_text(encoding="utf-8")
