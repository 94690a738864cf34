"""Which vectors a run uses: by scheme and by ``-k`` expressions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sigvec.errors import UsageError
from sigvec.reference.encoding import ascii_digits
from sigvec.vectors import SCHEME_IDS, path, stream_tests, stream_verify_tests, verify_path


@dataclass(frozen=True)
class Filter:
    """``tcId=3``, ``tcId=3,7``, ``flag=NonAsciiAppId``, or text matched in ``scheme::tcN``;
    ``not EXPR`` keeps the vectors ``EXPR`` does not match."""

    key: str
    values: tuple[str, ...]
    negated: bool = False

    @classmethod
    def parse(cls, text: str) -> Filter:
        if text.startswith("not "):
            inner = cls.parse(text[4:].strip())
            return cls(inner.key, inner.values, not inner.negated)
        key, sep, values = text.partition("=")
        if not sep:
            return cls("text", (text,))
        if key not in ("tcId", "flag") or not values:
            raise UsageError(
                f"-k {text!r}: expected tcId=N[,M...], flag=NAME, plain text, or 'not' before one"
            )
        parts = tuple(v.strip() for v in values.split(","))
        if key == "tcId" and not all(ascii_digits(part) for part in parts):
            raise UsageError(f"-k {text!r}: tcId takes whole numbers")
        return cls(key, parts)

    def matches(self, scheme: str, test: dict[str, Any], implementation_id: str) -> bool:
        return self._matches(scheme, test, implementation_id) != self.negated

    def _matches(self, scheme: str, test: dict[str, Any], implementation_id: str) -> bool:
        if self.key == "tcId":
            return str(test["tcId"]) in self.values
        if self.key == "flag":
            return any(flag in self.values for flag in test["flags"])
        name = f"{implementation_id}::{scheme}::tc{test['tcId']}"
        return self.values[0] in name


@dataclass(frozen=True)
class VectorChoice:
    """A manifest entry's ``vectors:``: the vectors a partial implementation supports."""

    include_flags: tuple[str, ...] = ()
    exclude_flags: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    tc_ids: tuple[int, ...] = ()

    @classmethod
    def from_manifest(cls, entry: dict[str, Any]) -> VectorChoice:
        return cls(
            tuple(entry.get("include_flags", ())),
            tuple(entry.get("exclude_flags", ())),
            tuple(method.upper() for method in entry.get("methods", ())),
            tuple(entry.get("tcIds", ())),
        )

    @property
    def flags(self) -> tuple[str, ...]:
        return self.include_flags + self.exclude_flags

    def matches(self, test: dict[str, Any]) -> bool:
        flags = set(test["flags"])
        if self.include_flags and not flags.intersection(self.include_flags):
            return False
        if flags.intersection(self.exclude_flags):
            return False
        sent = test.get("input") or test.get("request") or {}  # a signing or a verifier vector
        method = str(sent.get("method", "")).upper()
        if self.methods and method not in self.methods:
            return False
        return not self.tc_ids or test["tcId"] in self.tc_ids


class SchemeTests:
    """A scheme's tests, read from its file one at a time on every pass: a run holds one
    vector per implementation in memory, not the whole file."""

    REQUIRED = ("tcId", "comment", "flags", "input", "intermediates", "output")
    VERIFY_REQUIRED = ("tcId", "comment", "flags", "request", "credentials", "server", "result")

    def __init__(self, scheme: str, directory: Path | None, verify: bool = False) -> None:
        self.scheme = scheme
        self.directory = directory
        # The verifier vectors (``verify/<scheme>.json``) follow the signing ones, when asked for
        self.verify = verify and verify_path(scheme, directory).is_file()
        self.flags: set[str] = set()
        self.count = 0
        for test in self._checked():  # fail early, with a clear message
            self.count += 1
            self.flags.update(test["flags"])
        if self.count == 0:
            raise UsageError(
                f"{path(scheme, directory)}: no test in it (empty, or not a vector file)"
            )

    def _checked(self) -> Iterator[dict[str, Any]]:
        yield from _checked(
            path(self.scheme, self.directory),
            stream_tests(self.scheme, self.directory),
            self.REQUIRED,
        )
        if self.verify:
            yield from _checked(
                verify_path(self.scheme, self.directory),
                stream_verify_tests(self.scheme, self.directory),
                self.VERIFY_REQUIRED,
            )

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self._checked()

    def __len__(self) -> int:
        return self.count


def _checked(
    name: Path, tests: Iterator[Any], required: tuple[str, ...]
) -> Iterator[dict[str, Any]]:
    try:
        for test in tests:
            if not isinstance(test, dict) or any(k not in test for k in required):
                missing = [k for k in required if not isinstance(test, dict) or k not in test]
                raise UsageError(f"{name}: a test lacks {', '.join(missing)}")
            yield test
    except ValueError as exc:
        raise UsageError(f"{name}: not a valid vector file ({exc})") from None


def load_vectors(
    schemes: tuple[str, ...] = SCHEME_IDS, directory: Path | None = None, verify: bool = False
) -> dict[str, SchemeTests]:
    """Every scheme's tests; in a ``directory`` of the user's, missing scheme files are fine.
    ``verify``: the verifier vectors too (run by implementations that announce ``verify``)."""
    vectors: dict[str, SchemeTests] = {}
    for scheme in schemes:
        if not path(scheme, directory).is_file():
            if directory is None:
                raise UsageError(f"{path(scheme)}: vector file not found")
            continue
        vectors[scheme] = SchemeTests(scheme, directory, verify)
    if not vectors:
        raise UsageError(f"{directory}: no vector file (expected e.g. iflytek.json)")
    return vectors


def select(
    vectors: Mapping[str, Iterable[dict[str, Any]]],
    scheme: str,
    filters: list[Filter],
    implementation_id: str,
    choice: VectorChoice | None = None,
) -> Iterator[dict[str, Any]]:
    return (
        test
        for test in vectors.get(scheme, ())
        if (choice is None or choice.matches(test))
        and all(f.matches(scheme, test, implementation_id) for f in filters)
    )


def check_flags(named: Iterable[str], vectors: Mapping[str, SchemeTests], where: str) -> None:
    """A flag no vector has is a typo (it would silently select nothing or everything)."""
    known = set().union(*(tests.flags for tests in vectors.values()))
    for flag in named:
        if flag not in known:
            raise UsageError(
                f"{where}: no vector has the flag {flag!r} (flags: {', '.join(sorted(known))})"
            )
