"""Which catalogued mistake explains a wrong value: one routine for the runner, the environment
matrix and ``sigvec explain``.

The evidence is a value at a step (an intermediate, the signature, an ``Authorization`` header,
a signed query). It is explained by a mistake when the mistake gives the same value at that
step, or when the signature found in the value is the signature the mistake gives. The
candidates are the consequences a vector carries (computed with the catalogue's fixed
environment: UTC+8, US-ASCII) plus, for the environment the implementation actually ran in,
the environment-dependent mistakes recomputed for its time zone and charset.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from sigvec.equivalence import equivalent

from .results import StepDiff

if TYPE_CHECKING:
    from sigvec.reference import Signed

# Signature=<hex> in an AWS or TC3 Authorization header (or anything shaped like one).
_HEADER_SIGNATURE = re.compile(r"(?:^|[\s,])Signature=([0-9A-Fa-f]{16,})")
# The query parameters that carry a signature: Alibaba Cloud, AWS presigned URLs, iFlytek.
QUERY_SIGNATURE_NAMES = ("Signature", "X-Amz-Signature", "signa")


def signature_in(value: Any) -> str | None:
    """The signature inside an ``Authorization`` header value, a signed query string (or URL),
    or a mapping of headers; ``None`` when ``value`` holds none."""
    if isinstance(value, Mapping):
        for name, header in value.items():
            if str(name).lower() in ("authorization", "x-app-signature"):
                return signature_in(header) if name.lower() == "authorization" else str(header)
        return None
    if not isinstance(value, str):
        return None
    match = _HEADER_SIGNATURE.search(value)
    if match:
        return match.group(1)
    query = urlsplit(value).query if "?" in value else value
    if "=" not in query:
        return None
    pairs = dict(parse_qsl(query, keep_blank_values=True))
    return next((pairs[name] for name in QUERY_SIGNATURE_NAMES if name in pairs), None)


def output_signature(output: Mapping[str, Any]) -> str | None:
    """The signature an implementation's output gives: ``signature``, else the one inside its
    authorization, signed query or headers."""
    if isinstance(output.get("signature"), str):
        return output["signature"]
    for name in ("authorization", "signed_query", "query", "url", "headers"):
        found = signature_in(output.get(name))
        if found:
            return found
    return None


@dataclass(frozen=True)
class RunEnvironment:
    """What of an implementation's environment a mistake may depend on."""

    time_zone: dt.tzinfo | None = None
    charsets: tuple[str, ...] = ()

    @classmethod
    def of(cls, env: Mapping[str, str]) -> RunEnvironment:
        """From the variables an implementation ran with (``TZ``, ``LANG``/``LC_ALL``, Java's
        ``-Dfile.encoding``)."""
        zone = _zone(env.get("TZ", ""))
        locale = env.get("LC_ALL") or env.get("LANG") or ""
        charsets: list[str] = []
        if locale in ("C", "POSIX"):
            charsets.append("ascii")
        encoding = re.search(r"-Dfile\.encoding=([\w-]+)", env.get("JAVA_TOOL_OPTIONS", ""))
        if encoding and encoding.group(1).upper() in ("ISO-8859-1", "LATIN1", "ISO8859_1"):
            charsets.append("latin-1")
        return cls(zone, tuple(charsets))


def _zone(name: str) -> dt.tzinfo | None:
    name = name.removeprefix(":")
    if name in ("", "UTC"):
        return None
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except (ValueError, OSError, KeyError):
        return None


@dataclass(frozen=True)
class Candidate:
    """A catalogued mistake applied to one input: the value it gives at each step it changes
    (named as in vectors: ``intermediates.NAME``, ``output.NAME``) and the signature it gives."""

    id: str
    values: Mapping[str, Any]
    signature: str | None

    def explains(self, step: str, value: Any, signature: str | None = None) -> bool:
        """Whether this mistake gives ``value`` at ``step``, or gives ``signature``: the one
        test of "this catalogued mistake explains that value" (runner, matrix, explain)."""
        if step in self.values and equivalent(step, self.values[step], value):
            return True
        return signature is not None and self.signature == signature


