"""Build verifier vectors from ``reference/cases/verify/*.yaml``.

A case names a base request (a reference signing input and how the signed request is sent),
optional overrides of the signing input, tampering applied after signing, the server clock as
an offset from the signing time, and the expected verdict. The request is signed by the
reference *signer* and the verdict stated in the case file; the generator checks that the
reference *verifier* agrees, so a case file and the verifier cannot drift apart silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sigvec import schemes
from sigvec.fileio import load_yaml
from sigvec.reference import sign
from sigvec.reference.encoding import percent_encode
from sigvec.reference.generate import CaseError
from sigvec.reference.mistakes import BY_ID
from sigvec.reference.result import Signed

from .core import REASONS, epoch_seconds, flip_bit, iso_utc
from .plugin import SchemeVerifier
from .request import Request

CASES_DIRECTORY = Path(__file__).resolve().parents[1] / "cases" / "verify"


def load_cases(scheme: str) -> dict[str, Any]:
    with (CASES_DIRECTORY / f"{scheme}.yaml").open(encoding="utf-8") as handle:
        return load_yaml(handle)


def verifier(scheme: str) -> SchemeVerifier:
    """The scheme's verifier, with its hooks for building cases."""
    return schemes.get(scheme).verifier_plugin()


# ------------------------------------------------------------------ tampering after signing


def _replace_signature(request: Request, old: str, new: str) -> Request:
    """Replace the signature wherever it travels: as is, or percent-encoded in a query."""
    forms = [(old, new), (percent_encode(old), percent_encode(new))]

    def swap(text: str) -> str:
        for before, after in forms:
            if before in text:
                return text.replace(before, after)
        return text

    headers = tuple((name, swap(value)) for name, value in request.headers)
    body = request.body
    for before, after in forms:
        if before.encode("utf-8") in body:
            body = body.replace(before.encode("utf-8"), after.encode("utf-8"))
            break
    return Request(request.method, swap(request.target), headers, body)


def _replace_in(request: Request, where: str, old: str, new: str, where_label: str) -> Request:
    if where == "target":
        if old not in request.target:
            raise CaseError(f"{where_label}: {old!r} is not in the target")
        return Request(
            request.method, request.target.replace(old, new, 1), request.headers, request.body
        )
    if where == "body":
        text = request.body.decode("utf-8")
        if old not in text:
            raise CaseError(f"{where_label}: {old!r} is not in the body")
        return Request(
            request.method, request.target, request.headers, text.replace(old, new, 1).encode()
        )
    name = where.removeprefix("header:").lower()
    found = False
    headers = []
    for header, value in request.headers:
        if header.lower() == name and old in value and not found:
            value, found = value.replace(old, new, 1), True
        headers.append((header, value))
    if not found:
        raise CaseError(f"{where_label}: {old!r} is not in header {name}")
    return Request(request.method, request.target, tuple(headers), request.body)


def tamper(
    scheme: str, request: Request, signed: Signed, op: dict[str, Any], where: str
) -> Request:
    """Apply one tampering step (a one-key mapping) to the sent request."""
    if len(op) != 1:
        raise CaseError(f"{where}: a tamper step has exactly one key, found {sorted(op)}")
    ((kind, arg),) = op.items()
    try:
        own = verifier(scheme).tamper(request, signed, kind, arg)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise CaseError(f"{where}: tamper step {kind}: {exc}") from None
    if own is not None:
        return own
    method, target, headers, body = request.method, request.target, request.headers, request.body
    signature = signed.output["signature"]
    if kind == "flip_signature_bit":
        encoding = verifier(scheme).signature_encoding
        return _replace_signature(request, signature, flip_bit(encoding, signature, int(arg)))
    if kind == "signature":
        new = {"upper": signature.upper(), "lower": signature.lower(), "empty": ""}.get(arg, arg)
        return _replace_signature(request, signature, new)
    if kind == "method":
        method = arg
    elif kind == "target":
        target = arg
    elif kind == "append_query":
        target = target + ("&" if "?" in target else "?") + arg
    elif kind == "body":
        body = arg.encode("utf-8")
    elif kind == "add_header":
        headers = (*headers, (arg[0], arg[1]))
    elif kind == "remove_header":
        headers = tuple((n, v) for n, v in headers if n.lower() != arg.lower())
    elif kind == "replace":
        return _replace_in(request, arg["in"], arg["old"], arg["new"], where)
    else:
        raise CaseError(f"{where}: unknown tamper step {kind!r}")
    return Request(method, target, headers, body)


# ------------------------------------------------------------------ the vector file


