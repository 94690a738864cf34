"""What changed between two reports: vectors (implementation, scheme, tcId) whose status moved,
and implementations added or removed. tcIds are stable, so a vector is the same across runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .common import BAD

Key = tuple[str, str, int]  # implementation id, scheme, tcId


@dataclass(frozen=True)
class Change:
    implementation: str
    scheme: str
    tc_id: int
    old: str | None  # a status, or None: the vector was not in that report
    new: str | None
    step: str | None = None  # the first differing step now, when it fails

    def to_json(self) -> dict[str, Any]:
        entry = {
            "implementation": self.implementation,
            "scheme": self.scheme,
            "tcId": self.tc_id,
            "old": self.old,
            "new": self.new,
        }
        return entry | ({"step": self.step} if self.step else {})

    def line(self) -> str:
        step = f" ({self.step})" if self.step else ""
        return (
            f"{self.implementation}  {self.scheme}  tcId {self.tc_id}: "
            f"{self.old or 'absent'} -> {self.new or 'absent'}{step}"
        )


@dataclass
class ReportDiff:
    newly_failing: list[Change] = field(default_factory=list)
    newly_passing: list[Change] = field(default_factory=list)
    other_changes: list[Change] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)  # implementations
    removed: list[dict[str, Any]] = field(default_factory=list)

    @property
    def regression(self) -> bool:
        """Something fails or errors that did not before."""
        return bool(self.newly_failing)

    def to_json(self) -> dict[str, Any]:
        return {
            "regression": self.regression,
            "newlyFailing": [c.to_json() for c in self.newly_failing],
            "newlyPassing": [c.to_json() for c in self.newly_passing],
            "otherChanges": [c.to_json() for c in self.other_changes],
            "implementationsAdded": self.added,
            "implementationsRemoved": self.removed,
        }


def _vectors(impl: dict[str, Any]) -> dict[tuple[str, int], dict[str, Any]]:
    return {(v["scheme"], v["tcId"]): v for v in impl["vectors"]}


def _implementation_summary(impl: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": impl["id"],
        "language": impl["language"],
        "status": impl["status"],
        "counts": impl["counts"],
    }


def classify(old: str | None, new: str | None) -> str:
    """newly_failing, newly_passing or other_changes, for two different statuses."""
    if new in BAD and old not in BAD:
        return "newly_failing"
    if new == "passed":
        return "newly_passing"
    return "other_changes"


def diff_reports(old: dict[str, Any], new: dict[str, Any]) -> ReportDiff:
    old_impls = {impl["id"]: impl for impl in old["implementations"]}
    new_impls = {impl["id"]: impl for impl in new["implementations"]}
    result = ReportDiff(
        added=[_implementation_summary(i) for k, i in new_impls.items() if k not in old_impls],
        removed=[_implementation_summary(i) for k, i in old_impls.items() if k not in new_impls],
    )
    for impl_id in sorted(old_impls.keys() & new_impls.keys()):
        before, after = _vectors(old_impls[impl_id]), _vectors(new_impls[impl_id])
        for scheme, tc_id in sorted(before.keys() | after.keys()):
            old_status = before.get((scheme, tc_id), {}).get("status")
            vector = after.get((scheme, tc_id), {})
            new_status = vector.get("status")
            if old_status == new_status:
                continue
            change = Change(impl_id, scheme, tc_id, old_status, new_status, vector.get("step"))
            getattr(result, classify(old_status, new_status)).append(change)
    return result


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {status}" for status, n in counts.items())


def diff_lines(diff: ReportDiff) -> list[str]:
    lines: list[str] = []
    for title, changes in (
        ("newly failing", diff.newly_failing),
        ("newly passing", diff.newly_passing),
        ("other changes", diff.other_changes),
    ):
        lines.append(f"{title} ({len(changes)})" + (":" if changes else ""))
        lines += ["  " + change.line() for change in changes]
    for title, impls in (
        ("implementations added", diff.added),
        ("implementations removed", diff.removed),
    ):
        lines.append(f"{title} ({len(impls)})" + (":" if impls else ""))
        lines += [
            f"  {i['id']} ({i['language']}, {i['status']}): {_counts_text(i['counts'])}"
            for i in impls
        ]
    verdict = "regression: something newly fails" if diff.regression else "no regression"
    lines.append(verdict)
    return lines
