"""The reference against every case of the official AWS SigV4 signing test suite, both forms.

Expected values are the suite's own files (``awslabs/aws-c-auth``,
``tests/aws-signing-test-suite/v4``, commit 495329c, Apache-2.0), read at test time from
``../shared/external/aws-signing-test-suite/v4`` (override the ``shared`` directory with
``$SIGVEC_SHARED``). Where the folder is absent every test here is skipped, saying so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from aws_suite import FORMS, case_names, load_case, suite_root

from sigvec.reference import sign

# Collected at import so each case is its own test id (``get-vanilla[header]``); the directory
# is read again, and the absence reported, by the ``aws_suite_dir`` fixture.
CASES = case_names(suite_root())
PARAMS = [pytest.param(name, form, id=f"{name}[{form}]") for name in CASES for form in FORMS] or [
    pytest.param(None, None, id="aws-signing-test-suite-absent")
]


@pytest.mark.parametrize(("name", "form"), PARAMS)
def test_aws_signing_suite_case(aws_suite_dir: Path, name: str | None, form: str | None) -> None:
    if name is None or form is None:
        pytest.skip(f"no case folders (with request.txt) under {aws_suite_dir}")
    inp, expected = load_case(aws_suite_dir, name, form)
    signed = sign("aws-sigv4", inp)
    results = {**signed.intermediates, **signed.output}
    for key, value in expected.items():
        assert results[key] == value, f"{name} [{form}] {key}"


def test_suite_has_the_documented_38_cases(aws_suite_dir: Path) -> None:
    # The suite's README describes 38 v4 cases; fewer means a partial copy.
    assert len(case_names(aws_suite_dir)) == 38
