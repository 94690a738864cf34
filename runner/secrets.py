"""Keep secrets out of reports and logs: every value of a secret input field is masked."""

from __future__ import annotations

from typing import Any

from sigvec.reference.encoding import ascii_lower, percent_encode

SECRET_FIELDS = (
    "secret_key",
    "secret_access_key",
    "access_key_secret",
    "app_secret",
    "session_token",
    "token",
)
MASK = "<redacted:{}>"
MIN_LENGTH = 6  # shorter "secrets" are test values; masking them would garble every report


def secrets_of(test: dict[str, Any]) -> dict[str, str]:
    """field -> value for every secret in the vector's input long enough to be one."""
    inp = test.get("input", {})
    found = {name: inp.get(name) for name in SECRET_FIELDS}
    for key_id, secret in (test.get("credentials") or {}).items():  # a verifier vector's
        found[f"credentials.{key_id}"] = secret
    return {
        name: value
        for name, value in found.items()
        if isinstance(value, str) and len(value) >= MIN_LENGTH
    }


def _forms(secret: str) -> set[str]:
    """The secret as it may appear inside a step: as is, lower-cased (signed header values),
    percent-encoded (query strings), and encoded twice (Alibaba's string to sign)."""
    encoded = percent_encode(secret)
    return {secret, ascii_lower(secret), encoded, percent_encode(encoded)}


def redact(value: Any, secrets: dict[str, str]) -> Any:
    """``value`` with every form of every secret replaced by ``<redacted:field>``; longer
    forms first, so a secret containing another is masked whole."""
    if not secrets:
        return value
    if isinstance(value, str):
        forms = [(form, name) for name, secret in secrets.items() for form in _forms(secret)]
        for form, name in sorted(forms, key=lambda item: -len(item[0])):
            value = value.replace(form, MASK.format(name))
        return value
    if isinstance(value, dict):
        return {key: redact(item, secrets) for key, item in value.items()}
    if isinstance(value, list):
        return [redact(item, secrets) for item in value]
    return value
