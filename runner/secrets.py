"""Keep secrets out of reports and logs: every value of a secret input field is masked."""

from __future__ import annotations

import heapq
import json
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable
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


# Deletes every character percent-encoding, JSON and repr leave alone: what is left needs them.
_PLAIN = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def _forms(secret: str) -> set[str]:
    """The secret as it may appear inside a step: as is, lower-cased (signed header values),
    percent-encoded (query strings), and encoded twice (Alibaba's string to sign); and as an
    implementation may echo it: inside a JSON string (either escaping) or a Python repr."""
    if not secret.translate(_PLAIN):  # only unreserved characters: every encoding keeps it
        return {secret, ascii_lower(secret)}
    encoded = percent_encode(secret)
    quoted = {json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    return {secret, ascii_lower(secret), encoded, percent_encode(encoded), repr(secret)[1:-1]} | (
        quoted
    )


def _walked(value: Any, mask_text: Callable[[str], str]) -> Any:
    """``value`` with ``mask_text`` applied to every string in it (dict values, list items)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {key: _walked(item, mask_text) for key, item in value.items()}
    if isinstance(value, list):
        return [_walked(item, mask_text) for item in value]
    return value


def _replaced(text: str, forms: list[tuple[str, str]]) -> str:
    for form, name in forms:
        if form in text:
            text = text.replace(form, MASK.format(name))
    return text


def _ordered(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(form, field) of every (field, secret), longest first, so a secret containing another
    is masked whole."""
    forms = {form: name for name, secret in pairs for form in _forms(secret)}
    return sorted(forms.items(), key=lambda item: -len(item[0]))


def mask(value: Any, secrets: dict[str, str]) -> Any:
    """``value`` with every form of every secret (field -> secret) replaced by
    ``<redacted:field>``."""
    if not secrets:
        return value
    forms = _ordered(secrets.items())
    return _walked(value, lambda text: _replaced(text, forms))


class _HashedForms:
    """Forms of secrets kept as 64-bit hashes, by (length, field): ~8 bytes a form instead of a
    string, a dict slot and its forms. Found in a text by hashing each of its substrings of
    every stored length (a bounded scan: the texts masked are messages, diffs and stderr
    tails). Python's ``hash`` of a ``str`` is keyed per process, so an implementation cannot
    aim a collision; a chance one (about 2**-64 per substring) masks a few characters too
    many, never too few."""

    FOLD_AT = 65536  # hashes kept in a set before they join the sorted array

    def __init__(self) -> None:
        # (length, field) -> [sorted array of hashes, set of the latest ones]
        self._buckets: dict[tuple[int, str], tuple[list[array[int]], set[int]]] = {}
        self._lengths: dict[int, list[str]] = {}  # length -> fields with a bucket of it

    def __contains__(self, form: str) -> bool:
        return any(
            self._holds(self._buckets[len(form), name], hash(form))
            for name in self._lengths.get(len(form), ())
        )

    def add(self, form: str, name: str) -> None:
        bucket = self._buckets.get((len(form), name))
        if bucket is None:
            bucket = self._buckets[len(form), name] = ([array("q")], set())
            self._lengths.setdefault(len(form), []).append(name)
        held, latest = bucket
        latest.add(hash(form))
        if len(latest) >= self.FOLD_AT:
            held[0] = array("q", heapq.merge(held[0], sorted(latest)))
            latest.clear()

    def lengths(self) -> Iterable[int]:
        return self._lengths

    def mask(self, text: str, length: int) -> str:
        """``text`` with every substring of ``length`` that is a stored form masked, leftmost
        first, as ``str.replace`` would."""
        buckets = [(name, self._buckets[length, name]) for name in self._lengths[length]]
        pieces: list[str] = []
        start = index = 0
        last = len(text) - length
        while index <= last:
            name = self._field_of(buckets, hash(text[index : index + length]))
            if name is None:
                index += 1
                continue
            pieces += [text[start:index], MASK.format(name)]
            index = start = index + length
        return "".join(pieces) + text[start:] if pieces else text

    @classmethod
    def _field_of(
        cls, buckets: list[tuple[str, tuple[list[array[int]], set[int]]]], digest: int
    ) -> str | None:
        for name, bucket in buckets:
            if cls._holds(bucket, digest):
                return name
        return None

    @staticmethod
    def _holds(bucket: tuple[list[array[int]], set[int]], digest: int) -> bool:
        held, latest = bucket
        if digest in latest:
            return True
        position = bisect_left(held[0], digest)
        return position < len(held[0]) and held[0][position] == digest


class SeenSecrets:
    """The secrets of every vector sent to one process so far. What the process writes on any
    channel (stderr, a stray stdout line, an error, a crash) may echo any of them, not only
    those of the vector in flight: ``mask`` hides them all, in every form (unless ``show``).

    The guarantee does not depend on how many vectors were sent: a secret sent a million
    vectors ago is masked as surely as the one in flight. The latest ``RECENT`` distinct
    secrets (more than a pipeline window's) are kept as text and replaced form by form; older
    ones move to a store of hashes of their forms (``_HashedForms``), so memory grows by ~8
    bytes a form instead of ~120 bytes a secret. Longer forms are masked first across both,
    so a secret containing another is masked whole."""

    RECENT = 1024

    def __init__(self, show: bool = False) -> None:
        self.show = show
        self._secrets: OrderedDict[str, str] = OrderedDict()  # the latest as text: value -> field
        self._older = _HashedForms()
        self._steps: list[tuple[int, list[tuple[str, str]]]] | None = []

    def add(self, test: dict[str, Any]) -> None:
        for name, value in secrets_of(test).items():
            if value in self._secrets:
                continue
            self._secrets[value] = name
            self._steps = None
            if len(self._secrets) > self.RECENT:
                oldest, field = self._secrets.popitem(last=False)
                for form in _forms(oldest):
                    if form not in self._older:
                        self._older.add(form, field)

    def mask(self, value: Any) -> Any:
        if self.show or not self._secrets:
            return value
        if self._steps is None:
            self._steps = self._ordered_steps()
        return _walked(value, self._mask_text)

    def _ordered_steps(self) -> list[tuple[int, list[tuple[str, str]]]]:
        """(length, recent forms of that length) for every length of a form, longest first."""
        by_length: dict[int, list[tuple[str, str]]] = {
            length: [] for length in self._older.lengths()
        }
        for form, name in _ordered((name, secret) for secret, name in self._secrets.items()):
            by_length.setdefault(len(form), []).append((form, name))
        return sorted(by_length.items(), reverse=True)

    def _mask_text(self, text: str) -> str:
        assert self._steps is not None
        for length, forms in self._steps:
            text = _replaced(text, forms)
            if length in self._older.lengths():
                text = self._older.mask(text, length)
        return text
