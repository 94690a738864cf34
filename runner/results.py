"""What a run found: per implementation, per vector."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

STATUSES = ("passed", "failed", "errored", "skipped")


@dataclass(slots=True)
class StepDiff:
    step: str  # e.g. "intermediates.canonical_request" or "output.signature"
    expected: Any
    actual: Any


@dataclass(slots=True)  # one per vector: 100 000 of them must stay small
class VectorResult:
    scheme: str
    tc_id: int
    status: str  # one of STATUSES
    comment: str = ""
    first_diff: StepDiff | None = None
    later_steps: list[str] = field(default_factory=list)
    message: str = ""  # why it errored or was skipped
    mistakes: list[dict[str, str]] = field(default_factory=list)  # catalogued, matching

    @property
    def name(self) -> str:
        return f"{self.scheme}::tc{self.tc_id}"


@dataclass
class ImplementationResult:
    id: str
    language: str
    kind: str
    status: str = "ran"  # ran | skipped | build_failed | crashed
    message: str = ""
    info: dict[str, Any] = field(default_factory=dict)  # what the implementation said at start
    build_cached: bool | None = None
    build_seconds: float = 0.0
    run_seconds: float = 0.0
    vectors: list[VectorResult] = field(default_factory=list)

    def counts(self, scheme: str | None = None) -> Counter[str]:
        counter: Counter[str] = Counter({status: 0 for status in STATUSES})
        counter.update(v.status for v in self.vectors if scheme is None or v.scheme == scheme)
        return counter

    @property
    def ok(self) -> bool:
        return all(v.status in ("passed", "skipped") for v in self.vectors) and self.status in (
            "ran",
            "skipped",
        )
