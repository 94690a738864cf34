"""The ``verify`` command of the line protocol: verifier vectors sent, verdicts judged."""

from __future__ import annotations

from typing import Any

from .results import StepDiff, VectorResult, judge_skip_or_error, with_protocol_problems


def is_verify_test(test: dict[str, Any]) -> bool:
    """A verifier vector (a received request and a verdict), not a signing one."""
    return "request" in test


def verifying_schemes(info: dict[str, Any]) -> set[str]:
    """The schemes an implementation announced in ``start`` as ``"verify": [...]``."""
    announced = info.get("verify")
    return {s for s in announced if isinstance(s, str)} if isinstance(announced, list) else set()


def verify_request(scheme: str, test: dict[str, Any], seq: int) -> dict[str, Any]:
    return {
        "cmd": "verify",
        "seq": seq,
        "scheme": scheme,
        "tcId": test["tcId"],
        "request": test["request"],
        "credentials": test["credentials"],
        "server": test["server"],
    }


def _expected(test: dict[str, Any]) -> str:
    return test["result"] + (f" {test['reason']}" if test.get("reason") else "")


def judge_verify(
    scheme: str, test: dict[str, Any], answer: dict[str, Any], problems: list[str]
) -> VectorResult:
    """Passed when the verdict and, for an invalid request, the reason code are the vector's."""
    verdict = VectorResult(scheme, test["tcId"], "passed", test["comment"])
    if judge_skip_or_error(verdict, answer):
        pass  # nothing more to judge
    elif answer.get("verdict") not in ("valid", "invalid"):
        verdict.status = "errored"
        verdict.message = "answer has no verdict 'valid' or 'invalid' (nor skipped/errored)"
    else:
        actual = answer["verdict"]
        if actual == "invalid":
            actual += f" {answer.get('reason')}"
        if actual != _expected(test):
            verdict.status = "failed"
            verdict.first_diff = StepDiff("verdict", _expected(test), actual)
            if answer.get("message"):
                verdict.message = str(answer["message"])[:500]
    return with_protocol_problems(verdict, problems)
