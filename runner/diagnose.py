"""Name the catalogued mistake that reproduces an implementation's wrong values."""

from __future__ import annotations

from typing import Any

from sigvec.equivalence import equivalent
from sigvec.reference.mistakes import BY_ID

from .results import StepDiff


def matching_mistakes(
    test: dict[str, Any], first_diff: StepDiff, signature: Any
) -> list[dict[str, str]]:
    """Catalogued mistakes consistent with what the implementation produced: the same wrong
    value at the first differing step, or the same wrong signature."""
    found = []
    for consequence in test.get("mistakes", []):
        same_step = consequence["step"] == first_diff.step and equivalent(
            first_diff.step, consequence["value"], first_diff.actual
        )
        # An implementation may report a subset of the steps, or report a step it computed
        # right but used wrong: the same wrong signature is evidence enough.
        wrong_signature = signature is not None and signature != test["output"]["signature"]
        same_signature = wrong_signature and consequence["signature"] == signature
        if same_step or same_signature:
            mistake = BY_ID.get(consequence["id"])
            found.append(
                {
                    "id": consequence["id"],
                    "description": mistake.description if mistake else "",
                    "fix": mistake.fix if mistake else "",
                }
            )
    return found
