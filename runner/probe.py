"""``sigvec probe``: test a verifying server from outside.

The cases of the verifier vectors (``reference/cases/verify``) are re-signed for now, with the
user's key, for the server's host and path, and sent: valid ones must be accepted (any status
but 401/403), invalid ones rejected (401 or 403). A false accept is a security hole, reported
by the case's reason code.
"""

from __future__ import annotations

import http.client
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sigvec.errors import UsageError
from sigvec.reference.verify import NonceStore, Settings, verify
from sigvec.reference.verify.cases import CaseError, load_cases, make_request, merged, verifier
from sigvec.reference.verify.core import utc_text
from sigvec.reference.verify.plugin import ProbeKey as Key
from sigvec.reference.verify.request import Request

REJECTED = (401, 403)
TIME_MARGIN = 30  # seconds past (or inside) a window edge: network and clock granularity
UNKNOWN_KEY = "SIGVECUNKNOWNKEY0000"
WRONG_REGION = "sigvec-wrong-1"
WRONG_SERVICE = "sigvecwrong"
# Offsets from the signing time that case tampering uses: when re-signed for now, each such
# time text (in the verifier's ``time_layouts``) is rewritten for the new signing time.
TIME_OFFSETS = (0, 1, -1, 86400, 8 * 3600)


@dataclass(frozen=True)
class Target:
    secure: bool
    host: str  # host[:port], as the Host header carries it
    path: str  # the URL's path, no trailing '/'

    @classmethod
    def parse(cls, url: str) -> Target:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"{url!r}: expected an http:// or https:// URL")
        return cls(parts.scheme == "https", parts.netloc, parts.path.rstrip("/"))


@dataclass
class Outcome:
    tc_id: int
    comment: str
    expected: str  # valid | invalid
    reason: str | None
    status: int | None = None  # None: no answer
    detail: str = ""

    @property
    def accepted(self) -> bool:
        """Served past authentication: 2xx, 3xx, or a 4xx that is no rejection (404, 405, ...)."""
        status = self.status
        return status is not None and status < 500 and status not in (400, *REJECTED)

    @property
    def verdict(self) -> str:
        """right, false-accept, false-reject, or error: an invalid request neither rejected
        with 401/403 nor served (400, 5xx, no answer)."""
        if self.expected == "valid":
            return "right" if self.accepted else "false-reject"
        if self.status in REJECTED:
            return "right"
        return "false-accept" if self.accepted else "error"

    def to_json(self) -> dict[str, Any]:
        return {
            "tcId": self.tc_id,
            "comment": self.comment,
            "expected": self.expected,
            "reason": self.reason,
            "status": self.status,
            "verdict": self.verdict,
            "detail": self.detail,
        }


@dataclass
class ProbeResult:
    url: str
    scheme: str
    outcomes: list[Outcome] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)

    def by_verdict(self, verdict: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.verdict == verdict]

    @property
    def ok(self) -> bool:
        return all(o.verdict == "right" for o in self.outcomes)

    def to_json(self) -> dict[str, Any]:
        accepts = self.by_verdict("false-accept")
        return {
            "url": self.url,
            "scheme": self.scheme,
            "summary": {
                "sent": len(self.outcomes),
                "right": len(self.by_verdict("right")),
                "falseAccepts": len(accepts),
                "falseRejects": len(self.by_verdict("false-reject")),
                "errors": len(self.by_verdict("error")),
                "skipped": len(self.skipped),
            },
            "falseAcceptsByReason": _grouped(accepts),
            "outcomes": [o.to_json() for o in self.outcomes],
            "skipped": self.skipped,
        }


def _grouped(outcomes: list[Outcome]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.reason or "?", []).append(outcome.tc_id)
    return groups


# ------------------------------------------------------------------ re-signing a case for now


def _rewriter(mapping: dict[str, str]) -> Any:
    """A function rewriting every string inside a value: each key of ``mapping`` (longest
    first) replaced by its value."""
    keys = sorted((k for k in mapping if k), key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(k) for k in keys)) if keys else None

    def rewrite(value: Any) -> Any:
        if isinstance(value, str) and pattern is not None:
            return pattern.sub(lambda match: mapping[match.group()], value)
        if isinstance(value, list):
            return [rewrite(item) for item in value]
        if isinstance(value, dict):
            return {name: rewrite(item) for name, item in value.items()}
        return value

    return rewrite


