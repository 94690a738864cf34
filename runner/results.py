"""What a run found: per implementation, per vector."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
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


def judge_skip_or_error(verdict: VectorResult, answer: dict[str, Any]) -> bool:
    """Record a ``skipped`` or ``errored`` answer on ``verdict``; False for any other answer."""
    if answer.get("skipped") is True:
        verdict.status, verdict.message = "skipped", str(answer.get("message", ""))
    elif answer.get("errored") is True:
        context = answer.get("context") if isinstance(answer.get("context"), dict) else {}
        verdict.status = "errored"
        verdict.message = str(context.get("message") or answer.get("message") or "errored")
    else:
        return False
    return True


def with_protocol_problems(verdict: VectorResult, problems: list[str]) -> VectorResult:
    """A vector whose answer broke the protocol (noise, wrong seq, ...) errored, unless skipped."""
    if problems and verdict.status != "skipped":
        verdict.status = "errored"
        verdict.message = "; ".join(problems + ([verdict.message] if verdict.message else []))
    return verdict


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
    vectors: list[VectorResult] = field(default_factory=list)  # see keep_passed
    # False: passed verdicts are counted (and streamed by ``sink``) but not kept, so memory
    # does not grow with a run that passes.
    keep_passed: bool = True
    sink: Callable[[ImplementationResult, VectorResult], None] | None = None
    _by_scheme: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, verdict: VectorResult) -> None:
        """Record the verdict of one vector, in the order judged."""
        self._by_scheme.setdefault(verdict.scheme, Counter())[verdict.status] += 1
        if self.sink is not None:
            self.sink(self, verdict)
        if self.keep_passed or verdict.status != "passed":
            self.vectors.append(verdict)

    @property
    def schemes(self) -> list[str]:
        """The schemes of the recorded verdicts, sorted."""
        return sorted(self._by_scheme)

    def counts(self, scheme: str | None = None) -> Counter[str]:
        counter: Counter[str] = Counter({status: 0 for status in STATUSES})
        for name, by_status in self._by_scheme.items():
            if scheme is None or name == scheme:
                counter.update(by_status)
        return counter

    @property
    def ok(self) -> bool:
        counts = self.counts()
        return not counts["failed"] and not counts["errored"] and self.status in ("ran", "skipped")
