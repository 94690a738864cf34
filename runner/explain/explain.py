"""Compare what the server expected with what the user sent; name the mistakes the evidence
supports, and no others.

Evidence comes in two strengths. A catalogued mistake *reproduces* the user's text when its
reference variant, signing the user's request (``--input``, or for Alibaba Cloud the request
rebuilt from the server's own string to sign), gives that text exactly. It is *consistent*
with the text when the two texts differ exactly where and how that mistake makes them differ,
without a recomputation. Nothing else is claimed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sigvec.reference import Signed, sign
from sigvec.schemes import get

from .findings import Finding, merge
from .parsers import ServerMessage
from .plugin import STEP_LABELS, ExplainPlugin
from .textdiff import TextDifference, first_text_difference

SERVER, SIGVEC, YOURS = "server", "sigvec", "yours"


@dataclass(frozen=True)
class Comparison:
    step: str
    # "yours": the user's own text against the expected one; "input": sigvec's recomputation
    # of --input against the server's, which says whether --input describes what was sent.
    role: str
    expected_label: str
    actual_label: str
    expected: str
    actual: str

    @cached_property
    def difference(self) -> TextDifference | None:
        return first_text_difference(self.expected, self.actual)

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "role": self.role,
            "expected_label": self.expected_label,
            "actual_label": self.actual_label,
            "matches": self.difference is None,
            "first_difference": self.difference.to_json() if self.difference else None,
            "expected": self.expected,
            "actual": self.actual,
        }


@dataclass
class Explanation:
    scheme: str
    server: ServerMessage
    comparisons: list[Comparison]
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reference_texts: dict[str, str] = field(default_factory=dict)  # to compare by hand

    @property
    def primary(self) -> list[Comparison]:
        """The user's own texts where given, else sigvec's recomputation of --input."""
        yours = [c for c in self.comparisons if c.role == YOURS]
        return yours or [c for c in self.comparisons if c.role == "input"]

    @property
    def first_difference(self) -> Comparison | None:
        return next((c for c in self.primary if c.difference is not None), None)

    @property
    def verdict(self) -> str:
        if not self.primary:
            return "not-compared"
        return "differs" if self.first_difference is not None else "matches"

    def to_json(self) -> dict[str, Any]:
        first = self.first_difference
        return {
            "scheme": self.scheme,
            "server": {"code": self.server.code, "expected": self.server.expected},
            "verdict": self.verdict,
            "first_difference": (
                {"step": first.step, **first.difference.to_json()}
                if first and first.difference
                else None
            ),
            "comparisons": [c.to_json() for c in self.comparisons],
            "mistakes": [finding.to_json() for finding in self.findings],
            "notes": self.notes,
            "reference": self.reference_texts,
        }


def explain(
    scheme: str, server: ServerMessage, yours: dict[str, str], inp: dict[str, Any] | None
) -> Explanation:
    """``yours``: step -> the user's own text. ``inp``: the user's request, when given (raises
    ``InputError`` when it cannot be signed)."""
    plugin = plugin_of(scheme)
    steps = plugin.steps
    reference = sign(scheme, inp) if inp is not None else None
    comparisons = _comparisons(steps, server, yours, reference)
    result = Explanation(scheme, server, comparisons, notes=list(server.notes))
    requests = _requests_to_vary(plugin, server, inp)
    differing = [c for c in result.primary if c.role == YOURS and c.difference is not None]

    findings: list[Finding] = []
    for request, how in requests:
        findings += _reproductions(scheme, request, how, differing)
    against_server = [c for c in differing if c.expected_label == SERVER]
    for check_findings, check_notes in plugin.text_checks(yours, against_server):
        findings += check_findings
        result.notes += [note for note in check_notes if note not in result.notes]
    corrected: dict[str, Any] | None = None
    if inp is not None:
        corrected, correction_notes = plugin.corrected_input(server, inp, reference)
        result.notes += correction_notes
    if server.signature_provided and inp is not None:
        candidates = [(corrected, "your --input as corrected above")] if corrected else []
        candidates.append((inp, "your --input"))
        for request, how in candidates:
            named, signature_notes = _provided_signature(scheme, server, request, how)
            findings += named
            if named or request is inp:
                result.notes += signature_notes
                break
    result.findings = merge(findings)

    for comparison in comparisons:
        crlf = "\r\n" in comparison.actual and "\r" not in comparison.expected
        if comparison.role == YOURS and crlf:
            result.notes.append(
                f"your {STEP_LABELS[comparison.step]} has Windows line breaks (CR LF); if "
                "only your file has them, not your code's string, save the file with LF"
            )
    compared = {c.step for c in comparisons if c.role == YOURS}
    for step in yours:
        if step not in compared and plugin.server_reveals_texts:
            result.notes.append(
                f"your {STEP_LABELS[step]} was not compared: the server's message has none "
                "(pass --input so that sigvec can recompute it)"
            )
    result.notes += _input_notes(result, reference)
    if result.verdict == "differs" and result.primary[0].role == "input" and corrected is None:
        result.notes.append(
            "the server received another request than your --input describes (first "
            "difference above): correct --input to what was sent, or pass what your code "
            f"computed with {_options(plugin)} to check it for mistakes"
        )
    if result.verdict == "matches":
        result.notes.append(_match_note(scheme, plugin, result.primary, requests))
    if reference is not None and not result.primary:
        result.reference_texts = {step: reference.intermediates[step] for step in steps}
        result.notes.append(
            "sigvec's texts from your --input are shown: compare them with your code's, or "
            f"pass yours with {_options(plugin)}"
        )
    return result


def plugin_of(scheme: str) -> ExplainPlugin:
    return get(scheme).explain_plugin()


def _provided_signature(
    scheme: str, server: ServerMessage, request: dict[str, Any], how: str
) -> tuple[list[Finding], list[str]]:
    """Name the mistake from the signature the server received: each catalogued mistake's
    variant of the request gives a signature; the one giving the received one is what the
    user's code does."""
    from sigvec.reference.mistakes import consequences

    from ..diagnose import explaining_mistakes

    provided = server.signature_provided
    correct = sign(scheme, request)
    if provided == correct.output["signature"]:
        return [], [
            f"the signature the server received (SignatureProvided) is the one sigvec computes "
            f"from {how}: if the server's texts differ from sigvec's above, the request sent "
            "is not the one described; if they match, the server checks another secret key"
        ]
    evidence = {
        "input": request,
        "output": correct.output,
        "mistakes": consequences(scheme, request, correct),
    }
    named = explaining_mistakes(evidence, "output.signature", provided)
    if not named:
        return [], [
            f"no catalogued mistake, applied to {how}, gives the signature the server "
            "received (SignatureProvided); check the secret key and the signing-key chain"
        ]
    evidence_text = (
        f"signing {how} with this mistake gives exactly the signature the server received "
        "(SignatureProvided)"
    )
    return [Finding(m["id"], True, (evidence_text,)) for m in named], []


