"""The reference verifier: accept a received request, or reject it with one reason code.

>>> from sigvec.reference.verify import verify, Request
>>> request = Request("GET", "/?appid=xxx&ts=1674496098&signa=06xprL749yJv%2BobR31CRCBZ44N8%3D")
>>> verify("iflytek", request, {"xxx": "xxx"}, now=1674496098).reason
'signature-mismatch'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sigvec import schemes
from sigvec.reference.mistakes import Mistake, for_scheme

from .core import (
    REASONS,
    WINDOW_SETTINGS,
    Check,
    NonceStore,
    Rejection,
    Settings,
    Verdict,
    epoch_seconds,
)
from .plugin import SchemeVerifier
from .request import Request, RequestError, parse_raw

# The registry's schemes that have a reference verifier, in registry order.
VERIFIERS: dict[str, SchemeVerifier] = {
    scheme: schemes.get(scheme).verifier_plugin() for scheme in schemes.verifiable()
}

__all__ = [
    "REASONS",
    "VERIFIERS",
    "WINDOW_SETTINGS",
    "NonceStore",
    "Request",
    "RequestError",
    "SchemeVerifier",
    "Settings",
    "Verdict",
    "detect_scheme",
    "parse_raw",
    "reproducing_mistakes",
    "verify",
]


def verify(
    scheme: str,
    request: Request,
    credentials: Mapping[str, str],
    now: dt.datetime | float | str | None = None,
    *,
    settings: Settings | None = None,
    nonces: NonceStore | None = None,
    verifier: SchemeVerifier | None = None,
) -> Verdict:
    """Verify ``request`` as ``scheme`` against ``credentials`` (key id -> secret) at the
    server time ``now`` (default: the machine's clock). ``nonces`` remembers accepted nonces
    across calls (replay detection). ``verifier``: another verifier of the scheme (a subclass
    of the registry's, say) instead of the registry's. Raises ``KeyError`` for an unknown
    scheme."""
    verifier = verifier or VERIFIERS[scheme]
    verdict = Verdict(scheme)
    check = Check(request, credentials, epoch_seconds(now), settings or Settings(), nonces, verdict)
    try:
        verifier.verify(check)
    except Rejection as rejection:
        verdict.reason, verdict.message = rejection.reason, rejection.message
        return verdict
    verdict.valid = True
    return verdict


def detect_scheme(request: Request) -> str | None:
    """The scheme a request is signed with, from its Authorization header or its query/form
    parameters; None when it carries no signature of any scheme."""
    for scheme, verifier in VERIFIERS.items():
        if verifier.detect(request):
            return scheme
    return None


def reproducing_mistakes(verdict: Verdict) -> list[Mistake]:
    """The catalogued mistakes whose reference variant, applied to the received request,
    gives exactly the received signature (or, for the iFlytek query form, the received query:
    a signature sent unencoded is only visible there; for a streaming upload whose chunk or
    trailer signature differs, the received body)."""
    if verdict.signer_input is None or not any(verdict.received.values()):
        return []
    found = []
    for mistake in for_scheme(verdict.scheme):
        variant = mistake.variant(verdict.signer_input)
        if variant is None:
            continue
        if any(variant.output.get(name) == value for name, value in verdict.received.items()):
            found.append(mistake)
    return found
