"""Keep secrets out of reports and logs: every value of a secret input field is masked."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sigvec.reference.encoding import ascii_lower, percent_encode
from sigvec.schemes import secret_fields

MASK = "<redacted:{}>"
MIN_LENGTH = 6  # shorter "secrets" are test values; masking them would garble every report


def secrets_of(test: dict[str, Any]) -> dict[str, str]:
    """field -> value for every secret in the vector's input long enough to be one (the
    fields every scheme's input schema marks ``writeOnly``)."""
    inp = test.get("input", {})
    found = {name: inp.get(name) for name in secret_fields()}
    for key_id, secret in (test.get("credentials") or {}).items():  # a verifier vector's
        found[f"credentials.{key_id}"] = secret
    return {
        name: value
        for name, value in found.items()
        if isinstance(value, str) and len(value) >= MIN_LENGTH
    }


def _forms(secret: str) -> set[str]:
    """The secret as it may appear inside a step: as is, lower-cased (signed header values),
    percent-encoded (query strings), and encoded twice (Alibaba's string to sign); and as an
    implementation may echo it: inside a JSON string (either escaping) or a Python repr."""
    encoded = percent_encode(secret)
    quoted = {json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    return {secret, ascii_lower(secret), encoded, percent_encode(encoded), repr(secret)[1:-1]} | (
        quoted
    )


def _masked(value: Any, forms: list[tuple[str, str]]) -> Any:
    if isinstance(value, str):
        for form, name in forms:
            if form in value:
                value = value.replace(form, MASK.format(name))
        return value
    if isinstance(value, dict):
        return {key: _masked(item, forms) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked(item, forms) for item in value]
    return value


def _ordered(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(form, field) of every (field, secret), longest first, so a secret containing another
    is masked whole."""
    forms = {form: name for name, secret in pairs for form in _forms(secret)}
    return sorted(forms.items(), key=lambda item: -len(item[0]))


def mask(value: Any, secrets: dict[str, str]) -> Any:
    """``value`` with every form of every secret (field -> secret) replaced by
    ``<redacted:field>``."""
    return _masked(value, _ordered(secrets.items())) if secrets else value


class SeenSecrets:
    """The secrets of every vector sent to one process so far. What the process writes on any
    channel (stderr, a stray stdout line, an error, a crash) may echo any of them, not only
    those of the vector in flight: ``mask`` hides them all (unless ``show``)."""

    def __init__(self, show: bool = False) -> None:
        self.show = show
        self._secrets: dict[str, str] = {}  # value -> field
        self._forms: list[tuple[str, str]] | None = []

    def add(self, test: dict[str, Any]) -> None:
        for name, value in secrets_of(test).items():
            if value not in self._secrets:
                self._secrets[value] = name
                self._forms = None

    def mask(self, value: Any) -> Any:
        if self.show or not self._secrets:
            return value
        if self._forms is None:
            self._forms = _ordered((name, secret) for secret, name in self._secrets.items())
        return _masked(value, self._forms)