def probe_case(
    scheme: str,
    base: dict[str, Any],
    case: dict[str, Any],
    target: Target,
    key: Key,
    now: float,
) -> tuple[Request, bool]:
    """(the request, whether it is a replay: to be sent twice) of one case, re-signed for now."""
    hooks = verifier(scheme)
    clock = float(case.get("clock", 0))
    if clock:  # a time case: well past the edge if invalid, well inside it if valid
        margin = TIME_MARGIN if case["result"] == "invalid" else -TIME_MARGIN
        clock += margin if clock > 0 else -margin
    signed_at = now - clock
    old_at = hooks.signing_time(base["input"])
    old_key = hooks.key_pair(base["input"])[0]
    mapping: dict[str, str] = {}
    for layout in hooks.time_layouts:
        for offset in TIME_OFFSETS:  # where two offsets give the same text, the first wins
            mapping.setdefault(
                utc_text(layout, old_at + offset), utc_text(layout, signed_at + offset)
            )
    old_host = hooks.base_host(base)
    if old_host:
        mapping[old_host] = target.host
    if old_key:
        mapping[old_key] = key.key_id
    rewrite = _rewriter(mapping)
    new_base = hooks.rebase(base, target.host, target.path, key, signed_at)
    new_case = {name: rewrite(case[name]) for name in ("tamper", "send") if name in case}
    signing = dict(case.get("sign", {}))
    if "path" in signing and "path" in base["input"]:  # a path signed as sent: under the URL's
        signing["path"] = target.path + signing["path"]
    server = case.get("server", {})
    invalid = case["result"] == "invalid"
    if "credentials" in case and old_key not in case["credentials"]:
        signing = merged(signing, hooks.key_override(UNKNOWN_KEY))
    where = f"tcId {case['tcId']}"
    if "session_token" in case.get("sign", {}):
        raise CaseError(f"{where}: needs a session token the server knows")
    for setting, wrong in (("region", WRONG_REGION), ("service", WRONG_SERVICE)):
        if invalid and setting in server:
            if getattr(key, setting) is None:
                raise CaseError(f"{where}: needs the server's own {setting} (--{setting})")
            signing[setting] = wrong
    new_case["sign"] = signing
    if "mistake" in case:
        new_case["mistake"] = case["mistake"]
    _, request = make_request(scheme, new_base, new_case, where)
    replay = bool(server.get("seenNonces")) and invalid
    _check_still_applies(scheme, request, key, now, replay, case, where)
    return request, replay


def _check_still_applies(
    scheme: str,
    request: Request,
    key: Key,
    now: float,
    replay: bool,
    case: dict[str, Any],
    where: str,
) -> None:
    """Re-signed for now, a case may lose its point (a local-time mistake at an hour when local
    and UTC dates agree, a base64url mistake on a signature without + or /): the reference
    verifier must still give the case's verdict, else the case is skipped."""
    nonces = NonceStore()
    if replay:
        verify(scheme, request, {key.key_id: key.secret}, now, nonces=nonces)
    settings = Settings(region=key.region, service=key.service)
    verdict = verify(
        scheme, request, {key.key_id: key.secret}, now, settings=settings, nonces=nonces
    )
    if verdict.valid != (case["result"] == "valid"):
        said = "valid" if verdict.valid else f"invalid ({verdict.reason})"
        raise CaseError(f"{where}: re-signed now, the request is {said}: the case does not apply")


# ------------------------------------------------------------------ sending


def send_request(target: Target, request: Request, timeout: float) -> tuple[int, str]:
    """(status, the start of the body) for ``request`` sent exactly as built."""
    connection_class = http.client.HTTPSConnection if target.secure else http.client.HTTPConnection
    connection = connection_class(target.host, timeout=timeout)
    try:
        connection.putrequest(
            request.method, request.target, skip_host=True, skip_accept_encoding=True
        )
        for name, value in request.headers:
            connection.putheader(name, value.encode("utf-8"))
        sent_length = request.header("content-length") is not None  # aws-chunked: signed
        if (request.body or request.method in ("POST", "PUT", "PATCH")) and not sent_length:
            connection.putheader("Content-Length", str(len(request.body)))
        connection.endheaders(request.body or None)
        response = connection.getresponse()
        body = response.read(2000)
        return response.status, body.decode("utf-8", "replace")[:300]
    finally:
        connection.close()


def probe(
    url: str,
    scheme: str,
    key: Key,
    timeout: float = 10.0,
    now: float | None = None,
    tc_ids: set[int] | None = None,
) -> ProbeResult:
    """Send every case (or those of ``tc_ids``) to ``url``; the outcomes, and what was not sent."""
    target = Target.parse(url)
    result = ProbeResult(url, scheme)
    cases = load_cases(scheme)
    moment = time.time() if now is None else now
    for group in cases["groups"]:
        for case in group["tests"]:
            if tc_ids is not None and case["tcId"] not in tc_ids:
                continue
            base = cases["bases"][case["base"]]
            try:
                request, replay = probe_case(scheme, base, case, target, key, moment)
            except CaseError as exc:
                result.skipped.append(
                    {"tcId": case["tcId"], "comment": case["comment"], "why": str(exc)}
                )
                continue
            outcome = Outcome(case["tcId"], case["comment"], case["result"], case.get("reason"))
            try:
                if replay:
                    send_request(target, request, timeout)  # first use: the server sees it
                outcome.status, outcome.detail = send_request(target, request, timeout)
            except ConnectionRefusedError as exc:
                raise UsageError(f"{url}: cannot connect ({exc.strerror})") from None
            except (OSError, http.client.HTTPException) as exc:
                outcome.detail = f"no answer: {exc}"
            result.outcomes.append(outcome)
    return result
