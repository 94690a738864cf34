"""The explanation as text for a terminal."""

from __future__ import annotations

from sigvec.reference.mistakes import BY_ID

from .explain import SERVER, SIGVEC, YOURS, Comparison, Explanation
from .plugin import STEP_LABELS
from .textdiff import render_text_difference

NO_MISTAKE = "no catalogued mistake reproduces this"
_OWNER = {SERVER: "the server's", SIGVEC: "sigvec's", YOURS: "your"}
_LABEL = {SERVER: "server", SIGVEC: "sigvec", YOURS: "yours"}


def headline(explanation: Explanation) -> str:
    code = f" ({explanation.server.code})" if explanation.server.code else ""
    first = explanation.first_difference
    if first is not None and first.difference is not None:
        label = STEP_LABELS[first.step]
        subject = (
            f"sigvec's {label} from your --input" if first.role == "input" else f"your {label}"
        )
        return (
            f"{explanation.scheme}{code}: {subject} differs from {_OWNER[first.expected_label]} "
            f"at line {first.difference.line}, column {first.difference.column}"
        )
    if explanation.verdict == "matches":
        labels = " and ".join(STEP_LABELS[c.step] for c in explanation.primary)
        owner = _OWNER[explanation.primary[0].expected_label]
        if explanation.primary[0].role != YOURS:
            return (
                f"{explanation.scheme}{code}: sigvec's recomputation of your --input gives "
                f"exactly {owner} {labels}"
            )
        verb = "matches" if len(explanation.primary) == 1 else "match"
        return f"{explanation.scheme}{code}: your {labels} {verb} {owner} exactly"
    return f"{explanation.scheme}{code}: the server does not say what it expected"


def comparison_lines(comparison: Comparison) -> list[str]:
    title = (
        f"{STEP_LABELS[comparison.step]} ({_LABEL[comparison.expected_label]} vs "
        f"{_LABEL[comparison.actual_label]})"
    )
    difference = comparison.difference
    if difference is None:
        return [f"{title}: identical"]
    total = comparison.expected.count("\n") + 1
    lines = [f"{title}: line {difference.line} of {total}, column {difference.column}"]
    rendered = render_text_difference(
        difference, _LABEL[comparison.expected_label], _LABEL[comparison.actual_label]
    )
    return lines + ["  " + line for line in rendered]


def render(explanation: Explanation) -> list[str]:
    lines = [headline(explanation), ""]
    for comparison in explanation.primary:
        lines += comparison_lines(comparison)
    if explanation.primary:
        lines.append("")
    # Whether --input describes what was sent, when it is not the primary comparison: its
    # first difference only (the later steps follow from it).
    off = next(
        (
            c
            for c in explanation.comparisons
            if c not in explanation.primary and c.difference is not None
        ),
        None,
    )
    if off is not None:
        lines += ["sigvec's recomputation of your --input:", *comparison_lines(off), ""]
    for step, text in explanation.reference_texts.items():
        lines.append(f"sigvec's {STEP_LABELS[step]} from your --input:")
        lines += ["  " + line for line in text.split("\n")]
        lines.append("")
    lines += mistake_lines(explanation)
    if explanation.notes:
        lines.append("Notes:")
        lines += [f"  - {note}" for note in explanation.notes]
    return lines


def mistake_lines(explanation: Explanation) -> list[str]:
    if explanation.findings:
        lines = ["Catalogued mistakes the evidence supports:"]
        for finding in explanation.findings:
            mistake = BY_ID[finding.mistake_id]
            strength = "reproduces your text" if finding.reproduces else "consistent with it"
            lines.append(f"  {finding.mistake_id} ({strength})")
            lines.append(f"    {mistake.description}")
            lines += [f"    evidence: {evidence}" for evidence in finding.evidence]
            lines.append(f"    fix: {mistake.fix}")
        return [*lines, ""]
    first = explanation.first_difference
    if first is not None and first.role == YOURS:
        return [NO_MISTAKE, ""]
    if explanation.verdict == "not-compared" and not explanation.reference_texts:
        return [
            "no catalogued mistake shows in your text alone (pass --input so that sigvec can "
            "recompute what the server expects)",
            "",
        ]
    return []