def _options(plugin: ExplainPlugin) -> str:
    """The options that take the user's own texts for this scheme."""
    return " / ".join("--" + step.replace("_", "-") for step in plugin.steps)


def _comparisons(
    steps: tuple[str, ...],
    server: ServerMessage,
    yours: dict[str, str],
    reference: Signed | None,
) -> list[Comparison]:
    found = []
    for step in steps:
        if step not in yours:
            continue
        if step in server.expected:
            found.append(Comparison(step, YOURS, SERVER, YOURS, server.expected[step], yours[step]))
        elif reference is not None:
            expected = reference.intermediates[step]
            found.append(Comparison(step, YOURS, SIGVEC, YOURS, expected, yours[step]))
    if reference is not None:
        for step in steps:
            if step in server.expected:
                found.append(
                    Comparison(
                        step,
                        "input",
                        SERVER,
                        SIGVEC,
                        server.expected[step],
                        reference.intermediates[step],
                    )
                )
    return found


def _requests_to_vary(
    plugin: ExplainPlugin, server: ServerMessage, inp: dict[str, Any] | None
) -> list[tuple[dict[str, Any], str]]:
    """The requests to sign with each mistake: the user's, or one rebuilt from the server's
    message where it reveals every parameter (Alibaba Cloud's string to sign)."""
    requests = [(inp, "your --input")] if inp is not None else []
    rebuilt = plugin.rebuilt_request(server)
    if rebuilt is not None and (inp is None or inp.get("params") != rebuilt["params"]):
        requests.append((rebuilt, "the parameters in the server's string to sign"))
    return requests