def merged(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """``base`` with ``overrides`` applied (nested mappings merged; ``None`` removes)."""
    result = dict(base)
    for name, value in overrides.items():
        if isinstance(value, dict) and isinstance(result.get(name), dict):
            result[name] = merged(result[name], value)
        elif value is None:
            result.pop(name, None)
        else:
            result[name] = value
    return result


def make_request(
    scheme: str, base: dict[str, Any], case: dict[str, Any], where: str
) -> tuple[dict[str, Any], Request]:
    """(signing input, request as received) of a case: signed (by the case's mistake, if it
    names one), sent, then tampered with."""
    inp = merged(base["input"], case.get("sign", {}))
    try:
        signer = BY_ID[case["mistake"]].signer.sign if "mistake" in case else None
        signed = signer(inp) if signer else sign(scheme, inp)
    except (ValueError, KeyError) as exc:
        raise CaseError(f"{where}: cannot sign: {exc}") from None
    how = merged(base.get("send", {}), case.get("send", {}))
    request = verifier(scheme).send(signed, how)
    for op in case.get("tamper", []):
        request = tamper(scheme, request, signed, op, where)
    return inp, request


def build_test(scheme: str, bases: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    """One verifier vector from one case."""
    from . import reproducing_mistakes, verify
    from .core import NonceStore, Settings

    where = f"verify/{scheme}.yaml tcId {case.get('tcId')}"
    if case["base"] not in bases:
        raise CaseError(f"{where}: no base {case['base']!r}")
    base = bases[case["base"]]
    inp, request = make_request(scheme, base, case, where)
    hooks = verifier(scheme)
    key_id, secret = hooks.key_pair(inp)
    credentials = case.get("credentials", {key_id: secret})
    try:
        signed_at = hooks.signing_time(inp)
    except KeyError:  # the case leaves the time out of the request: the base's time
        signed_at = hooks.signing_time(base["input"])
    now = signed_at + float(case.get("clock", 0))
    server: dict[str, Any] = {"now": iso_utc(now), **case.get("server", {})}
    expected = case["result"]
    reason = case.get("reason")
    if (expected == "invalid") != (reason is not None) or (reason and reason not in REASONS):
        raise CaseError(f"{where}: an invalid case names one reason of the list, a valid one none")
    verdict = verify(
        scheme,
        request,
        credentials,
        epoch_seconds(server["now"]),
        settings=Settings(region=server.get("region"), service=server.get("service")),
        nonces=NonceStore(tuple(server.get("seenNonces", ()))),
    )
    if verdict.valid != (expected == "valid") or verdict.reason != reason:
        raise CaseError(
            f"{where}: the case expects {expected} {reason or ''}, the reference verifier says "
            f"{'valid' if verdict.valid else 'invalid'} {verdict.reason or ''} ({verdict.message})"
        )
    test: dict[str, Any] = {
        "tcId": case["tcId"],
        "comment": case["comment"],
        "flags": case["flags"],
        "request": request.to_json(),
        "credentials": credentials,
        "server": server,
        "result": expected,
    }
    if reason:
        test["reason"] = reason
    mistakes = (
        [m.id for m in reproducing_mistakes(verdict)] if reason == "signature-mismatch" else []
    )
    wanted = case.get("mistake")
    if wanted and reason == "signature-mismatch" and wanted not in mistakes:
        raise CaseError(f"{where}: the verifier does not name mistake {wanted}")
    if mistakes:
        test["mistakes"] = mistakes
    return test


def build_verify_file(scheme: str, generator: str) -> dict[str, Any]:
    cases = load_cases(scheme)
    notes: dict[str, Any] = cases["notes"]
    seen: set[int] = set()
    used: set[str] = set()
    groups = []
    for group in cases["groups"]:
        tests = []
        for case in group["tests"]:
            where = f"verify/{scheme}.yaml tcId {case.get('tcId')}"
            if case["tcId"] in seen:
                raise CaseError(f"{where}: duplicate tcId")
            seen.add(case["tcId"])
            unknown = [flag for flag in case["flags"] if flag not in notes]
            if unknown:
                raise CaseError(f"{where}: flag {unknown[0]!r} has no entry in notes")
            used.update(case["flags"])
            tests.append(build_test(scheme, cases["bases"], case))
        groups.append({"type": group["type"], "tests": tests})
    unused = sorted(set(notes) - used)
    if unused:
        raise CaseError(f"verify/{scheme}.yaml: note {unused[0]!r} is used by no test")
    return {
        "scheme": scheme,
        "schema": "verify.schema.json",
        "generator": generator,
        "numberOfTests": len(seen),
        "header": cases["header"],
        "reasons": REASONS,
        "notes": notes,
        "testGroups": groups,
    }
