"""What the evidence says about a catalogued mistake, and how strongly."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sigvec.reference.mistakes import BY_ID


@dataclass(frozen=True)
class Finding:
    mistake_id: str
    # True: the mistake's reference variant gives the user's text exactly. False: the text
    # shows the mistake's mark (e.g. '&' where the server has '%26'), but was not recomputed.
    reproduces: bool
    evidence: tuple[str, ...]

    def to_json(self) -> dict[str, object]:
        mistake = BY_ID[self.mistake_id]
        return {
            "id": self.mistake_id,
            "description": mistake.description,
            "fix": mistake.fix,
            "reproduces": self.reproduces,
            "evidence": list(self.evidence),
        }


def consistent(mistake_id: str, evidence: str) -> Finding:
    return Finding(mistake_id, False, (evidence,))


def merge(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per mistake, with all its evidence; exact reproductions first."""
    merged: dict[str, Finding] = {}
    for finding in findings:
        known = merged.get(finding.mistake_id)
        if known is None:
            merged[finding.mistake_id] = finding
            continue
        evidence = known.evidence + tuple(e for e in finding.evidence if e not in known.evidence)
        merged[finding.mistake_id] = Finding(
            finding.mistake_id, known.reproduces or finding.reproduces, evidence
        )
    return sorted(merged.values(), key=lambda finding: not finding.reproduces)