def _reproductions(
    scheme: str, request: dict[str, Any], how: str, differing: list[Comparison]
) -> list[Finding]:
    from ..diagnose import variant_candidates

    if not differing:
        return []
    _, candidates = variant_candidates(scheme, request)
    found = []
    for candidate in candidates:
        for comparison in differing:
            if candidate.explains(f"intermediates.{comparison.step}", comparison.actual):
                label = STEP_LABELS[comparison.step]
                evidence = f"signing {how} with this mistake gives your {label} exactly"
                found.append(Finding(candidate.id, True, (evidence,)))
    return found


def _input_notes(result: Explanation, reference: Signed | None) -> list[str]:
    """Whether --input describes the request the server received, when the user also gave
    their own text (otherwise the --input comparison is the primary one)."""
    checked = [c for c in result.comparisons if c.role == "input"]
    if reference is None or not checked or not any(c.role == YOURS for c in result.comparisons):
        return []
    labels = " and ".join(STEP_LABELS[c.step] for c in checked)
    off = next((c for c in checked if c.difference is not None), None)
    if off is None:
        tail = (
            "; so the difference is in how your code signs it"
            if result.verdict == "differs"
            else ""
        )
        return [
            f"your --input, signed by sigvec, gives exactly the server's {labels}: it "
            f"describes the request the server received{tail}"
        ]
    assert off.difference is not None
    return [
        f"your --input does not describe the request the server received: sigvec's "
        f"{STEP_LABELS[off.step]} from it differs from the server's at line "
        f"{off.difference.line}, column {off.difference.column}; mistakes recomputed from it "
        "may be missed"
    ]


def _match_note(
    scheme: str,
    plugin: ExplainPlugin,
    primary: list[Comparison],
    requests: list[tuple[dict[str, Any], str]],
) -> str:
    steps = [c.step for c in primary]
    labels = " and ".join(STEP_LABELS[step] for step in steps)
    source = "the server's" if primary[0].expected_label == SERVER else "sigvec's"
    if primary[0].role == "input":
        subject = f"sigvec's {labels} from your --input {'is' if len(steps) == 1 else 'are'}"
    else:
        subject = f"your {labels} {'is' if len(steps) == 1 else 'are'}"
    later = _later_mistakes(scheme, steps, requests)
    suspect = plugin.suspect(steps)
    if primary[0].role == "input":
        options = _options(plugin)
        note = (
            f"{subject} exactly {source}: the request you describe is right, and a correct "
            "signer signs it as the server expects. The signature still fails, so either your "
            f"code computes other texts than these (pass them with {options} to compare) or "
            f"the suspect comes after: {suspect}"
        )
    else:
        note = (
            f"{subject} exactly {source}: right. The signature still fails, so the suspect "
            f"comes after: {suspect}"
        )
    if later:
        note += f"; catalogued mistakes there: {', '.join(later)}"
    return note


def _later_mistakes(
    scheme: str, steps: list[str], requests: list[tuple[dict[str, Any], str]]
) -> list[str]:
    """Catalogued mistakes that leave every compared text as it is but change the signature:
    the compared texts can neither show nor rule them out."""
    from ..diagnose import variant_candidates

    found: list[str] = []
    for request, _ in requests:
        correct, candidates = variant_candidates(scheme, request)
        for candidate in candidates:
            same_texts = not any(f"intermediates.{step}" in candidate.values for step in steps)
            changes_signature = candidate.signature != correct.output["signature"]
            if same_texts and changes_signature and candidate.id not in found:
                found.append(candidate.id)
    return found