def variant_candidates(scheme: str, inp: dict[str, Any]) -> tuple[Signed, list[Candidate]]:
    """The correct signing of ``inp`` and, for every catalogued mistake of ``scheme`` that
    applies to it, every step it changes (a vector carries only the first: ``consequences``)."""
    from sigvec.reference import sign
    from sigvec.reference.mistakes import for_scheme

    correct = sign(scheme, inp)
    found = []
    for mistake in for_scheme(scheme):
        wrong = mistake.variant(inp)
        if wrong is not None:
            found.append(Candidate(mistake.id, _changed(correct, wrong), wrong.output["signature"]))
    return correct, found


def _changed(correct: Signed, wrong: Signed) -> dict[str, Any]:
    changed = {}
    for part in ("intermediates", "output"):
        right, bad = getattr(correct, part), getattr(wrong, part)
        for name in {**right, **bad}:
            step = f"{part}.{name}"
            if not equivalent(step, right.get(name), bad.get(name)):
                changed[step] = bad.get(name)
    return changed


def named(mistake_id: str) -> dict[str, str]:
    from sigvec.reference.mistakes import BY_ID  # the catalogue: loaded at the first failure

    mistake = BY_ID.get(mistake_id)
    return {
        "id": mistake_id,
        "description": mistake.description if mistake else "",
        "fix": mistake.fix if mistake else "",
    }


def explaining_mistakes(
    test: Mapping[str, Any],
    step: str,
    value: Any,
    scheme: str | None = None,
    environment: RunEnvironment | None = None,
) -> list[dict[str, str]]:
    """Catalogued mistakes that explain ``value`` found at ``step`` for this vector (``test``:
    a vector test, or any mapping with ``input``, ``output`` and ``mistakes`` consequences)."""
    signature = signature_in(value) if step.startswith("output.") else None
    if step == "output.signature" and isinstance(value, str):
        signature = value
    return _explaining(test, step, value, signature, scheme, environment)


def matching_mistakes(
    test: Mapping[str, Any],
    first_diff: StepDiff,
    signature: Any,
    scheme: str | None = None,
    environment: RunEnvironment | None = None,
) -> list[dict[str, str]]:
    """Like :func:`explaining_mistakes` for a protocol answer, whose whole output gives the
    ``signature`` (it may report a step it computed right but used wrong)."""
    if signature is None and first_diff.step.startswith("output."):
        signature = signature_in(first_diff.actual)
    return _explaining(test, first_diff.step, first_diff.actual, signature, scheme, environment)


def _explaining(
    test: Mapping[str, Any],
    step: str,
    value: Any,
    signature: str | None,
    scheme: str | None,
    environment: RunEnvironment | None,
) -> list[dict[str, str]]:
    correct = test["output"]["signature"]
    if signature == correct:
        signature = None  # the right signature is no evidence of a mistake
    found: list[str] = []
    for candidate in _candidates(test, scheme, environment):
        if candidate.explains(step, value, signature) and candidate.id not in found:
            found.append(candidate.id)
    return [named(mistake_id) for mistake_id in found]


def _candidates(
    test: Mapping[str, Any], scheme: str | None, environment: RunEnvironment | None
) -> Iterable[Candidate]:
    for consequence in test.get("mistakes", []):
        values = {consequence["step"]: consequence["value"]}
        yield Candidate(consequence["id"], values, consequence["signature"])
    if scheme is None or environment is None:
        return
    if environment.time_zone is None and not environment.charsets:
        return
    from sigvec.reference import sign
    from sigvec.reference.mistakes import first_changed_step, for_environment

    correct = None
    for mistake in for_environment(scheme, environment.time_zone, environment.charsets):
        wrong = mistake.variant(dict(test["input"]))
        if wrong is None:
            continue
        correct = correct or sign(scheme, dict(test["input"]))
        changed = first_changed_step(correct, wrong)
        if changed is not None:
            yield Candidate(mistake.id, dict([changed]), wrong.output["signature"])
